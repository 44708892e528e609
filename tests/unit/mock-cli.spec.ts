import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from '@playwright/test';
import { TYPESCRIPT_NODE } from '../../contracts/lib/typescript-node.ts';
import { CliUsageError, readCli } from '../../contracts/mock/cli-args.ts';
import { test } from '../support/base-test.ts';
import { runModule } from './helpers/npm-script.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Starts the CLI as `npm run mock` does, collecting its output. */
function startCli(args: string[], env: NodeJS.ProcessEnv = {}) {
  const child = spawn(process.execPath, [...TYPESCRIPT_NODE, 'contracts/mock/cli.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out = { stdout: '', stderr: '' };
  child.stdout.on('data', (d: Buffer) => (out.stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out.stderr += d.toString()));
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  return { child, out, exited };
}

async function urlOf(out: { stdout: string }, exited: Promise<unknown>): Promise<string> {
  for (;;) {
    const match = /^Mock agents API listening on (http:\/\/\S+)$/m.exec(out.stdout);
    if (match?.[1]) return match[1];
    const done = await Promise.race([exited.then(() => true), new Promise((r) => setTimeout(r, 50, false))]);
    if (done) throw new Error(`The CLI exited before printing its URL: ${JSON.stringify(out)}`);
  }
}

test('listens, prints its URL, keys and assistants, answers 401 without a key, and stops on SIGTERM', async () => {
  const { child, out, exited } = startCli(['--port', '0']);
  const url = await urlOf(out, exited);
  expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  expect((await fetch(`${url}/v1/assistants`)).status).toBe(401);
  expect(out.stdout).toContain('mock-api-key-other-tenant');
  expect(out.stdout).toContain('7c9e6679-7425-40de-944b-e07fc1f90ae7');
  expect(out.stdout).toContain('requires meta_data user_data.licence');
  child.kill('SIGTERM');
  expect(await exited).toBe(0);
  expect(out.stdout).toContain('Mock stopped.');
});

test('--quiet prints only the URL line; MOCK_PORT is the default port', async () => {
  const { child, out, exited } = startCli(['--quiet', '--no-rate-limit'], { MOCK_PORT: '0' });
  await urlOf(out, exited);
  child.kill('SIGINT');
  expect(await exited).toBe(0);
  expect(out.stdout.trim().split('\n')).toHaveLength(1);
});

// In process, through the main the CLI starts (a process of its own cost about 0.5 CPU-s and showed
// nothing more: command-lines.spec.ts shows that a started CLI runs that main).
test('a bad flag exits 2 with what was expected and what to do', async () => {
  const ran = await runModule(join(ROOT, 'contracts', 'mock', 'cli.ts'), ['--port', 'eighty']);
  expect(ran.code).toBe(2);
  expect(ran.stderr).toContain('Expected --port to be a whole number from 0 to 65535. Got "eighty".');
  expect(ran.stderr).toContain('--help');
  expect(ran.stdout).toBe('');
});

test.describe('flags', () => {
  const ok: Array<[string, { given: string[]; want: Record<string, unknown> }]> = [
    ['defaults', { given: [], want: { help: false, host: '127.0.0.1', port: 4010, quiet: false, options: {} } }],
    [
      'limits off, fixed latency',
      { given: ['--no-rate-limit', '--latency-ms', '250'], want: { options: { rateLimit: false, latency: 250 } } },
    ],
    [
      'a latency distribution and a seed',
      {
        given: ['--latency-p50', '800', '--latency-p95', '2500', '--seed', '7'],
        want: { options: { latency: { p50Ms: 800, p95Ms: 2500 }, seed: 7 } },
      },
    ],
    [
      'faults',
      {
        given: ['--fault-rate', '0.05', '--timeout-ms', '30000'],
        want: { options: { faults: { rate: 0.05, timeoutMs: 30000 } } },
      },
    ],
    [
      'config, host, port, max threads',
      {
        given: ['--config', 'x.json', '--host', '0.0.0.0', '--port', '9', '--max-threads', '50'],
        want: { host: '0.0.0.0', port: 9, options: { config: 'x.json', maxThreads: 50 } },
      },
    ],
  ];
  for (const [name, { given, want }] of ok) {
    test(`reads ${name}`, () => {
      expect(readCli(given, {})).toMatchObject(want);
    });
  }

  const bad: Array<[string[], RegExp]> = [
    [['--bogus'], /unknown flag --bogus\. Expected one of --port, .*--quiet, --help\./],
    [['--prot', '1'], /unknown flag --prot\. Did you mean --port\?/],
    [['--quiet=yes'], /--quiet takes no value\. Got "yes"\./],
    [['--port'], /expected a value after --port\./],
    [['--api-key', 'k'], /--api-key is not taken: a key on the command line lands in the shell history/],
    [['--latency-ms', '5', '--latency-p50', '1', '--latency-p95', '2'], /either --latency-ms or --latency-p50/],
    [['--latency-p95', '2'], /together/],
    [['--latency-p50', '9', '--latency-p95', '2'], /at least --latency-p50/],
    [['--fault-rate', '1.5'], /from 0 to 1. Got "1.5"/],
    [['--timeout-ms', '0'], /--timeout-ms .* from 1/],
    [['extra'], /unexpected argument "extra": this command takes flags only/],
  ];
  for (const [given, want] of bad) {
    test(`refuses ${given.join(' ')}`, () => {
      expect(() => readCli(given, {})).toThrow(CliUsageError);
      expect(() => readCli(given, {})).toThrow(want);
    });
  }
});

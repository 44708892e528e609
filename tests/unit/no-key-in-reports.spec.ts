import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from '@playwright/test';
import { build } from '../../contracts/mock/build.ts';
import { DEFAULT_CONFIG_URL, type MockConfig } from '../../contracts/mock/config/mock-config.ts';
import { test } from '../support/base-test.ts';
import { reportTexts } from './helpers/report-texts.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CANARY = `canary-key-${process.pid}-7f3a9c`;
const CANARY_OTHER = `canary-other-${process.pid}-2b8e1d`;

function listen(server: Server): Promise<string> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)),
  );
}

/**
 * A proxy that breaks one promise once (a run answer loses `sources`), so the failure paths write
 * reports too. It answers each request exactly once: with the upstream's answer whenever one
 * arrived (also when the upstream answered before it had read the whole upload, as the mock does
 * with a 413), else 502. Answering twice used to throw ERR_HTTP_HEADERS_SENT in the test's own
 * process when the upload failed after the answer had come in: a flake on a busy machine.
 */
function breakingProxy(upstream: string): Server {
  let broken = false;
  return createServer((req, res) => {
    let answered = false;
    const answer = (status: number, headers: Record<string, string | string[] | undefined>, body: string) => {
      if (answered || res.headersSent) return;
      answered = true;
      res.writeHead(status, headers).end(body);
    };
    let upstreamAnswered = false;
    const forward = httpRequest(`${upstream}${req.url ?? '/'}`, { method: req.method, headers: req.headers }, (up) => {
      upstreamAnswered = true;
      const chunks: Buffer[] = [];
      up.on('data', (c: Buffer) => chunks.push(c));
      // The answer broke off before its end: nothing complete to pass on.
      up.on('close', () => {
        if (!up.complete) answer(502, {}, '');
      });
      up.on('end', () => {
        let body = Buffer.concat(chunks).toString('utf8');
        if (!broken && req.url?.endsWith('/run') && up.statusCode === 200) {
          broken = true;
          const parsed = JSON.parse(body) as Record<string, unknown>;
          delete parsed.sources;
          body = JSON.stringify(parsed);
        }
        const headers = { ...up.headers, 'content-length': String(Buffer.byteLength(body)) };
        delete headers['transfer-encoding'];
        answer(up.statusCode ?? 502, headers, body);
      });
    });
    // The mock may answer (413) before it has read a large body: the rest of the upload then
    // fails, and the answer that did arrive is the one to pass on (its handlers above do).
    forward.on('error', () => {
      if (!upstreamAnswered) answer(502, {}, '');
    });
    req.pipe(forward);
  });
}

// A whole nested live run against the mock, about 25 s of CPU: `npm run test:full`. In `npm test`
// every nested run of the self-test makes the same check (tests/selftest/nested-run.ts, keysSeen),
// on whole runs and on runs whose tests fail.
test('no report, log or output of a live run contains the API key, even when tests fail', {
  tag: '@full',
}, async () => {
  // A whole nested contract run: about 5 s alone, but `--repeat-each=20 --workers=8` on two cores
  // runs several at once with everything else, so the limit leaves room for that.
  test.setTimeout(300_000);
  const config = JSON.parse(readFileSync(DEFAULT_CONFIG_URL, 'utf8')) as MockConfig;
  const [main, other] = config.tenants;
  if (!main || !other) throw new Error('Expected the default mock config to have two tenants.');
  main.keys = [CANARY];
  other.keys = [CANARY_OTHER];
  const mock = build({ config, rateLimit: false });
  const proxy = breakingProxy(await listen(mock));
  const baseUrl = await listen(proxy);
  const reports = await mkdtemp(join(tmpdir(), 'canary-reports-'));
  try {
    const output: Buffer[] = [];
    const code = await new Promise<number | null>((resolve) => {
      const child = spawn(
        process.execPath,
        ['bin/agents-api-suite.js', 'contract', '--base-url', baseUrl, '--workers=2'],
        {
          cwd: ROOT,
          env: {
            ...process.env,
            API_KEY: CANARY,
            API_KEY_OTHER_TENANT: CANARY_OTHER,
            CONTRACT_TARGET_FAULTS: 'prefer',
            REPORT_DIR: reports,
            LIVE_MAX_RPS: '1000',
            LIVE_MAX_RPM: '100000',
            // A few generated sequences are enough to put their runner and report through the
            // canary; the live default (25) only makes the nested run slower on a loaded machine.
            FUZZ_RUNS: '3',
            CI: '',
            // As in GitHub Actions: the job summary and the annotations are checked for the key too.
            GITHUB_STEP_SUMMARY: join(reports, 'step-summary.md'),
          },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      child.stdout.on('data', (c: Buffer) => output.push(c));
      child.stderr.on('data', (c: Buffer) => output.push(c));
      child.on('exit', resolve);
    });
    const printed = Buffer.concat(output).toString('utf8');
    // The broken promise must have failed the run and been written down, or this test proves nothing.
    expect(code, 'the nested run fails on the broken promise').toBe(1);
    expect(printed).toContain('Response violates schema at /sources');
    const texts = reportTexts(reports);
    expect([...texts.keys()].some((p) => p.endsWith('contract-report.json'))).toBe(true);
    expect([...texts.keys()].some((p) => p.endsWith('junit.xml'))).toBe(true);
    expect([...texts.keys()].some((p) => p.includes('index.html#'))).toBe(true);
    expect(texts.get(join(reports, 'contract-report.json'))).toContain('"/sources"');
    expect(texts.get(join(reports, 'step-summary.md'))).toContain('Response violates schema');
    expect(printed).toMatch(/^::error file=tests\/contract\/.*Response violates schema/m);

    const leakedLines = printed
      .split('\n')
      .filter((l) => l.includes(CANARY) || l.includes(CANARY_OTHER))
      .map((l) => l.replaceAll(CANARY, '<CANARY>').replaceAll(CANARY_OTHER, '<CANARY_OTHER>'));
    expect(leakedLines, 'terminal output lines that name a key').toEqual([]);
    const leaking = [...texts]
      .filter(([, text]) => text.includes(CANARY) || text.includes(CANARY_OTHER))
      .map(([path]) => path);
    expect(leaking, 'report files that contain a key').toEqual([]);
  } finally {
    await new Promise((resolve) => proxy.close(resolve));
    await new Promise((resolve) => mock.close(resolve));
    if (!process.env.KEEP_CANARY) await rm(reports, { recursive: true, force: true });
  }
});

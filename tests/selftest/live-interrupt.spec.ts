// The generated test in a real nested live run (`agents-api-suite contract --base-url`), with a
// real clock: when the API stops answering while a failure is being shrunk, the time budget cuts
// the hanging requests short and the shrunk report still arrives, well inside the test's timeout;
// when the run is interrupted (Ctrl-C, or SIGTERM as a CI runner cancelling a job), the fixture's
// teardown deletes every thread it created. Either way no thread is left on the tenant.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect } from '@playwright/test';
import { test } from '../support/base-test.ts';
import { nestedEnv } from './nested-run.ts';
import { liveThreadCount } from './reference-client.ts';
import { type BreakName, startReferenceServer } from './reference-server/index.ts';
import { withRunSlot } from './run-slots.ts';

const ROOT = resolve(import.meta.dirname, '../..');

test.describe.configure({ mode: 'parallel' });

/** A proxy in front of the server that stops answering run calls after the first `answered`. */
async function hangingAfter(
  upstream: string,
  answered: number,
): Promise<{ url: string; server: Server; hung: () => number }> {
  let runs = 0;
  let hung = 0;
  const server = createServer((req, res) => {
    if (/\/run(\/stream)?$/.test(req.url ?? '') && ++runs > answered) {
      hung += 1;
      req.resume();
      return; // never answers: only the client's deadline ends it
    }
    const forward = httpRequest(`${upstream}${req.url ?? '/'}`, { method: req.method, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    forward.on('error', () => {
      if (!res.headersSent) res.writeHead(502).end();
    });
    req.pipe(forward);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, hung: () => hung };
}

interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
  startedAt: number;
}

/** Starts the generated test live against `baseUrl`, in a process group of its own (as a terminal would). */
function startGenerated(
  baseUrl: string,
  keys: { main: string; other: string },
  env: Record<string, string>,
  reports: string,
): Started {
  const child = spawn(
    process.execPath,
    ['bin/agents-api-suite.js', 'contract', '--base-url', baseUrl, '--grep', 'generated', '--reporter=line'],
    {
      cwd: ROOT,
      detached: true,
      env: nestedEnv({
        API_KEY: keys.main,
        API_KEY_OTHER_TENANT: keys.other,
        REPORT_DIR: reports,
        FUZZ_EXAMPLES: 'off',
        ...env,
      }),
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout?.on('data', (c: Buffer) => (output += c.toString('utf8')));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString('utf8')));
  const exited = new Promise<number | null>((done) => child.on('close', (code) => done(code)));
  // Never outlive the test: a last resort, far past every budget below.
  const killer = setTimeout(() => child.pid && process.kill(-child.pid, 'SIGKILL'), 110_000);
  void exited.then(() => clearTimeout(killer));
  return { child, output: () => output, exited, startedAt: Date.now() };
}

async function until(what: () => Promise<boolean>, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await what()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

async function withServer<T>(
  breaks: BreakName[],
  body: (server: Awaited<ReturnType<typeof startReferenceServer>>) => Promise<T>,
) {
  const server = await startReferenceServer({ breaks });
  try {
    return await withRunSlot(() => body(server));
  } finally {
    await server.close();
  }
}

test('an API that stops answering while a failure is shrunk: the time budget ends the hanging calls and the shrunk report arrives, no thread left', async () => {
  test.setTimeout(150_000);
  await withServer(['generated-user-id-thread-run-error'], async (server) => {
    // Seed 7 meets the break within its first run calls (the generated-seeds self-test shrinks the same case).
    const proxy = await hangingAfter(server.url, 4);
    const reports = mkdtempSync(join(tmpdir(), 'agents-api-suite-budget-'));
    try {
      const run = startGenerated(
        proxy.url,
        { main: server.apiKey, other: server.otherTenantApiKey },
        {
          FUZZ_SEED: '7',
          FUZZ_MAX_SECONDS: '6',
          LIVE_MAX_RPS: '1000',
          LIVE_MAX_RPM: '100000',
          LIVE_REQUEST_TIMEOUT_MS: '60000',
        },
        reports,
      );
      const code = await run.exited;
      const seconds = (Date.now() - run.startedAt) / 1_000;
      const output = run.output();
      const why = `exit ${code} after ${seconds.toFixed(1)} s, ${proxy.hung()} run calls left hanging\n${output.slice(-3_000)}`;
      expect(code, why).toBe(1);
      expect(proxy.hung(), `the API did stop answering (${why})`).toBeGreaterThan(0);
      expect(output, why).toContain('check: server-error');
      expect(output, why).toContain('Shrinking stopped early');
      expect(output, why).toContain('the time budget (6 s) is spent');
      expect(output, why).toMatch(/replay: FUZZ_SEED=7 FUZZ_PATH='[^']+'/);
      // The break fails runs of both kinds; which one the seed meets first is the generator's draw.
      expect(output, why).toMatch(/curl -sS -i -X POST '[^']+\/run(\/stream)?' -H "api-key: \$API_KEY"/);
      expect(output, why).not.toContain('Test timeout');
      // 6 s of budget, cleanup and the report, and Playwright's start: far inside the 57 s timeout.
      expect(seconds, why).toBeLessThan(45);
      expect(await liveThreadCount(server), why).toBe(0);
    } finally {
      rmSync(reports, { recursive: true, force: true });
      proxy.server.closeAllConnections();
      await new Promise((done) => proxy.server.close(done));
    }
  });
});

// SIGTERM reaches the runner alone, which turns it into the SIGINT that Ctrl-C sends the whole
// group (playwright.config.ts): npm test shows the path through that translation; test:full (@full)
// shows Ctrl-C as well.
for (const [name, signal, group, tags] of [
  ['Ctrl-C (SIGINT to the process group)', 'SIGINT', true, ['@full']],
  ['SIGTERM to the command, as a CI runner cancelling a job', 'SIGTERM', false, []],
] as const) {
  test(`interrupted by ${name}: every thread the run created is deleted`, { tag: [...tags] }, async () => {
    test.setTimeout(150_000);
    await withServer([], async (server) => {
      const reports = mkdtempSync(join(tmpdir(), 'agents-api-suite-interrupt-'));
      try {
        // Slow pacing, so that the run is still creating threads when it is interrupted.
        const run = startGenerated(
          server.url,
          { main: server.apiKey, other: server.otherTenantApiKey },
          { FUZZ_SEED: '3', LIVE_MAX_RPS: '1', LIVE_MAX_RPM: '20', FUZZ_RUNS: '200' },
          reports,
        );
        const busy = await until(async () => (await liveThreadCount(server)) > 0, 60_000);
        expect(busy, `the run created a thread\n${run.output()}`).toBe(true);
        const pid = run.child.pid ?? 0;
        process.kill(group ? -pid : pid, signal);
        const code = await run.exited;
        const why = `exit ${code}\n${run.output().slice(-3_000)}`;
        expect(code, why).not.toBe(0);
        expect(await liveThreadCount(server), `no thread is left on the tenant (${why})`).toBe(0);
      } finally {
        rmSync(reports, { recursive: true, force: true });
      }
    });
  });
}

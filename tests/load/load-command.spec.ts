// npm run load:<script> (scripts/load.ts): --help; without k6 it says how to get it, one way a line; with k6
// it runs the script with the suite's outputs and passes the key only through the environment.
import { execFile } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { expect } from '@playwright/test';
import { TYPESCRIPT_NODE } from '../../contracts/lib/typescript-node.ts';
import { findExecutable, howToGetK6, k6Invocation, main, parseK6Version, runsTypeScript } from '../../scripts/load.ts';
import { test } from '../support/base-test.ts';
import { inProcess } from '../unit/helpers/npm-script.ts';

const run = promisify(execFile);
const SECRET = 'sk-test-never-print-me';

/** A PATH with node and, when given, a fake k6 that records its arguments and part of its environment. */
function pathWith(k6Version: string | null): { PATH: string; record: string } {
  const dir = test.info().outputPath('bin');
  mkdirSync(dir, { recursive: true });
  const record = join(dir, 'record.json');
  if (k6Version !== null) {
    const fake = join(dir, 'k6');
    writeFileSync(
      fake,
      `#!/bin/sh
if [ "$1" = "version" ]; then echo "k6 ${k6Version} (commit/abc, go1.24.1, linux/amd64)"; exit 0; fi
printf '{"args":"%s","dashboard":"%s","export":"%s","reportDir":"%s","keyLength":%s}' "$*" "$K6_WEB_DASHBOARD" "$K6_WEB_DASHBOARD_EXPORT" "$REPORT_DIR" "\${#API_KEY}" > "${record}"
exit 99
`,
    );
    chmodSync(fake, 0o755);
  }
  return { PATH: `${dir}:${dirname(process.execPath)}`, record };
}

/** The command as `npm run load:<script>` runs it: a process of its own. */
async function loadCommand(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [...TYPESCRIPT_NODE, 'scripts/load.ts', ...args], { env });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/** The same command in this process (faster); stderr is captured, without its last line ending. */
async function loadMain(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stderr: string }> {
  const { code, stderr } = await inProcess(() => main(args, env));
  return { code, stderr: stderr.replace(/\n$/, '') };
}

test.describe('npm run load:<script>', () => {
  test('without k6 on PATH it says how to get it, one way a short line: package, Docker image, GitHub Action', async () => {
    const { PATH } = pathWith(null);
    const result = await loadCommand(['rate-limit'], { PATH, API_KEY: SECRET });
    expect(result.code).toBe(127);
    expect(result.stdout).toBe('');
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines).toEqual(howToGetK6('rate-limit').split('\n'));
    expect(lines[0]).toBe(
      'k6 is not on PATH, so load/rate-limit.ts cannot run. Get k6 0.57 or newer (the npm package named "k6" is not k6):',
    );
    expect(lines.filter((line) => line.startsWith('  - ')).map((line) => line.split(':')[0])).toEqual([
      '  - a package',
      '  - the Docker image, from this folder',
      '  - in GitHub Actions',
    ]);
    for (const line of lines) expect(line.length, line).toBeLessThanOrEqual(120);
    expect(result.stderr).toContain('brew install k6');
    expect(result.stderr).toContain(
      'docker run --rm -i --network host -v "$PWD:/work" -w /work -e API_KEY grafana/k6 run load/rate-limit.ts',
    );
    expect(result.stderr).toContain('grafana/setup-k6-action@v1, then grafana/run-k6-action@v1');
  });

  test('--help answers without k6, and says where the flags after it go', async () => {
    const { code, stdout } = await inProcess(() => main(['stream', '--help'], { PATH: dirname(process.execPath) }));
    expect(code).toBe(0);
    expect(stdout).toContain('npm run load:stream [-- <k6 run flags>]');
    expect(stdout).toContain('Every argument after -- goes to k6 run (k6 run --help lists them).');
  });

  test("runs k6 on the script with NDJSON output and the dashboard export under REPORT_DIR, and passes k6's exit code", async () => {
    const { PATH, record } = pathWith('v1.4.2');
    const reportDir = test.info().outputPath('reports', 'load');
    const result = await loadMain(['smoke', '--vus', '1'], { PATH, API_KEY: SECRET, REPORT_DIR: reportDir });
    expect(result.code).toBe(99);
    const seen = JSON.parse(readFileSync(record, 'utf8')) as Record<string, unknown>;
    expect(seen).toEqual({
      args: `run --out=json=${reportDir}/smoke.ndjson --vus 1 load/smoke.ts`,
      dashboard: 'true',
      export: `${reportDir}/smoke-dashboard.html`,
      reportDir,
      keyLength: SECRET.length,
    });
    expect(result.stderr).toBe(
      `k6 run --out=json=${reportDir}/smoke.ndjson --vus 1 load/smoke.ts  (reports in ${reportDir}/)`,
    );
    expect(result.stderr).not.toContain(SECRET);
  });

  test('refuses a k6 older than 0.57, which cannot run .ts files', async () => {
    const { PATH } = pathWith('v0.52.0');
    const result = await loadMain(['smoke'], { PATH, API_KEY: SECRET });
    expect(result.code).toBe(127);
    expect(result.stderr).toContain('is k6 v0.52.0; the scripts are TypeScript and need k6 0.57 or newer.');
  });

  test('asks for API_KEY before starting k6', async () => {
    const { PATH } = pathWith('v1.4.2');
    const result = await loadMain(['latency'], { PATH });
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toBe(
      'API_KEY is not set. Against the mock (npm run mock): API_KEY=mock-api-key npm run load:latency',
    );
  });

  test('names the scripts when asked for one that does not exist', async () => {
    const result = await loadMain(['soak'], { PATH: dirname(process.execPath) });
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toBe(
      'Unknown load script "soak"; expected one of smoke, latency, rate-limit, stream (npm run load:smoke, ...).',
    );
  });

  test('reads k6 versions and keeps defaults the user did not set', () => {
    expect(parseK6Version('k6 v0.57.0 (go1.23.6, linux/amd64)')).toEqual([0, 57, 0]);
    expect(parseK6Version('k6 v1.4.2 (commit/5b725e8a6a, go1.24.6, linux/amd64)')).toEqual([1, 4, 2]);
    expect(parseK6Version('nothing here')).toBeNull();
    expect(
      [
        [0, 56, 9],
        [0, 57, 0],
        [1, 0, 0],
        [2, 3, 0],
      ].map((v) => runsTypeScript(v as [number, number, number])),
    ).toEqual([false, true, true, true]);
    const invocation = k6Invocation('stream', [], {
      K6_WEB_DASHBOARD: 'false',
      K6_WEB_DASHBOARD_EXPORT: 'x.html',
      REPORT_DIR: 'out/',
    });
    expect(invocation.env).toMatchObject({
      K6_WEB_DASHBOARD: 'false',
      K6_WEB_DASHBOARD_EXPORT: 'x.html',
      REPORT_DIR: 'out',
    });
    expect(invocation.args).toEqual(['run', '--out=json=out/stream.ndjson', 'load/stream.ts']);
    expect(findExecutable('definitely-not-a-command', { PATH: dirname(process.execPath) })).toBeNull();
    expect(findExecutable('node', { PATH: dirname(process.execPath) })).toBe(process.execPath);
  });
});

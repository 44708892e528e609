// The package as a new user gets it: `npm pack`, installed into an empty project, and its three
// commands run there with npx. What the repository's own runs cannot show is tested here: a
// runtime import that is only a devDependency, a file that "files" leaves out, a link npm does not
// pack, and test locations that name real lines (the TypeScript under node_modules is loaded with
// its types blanked out, so every position stays where it is in the source).
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect } from '@playwright/test';
import { test } from '../support/base-test.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const run = promisify(execFile);

/** Runs a command, never throwing: its exit code and its output, interleaved as the user sees them. */
async function sh(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env) {
  try {
    const { stdout, stderr } = await run(cmd, args, { cwd, env, maxBuffer: 32 * 1024 * 1024, timeout: 240_000 });
    return { code: 0, output: `${stdout}${stderr}` };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : 1, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

// npm pack and npm install take most of a minute of CPU: `npm run test:full` (and its scheduled job).
test.describe('the packed package in an empty project', { tag: '@full' }, () => {
  test.describe.configure({ mode: 'serial', timeout: 300_000 });
  let dir = '';
  let project = '';
  // An npm run sets these for its own package; the user's npx in another folder has none of them.
  const env = Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) => !/^(npm_|INIT_CWD|BASE_URL|API_KEY|REPORT_DIR|MOCK_PORT|PLAYWRIGHT_|TEST_)/.test(name),
    ),
  );

  test.beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'agents-api-suite-pack-'));
    project = join(dir, 'project');
    mkdirSync(project);
    const packed = await sh('npm', ['pack', '--pack-destination', dir, '--silent'], ROOT, env);
    expect(packed.code, packed.output).toBe(0);
    const tarball = join(dir, packed.output.trim().split('\n').pop() ?? '');
    writeFileSync(join(project, 'package.json'), '{ "name": "a-new-user", "private": true }\n');
    // From npm's cache when it has the dependencies (CI's npm ci filled it), else from the registry.
    const installed = await sh(
      'npm',
      ['install', '--prefer-offline', '--no-audit', '--no-fund', tarball],
      project,
      env,
    );
    expect(installed.code, installed.output).toBe(0);
  });

  test.afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('npx agents-api-suite contract runs the suite against its embedded mock, each test at its real line', async () => {
    const reports = join(dir, 'reports');
    const result = await sh('npx', ['agents-api-suite', 'contract', '--grep', 'the thread in the path'], project, {
      ...env,
      REPORT_DIR: reports,
    });
    expect(result.code, result.output).toBe(0);
    expect(result.output).toMatch(/\b6 passed\b/);
    const source = readFileSync(join(ROOT, 'tests/contract/run-thread-id.spec.ts'), 'utf8').split('\n');
    const locations = [...result.output.matchAll(/run-thread-id\.spec\.ts:(\d+):(\d+)/g)];
    expect(locations.length).toBeGreaterThanOrEqual(6);
    for (const [where, line, column] of locations) {
      // Each location points at the test() call of the source, not at a transpiled position.
      const text = source[Number(line) - 1] ?? '';
      expect({ where, at: text.slice(Number(column) - 1, Number(column) + 4) }).toEqual({ where, at: 'test(' });
    }
  });

  test('npx agents-api-suite drift --help and mock --help answer in the empty project', async () => {
    const drift = await sh('npx', ['agents-api-suite', 'drift', '--help'], project, env);
    expect(drift.code, drift.output).toBe(0);
    expect(drift.output).toContain('agents-api-suite drift --base-url URL');
    const mock = await sh('npx', ['agents-api-suite', 'mock', '--help'], project, env);
    expect(mock.code, mock.output).toBe(0);
    expect(mock.output).toContain('--no-rate-limit');
  });
});

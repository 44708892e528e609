// The Redocly half of npm run lint: a clean spec is one line (not Redocly's Node 20 notice and
// greeting); a warning or an error shows Redocly's whole report, with Redocly's exit status.
// The clean spec and the command line run in process (runModule); a warning or an error is
// spawned, because the script hands Redocly's report to the terminal as Redocly writes it.
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { expect } from '@playwright/test';
import { TYPESCRIPT_NODE } from '../../contracts/lib/typescript-node.ts';
import { test } from '../support/base-test.ts';
import { ROOT, runModule } from './helpers/npm-script.ts';

const SCRIPT = join(ROOT, 'scripts', 'lint-openapi.ts');

function lint(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) =>
    execFile(
      process.execPath,
      [...TYPESCRIPT_NODE, 'scripts/lint-openapi.ts', ...args],
      { cwd: ROOT, timeout: 60_000 },
      // Redocly colours its report when the test runner asks for colour (FORCE_COLOR); the words are what count.
      (error, stdout, stderr) =>
        done({
          code: error ? Number(error.code ?? 1) : 0,
          stdout: stripVTControlCharacters(stdout),
          stderr: stripVTControlCharacters(stderr),
        }),
    ),
  );
}

/** A spec file in the test's output folder. */
function spec(name: string, text: string): string {
  const dir = test.info().outputPath();
  mkdirSync(dir, { recursive: true });
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const OPERATION = `paths:
  /x:
    get:
      operationId: getX
      summary: x
      responses:
        '200':
          description: ok
`;
const HEAD = `openapi: 3.1.0
info:
  title: t
  version: '1'
  license: { name: MIT, url: https://example.org }
servers: [{ url: https://example.org }]
security: []
`;

test('the suite’s spec: one line that says it is clean, and nothing else', async () => {
  const ran = await runModule(SCRIPT, []);
  expect(ran.code, ran.stderr).toBe(0);
  expect(ran.stdout).toMatch(/^contracts\/openapi\.yaml: valid, no warnings \(Redocly CLI, [\d.]+ s\)\n$/);
  expect(ran.stderr).toBe('');
});

test('a warning shows Redocly’s report and passes, as Redocly does', async () => {
  const ran = await lint([spec('warn.yaml', `${HEAD}${OPERATION}`)]);
  expect(ran.code).toBe(0);
  expect(`${ran.stdout}${ran.stderr}`).toMatch(/warning\s+operation-4xx-response/);
  expect(`${ran.stdout}${ran.stderr}`).toContain('You have 1 warning.');
});

test('an error shows Redocly’s report and fails with its status', async () => {
  const ran = await lint([spec('error.yaml', `openapi: 3.1.0\n${OPERATION}`)]);
  expect(ran.code).toBe(1);
  expect(`${ran.stdout}${ran.stderr}`).toMatch(/error\s+struct\s+The field `info` must be present/);
});

test('--help says what it does; a mistake exits 2 naming it', async () => {
  const help = await runModule(SCRIPT, ['--help']);
  expect(help.code).toBe(0);
  expect(help.stdout).toContain('npm run lint (this part: scripts/lint-openapi.ts [spec file])');
  const wrong = await runModule(SCRIPT, ['--quiet']);
  expect(wrong.code).toBe(2);
  expect(wrong.stderr).toContain('lint: unknown flag --quiet.');
});

// The suite's TypeScript runs blanked (bin/typescript-hooks.js), not compiled by Playwright, in
// every process Playwright starts: with the source-map-support Playwright installs taken out
// (playwright.config.ts), a stack names the real line and column only because this file, like
// every other, kept its positions. A Node on which Playwright's compiler ran first (as it did on
// Node 22.15 and later, until the hooks registered in-thread there too: decision 0093) fails here.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from '@playwright/test';
import { test } from '../support/base-test.ts';

const FILE = fileURLToPath(import.meta.url);

/** The line (1-based) and column (1-based) of the first occurrence of `marker` in this file. */
function positionOf(marker: string): { line: number; column: number } {
  const lines = readFileSync(FILE, 'utf8').split('\n');
  const line = lines.findIndex((text) => text.includes(marker));
  return { line: line + 1, column: (lines[line] ?? '').indexOf(marker) + 1 };
}

test('a stack names the line and column of the source, formatted by Node without a source map', () => {
  expect(Error.prepareStackTrace, 'no stack formatter is installed: Node formats stacks').toBeUndefined();
  // Types before the throw, so that a compiler that drops them moves it.
  type Shape = { readonly kind: 'probe'; readonly at: number };
  const shape: Shape = { kind: 'probe', at: 1 };
  const error = new Error(`probe ${shape.kind}`); // the probe's position
  const { line, column } = positionOf('new Error(`probe');
  expect(error.stack?.split('\n')[1]).toContain(`${FILE}:${line}:${column}`);
});

test('a module the config imports keeps its positions too', async () => {
  // contracts/client/target.ts is imported by playwright.config.ts, after the hooks: blanked as well.
  const { targetFromEnv } = await import('../../contracts/client/target.ts');
  const thrown = (() => {
    try {
      targetFromEnv({ BASE_URL: 'not a url' });
    } catch (error) {
      return error as Error;
    }
    throw new Error('targetFromEnv accepted BASE_URL "not a url"');
  })();
  const source = fileURLToPath(new URL('../../contracts/client/target.ts', import.meta.url));
  const lines = readFileSync(source, 'utf8').split('\n');
  // The throw is the statement on the line above its message.
  const throwLine = lines.findIndex((text) => text.includes('Expected BASE_URL to be an absolute URL'));
  const column = (lines[throwLine - 1] ?? '').indexOf('new TargetConfigError(') + 1;
  expect(column, 'the line above the message throws a TargetConfigError').toBeGreaterThan(0);
  expect(thrown.stack?.split('\n')[1]).toContain(`${source}:${throwLine}:${column}`);
});

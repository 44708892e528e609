// The contract command checks flags against Playwright's own `test` options; the list is cached by
// Playwright's version, so that a run does not load Playwright's CLI module only to read it.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from '@playwright/test';
import { type PlaywrightOption, playwrightTestOptions } from '../../contracts/cli/playwright-options.ts';
import { test } from '../support/base-test.ts';

const PLAYWRIGHT_VERSION = (
  JSON.parse(readFileSync(join('node_modules', 'playwright', 'package.json'), 'utf8')) as { version: string }
).version;

test.describe("Playwright's test options", () => {
  let dir = '';
  test.beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'playwright-options-'));
  });
  test.afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const cacheFile = () => join(dir, `playwright-${PLAYWRIGHT_VERSION}-test-options.json`);

  test('are read from Playwright, written by its version, and read from there the next time', () => {
    const read = playwrightTestOptions(dir);
    expect(read).toContainEqual({ long: '--grep', short: '-g', value: 'required' });
    expect(read).toContainEqual({ long: '--list', value: 'none' });
    expect(readdirSync(dir)).toEqual([`playwright-${PLAYWRIGHT_VERSION}-test-options.json`]);
    expect(JSON.parse(readFileSync(cacheFile(), 'utf8'))).toEqual(read);
    // A list the cache holds is the one returned: Playwright is not asked again.
    const planted: PlaywrightOption[] = [{ long: '--planted', value: 'none' }];
    writeFileSync(cacheFile(), JSON.stringify(planted));
    expect(playwrightTestOptions(dir)).toEqual(planted);
  });

  for (const [name, content] of [
    ['not JSON', '{"long": "--gr'],
    ['an empty list', '[]'],
    ['options of another shape', '[{"name": "--grep"}]'],
  ] as const) {
    test(`a cache holding ${name} is read again from Playwright and rewritten`, () => {
      writeFileSync(cacheFile(), content);
      const read = playwrightTestOptions(dir);
      expect(read).toContainEqual({ long: '--grep', short: '-g', value: 'required' });
      expect(JSON.parse(readFileSync(cacheFile(), 'utf8'))).toEqual(read);
    });
  }

  test('a cache that cannot be written is skipped, and the options still come from Playwright', () => {
    const notADirectory = join(dir, 'file');
    writeFileSync(notADirectory, '');
    expect(playwrightTestOptions(notADirectory)).toContainEqual({ long: '--grep', short: '-g', value: 'required' });
  });
});

// The options of `playwright test`, read from the installed Playwright itself (its commander
// program), so that the contract command refuses a mistyped flag before Playwright starts and the
// list is never one Playwright release behind. Reading them loads Playwright's CLI module, about a
// CPU-second; the list is kept in node_modules/.cache, by Playwright's version, for the next run.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** One option of `playwright test`: its names and whether it takes a value. */
export interface PlaywrightOption {
  long?: string;
  short?: string;
  value: 'required' | 'optional' | 'none';
}

interface CommanderOption {
  long?: string;
  short?: string;
  required: boolean;
  optional: boolean;
}
interface CommanderCommand {
  name(): string;
  options: CommanderOption[];
}

/** Where Playwright is installed (through @playwright/test, a dependency) and its version. */
function installedPlaywright(): { require: NodeJS.Require; version: string; nodeModules: string } {
  const testPackage = createRequire(import.meta.url).resolve('@playwright/test/package.json');
  const fromTest = createRequire(testPackage);
  const { version } = JSON.parse(readFileSync(fromTest.resolve('playwright/package.json'), 'utf8')) as {
    version: string;
  };
  // node_modules/@playwright/test/package.json: the node_modules folder three levels up.
  return { require: fromTest, version, nodeModules: dirname(dirname(dirname(testPackage))) };
}

/** The options as Playwright's `test` command declares them (loads Playwright's CLI module). */
function readOptions(fromTest: NodeJS.Require): PlaywrightOption[] {
  const { program } = fromTest('playwright/lib/program') as { program: { commands: CommanderCommand[] } };
  const test = program.commands.find((command) => command.name() === 'test');
  if (test === undefined) throw new Error('The installed Playwright has no "test" command.');
  return test.options.map((option) => ({
    ...(option.long ? { long: option.long } : {}),
    ...(option.short ? { short: option.short } : {}),
    value: option.required ? 'required' : option.optional ? 'optional' : 'none',
  }));
}

/** A cached list, or undefined when there is none or it is not one (then it is read and written again). */
function cached(file: string): PlaywrightOption[] | undefined {
  try {
    const list: unknown = JSON.parse(readFileSync(file, 'utf8'));
    const valid =
      Array.isArray(list) &&
      list.length > 0 &&
      list.every(
        (o: Partial<PlaywrightOption>) =>
          (typeof o.long === 'string' || typeof o.short === 'string') &&
          ['required', 'optional', 'none'].includes(o.value ?? ''),
      );
    return valid ? (list as PlaywrightOption[]) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The options of the installed Playwright's `test` command: from the cache in `cacheDir` (by
 * default node_modules/.cache/agents-api-suite) when it holds this version's, else read from
 * Playwright and cached. A cache that cannot be written (a read-only install) is only skipped.
 */
export function playwrightTestOptions(cacheDir?: string): PlaywrightOption[] {
  const playwright = installedPlaywright();
  const dir = cacheDir ?? join(playwright.nodeModules, '.cache', 'agents-api-suite');
  const file = join(dir, `playwright-${playwright.version}-test-options.json`);
  const known = cached(file);
  if (known !== undefined) return known;
  const options = readOptions(playwright.require);
  try {
    mkdirSync(dir, { recursive: true });
    // Written whole under another name, then renamed: a run starting meanwhile never reads half a file.
    const partial = `${file}.${process.pid}`;
    writeFileSync(partial, `${JSON.stringify(options)}\n`);
    renameSync(partial, file);
  } catch {
    // Not writable: the next run reads Playwright's program again.
  }
  return options;
}

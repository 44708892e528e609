// The options of `playwright test`, read from the installed Playwright itself (its commander
// program), so that the contract command refuses a mistyped flag before Playwright starts and the
// list is never one Playwright release behind.
import { createRequire } from 'node:module';

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

/** The options of the installed Playwright's `test` command (loads Playwright's CLI module, about a second). */
export function playwrightTestOptions(): PlaywrightOption[] {
  // Through @playwright/test (a dependency), whose cli.js loads the same module.
  const fromTest = createRequire(createRequire(import.meta.url).resolve('@playwright/test/package.json'));
  const { program } = fromTest('playwright/lib/program') as { program: { commands: CommanderCommand[] } };
  const test = program.commands.find((command) => command.name() === 'test');
  if (test === undefined) throw new Error('The installed Playwright has no "test" command.');
  return test.options.map((option) => ({
    ...(option.long ? { long: option.long } : {}),
    ...(option.short ? { short: option.short } : {}),
    value: option.required ? 'required' : option.optional ? 'optional' : 'none',
  }));
}

// The entry of each CLI behind an npm script: run `main` when the file is the one Node started,
// set the exit code, and print an unexpected error as one line (no stack trace for a user).
import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

/** A command's work: what was typed after the command, in; its exit status, out. */
export type Main = (argv: string[]) => Promise<number>;

/** Each module's main as handed to runWhenStarted, by module URL (see entryOf). */
const entries = new Map<string, Main>();

/**
 * Runs `main(argv)` if `moduleUrl` is the script Node was started with. `describe` is the line an
 * unexpected error prints (default: its message).
 */
export function runWhenStarted(
  moduleUrl: string,
  main: Main,
  describe: (error: unknown) => string = (error) => (error instanceof Error ? error.message : String(error)),
): void {
  entries.set(moduleUrl, main);
  if (!startedAs(moduleUrl)) return;
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(describe(error));
      process.exitCode = 1;
    },
  );
}

/**
 * The main that the module at `moduleUrl` starts through runWhenStarted, once it is loaded: a
 * test runs exactly that in its own process (tests/unit/command-lines.spec.ts), and sees a script
 * that exports a main but never starts it.
 */
export function entryOf(moduleUrl: string): Main | undefined {
  return entries.get(moduleUrl);
}

/** Whether Node was started with the file at `moduleUrl`; through a symbolic link too, as Node resolves it. */
function startedAs(moduleUrl: string): boolean {
  const entry = process.argv[1];
  if (entry === undefined) return false;
  try {
    return moduleUrl === pathToFileURL(realpathSync(entry)).href;
  } catch {
    return false;
  }
}

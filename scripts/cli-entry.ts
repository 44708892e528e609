// The entry of each tsx CLI behind an npm script: run `main` when the file is the one Node started,
// set the exit code, and print an unexpected error as one line (no stack trace for a user).
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Runs `main(argv)` if `moduleUrl` is the script Node was started with. */
export function runWhenStarted(moduleUrl: string, main: (argv: string[]) => Promise<number>): void {
  if (process.argv[1] === undefined || moduleUrl !== pathToFileURL(resolve(process.argv[1])).href) return;
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : String(error));
      process.exitCode = 1;
    },
  );
}

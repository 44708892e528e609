// The npm scripts of package.json, run in this process: a command is resolved to the module it
// starts and the arguments it puts before the user's (`node --import ./bin/typescript-loader.js
// scripts/load.ts smoke` is scripts/load.ts with `smoke` first), and the main that module starts
// through runWhenStarted is called with everything it prints collected. A Node start costs a few
// tenths of a CPU-second for each script and each case; this costs the script's own module graph,
// once per worker.
import { readFileSync, realpathSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { format } from 'node:util';
import { entryOf } from '../../../contracts/lib/cli-entry.ts';

export const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

/** The scripts of package.json, by name. */
export const SCRIPTS = (
  JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
).scripts;

/** What a command did: its exit status and what it printed on each stream. */
export interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

/** How an npm script starts a TypeScript module: Node with the type-blanking hooks, as the bin does. */
export const TYPESCRIPT_START = 'node --import ./bin/typescript-loader.js ';

/** What an npm script starts: a TypeScript module, or a plain JavaScript file under node (the bin). */
export type Started =
  | { runs: 'typescript'; module: string; args: string[] }
  | { runs: 'node'; file: string; args: string[] };

/** The command of the npm script `name`, as npm would start it with nothing typed after `--`. */
export function scriptCommand(name: string): Started {
  const command = SCRIPTS[name];
  if (command === undefined) throw new Error(`package.json has no script "${name}".`);
  const typescript = command.startsWith(TYPESCRIPT_START);
  const [program, file, ...args] = typescript
    ? ['node', ...command.slice(TYPESCRIPT_START.length).split(' ')]
    : command.split(' ');
  if (program === 'node' && file !== undefined && !command.includes('&&'))
    return typescript ? { runs: 'typescript', module: join(ROOT, file), args } : { runs: 'node', file, args };
  throw new Error(
    `Expected the script "${name}" to be "${TYPESCRIPT_START}<module> [arguments]" or "node <file> [arguments]". Got "${command}".`,
  );
}

/**
 * Runs the npm script `name` as `npm run name -- ...typed` would, in this process: imports its
 * module and calls the main it starts through runWhenStarted, with CI and BASE_URL empty (as the
 * spawned runs had them), and collects what it writes to stdout and stderr, through the streams
 * or the console. A main that calls process.exit is stopped there and fails the test.
 */
export async function runScript(name: string, typed: string[]): Promise<Ran> {
  const command = scriptCommand(name);
  if (command.runs !== 'typescript')
    throw new Error(`The script "${name}" runs ${command.file} under node: it is not a module to run in process.`);
  return runModule(command.module, [...command.args, ...typed]);
}

/**
 * Imports `module` and runs, in process, the main it starts through runWhenStarted with `argv`;
 * rejects, saying what to do, when the module exports no main or does not start it.
 */
export async function runModule(module: string, argv: string[]): Promise<Ran> {
  const shown = relative(ROOT, module);
  const loaded = (await import(pathToFileURL(module).href)) as { main?: unknown };
  if (typeof loaded.main !== 'function')
    throw new Error(
      `${shown} does not export main. Export \`async function main(argv: string[]): Promise<number>\` and start it with runWhenStarted(import.meta.url, main) (contracts/lib/cli-entry.ts), so that its command line is tested in process.`,
    );
  const entry = entryOf(pathToFileURL(realpathSync(module)).href);
  if (entry !== loaded.main)
    throw new Error(
      `${shown} exports main but ${entry === undefined ? 'does not start it' : 'starts another function'}: end it with runWhenStarted(import.meta.url, main) (contracts/lib/cli-entry.ts), or npm run starts nothing.`,
    );
  return inProcess(() => entry(argv), { CI: '', BASE_URL: '' });
}

/** Why a main stopped: it called process.exit, which would end the test's worker. */
class ExitCalled extends Error {}

/**
 * Runs `main` with what it writes to stdout and stderr collected (process.stdout.write and
 * process.stderr.write, and console.log, info, debug, warn and error), `env` set on process.env,
 * and process.exit refused; restores all of it, and process.exitCode, afterwards.
 */
export async function inProcess(main: () => Promise<number>, env: Record<string, string> = {}): Promise<Ran> {
  const out: string[] = [];
  const err: string[] = [];
  const collect =
    (into: string[]) =>
    (chunk: string | Uint8Array, encoding?: BufferEncoding | ((error?: Error | null) => void), done?: () => void) => {
      into.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString());
      (typeof encoding === 'function' ? encoding : done)?.();
      return true;
    };
  const saved = {
    stdout: process.stdout.write,
    stderr: process.stderr.write,
    console: { log: console.log, info: console.info, debug: console.debug, warn: console.warn, error: console.error },
    exit: process.exit,
    exitCode: process.exitCode,
    env: Object.fromEntries(Object.keys(env).map((key) => [key, process.env[key]])),
  };
  let exited: string | undefined;
  process.stdout.write = collect(out) as typeof process.stdout.write;
  process.stderr.write = collect(err) as typeof process.stderr.write;
  const toOut = (...parts: unknown[]) => void out.push(`${format(...parts)}\n`);
  const toErr = (...parts: unknown[]) => void err.push(`${format(...parts)}\n`);
  Object.assign(console, { log: toOut, info: toOut, debug: toOut, warn: toErr, error: toErr });
  process.exit = ((code?: number | string | null) => {
    exited = String(code ?? '');
    throw new ExitCalled(`process.exit(${exited})`);
  }) as typeof process.exit;
  Object.assign(process.env, env);
  try {
    const code = await main();
    if (exited !== undefined) throw new ExitCalled('');
    return { code, stdout: out.join(''), stderr: err.join('') };
  } catch (error) {
    if (exited === undefined) throw error;
    throw new Error(
      `The command called process.exit(${exited}), which would end this test's process: return the exit status from main instead. It printed: ${JSON.stringify({ stdout: out.join(''), stderr: err.join('') })}`,
    );
  } finally {
    process.stdout.write = saved.stdout;
    process.stderr.write = saved.stderr;
    Object.assign(console, saved.console);
    process.exit = saved.exit;
    process.exitCode = saved.exitCode;
    for (const [key, value] of Object.entries(saved.env))
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
  }
}

// The command lines of the suite's commands and scripts, read one way: every command answers
// --help, and every mistake (a flag it does not know, a flag without its value, one argument too
// many, a key passed as a flag) is a UsageError that names what the user typed and says what to do
// instead. The command prints it and exits 2, before it starts anything slow.
import { parseArgs } from 'node:util';

/** A mistake on a command line or in a command's settings: printed with a pointer to --help, exit 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** A flag a command takes: a value (`--port 4010`, `--port=4010`) or a switch (`--quiet`). */
export interface FlagSpec {
  type: 'string' | 'boolean';
  short?: string;
}

/** What a command line said: the flags given, the other arguments, and whether help was asked for. */
export interface CommandLine<F extends Record<string, FlagSpec>> {
  values: { [K in keyof F]?: F[K]['type'] extends 'string' ? string : boolean };
  positionals: string[];
  help: boolean;
}

/** The known flag closest to what was typed, when one is close enough to be a typo of it. */
export function closestFlag(typed: string, known: string[]): string | undefined {
  const word = typed.replace(/^-+/, '').replace(/=.*$/, '');
  let best: { flag: string; distance: number } | undefined;
  for (const flag of known) {
    const name = flag.replace(/^-+/, '');
    const distance = name.startsWith(word) && word.length >= 3 ? 0 : editDistance(word, name);
    if (best === undefined || distance < best.distance) best = { flag, distance };
  }
  return best !== undefined && best.distance <= Math.max(1, Math.floor(word.length / 3)) ? best.flag : undefined;
}

/** Edits from a to b: insertions, deletions, substitutions and swaps of neighbours (--prot for --port is one). */
function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  const at = (i: number, j: number): number => d[i]?.[j] ?? 0;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, at(i - 2, j - 2) + 1);
      (d[i] as number[])[j] = best;
    }
  return at(a.length, b.length);
}

/** The message for a flag the command does not know: the likely one, or the ones it knows. */
export function unknownFlag(typed: string, known: string[]): string {
  const near = closestFlag(typed, known);
  return near === undefined
    ? `unknown flag ${typed}. Expected one of ${known.join(', ')}.`
    : `unknown flag ${typed}. Did you mean ${near}?`;
}

/**
 * A settings check's message in the words the user typed: each setting given as a flag (`typed`:
 * setting to flag, such as BASE_URL to --base-url) is named by its flag.
 */
export function inTypedTerms(message: string, typed: Record<string, string>): string {
  return Object.entries(typed).reduce((text, [setting, flag]) => text.replaceAll(setting, flag), message);
}

/** A key passed as a flag (`--api-key`, `--key`, `--token`), refused before anything else reads it. */
export function refuseKeyFlags(argv: string[]): void {
  const typed = argv.find((arg) => /^--(api-key|key|token)(=|$)/.test(arg));
  if (typed !== undefined)
    throw new UsageError(
      `${typed.replace(/=.*$/, '')} is not taken: a key on the command line lands in the shell history. Export API_KEY=<key> and run again.`,
    );
}

/**
 * Reads `argv` against `flags` (plus --help and -h; never a key), with at most `positionals` other arguments
 * (named `positionalName` in messages). Throws a UsageError for any mistake; --help wins over them
 * only when nothing else is wrong, so that a typo is never silently ignored.
 */
export function readCommandLine<F extends Record<string, FlagSpec>>(
  argv: string[],
  flags: F,
  options: { positionals?: number; positionalName?: string } = {},
): CommandLine<F> {
  refuseKeyFlags(argv);
  const all: Record<string, FlagSpec> = { ...flags, help: { type: 'boolean', short: 'h' } };
  const known = Object.keys(all).map((name) => `--${name}`);
  const { tokens } = parseArgs({ args: argv, options: all, strict: false, allowPositionals: true, tokens: true });
  const values: Record<string, string | boolean> = {};
  const positionals: string[] = [];
  for (const token of tokens) {
    if (token.kind === 'positional') positionals.push(token.value);
    if (token.kind !== 'option') continue;
    const spec = all[token.name];
    if (spec === undefined) throw new UsageError(unknownFlag(token.rawName, known));
    if (spec.type === 'boolean') {
      if (token.inlineValue) throw new UsageError(`${token.rawName} takes no value. Got "${token.value}".`);
      values[token.name] = true;
    } else if (token.value === undefined || (!token.inlineValue && token.value.startsWith('--')))
      throw new UsageError(`expected a value after ${token.rawName}${token.value ? `, before ${token.value}` : ''}.`);
    else values[token.name] = token.value;
  }
  const allowed = options.positionals ?? 0;
  if (positionals.length > allowed)
    throw new UsageError(
      allowed === 0
        ? `unexpected argument "${positionals[0]}": this command takes flags only.`
        : `unexpected argument "${positionals[allowed]}": expected at most ${allowed} ${options.positionalName ?? 'argument'}${allowed === 1 ? '' : 's'}.`,
    );
  const { help, ...given } = values;
  return { values: given as CommandLine<F>['values'], positionals, help: help === true };
}

/**
 * For a script's main: reads the command line; on --help prints `help` and gives exit status 0, on
 * a mistake prints it with where the help is and gives 2 (main returns either); else what was given.
 */
export function commandLineOrStatus<F extends Record<string, FlagSpec>>(
  argv: string[],
  flags: F,
  script: { name: string; help: string; positionals?: number; positionalName?: string },
): CommandLine<F> | number {
  try {
    const line = readCommandLine(argv, flags, script);
    if (!line.help) return line;
    process.stdout.write(`${script.help}\n`);
    return 0;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${script.name}: ${error.message}\nRun \`npm run ${script.name} -- --help\` for usage.\n`);
    return 2;
  }
}

// The live suite against the independent judges (tests/selftest/judges), seed after seed: every
// red is a false alarm of the suite or a finding about the judge, and the README says which of
// the two a red must be before the suite is called right. `npm run selftest:judges -- --help`.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runWhenStarted } from '../../contracts/lib/cli-entry.ts';
import { commandLineOrStatus } from '../../contracts/lib/command-line.ts';
import { CI_SEED } from '../../contracts/stateful/seed-policy.ts';
import { startJudge as startFastapi } from './judges/fastapi-2026/index.ts';
import { startJudge as startLenient } from './judges/lenient-gateway/index.ts';
import { startJudge as startStrict } from './judges/strict-2025/index.ts';
import { type NestedRun, runContractSuite } from './nested-run.ts';

/** The judges by name, each started on free ports with its rate limits off (the sweep paces nothing). */
export const JUDGES = {
  'fastapi-2026': () => startFastapi({ rateLimits: false }),
  'strict-2025': () => startStrict({ rateLimits: false }),
  'lenient-gateway': () => startLenient({ rateLimits: false }),
} as const;

/** The keys the judges' authors were given: tenant A and tenant B. */
export const JUDGE_KEYS = { main: 'judge-key-a', other: 'judge-key-b' } as const;

export type JudgeName = keyof typeof JUDGES;

/** What one run against one judge said: its failed tests and named violations, one line each. */
export interface SweepRun {
  judge: JudgeName;
  seed: number;
  exitCode: number | null;
  durationMs: number;
  failures: string[];
  violations: string[];
}

/** One nested live run of the contract suite against a judge, with the generated tests at `seed`. */
export async function sweepRun(
  judge: JudgeName,
  seed: number,
  timeoutMs = 300_000,
): Promise<SweepRun & { run: NestedRun }> {
  const server = await JUDGES[judge]();
  try {
    const run = await runContractSuite(
      { url: server.url, apiKey: JUDGE_KEYS.main, otherTenantApiKey: JUDGE_KEYS.other },
      { faults: false, timeoutMs, env: { FUZZ_SEED: String(seed), FUZZ_EXAMPLES: 'off' } },
    );
    return {
      judge,
      seed,
      exitCode: run.exitCode,
      durationMs: run.durationMs,
      failures: run.cases
        .filter((c) => c.outcome === 'failed')
        .map((c) =>
          `${c.title}: ${
            c.failure
              .trim()
              .split('\n')
              .find((l) => l.trim() !== '') ?? ''
          }`.slice(0, 400),
        ),
      violations: run.violations.map((v) =>
        `${v.check} ${v.operationId} ${v.status}${v.pointer ? ` ${v.pointer}` : ''}: ${v.message}`.slice(0, 300),
      ),
      run,
    };
  } finally {
    await server.close();
  }
}

const HELP = `npm run selftest:judges -- [--judge NAME] [--seeds LIST] [--out FILE]

Runs the contract suite in live mode against each independent judge (tests/selftest/judges), once
per seed, with no example database, and prints every failed test and named violation.
  --judge NAME   ${Object.keys(JUDGES).join(', ')} or all (default: all)
  --seeds LIST   seeds, comma-separated or a range such as 1-20 (default: 1-20 and CI's seed)
  --out FILE     where the JSON summary goes (default: reports/judge-sweep.json)
Exit 0 when every run is green, 1 when any is red, 2 on a usage mistake.`;

function seedsOf(text: string): number[] {
  return text.split(',').flatMap((part) => {
    const range = /^(\d+)-(\d+)$/.exec(part.trim());
    if (range) {
      const [from, to] = [Number(range[1]), Number(range[2])];
      return Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);
    }
    const seed = Number(part.trim());
    if (!Number.isSafeInteger(seed)) throw new Error(`Expected --seeds as 1-20 or 3,7,${CI_SEED}. Got "${text}".`);
    return [seed];
  });
}

/** Runs the sweep; resolves to its exit status. */
export async function main(argv: string[]): Promise<number> {
  const line = commandLineOrStatus(
    argv,
    { judge: { type: 'string' }, seeds: { type: 'string' }, out: { type: 'string' } },
    { name: 'selftest:judges', help: HELP },
  );
  if (typeof line === 'number') return line;
  const { values } = line;
  const names = (values.judge ?? 'all') === 'all' ? (Object.keys(JUDGES) as JudgeName[]) : [values.judge as JudgeName];
  if (names.some((n) => !(n in JUDGES))) {
    process.stderr.write(
      `selftest:judges: expected --judge ${Object.keys(JUDGES).join(', ')} or all. Got "${values.judge}".
`,
    );
    return 2;
  }
  let seeds: number[];
  try {
    seeds = values.seeds ? seedsOf(values.seeds) : [...seedsOf('1-20'), CI_SEED];
  } catch (error) {
    process.stderr.write(`selftest:judges: ${(error as Error).message}\n`);
    return 2;
  }
  const runs: SweepRun[] = [];
  for (const judge of names) {
    for (const seed of seeds) {
      const { run: _run, ...result } = await sweepRun(judge, seed);
      runs.push(result);
      const mark = result.exitCode === 0 ? 'green' : `RED (exit ${result.exitCode})`;
      process.stdout.write(`${judge} seed ${seed}: ${mark} in ${Math.round(result.durationMs / 1000)} s\n`);
      for (const line of [...result.failures, ...result.violations]) process.stdout.write(`  - ${line}\n`);
    }
  }
  const out = values.out ?? join('reports', 'judge-sweep.json');
  mkdirSync(join(out, '..'), { recursive: true });
  writeFileSync(out, `${JSON.stringify(runs, null, 2)}\n`);
  const red = runs.filter((r) => r.exitCode !== 0).length;
  process.stdout.write(`${runs.length} run(s), ${red} red; summary in ${out}\n`);
  return red === 0 ? 0 : 1;
}

runWhenStarted(import.meta.url, main);

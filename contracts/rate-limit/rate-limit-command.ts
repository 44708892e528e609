// `npm run contract:rate-limit`: the rate-limit contract against a live API (BASE_URL or
// --base-url, API_KEY), or, by default, against the embedded mock with its real limiter and a
// clock that runs --mock-speed times as fast (a minute window passes in 3 s at the default). It
// prints the cost before it sends anything, then the broken promises by check, and writes
// rate-limit-report.json into REPORT_DIR.
import { mkdirSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { PENDING, STRICT } from '../check/pending.ts';
import { MOCK_KEYS, TargetConfigError, targetFromEnv } from '../client/target.ts';
import { LIMIT_SETTINGS } from '../client/transport-limits.ts';
import { type Clock, realClock, scaledClock } from '../lib/clock.ts';
import { readCommandLine, UsageError } from '../lib/command-line.ts';
import { reportDir } from '../lib/report-dir.ts';
import { build } from '../mock/build.ts';
import { DOCUMENTED_PLAN, describeCost, type RateLimitPlan } from './rate-limit-plan.ts';
import { type RateLimitResult, runRateLimitContract } from './run-rate-limit.ts';

const FLAGS = {
  'base-url': { type: 'string' },
  'answers-rps': { type: 'string' },
  'answers-rpm': { type: 'string' },
  'mock-speed': { type: 'string' },
  cost: { type: 'boolean' },
} as const;

/** How much faster than real time the embedded mock's clock runs by default. */
export const MOCK_SPEED_DEFAULT = 20;
/** The report's file name, in REPORT_DIR. */
export const REPORT_FILE = 'rate-limit-report.json';

/** The help text; its defaults are the ones the code applies. */
export function rateLimitHelp(): string {
  const { answers, other } = DOCUMENTED_PLAN;
  return `npm run contract:rate-limit -- [flags]

The Rate Limits guide's promises, provoked and judged: the answer endpoints (run, run/stream, chat
completions and its stream) share one budget; a call past it is a 429 whose body and headers keep
the contract; a retry after Retry-After is served; calls to other endpoints neither count against
that budget nor are refused by it. It spends at most two windows of the answers budget and prints
the cost before it sends anything (docs/guides/rate-limit-contract.md).

Without a base URL it runs against the embedded mock, with the mock's real limiter on a clock
--mock-speed times as fast. Live: BASE_URL (or --base-url) and API_KEY; also ASSISTANT_ID,
RUN_META_DATA, CONTRACT_STRICT=1 (hold the API to assumptions too: the Retry-After header),
REPORT_DIR (default reports) and the deadlines of every request (${Object.values(LIMIT_SETTINGS).join(', ')}).

  --base-url URL      the API (default: BASE_URL, else the embedded mock)
  --answers-rps N     the tenant's answers limit per second (default: ${answers.perSecond}, the documented tier 0)
  --answers-rpm N     the tenant's answers limit per minute (default: ${answers.perMinute}, the documented tier 0)
  --mock-speed N      the embedded mock's clock speed (default: ${MOCK_SPEED_DEFAULT}; only without a base URL)
  --cost              print what a run would spend, and send nothing
  --help              this help
The other endpoints' budget is the documented ${other.perSecond} RPS / ${other.perMinute} RPM for every tier.
Exit status: 0 no documented promise broke; 1 one did; 2 a usage or settings mistake, or a target
that cannot be tested (the message says which).`;
}

function wholeNumber(flag: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1)
    throw new UsageError(`Expected ${flag} to be a whole number, 1 or more. Got "${text}".`);
  return value;
}

/** A started mock and the clock it shares with the run. */
async function startMock(speed: number): Promise<{ url: string; clock: Clock; close(): Promise<void> }> {
  const clock = scaledClock(speed);
  const server = build({ clock });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    clock,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The result as lines: the broken promises by check, the pending ones, what was not judged, the spend. */
export function describeResult(result: RateLimitResult): string[] {
  const line = (f: RateLimitResult['failures'][number]) =>
    `  ${f.title} [${f.check}] ${f.operationId} ${f.status}${f.pointer ? ` ${f.pointer}` : ''}: ${f.message}\n    ${f.curl}`;
  const { answersSent, answersAccepted, other } = result.counts;
  return [
    ...(result.failures.length > 0 ? ['Broken promises:', ...result.failures.map(line)] : ['Broken promises: none.']),
    ...(result.pending.length > 0 ? ['Assumptions contradicted (pending):', ...result.pending.map(line)] : []),
    ...result.notJudged.map((n) => `Not judged: ${n.about}: ${n.why}.`),
    `Judged: ${result.judged.join(', ') || 'nothing'}; 429 checked on ${result.refusedOn.join(', ') || 'no operation'}.`,
    `Spent: ${answersSent} answer calls (${answersAccepted} accepted), ${other} other calls, ${result.seconds} s of the run's clock.`,
  ];
}

/** Runs the command; resolves to its exit status. `print` gets stdout's lines, `warn` stderr's. */
export async function main(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
  print: (line: string) => void = console.log,
  warn: (line: string) => void = console.error,
): Promise<number> {
  let plan: RateLimitPlan;
  let baseUrl: string | undefined;
  let speed: number;
  let costOnly: boolean;
  try {
    const line = readCommandLine(argv, FLAGS);
    if (line.help) {
      print(rateLimitHelp());
      return 0;
    }
    const { values } = line;
    baseUrl = values['base-url'] ?? (env.BASE_URL?.trim() || undefined);
    if (baseUrl !== undefined && values['mock-speed'] !== undefined)
      throw new UsageError(
        "--mock-speed sets the embedded mock's clock; with a base URL there is no mock. Leave it out.",
      );
    speed = wholeNumber('--mock-speed', values['mock-speed'], MOCK_SPEED_DEFAULT);
    plan = {
      ...DOCUMENTED_PLAN,
      answers: {
        perSecond: wholeNumber('--answers-rps', values['answers-rps'], DOCUMENTED_PLAN.answers.perSecond),
        perMinute: wholeNumber('--answers-rpm', values['answers-rpm'], DOCUMENTED_PLAN.answers.perMinute),
      },
    };
    costOnly = values.cost === true;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    warn(`contract:rate-limit: ${error.message}\nRun \`npm run contract:rate-limit -- --help\` for usage.`);
    return 2;
  }
  const label = baseUrl ?? `the embedded mock (its clock ${speed} times as fast: the times below are the mock's)`;
  print(describeCost(plan, label));
  if (costOnly) return 0;
  const mock = baseUrl === undefined ? await startMock(speed) : undefined;
  try {
    const target = targetFromEnv(
      mock
        ? { ...env, BASE_URL: mock.url, API_KEY: MOCK_KEYS.main, API_KEY_OTHER_TENANT: '' }
        : { ...env, BASE_URL: baseUrl },
    );
    const strict = mock !== undefined || env.CONTRACT_STRICT === '1';
    const result = await runRateLimitContract({
      target,
      clock: mock?.clock ?? realClock,
      strictness: strict ? STRICT : PENDING,
      check: { strict: false, redactValues: mock === undefined },
      plan,
      env,
    });
    if (result.problem !== undefined) {
      warn(`contract:rate-limit: ${result.problem}`);
      return 2;
    }
    for (const text of describeResult(result)) print(text);
    const dir = reportDir(env);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, REPORT_FILE), `${JSON.stringify({ target: label, plan, ...result }, null, 2)}\n`);
    print(`Report: ${join(dir, REPORT_FILE)}`);
    return result.failures.length > 0 ? 1 : 0;
  } catch (error) {
    if (error instanceof TargetConfigError) {
      warn(`contract:rate-limit: ${error.message}`);
      return 2;
    }
    throw error;
  } finally {
    await mock?.close();
  }
}

// `agents-api-suite drift --base-url URL`: the named scenarios and a fixed-seed set of the
// generated tests' sequences against the API and the embedded mock, step by step. Exit 0 without
// divergence, 1 with, 2 when it could not run.
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { StepSendError } from '../client/http-step-runner.ts';
import { budgetPacers } from '../client/pacer.ts';
import { preflight } from '../client/preflight.ts';
import { firstContact } from '../client/served-openapi.ts';
import { type Target, TargetConfigError, targetFromEnv } from '../client/target.ts';
import { build } from '../mock/build.ts';
import { alignLine, firstContactLine } from '../openapi-diff/served-report.ts';
import { driftReport, driftSummaryLine, writeDriftReport } from './drift-report.ts';
import { type DriftSide, DriftStepRunner } from './drift-step-runner.ts';
import { GENERATED_DEFAULTS, generatedSequences, planningAssistants } from './generated-sequences.ts';
import { runDrift } from './run-drift.ts';
import { driftScenarios, type SequenceProvider } from './scenarios.ts';

export const DRIFT_HELP = `agents-api-suite drift: where the API and the embedded mock answer differently

Usage:
  agents-api-suite drift --base-url URL [--seed N] [--sequences N] [--openapi-path PATH]
  npm run drift -- --base-url URL

Runs the same scenarios, step by step, against URL and against the embedded mock (started on a
free port): the named ones (10 run calls), then N fixed-seed sequences of the generated
contract tests (the default ${GENERATED_DEFAULTS.count} of seed ${GENERATED_DEFAULTS.seed}: 283 steps, 29 of them run calls, 13 file uploads).
It compares each step's status, error_code, content type, documented headers (Retry-After,
x-ratelimit-*) and body shape (field paths and JSON types, never values).
It also asks the API for its own OpenAPI document (/openapi.json below URL and at the root of its
host) and lists where it differs from ours, each difference at the statement of ours it bears on.
Writes drift.json, drift.md and drift.html into REPORT_DIR (./reports).

  --base-url URL   the API (or BASE_URL); the key comes from API_KEY only
  --seed N         seed of the generated sequences (DRIFT_SEED, default ${GENERATED_DEFAULTS.seed})
  --sequences N    how many generated sequences (DRIFT_SEQUENCES, default ${GENERATED_DEFAULTS.count}; 0: only
                   the named scenarios, to spend the fewest run calls)
  --openapi-path PATH
                   another path on the API that may serve its OpenAPI document (OPENAPI_PATH),
                   asked before /openapi.json

Optional env as for the contract suite: API_KEY_OTHER_TENANT, ASSISTANT_ID, RUN_META_DATA,
LIVE_MAX_RPS, LIVE_MAX_RPM, CONTRACT_TARGET_FAULTS=prefer; the deadlines and caps of every
request: LIVE_REQUEST_TIMEOUT_MS, LIVE_BODY_TIMEOUT_MS, MAX_RESPONSE_BYTES, MAX_NDJSON_LINE_BYTES,
MAX_STREAM_BYTES (docs/limits.md).
Exit status: 0 no divergence, 1 divergences, 2 could not run.`;

/** A usage or set-up mistake: the message says what was expected and what to do. */
class DriftUsageError extends Error {}

function wholeNumber(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0)
    throw new DriftUsageError(`Expected ${name} to be a whole number, 0 or more. Got "${raw}".`);
  return value;
}

interface DriftArgs {
  help: boolean;
  baseURL?: string;
  openApiPath?: string;
  seed: number;
  count: number;
}

function readArgs(args: string[], env: NodeJS.ProcessEnv): DriftArgs {
  const values: Record<string, string | undefined> = { seed: env.DRIFT_SEED, sequences: env.DRIFT_SEQUENCES };
  let baseURL = env.BASE_URL;
  let openApiPath = env.OPENAPI_PATH;
  let help = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    const [flag, inline] =
      arg.startsWith('--') && arg.includes('=')
        ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
        : [arg, undefined];
    if (flag === '--help' || flag === '-h') help = true;
    else if (/^--(api-key|key|token)$/.test(flag))
      throw new DriftUsageError(
        'the key is not taken as a flag (it would land in shell history). Export API_KEY=<key> and run again.',
      );
    else if (flag === '--base-url' || flag === '--seed' || flag === '--sequences' || flag === '--openapi-path') {
      const value = inline ?? args[++i];
      if (value === undefined || value.startsWith('--')) throw new DriftUsageError(`expected a value after ${flag}.`);
      if (flag === '--base-url') baseURL = value;
      else if (flag === '--openapi-path') openApiPath = value;
      else values[flag.slice(2)] = value;
    } else
      throw new DriftUsageError(
        `unknown argument "${arg}". Expected --base-url URL, --seed N, --sequences N or --openapi-path PATH.`,
      );
  }
  return {
    help,
    ...(baseURL ? { baseURL } : {}),
    ...(openApiPath ? { openApiPath } : {}),
    seed: wholeNumber('the seed', values.seed, GENERATED_DEFAULTS.seed),
    count: wholeNumber('the number of sequences', values.sequences, GENERATED_DEFAULTS.count),
  };
}

/** A side of the comparison, once the preflight has listed its assistants. */
export async function driftSide(name: string, target: Target): Promise<DriftSide> {
  const checked = await preflight(target);
  if (!checked.ok) throw new DriftUsageError(`the ${name} cannot be compared. ${checked.message}`);
  return { name, target, assistants: checked.assistants };
}

/** Runs the drift command; returns the exit status. `provider` replaces the generated tests' planner (tests). */
export async function main(
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
  provider: SequenceProvider = generatedSequences,
): Promise<number> {
  const say = (text: string) => process.stdout.write(`${text}\n`);
  const fail = (text: string) => {
    process.stderr.write(`agents-api-suite drift: ${text}\nRun \`agents-api-suite drift --help\` for usage.\n`);
    return 2;
  };
  let options: DriftArgs;
  let live: Target;
  try {
    options = readArgs(args, env);
    if (options.help) {
      say(DRIFT_HELP);
      return 0;
    }
    if (!options.baseURL)
      throw new DriftUsageError(
        'expected the API to compare with the mock: --base-url URL or BASE_URL, such as https://api.haufe.ai/agents.',
      );
    live = targetFromEnv({
      ...env,
      BASE_URL: options.baseURL,
      ...(options.openApiPath ? { OPENAPI_PATH: options.openApiPath } : {}),
    });
  } catch (error) {
    if (error instanceof DriftUsageError || error instanceof TargetConfigError) return fail(error.message);
    throw error;
  }
  const server = build({ rateLimit: false });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  try {
    const mockTarget = targetFromEnv({ MOCK_PORT: String((server.address() as AddressInfo).port) });
    // The run's own pacers: one live target per run, paced as one worker.
    const pacers = live.pacing ? budgetPacers(live.pacing) : () => undefined;
    const target = new DriftStepRunner(await driftSide('target', live), { pacers });
    // The target's own OpenAPI document, when it serves one, next to our contract (a line here, a section in the report).
    const served = await firstContact(live);
    say(firstContactLine(served));
    const mock = new DriftStepRunner(await driftSide('mock', mockTarget));
    const assistants = planningAssistants([target, mock]);
    const otherTenant = target.knows('key:other') && mock.knows('key:other');
    const scenarios = driftScenarios({ provider, seed: options.seed, count: options.count, assistants, otherTenant });
    const generated = scenarios.filter((s) => s.source === 'generated').length;
    say(
      `Comparing ${live.baseURL} with the embedded mock: ${scenarios.length - generated} named scenarios and ${generated} generated sequences of seed ${options.seed}${live.pacing ? `, paced at ${live.pacing.maxRps} runs/s and ${live.pacing.maxRpm} runs/min` : ''}.`,
    );
    const result = await runDrift(scenarios, target, mock);
    const report = driftReport(result, live.baseURL, { seed: options.seed, count: generated }, served);
    const dir = resolve(env.REPORT_DIR ?? 'reports');
    writeDriftReport(report, dir);
    say(driftSummaryLine(report));
    const align = alignLine(served, resolve(dir, 'drift.md'));
    if (align) say(align);
    for (const d of report.divergences)
      say(
        `  ${d.scenario}, step ${d.step} (${d.operationId}): ${d.differences.map((x) => x.aspect + (x.at ? ` ${x.at}` : '')).join(', ')}${d.assumptions.length ? ` [${d.assumptions.map((a) => a.id).join(', ')}]` : ''}`,
      );
    for (const note of report.notes) say(`  note: ${note}`);
    say(`Report: ${resolve(dir, 'drift.md')} (also drift.json, drift.html)`);
    return report.divergences.length === 0 ? 0 : 1;
  } catch (error) {
    if (error instanceof DriftUsageError || error instanceof StepSendError) return fail(error.message);
    throw error;
  } finally {
    server.closeAllConnections();
    await new Promise((done) => server.close(done));
  }
}

// `agents-api-suite drift --base-url URL`: the named scenarios and a fixed-seed set of the
// generated tests' sequences against the API and the embedded mock, step by step, after asking the
// API for its own OpenAPI document. Exit 0 without divergence, 1 with, 2 when it could not run.
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { StepSendError } from '../client/http-step-runner.ts';
import { budgetPacers } from '../client/pacer.ts';
import { preflight } from '../client/preflight.ts';
import { firstContact } from '../client/served-openapi.ts';
import { LIVE_PACING_DEFAULTS, type Target, TargetConfigError, targetFromEnv } from '../client/target.ts';
import { LIMIT_SETTINGS } from '../client/transport-limits.ts';
import { inTypedTerms, readCommandLine, UsageError } from '../lib/command-line.ts';
import { REPORT_DIR_DEFAULT, reportDir } from '../lib/report-dir.ts';
import { build } from '../mock/build.ts';
import { alignLine, firstContactLine } from '../openapi-diff/served-report.ts';
import { divergenceKinds, kindTitle, stepCount } from './divergence-kinds.ts';
import { driftCost } from './drift-cost.ts';
import { driftReport, writeDriftReport } from './drift-report.ts';
import { type DriftSide, DriftStepRunner } from './drift-step-runner.ts';
import { driftSummaryLine } from './drift-summary.ts';
import { GENERATED_DEFAULTS, generatedSequences, planningAssistants } from './generated-sequences.ts';
import { runDrift, type ScenarioOutcome } from './run-drift.ts';
import { driftScenarios, type SequenceProvider } from './scenarios.ts';

/** The help text; the defaults and the cost figures are computed from the code that runs. */
export function driftHelp(): string {
  const { seed, count } = GENERATED_DEFAULTS;
  const cost = driftCost(seed, count);
  const { maxRps, maxRpm } = LIVE_PACING_DEFAULTS;
  return `agents-api-suite drift: where the API and the embedded mock answer differently

Usage:
  agents-api-suite drift --base-url URL [--seed N] [--sequences N] [--openapi-path PATH]
  npm run drift -- --base-url URL

Runs the same scenarios, step by step, against URL and against the embedded mock (started on a
free port): the named ones (${cost.named.steps} steps, ${cost.named.runCalls} of them run calls), then N fixed-seed sequences of the
generated contract tests (the default ${count} of seed ${seed}: ${cost.generated.steps} steps, ${cost.generated.runCalls} of them run calls and
${cost.generated.uploads} file uploads, against a target with both assistant kinds and a second tenant's key).
Run calls are paced at LIVE_MAX_RPS (${maxRps}) a second and LIVE_MAX_RPM (${maxRpm}) a minute.
It compares each step's status, error_code, content type, documented headers (Retry-After,
x-ratelimit-*) and body shape (field paths and JSON types, never values), prints a line per
scenario as it goes, and writes drift.md, drift.html (divergences by kind), drift.json (every
step) and drift-curl.txt (every full curl line) into REPORT_DIR (./${REPORT_DIR_DEFAULT}).
First it asks the API for its own OpenAPI document (at --openapi-path, then /openapi.json, each
below URL and at the root of its host) and lists where it differs from ours, each difference at
the statement of ours it bears on.

  --base-url URL   the API (or BASE_URL); the key comes from API_KEY only
  --seed N         seed of the generated sequences (DRIFT_SEED, default ${seed})
  --sequences N    how many generated sequences (DRIFT_SEQUENCES, default ${count}; 0: only
                   the named scenarios, to spend the fewest run calls)
  --openapi-path PATH
                   another path on the API that may serve its OpenAPI document (OPENAPI_PATH),
                   asked before /openapi.json: a path on URL's origin only

Optional env as for the contract suite: API_KEY_OTHER_TENANT, ASSISTANT_ID, RUN_META_DATA,
CONTRACT_TARGET_FAULTS=prefer; the deadlines and caps of every request:
${Object.values(LIMIT_SETTINGS).join(', ')} (docs/limits.md).
Exit status: 0 no divergence, 1 divergences, 2 could not run.`;
}

/** A usage or set-up mistake: the message says what was expected and what to do. */
class DriftUsageError extends UsageError {}

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
  /** The settings the user gave as flags, with the flag typed, for messages about them. */
  typed: Record<string, string>;
  seed: number;
  count: number;
}

function readArgs(args: string[], env: NodeJS.ProcessEnv): DriftArgs {
  const { values, help } = readCommandLine(args, {
    'base-url': { type: 'string' },
    seed: { type: 'string' },
    sequences: { type: 'string' },
    'openapi-path': { type: 'string' },
  });
  const baseURL = values['base-url'] ?? env.BASE_URL;
  const openApiPath = values['openapi-path'] ?? env.OPENAPI_PATH;
  if (values['openapi-path'] === '')
    throw new DriftUsageError('expected a path on the API after --openapi-path, such as /docs/openapi.json.');
  return {
    help,
    ...(baseURL ? { baseURL } : {}),
    ...(openApiPath ? { openApiPath } : {}),
    typed: {
      ...(values['base-url'] === undefined ? {} : { BASE_URL: '--base-url' }),
      ...(values['openapi-path'] === undefined ? {} : { OPENAPI_PATH: '--openapi-path' }),
    },
    seed: wholeNumber(
      values.seed === undefined ? 'DRIFT_SEED' : '--seed',
      values.seed ?? env.DRIFT_SEED,
      GENERATED_DEFAULTS.seed,
    ),
    count: wholeNumber(
      values.sequences === undefined ? 'DRIFT_SEQUENCES' : '--sequences',
      values.sequences ?? env.DRIFT_SEQUENCES,
      GENERATED_DEFAULTS.count,
    ),
  };
}

/** Where the command writes: its results, and the progress and mistakes (standard error by default). */
export interface DriftOutput {
  out: (line: string) => void;
  err: (line: string) => void;
}

const STANDARD_OUTPUT: DriftOutput = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

/** The progress line of a scenario once it is done. */
function progressLine(outcome: ScenarioOutcome, position: number, total: number): string {
  const width = String(total).length;
  const what = outcome.skipped
    ? `skipped: ${outcome.skipped}`
    : `${stepCount(outcome.steps)}, ${outcome.divergences === 0 ? 'alike' : `${outcome.divergences} answered differently`}`;
  return `  [${String(position).padStart(width)}/${total}] ${outcome.name}: ${what}`;
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
  output: DriftOutput = STANDARD_OUTPUT,
): Promise<number> {
  const say = output.out;
  const fail = (text: string) => {
    const help = env.npm_lifecycle_event === 'drift' ? 'npm run drift -- --help' : 'agents-api-suite drift --help';
    output.err(`agents-api-suite drift: ${text}\nRun \`${help}\` for usage.`);
    return 2;
  };
  let options: DriftArgs;
  let live: Target;
  let typed: DriftArgs['typed'] = {};
  try {
    options = readArgs(args, env);
    typed = options.typed;
    if (options.help) {
      say(driftHelp());
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
    if (error instanceof UsageError) return fail(error.message);
    // The target's checks name BASE_URL and OPENAPI_PATH; the user may have typed --base-url or --openapi-path.
    if (error instanceof TargetConfigError) return fail(inTypedTerms(error.message, typed));
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
    const result = await runDrift(scenarios, target, mock, (outcome, position, total) =>
      output.err(progressLine(outcome, position, total)),
    );
    const report = driftReport(result, live.baseURL, { seed: options.seed, count: generated }, served);
    const dir = resolve(reportDir(env));
    writeDriftReport(report, dir);
    say(driftSummaryLine(report));
    const align = alignLine(served, resolve(dir, 'drift.md'));
    if (align) say(align);
    for (const kind of divergenceKinds(report.divergences))
      say(
        `  ${kind.bothAllowed ? 'docs allow both' : 'divergence'}, ${stepCount(kind.count)}: ${kindTitle(kind)} (${kind.operations.map((o) => o.operationId).join(', ')})${kind.assumptions.length ? ` [${kind.assumptions.map((a) => a.id).join(', ')}]` : ''}`,
      );
    for (const note of report.notes) say(`  note: ${note}`);
    say(`Report: ${resolve(dir, 'drift.html')} (also drift.md, drift.json, drift-curl.txt)`);
    return report.divergences.length === 0 ? 0 : 1;
  } catch (error) {
    if (error instanceof UsageError || error instanceof StepSendError) return fail(error.message);
    throw error;
  } finally {
    server.closeAllConnections();
    await new Promise((done) => server.close(done));
  }
}

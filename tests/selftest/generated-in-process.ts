import { PENDING } from '../../contracts/check/pending.ts';
// The generated tests in process against a reference server, as a live target (unpaced in
// effect): what generated-seeds.spec.ts and reading-matrix.spec.ts run, seed by seed.

import { HttpStepRunner } from '../../contracts/client/http-step-runner.ts';
import type { StepRunner } from '../../contracts/client/request-step.ts';
import { targetFromEnv } from '../../contracts/client/target.ts';
import { type GeneratedRunResult, runGenerated } from '../../contracts/stateful/run-generated.ts';
import { PROCESSING_MS } from './reference-server/files.ts';
import type { ReferenceServer } from './reference-server/index.ts';

/** How one run of the generated tests goes. */
export interface InProcessRun {
  seed: number;
  numRuns: number;
  maxCommands: number;
  path?: string;
  endOnFailure?: boolean;
  /** Run and run/stream calls the run may spend (default: no limit). */
  runCalls?: number;
  /** More settings of the target (deadlines and caps). */
  env?: Record<string, string>;
  /** Told of every step sent and its answer's status (a test counts what the run reached). */
  onStep?: (operationId: string, status: number) => void;
}

/** Runs the generated tests once against `server`. */
export async function runGeneratedAgainst(server: ReferenceServer, run: InProcessRun): Promise<GeneratedRunResult> {
  const target = targetFromEnv({
    BASE_URL: server.url,
    API_KEY: server.apiKey,
    API_KEY_OTHER_TENANT: server.otherTenantApiKey,
    LIVE_MAX_RPS: '1000',
    LIVE_MAX_RPM: '100000',
    // The server processes a file in PROCESSING_MS: polls a little later find it done.
    POLL_PAUSE_MS: String(PROCESSING_MS + 10),
    ...run.env,
  });
  const assistants = (await (
    await fetch(`${server.url}/v1/assistants`, { headers: { 'api-key': server.apiKey } })
  ).json()) as Array<{ id: string; streaming: boolean; request_required_fields: Record<string, string[]> }>;
  return runGenerated({
    seed: run.seed,
    numRuns: run.numRuns,
    maxCommands: run.maxCommands,
    ...(run.path ? { path: run.path } : {}),
    ...(run.endOnFailure ? { endOnFailure: true } : {}),
    world: {
      assistants,
      otherTenant: true,
      runCallsLeft: run.runCalls ?? Number.MAX_SAFE_INTEGER,
      planning: false,
    },
    target: {
      runner: () => counted(new HttpStepRunner(target), run.onStep),
      live: true,
      check: { strict: false, redactValues: true },
      strictness: PENDING,
    },
  });
}

/** The runner, telling `onStep` of each step it sends. */
function counted(runner: StepRunner, onStep: InProcessRun['onStep']): StepRunner {
  if (onStep === undefined) return runner;
  const send = runner.send.bind(runner);
  runner.send = async (step) => {
    const answer = await send(step);
    onStep(step.operationId, answer.status);
    return answer;
  };
  return runner;
}

/** A false alarm or a finding of one run, as one line: seed, path, check and message (or the error). */
export function describeOutcome(result: GeneratedRunResult): string | undefined {
  if (result.error !== undefined) return `seed ${result.seed}: ${String(result.error)}`;
  if (result.failure)
    return `seed ${result.seed} path ${result.failure.path}: [${result.failure.check}] ${result.failure.message}`;
  return undefined;
}

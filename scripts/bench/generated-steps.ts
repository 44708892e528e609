// Generated steps per second against the mock (a separate process, as in `npm run contract`),
// next to the same client sending one fixed request in a loop: the cost of generating,
// planning, checking and judging shows as the gap between the two.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { STRICT } from '../../contracts/check/pending.ts';
import { HttpStepRunner } from '../../contracts/client/http-step-runner.ts';
import { targetFromEnv } from '../../contracts/client/target.ts';
import { freePort } from '../../contracts/lib/free-port.ts';
import { runGenerated } from '../../contracts/stateful/run-generated.ts';

/** Steps per second of the generated tests, and of a fixed request through the same client. */
export async function generatedStepsPerSecond(): Promise<{ generated: number; steps: number; fixed: number }> {
  const port = freePort();
  const mock = spawn(
    process.execPath,
    [join('bin', 'agents-api-suite.js'), 'mock', '--port', String(port), '--no-rate-limit', '--quiet'],
    { stdio: 'ignore' },
  );
  try {
    const target = targetFromEnv({ MOCK_PORT: String(port) });
    const runner = new HttpStepRunner(target);
    for (let tries = 0; ; tries++) {
      const up = await runner.send({ operationId: 'listAssistants' }).then(
        (a) => a.status === 200,
        () => false,
      );
      if (up) break;
      if (tries > 100) throw new Error(`The mock did not start on port ${port}.`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const assistants = JSON.parse((await runner.send({ operationId: 'listAssistants' })).body) as Array<{
      id: string;
      streaming: boolean;
      request_required_fields: Record<string, string[]>;
    }>;
    const started = performance.now();
    const result = await runGenerated({
      seed: 1,
      numRuns: 200,
      maxCommands: 24,
      world: { assistants, otherTenant: true, runCallsLeft: Number.MAX_SAFE_INTEGER, planning: false },
      target: {
        runner: () => new HttpStepRunner(target),
        live: false,
        check: { strict: false, redactValues: false },
        strictness: STRICT,
      },
    });
    const seconds = (performance.now() - started) / 1000;
    if (result.failure || result.error)
      throw new Error(
        `The generated tests failed against the mock: ${result.failure?.message ?? String(result.error)}`,
      );
    const fixedStarted = performance.now();
    for (let i = 0; i < result.steps; i++) await runner.send({ operationId: 'listAssistants' });
    const fixedSeconds = (performance.now() - fixedStarted) / 1000;
    return { generated: result.steps / seconds, steps: result.steps, fixed: result.steps / fixedSeconds };
  } finally {
    mock.kill();
  }
}

// Generated, model-based contract tests: sequences of requests generated from the contract's
// schemas, each answer checked against the contract and judged against the model of the
// documented rules. A failure is shrunk and reported with its seed, path, check and curl lines;
// the run stays inside its budgets of requests and time (shrinking included) and deletes every
// thread it created, whatever ends it.
import { checkNamed } from '../../contracts/check/check-names.ts';
import { GENERATED_CHECKS } from '../../contracts/check/model-checks.ts';
import { violation } from '../../contracts/check/named-check.ts';
import type { components } from '../../contracts/generated/api.ts';
import { recordObservation } from '../../contracts/ledger/observations.ts';
import { ExampleDb } from '../../contracts/stateful/example-db.ts';
import { GeneratedSession, type SessionResult } from '../../contracts/stateful/generated-session.ts';
import type { GeneratedFailure, GeneratedRunResult } from '../../contracts/stateful/run-generated.ts';
import { describeSeed } from '../../contracts/stateful/seed-policy.ts';
import { generatedSettings } from '../../contracts/stateful/settings.ts';
import { test as base, expect } from '../support/fixtures.ts';

type Assistant = components['schemas']['Assistant'];

// The session is a fixture so that its close() (stop, then delete every thread left) runs in
// teardown: after the test body, after a timeout, and when the run is interrupted.
const test = base.extend<{ session: GeneratedSession }>({
  session: async ({ target }, use, testInfo) => {
    const session = new GeneratedSession(target, generatedSettings(process.env, target), {
      workers: testInfo.config.workers,
    });
    await use(session);
    const left = await session.close();
    expect(left, 'threads the generated tests created and could not delete (delete them by hand)').toEqual([]);
  },
});

function report(failure: GeneratedFailure, result: GeneratedRunResult, replayedFrom?: string): string {
  return [
    `Generated sequence failed: ${failure.message}`,
    `  check: ${failure.check}`,
    `  seed: ${failure.seed}   path: ${failure.path}`,
    ...(replayedFrom ? [`  ${replayedFrom}`] : []),
    ...(result.stopped?.while === 'shrinking' ? [`  ${result.stopped.message}`] : []),
    `  replay: FUZZ_SEED=${failure.seed} FUZZ_PATH='${failure.path}' npm run contract -- --grep generated`,
    `  shrunk sequence: ${failure.commands}`,
    '  requests (key as $API_KEY):',
    ...failure.log.map((step, i) => `    ${i + 1}. [${step.command}] -> ${step.status}\n       ${step.curl}`),
  ].join('\n');
}

/** The run whose result the test reports: the replay that failed again, else the exploration. */
function reported(outcome: SessionResult): { result: GeneratedRunResult; from?: string } | undefined {
  if (outcome.replayed)
    return {
      result: outcome.replayed.result,
      from: `replayed from the example database (found ${outcome.replayed.example.foundAt}); fix it, or delete the entry`,
    };
  return outcome.explored ? { result: outcome.explored } : undefined;
}

test.describe('generated sequences', () => {
  test('every generated step keeps the contract and the documented rules', async ({
    assistants,
    target,
    session,
  }, testInfo) => {
    const { settings } = session;
    const otherTenant = target.otherTenantKey !== undefined;
    test.setTimeout(settings.testTimeoutMs);
    const budget = (n: number) => (n >= Number.MAX_SAFE_INTEGER ? 'unbounded' : String(n));
    const seedLine = `[generated] seed=${describeSeed({ seed: settings.seed, source: settings.seedSource })} sequences=${settings.numRuns} commands<=${settings.maxCommands} mode=${target.live ? 'live' : 'mock'}`;
    const otherTenantLine = `[generated] other-tenant steps: ${otherTenant ? 'on' : "off (API_KEY_OTHER_TENANT is not set, so steps with another tenant's key are not generated)"}`;
    const replayLine = settings.path ? `[generated] replaying FUZZ_PATH=${settings.path}` : '';
    // The terminal gets the seed first (a run killed midway can still be replayed), what the user
    // asked for or lacks (a replayed path, no other tenant); the rest of the settings go to the report.
    console.log([seedLine, otherTenant ? '' : otherTenantLine, replayLine].filter(Boolean).join('\n'));
    const settingsLines = [
      seedLine,
      `[generated] budget: ${budget(settings.maxRequests)} requests (FUZZ_MAX_REQUESTS), ${budget(settings.maxRunCalls)} run calls (FUZZ_MAX_RUN_CALLS), ${settings.maxSeconds} s (FUZZ_MAX_SECONDS), shrinking and cleanup included`,
      `[generated] checks: ${GENERATED_CHECKS.join(', ')}`,
      otherTenantLine,
      settings.examples ? `[generated] example database: ${settings.examples} (FUZZ_EXAMPLES)` : '',
      replayLine,
    ].filter(Boolean);
    await testInfo.attach('generated settings', { body: `${settingsLines.join('\n')}\n`, contentType: 'text/plain' });
    testInfo.annotations.push({ type: 'generated seed', description: String(settings.seed) });
    const world = {
      assistants: assistants.all.map((a: Assistant) => ({
        id: a.id,
        streaming: a.streaming,
        request_required_fields: a.request_required_fields,
      })),
      otherTenant,
      runCallsLeft: settings.maxRunCalls,
      planning: false,
    };
    const outcome = await session.run(world, settings.examples ? new ExampleDb(settings.examples) : undefined);
    // Delete what is left before reporting, so that the report says whether anything stayed behind.
    const left = await session.close();
    const use = session.budget.use();
    for (const fixed of outcome.fixed)
      console.log(`[generated] the stored failure of seed ${fixed.seed} (${fixed.check}) passes now; dropped it`);
    const shown = reported(outcome);
    const result = shown?.result;
    console.log(
      `[generated] ${result?.sequences ?? 0} sequences, ${result?.steps ?? 0} steps; ${use.requests} requests${use.overBudget ? ` (${use.overBudget} cleanup retries past the budget)` : ''}, ${(use.elapsedMs / 1_000).toFixed(1)} s (seed ${settings.seed})`,
    );
    if (result?.stopped?.while === 'exploring') console.log(`[generated] ${result.stopped.message}`);
    expect(left, 'threads the generated tests created and could not delete (delete them by hand)').toEqual([]);
    if (result?.error !== undefined) throw result.error;
    if (result?.failure) {
      const text = report(result.failure, result, shown?.from);
      await testInfo.attach('generated failure', { body: `${text}\n`, contentType: 'text/plain' });
      // Into contract-report.json like any other check: the contract checker's own violations
      // (with their pointers) when the answer broke the contract, else the generated check.
      const { failure } = result;
      const last = failure.log.at(-1);
      const where = ` (seed ${failure.seed}, path ${failure.path})`;
      const violations = failure.violations?.map((v) => ({ ...v, message: `${v.message}${where}` })) ?? [
        violation(checkNamed(failure.check), { message: `${failure.message}${where}`, assumptions: [] }),
      ];
      recordObservation({
        operationId: last?.operationId ?? 'createThread',
        status: last?.status ?? 0,
        test: testInfo.titlePath.slice(1).join(' > '),
        violations,
        ...(last ? { curl: last.curl } : {}),
      });
      throw new Error(text);
    }
    expect(result?.sequences ?? 0, 'sequences run').toBeGreaterThanOrEqual(1);
  });
});

// Generated, model-based contract tests: sequences of requests generated from the contract's
// schemas, each answer checked against the contract and judged against the model of the
// documented rules. A failure is shrunk and reported with its seed, path, check and curl lines.
import { violation } from '../../contracts/check/check-names.ts';
import type { components } from '../../contracts/generated/api.ts';
import { expect, test } from '../support/fixtures.ts';
import { type GeneratedFailure, runGenerated } from '../support/generated/run-generated.ts';
import { GENERATED_CHECKS } from '../support/generated/sequence.ts';
import { generatedSettings } from '../support/generated/settings.ts';
import { HttpStepRunner } from '../support/http-step-runner.ts';
import { recordObservation } from '../support/observations.ts';

type Assistant = components['schemas']['Assistant'];

function report(failure: GeneratedFailure): string {
  return [
    `Generated sequence failed: ${failure.message}`,
    `  check: ${failure.check}`,
    `  seed: ${failure.seed}   path: ${failure.path}`,
    `  replay: FUZZ_SEED=${failure.seed} FUZZ_PATH='${failure.path}' npm run contract -- --grep generated`,
    `  shrunk sequence: ${failure.commands}`,
    '  requests (key as $API_KEY):',
    ...failure.log.map((step, i) => `    ${i + 1}. [${step.command}] -> ${step.status}\n       ${step.curl}`),
  ].join('\n');
}

test.describe('generated sequences', () => {
  test('every generated step keeps the contract and the documented rules', async ({ assistants, target }, testInfo) => {
    const settings = generatedSettings(process.env, target);
    const otherTenant = target.otherTenantKey !== undefined;
    // Live: the pacer spends a minute per 50 run calls; give the budget room.
    test.setTimeout(target.live ? Math.max(target.testTimeoutMs, 240_000) : 60_000);
    const header = [
      `[generated] seed=${settings.seed}${settings.seedGiven ? ' (FUZZ_SEED)' : ''} sequences=${settings.numRuns} commands<=${settings.maxCommands} mode=${target.live ? 'live' : 'mock'}`,
      `[generated] run-call budget: ${target.live ? settings.maxRunCalls : 'unbounded (mock)'}; checks: ${GENERATED_CHECKS.join(', ')}`,
      `[generated] other-tenant steps: ${otherTenant ? 'on' : "off (API_KEY_OTHER_TENANT is not set, so steps with another tenant's key are not generated)"}`,
      settings.path ? `[generated] replaying FUZZ_PATH=${settings.path}` : '',
    ].filter(Boolean);
    console.log(header.join('\n'));
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
    const started = Date.now();
    const result = await runGenerated({
      seed: settings.seed,
      numRuns: settings.numRuns,
      maxCommands: settings.maxCommands,
      ...(settings.path ? { path: settings.path } : {}),
      world,
      target: {
        runner: () => new HttpStepRunner(target, { workers: testInfo.config.workers }),
        live: target.live,
        check: { strict: target.strict, redactValues: target.live },
      },
    });
    const seconds = (Date.now() - started) / 1_000;
    console.log(
      `[generated] ${result.sequences} sequences, ${result.steps} steps in ${seconds.toFixed(1)} s (seed ${settings.seed})`,
    );
    if (result.error !== undefined) throw result.error;
    if (result.failure) {
      const text = report(result.failure);
      await testInfo.attach('generated failure', { body: `${text}\n`, contentType: 'text/plain' });
      // Into contract-report.json like any other check: the contract checker's own violations
      // (with their pointers) when the answer broke the contract, else the generated check.
      const { failure } = result;
      const last = failure.log.at(-1);
      const where = ` (seed ${failure.seed}, path ${failure.path})`;
      const violations = failure.violations?.map((v) => ({ ...v, message: `${v.message}${where}` })) ?? [
        violation(failure.check, `${failure.message}${where}`, []),
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
    expect(result.sequences, 'sequences run').toBeGreaterThanOrEqual(settings.path ? 1 : Math.min(settings.numRuns, 1));
  });
});

// The generated-* breaks are checked in process: the generated tests, at the settings of the
// nested runs that catch them in `npm run test:full` (break-namings.ts) and with the seed a run
// would draw, meet each break and name its check. `npm test` checks one break per check
// (`inProcessSample`), `npm run test:full` every one. A nested run of its own per break costs 6 s of
// CPU before its first request, and the generated test stops at its first failure, so these
// breaks cannot share a nested run (break-groups.ts, rule 4); the failing generated test's report
// in a real nested run is shown by live-interrupt.spec.ts, and each break in a nested run of its
// own by live-mode-single.spec.ts.
import { expect } from '@playwright/test';
import { CI_SEED } from '../../contracts/stateful/seed-policy.ts';
import { generatedSettings } from '../../contracts/stateful/settings.ts';
import { test } from '../support/base-test.ts';
import { inProcessBreaks, inProcessSample } from './break-groups.ts';
import { breakNamings } from './break-namings.ts';
import { describeOutcome, runGeneratedAgainst } from './generated-in-process.ts';
import { nestedEnv } from './nested-run.ts';
import { breakPromises, startReferenceServer } from './reference-server/index.ts';

test.describe.configure({ mode: 'parallel' });

for (const name of inProcessBreaks) {
  const naming = breakNamings[name];
  const tag = inProcessSample.includes(name) ? [] : ['@full'];
  test(`the generated tests catch ${name} and name its check`, { tag }, async () => {
    const want = naming.check;
    expect(want, 'break-namings.ts names its check').toBeDefined();
    // What the break's nested run would use in CI: its environment, read as a live run reads it,
    // with CI's fixed seed unless FUZZ_SEED names one (a drawn seed would make this test a dice roll).
    const env = nestedEnv({ FUZZ_SEED: process.env.FUZZ_SEED || String(CI_SEED), ...naming.env });
    const { seed, numRuns, maxCommands, maxRunCalls } = generatedSettings(env, { live: true });
    const server = await startReferenceServer({ breaks: [name] });
    try {
      const result = await runGeneratedAgainst(server, {
        seed,
        numRuns,
        maxCommands,
        runCalls: maxRunCalls,
        endOnFailure: true,
      });
      expect(
        result.failure?.check,
        `${name} breaks "${breakPromises[name]}"; seed ${seed} (FUZZ_SEED) found: ${describeOutcome(result) ?? 'nothing'}`,
      ).toBe(want);
    } finally {
      await server.close();
    }
  });
}

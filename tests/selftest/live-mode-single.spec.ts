// `npm run test:full`: every break in a nested run of its own, as the self-test ran them before
// breaks shared runs, and the measurement behind the grouping rule (break-groups.ts): a group
// without one of its breaks must not name that break, so that in the group's run each naming is
// its own break's doing.
import { expect } from '@playwright/test';
import { test } from '../support/base-test.ts';
import { allGroups, groupEnv, groupGrep, rateLimitBreaks } from './break-groups.ts';
import { breakContradictions } from './break-ledger.ts';
import { breakNamings } from './break-namings.ts';
import { account, expectNamed, missingNaming, runWithBreaks, TEST_TIMEOUT_MS } from './break-runs.ts';
import { breakNames, breakPromises } from './reference-server/index.ts';

test.describe.configure({ mode: 'parallel' });

test.describe('the contract suite in live mode against the reference server, one break at a time', {
  tag: '@full',
}, () => {
  // The rate-limit breaks are the rate-limit contract's to name (rate-limit-breaks.spec.ts).
  for (const name of breakNames.filter((n) => !rateLimitBreaks.includes(n))) {
    const naming = breakNamings[name];
    const strict = naming.basis === 'assumed';
    const title = strict
      ? `fails under CONTRACT_STRICT=1 and names the assumption when the server has ${name}`
      : `fails and names the promise when the server has ${name}`;
    test(title, async () => {
      test.setTimeout(TEST_TIMEOUT_MS);
      const env = strict ? { ...naming.env, CONTRACT_STRICT: '1' } : naming.env;
      const run = await runWithBreaks([name], naming.grep, { env });
      expect(
        run.cases.length,
        `the nested run ran the tests matching --grep "${naming.grep}"\n${account(run)}`,
      ).toBeGreaterThan(0);
      expect(
        run.exitCode,
        `the nested run must fail: ${name} breaks "${breakPromises[name]}"\n${account(run)}`,
      ).not.toBe(0);
      expectNamed(run, name);
      expect(
        run.ledger?.contradicted ?? 'no assumptions.json',
        `the ledger contradicts exactly the assumptions ${name} breaks\n${account(run)}`,
      ).toEqual(breakContradictions[name] ?? []);
    });
  }

  for (const { name: group, breaks } of allGroups) {
    for (const name of breaks) {
      test(`the rest of its group (${group}) does not name ${name}`, async () => {
        test.setTimeout(TEST_TIMEOUT_MS);
        const rest = breaks.filter((b) => b !== name);
        // The group's grep and settings: the very run the group makes, less one break.
        const run = await runWithBreaks(rest, groupGrep(breaks), { env: groupEnv(breaks) });
        expect(run.cases.length, account(run)).toBeGreaterThan(0);
        expect(
          missingNaming(run, breakNamings[name]),
          `without ${name} the run must not name "${breakPromises[name]}": another break of the group would then pass its check (break-groups.ts, rule 1)\n${account(run)}`,
        ).toBeDefined();
      });
    }
  }
});

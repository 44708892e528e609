import { AuthFindings } from '../../contracts/authz/auth-findings.ts';
import { sampleRequest } from '../../contracts/authz/request-samples.ts';
import { ignoredAuth } from '../../contracts/check/auth-checks.ts';
import { operationIds, pathParams } from '../../contracts/check/operation-path.ts';
import type { KeyChoice } from '../../contracts/client/key-choice.ts';
import { operations } from '../../contracts/generated/validators.js';
import type { RefusalKind } from '../../contracts/ledger/auth-records.ts';
import { test } from '../support/fixtures.ts';
import { createPrivateThread, sampleContextOf } from '../support/private-thread.ts';
import { probeLeavingThreadAsIs, probeRefusal } from '../support/refusal-probe.ts';

// Every operation of the generated index, so that a new endpoint is held to the promise without
// a code change: no key and an invalid key get 401 unauthorized, carry nothing of the tenant's
// data, and change nothing.
const withoutAValidKey: Array<[KeyChoice, string, RefusalKind]> = [
  ['none', 'without an api-key header', 'no-key'],
  ['invalid', 'with an invalid key', 'invalid-key'],
];

test.describe('Authentication on every operation', () => {
  for (const operationId of operationIds) {
    const op = operations[operationId];
    test(`answers 401 unauthorized without an api-key header and for an invalid key: ${operationId} (${op.method} ${op.path})`, async ({
      api,
      threads,
      assistants,
    }, testInfo) => {
      const findings = new AuthFindings(testInfo);
      const owned = await createPrivateThread(api, threads);
      const request = await sampleRequest(operationId, sampleContextOf(owned, assistants.primary));
      // With a body valid for the contract, 401 is the only documented answer.
      const rule = ignoredAuth.refusal(operationId, request.bodyValid);
      for (const [key, label, kind] of withoutAValidKey) {
        const probe = {
          check: ignoredAuth,
          operationId,
          key,
          request,
          label,
          ...rule,
          secrets: owned.secrets,
          kind,
        };
        // On the thread's own operations, a refused request must also have left it as it was.
        if (pathParams(operationId).includes('thread_id'))
          await probeLeavingThreadAsIs(api, findings, probe, owned.thread.id);
        else await probeRefusal(api, findings, probe);
      }
      findings.throwIfAny();
    });
  }
});

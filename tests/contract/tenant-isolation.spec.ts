import { AuthFindings } from '../../contracts/authz/auth-findings.ts';
import { operationsWithQuery, sampleRequest, wideningQuery } from '../../contracts/authz/request-samples.ts';
import { tenantIsolation } from '../../contracts/check/auth-checks.ts';
import { operationIds } from '../../contracts/check/operation-path.ts';
import { tenantScope } from '../../contracts/check/tenant-scope.ts';
import type { components } from '../../contracts/generated/api.ts';
import type { OperationId } from '../../contracts/generated/validators.js';
import { operations } from '../../contracts/generated/validators.js';
import { test } from '../support/fixtures.ts';
import { createPrivateThread, sampleContextOf } from '../support/private-thread.ts';
import { probeLeavingThreadAsIs, probeRefusal, type RefusalProbe } from '../support/refusal-probe.ts';

type Assistant = components['schemas']['Assistant'];

// Another tenant's key against this tenant's threads and assistants, on every operation of the
// generated index that can reach them (tenant-scope.ts). Any refusal is accepted, whatever its
// status and code: the docs do not say which one another tenant gets (docs/decisions/0030), and
// the contract check reports the one an API chose. The answer must carry nothing of the thread,
// and the owner must see the thread as before.
// Operations that take a thread in the query (chat completions continue one), read from the spec.
const threadInQuery = await operationsWithQuery('thread_id');
const NEEDS_OTHER_KEY =
  'needs API_KEY_OTHER_TENANT: a key of another tenant, to show that it reaches nothing of this one';
const ON_OUR_THREAD = 'with API_KEY_OTHER_TENANT on a thread of the main tenant';

function refusalProbe(
  operationId: OperationId,
  label: string,
  request: RefusalProbe['request'],
  secrets: RefusalProbe['secrets'],
): RefusalProbe {
  return {
    check: tenantIsolation,
    operationId,
    key: 'other',
    request,
    label,
    ...tenantIsolation.refusal(),
    secrets,
    kind: 'other-tenant',
  };
}

test.describe('Tenant isolation', () => {
  for (const operationId of operationIds) {
    const op = operations[operationId];
    const name = `${operationId} (${op.method} ${op.path})`;
    const scope = tenantScope(operationId);

    if (scope === 'thread') {
      test(`refuses another tenant's key on this tenant's thread, reveals nothing and changes nothing: ${name}`, async ({
        api,
        threads,
        assistants,
        target,
      }, testInfo) => {
        test.skip(!target.otherTenantKey, NEEDS_OTHER_KEY);
        const findings = new AuthFindings(testInfo);
        const owned = await createPrivateThread(api, threads);
        const request = await sampleRequest(operationId, sampleContextOf(owned, assistants.primary));
        await probeLeavingThreadAsIs(
          api,
          findings,
          refusalProbe(operationId, ON_OUR_THREAD, request, owned.secrets),
          owned.thread.id,
        );
        findings.throwIfAny();
      });
    }

    if (scope === 'assistant') {
      test(`refuses another tenant an assistant of this tenant: ${name}`, async ({
        api,
        threads,
        assistants,
        target,
      }, testInfo) => {
        test.skip(!target.otherTenantKey, NEEDS_OTHER_KEY);
        const theirs = (await api.call('listAssistants', { key: 'other' })).json<Assistant[]>().map((a) => a.id);
        const ours = assistants.all.find((a) => !theirs.includes(a.id));
        test.skip(
          !ours,
          "API_KEY_OTHER_TENANT's tenant lists every assistant of the main tenant: use a key of a tenant without them",
        );
        if (!ours) return;
        const findings = new AuthFindings(testInfo);
        const owned = await createPrivateThread(api, threads, ours);
        const request = await sampleRequest(operationId, {
          assistant: ours,
          threadId: owned.thread.id,
          messageId: owned.message.id,
        });
        await probeRefusal(
          api,
          findings,
          refusalProbe(
            operationId,
            `with API_KEY_OTHER_TENANT for an assistant its tenant does not list`,
            request,
            owned.secrets,
          ),
        );
        findings.throwIfAny();
      });
    }

    if (threadInQuery.includes(operationId)) {
      test(`refuses another tenant this tenant's thread as the context of a request, with an assistant of its own: ${name}`, async ({
        api,
        threads,
        target,
      }, testInfo) => {
        test.skip(!target.otherTenantKey, NEEDS_OTHER_KEY);
        // With one of our assistants it would be refused for the assistant alone; with its own,
        // only our thread stands between the other tenant and our messages.
        const theirs = (await api.call('listAssistants', { key: 'other' })).json<Assistant[]>()[0];
        test.skip(!theirs, "API_KEY_OTHER_TENANT's tenant lists no assistant of its own");
        if (!theirs) return;
        const findings = new AuthFindings(testInfo);
        const owned = await createPrivateThread(api, threads);
        const request = await sampleRequest(operationId, { assistant: theirs });
        const probe = refusalProbe(
          operationId,
          `with API_KEY_OTHER_TENANT, its own assistant and a thread of the main tenant as thread_id`,
          { ...request, query: { thread_id: owned.thread.id } },
          owned.secrets,
        );
        await probeLeavingThreadAsIs(api, findings, probe, owned.thread.id);
        findings.throwIfAny();
      });
    }

    if (scope === 'listing') {
      test(`shows another tenant nothing of this tenant's threads: ${name}`, async ({
        api,
        threads,
        assistants,
        target,
      }, testInfo) => {
        test.skip(!target.otherTenantKey, NEEDS_OTHER_KEY);
        const findings = new AuthFindings(testInfo);
        const owned = await createPrivateThread(api, threads);
        // As asked, and widened as far as the query allows (include_deleted, the thread's user_id).
        const widened = await wideningQuery(operationId, { assistant: assistants.primary, userId: owned.userId });
        for (const query of Object.keys(widened).length > 0 ? [{}, widened] : [{}]) {
          const shown = Object.keys(query).length > 0 ? ` ?${new URLSearchParams(query)}` : '';
          await probeRefusal(api, findings, {
            check: tenantIsolation,
            operationId,
            key: 'other',
            // Asking for our user_id is no leak (a value the request carries is not searched for);
            // the answer must still hold none of our threads.
            request: { query },
            label: `listing${shown} with API_KEY_OTHER_TENANT`,
            ...tenantIsolation.listing(),
            secrets: owned.secrets,
            kind: 'other-tenant',
          });
        }
        findings.throwIfAny();
      });
    }
  }
});

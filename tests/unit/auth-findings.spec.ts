import { expect } from '@playwright/test';
import { AuthCheckError, AuthFindings } from '../../contracts/authz/auth-findings.ts';
import { ignoredAuth, type Secret, tenantIsolation, useAfterDelete } from '../../contracts/check/auth-checks.ts';
import { operationIds } from '../../contracts/check/operation-path.ts';
import {
  type ApiClient,
  type ApiResult,
  type CallOptions,
  ContractViolationError,
} from '../../contracts/client/api-client.ts';
import type { OperationId } from '../../contracts/generated/validators.js';
import { readAuthRecords, recordExercise } from '../../contracts/ledger/auth-records.ts';
import { authCoverage, withAuthChecks } from '../../contracts/ledger/auth-report.ts';
import { test } from '../support/base-test.ts';
import {
  probeLeavingThreadAsIs,
  probeLeavingThreadGone,
  probeRefusal,
  type RefusalProbe,
} from '../support/refusal-probe.ts';
import { useScratchReportDir } from '../support/scratch-report-dir.ts';

const THREAD = '1a2b3c4d-5678-4abc-8ef0-112233445566';
const secrets: Secret[] = [
  { label: 'the thread id', value: THREAD },
  { label: 'the thread title', value: 'secret title 42' },
  { label: 'message content', value: 'secret note 42' },
];

// Findings are written under REPORT_DIR: each test gets its own, so that nothing lands in a real report.
useScratchReportDir(test, 'auth-findings');

type Answer = { status: number; body?: unknown; headers?: Record<string, string> } | ContractViolationError;

/** An ApiClient stand-in that answers from a script and records the calls it got. */
function scriptedClient(script: (operationId: OperationId, options: CallOptions) => Answer) {
  const calls: Array<{ operationId: OperationId; options: CallOptions }> = [];
  const api = {
    target: { otherTenantKey: 'unused' },
    async call(operationId: OperationId, options: CallOptions = {}): Promise<ApiResult> {
      calls.push({ operationId, options });
      const answer = script(operationId, options);
      if (answer instanceof ContractViolationError) throw answer;
      const text = answer.body === undefined ? '' : JSON.stringify(answer.body);
      const code = (answer.body as { error_code?: string } | undefined)?.error_code;
      return {
        status: answer.status,
        headers: answer.headers ?? {},
        text,
        curl: `curl ${operationId} key=${options.key ?? 'main'}`,
        ...(code ? { errorCode: code } : {}),
        json: <T>() => JSON.parse(text) as T,
      };
    },
  };
  return { api: api as unknown as ApiClient, calls };
}

function keyless(operationId: OperationId): RefusalProbe {
  return {
    check: ignoredAuth,
    operationId,
    key: 'none',
    request: { path: { thread_id: THREAD } },
    label: 'without an api-key header',
    expected: '401 unauthorized',
    accepts: (status, code) => status === 401 && code === 'unauthorized',
    secrets,
    kind: 'no-key',
  };
}

const UNAUTHORIZED = { status: 401, body: { error_code: 'unauthorized', detail: 'Invalid or missing API key' } };

test.describe('refusal probes', () => {
  test('a kept refusal is no finding and counts as exercised', async ({}, testInfo) => {
    const findings = new AuthFindings(testInfo);
    const { api } = scriptedClient(() => UNAUTHORIZED);
    expect((await probeRefusal(api, findings, keyless('getThread'))).kept).toBe(true);
    expect(findings.count).toBe(0);
    expect(readAuthRecords().exercises).toEqual([{ operationId: 'getThread', kind: 'no-key', kept: true }]);
  });

  test('an answer that is not the refusal is a finding named by the check, with its curl line', async ({}, testInfo) => {
    const findings = new AuthFindings(testInfo);
    const { api } = scriptedClient(() => ({ status: 200, body: { id: THREAD, title: 'secret title 42' } }));
    await probeRefusal(api, findings, keyless('getThread'));
    const error = (() => {
      try {
        findings.throwIfAny();
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(AuthCheckError);
    expect((error as Error).message).toContain(
      'Authentication not enforced (ignored-auth) on GET /v1/threads/{thread_id} (getThread), answered 200: without an api-key header: expected 401 unauthorized. Got 200.',
    );
    expect((error as Error).message).toContain('Reproduce: curl getThread key=none');
    const [finding] = readAuthRecords().findings;
    expect(finding).toMatchObject({
      check: 'ignored-auth',
      title: 'Authentication not enforced',
      operationId: 'getThread',
      status: 200,
      curl: 'curl getThread key=none',
    });
    expect(readAuthRecords().exercises).toEqual([{ operationId: 'getThread', kind: 'no-key', kept: false }]);
  });

  test("a refusal that carries the thread's data is a finding that names what leaked, never quoting it", async ({}, testInfo) => {
    const findings = new AuthFindings(testInfo);
    const { api } = scriptedClient(() => ({
      status: 401,
      body: { error_code: 'unauthorized', detail: `no key for "secret title 42" (${THREAD})` },
    }));
    await probeRefusal(api, findings, keyless('getThread'));
    const messages = readAuthRecords().findings.map((f) => f.message);
    // The thread id is in the request's path: echoing it reveals nothing.
    expect(messages).toEqual([
      "without an api-key header: the answer carries the thread title of the main tenant's thread.",
    ]);
    expect(messages.join()).not.toContain('secret title 42');
  });

  test("a refusal whose headers carry the thread's data is a finding too", async ({}, testInfo) => {
    const findings = new AuthFindings(testInfo);
    const { api } = scriptedClient(() => ({ ...UNAUTHORIZED, headers: { 'x-debug-thread': 'secret note 42' } }));
    await probeRefusal(api, findings, keyless('getThread'));
    expect(readAuthRecords().findings.map((f) => f.message)).toEqual([
      "without an api-key header: the answer carries message content of the main tenant's thread.",
    ]);
  });

  test('whatever a wrongly accepted POST created is deleted again, first with the key that created it', async ({}, testInfo) => {
    const findings = new AuthFindings(testInfo);
    const { api, calls } = scriptedClient((operationId) =>
      operationId === 'createThread' ? { status: 201, body: { id: 'created-by-other' } } : { status: 204 },
    );
    const probe: RefusalProbe = {
      ...keyless('createThread'),
      check: tenantIsolation,
      key: 'other',
      request: { body: { assistant_id: THREAD } },
      accepts: (status) => status === 403,
    };
    await probeRefusal(api, findings, probe);
    expect(findings.count).toBe(1);
    expect(calls.slice(1)).toEqual([
      { operationId: 'deleteThread', options: { path: { thread_id: 'created-by-other' }, key: 'other' } },
    ]);
  });

  test('a contract violation of an accepted status is rethrown as it is', async ({}, testInfo) => {
    const findings = new AuthFindings(testInfo);
    const violation = new ContractViolationError(
      'getThread',
      401,
      [
        {
          check: 'error-code',
          title: 'Error code not allowed for this status',
          message: 'x',
          assumptions: [],
          assumptionIds: [],
          basis: 'documented',
        },
      ],
      'curl x',
      { error_code: 'unauthorized' },
    );
    const { api } = scriptedClient(() => violation);
    await expect(probeRefusal(api, findings, keyless('getThread'))).rejects.toBe(violation);
  });

  test("a refused request that changed the owner's view of the thread is a finding", async ({}, testInfo) => {
    const findings = new AuthFindings(testInfo);
    let deleted = false;
    const { api } = scriptedClient((operationId) => {
      if (operationId === 'deleteThread') {
        deleted = true;
        return UNAUTHORIZED;
      }
      return deleted
        ? { status: 404, body: { error_code: 'thread_not_found', detail: 'gone' } }
        : { status: 200, body: { id: THREAD, items: [] } };
    });
    await probeLeavingThreadAsIs(api, findings, keyless('deleteThread'), THREAD);
    expect(readAuthRecords().findings.map((f) => f.message)).toEqual([
      "without an api-key header: afterwards the owner's GET of the thread answers 404 (it answered 200); the owner's list of messages answers 404 (it answered 200).",
    ]);
    // The refusal itself was right, but the promise broke: the coverage table says so.
    expect(readAuthRecords().exercises).toEqual([{ operationId: 'deleteThread', kind: 'no-key', kept: false }]);
  });

  test('a refused request on a deleted thread that brings it back is a finding; another refusal afterwards is not', async ({}, testInfo) => {
    const findings = new AuthFindings(testInfo);
    const DEACTIVATED = { status: 400, body: { error_code: 'thread_is_deactivated', detail: 'deleted' } };
    const NOT_FOUND = { status: 404, body: { error_code: 'thread_not_found', detail: 'gone' } };
    let state: 'deleted' | 'purged' | 'back' = 'deleted';
    const { api } = scriptedClient((operationId) => {
      if (operationId === 'deleteThread') state = 'purged';
      if (operationId === 'createMessage') state = 'back';
      if (operationId === 'deleteThread' || operationId === 'createMessage') return DEACTIVATED;
      return state === 'back'
        ? { status: 200, body: { id: THREAD, items: [] } }
        : state === 'purged'
          ? NOT_FOUND
          : DEACTIVATED;
    });
    const afterDelete = (operationId: OperationId): RefusalProbe => ({
      check: useAfterDelete,
      operationId,
      key: 'main',
      request: { path: { thread_id: THREAD } },
      label: 'after the thread was deleted',
      ...useAfterDelete.refusal(operationId),
      secrets,
    });
    // A second delete that turns "deactivated" into "not found" leaves the thread gone.
    await probeLeavingThreadGone(api, findings, afterDelete('deleteThread'), THREAD);
    expect(findings.count).toBe(0);
    await probeLeavingThreadGone(api, findings, afterDelete('createMessage'), THREAD);
    expect(readAuthRecords().findings.map((f) => f.message)).toEqual([
      "after the thread was deleted: afterwards the owner's GET of the deleted thread answers 200; the owner's list of the deleted thread's messages answers 200.",
    ]);
  });
});

test.describe('the report part', () => {
  test('lists per operation which refusals were exercised and whether they were kept', () => {
    recordExercise({ operationId: 'getThread', kind: 'no-key', kept: true });
    recordExercise({ operationId: 'getThread', kind: 'other-tenant', kept: true });
    recordExercise({ operationId: 'getThread', kind: 'other-tenant', kept: false });
    const row = authCoverage(readAuthRecords().exercises).find((r) => r.operationId === 'getThread');
    expect(row).toEqual({
      operationId: 'getThread',
      method: 'GET',
      path: '/v1/threads/{thread_id}',
      noKey: 'kept',
      invalidKey: 'not exercised',
      otherTenant: 'broken',
      otherUser: 'not applicable',
    });
    recordExercise({ operationId: 'getFileStatus', kind: 'other-user', kept: true });
    const file = authCoverage(readAuthRecords().exercises).find((r) => r.operationId === 'getFileStatus');
    expect(file?.otherUser, "another user is a refusal of the operations on a user's files").toBe('kept');
  });

  test('adds the findings to the violations and summary of contract-report.json', async ({}, testInfo) => {
    new AuthFindings(testInfo).add(
      useAfterDelete,
      'getThread',
      200,
      'after the thread was deleted: expected 404. Got 200.',
      'curl y',
    );
    const report = withAuthChecks({
      summary: { 'Response violates schema': 1 },
      violations: [{ check: 'body-schema' }],
    });
    expect(report.summary).toEqual({ 'Response violates schema': 1, 'Resource still available after deletion': 1 });
    expect(report.violations[1]).toMatchObject({
      check: 'use-after-delete',
      title: 'Resource still available after deletion',
      operationId: 'getThread',
      status: 200,
      curl: 'curl y',
    });
    expect(report.authCoverage.map((r) => r.operationId)).toEqual(operationIds);
  });
});

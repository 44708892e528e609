// One request that must be refused, sent and judged by its check (contracts/check/auth-checks.ts:
// the answers it accepts, the secrets its answer must not carry, the owner's view unchanged). A
// wrong answer is a finding of that check (auth-findings.ts), and whatever a wrongly accepted
// request created is deleted again.

import type { AuthFindings } from '../../contracts/authz/auth-findings.ts';
import {
  type AuthCheck,
  judgeRefusal,
  type RefusalRule,
  type Secret,
  viewChanges,
} from '../../contracts/check/auth-checks.ts';
import { errorCodeOf, parseJson } from '../../contracts/check/body-text.ts';
import { operationIds } from '../../contracts/check/operation-path.ts';
import { type ApiClient, type CallOptions, ContractViolationError } from '../../contracts/client/api-client.ts';
import type { KeyChoice } from '../../contracts/client/key-choice.ts';
import type { OperationId } from '../../contracts/generated/validators.js';
import { operations } from '../../contracts/generated/validators.js';
import { type RefusalKind, recordExercise } from '../../contracts/ledger/auth-records.ts';
import { ownerView } from './private-thread.ts';

/** What a probe sends, the check that judges it, and the answers that check accepts (its RefusalRule). */
export interface RefusalProbe extends RefusalRule {
  check: AuthCheck;
  operationId: OperationId;
  key: KeyChoice;
  request: Pick<CallOptions, 'path' | 'query' | 'headers' | 'body'>;
  /** How a finding names the request: "without an api-key header". */
  label: string;
  secrets: Secret[];
  /** Counted in the coverage table when given. */
  kind?: RefusalKind;
}

/** The answer a probe got, conforming or not. */
export interface ProbeAnswer {
  status: number;
  body: unknown;
  kept: boolean;
  curl: string;
}

/**
 * Sends the probe and records what broke. A contract violation of an answer the probe accepts is
 * rethrown as it is (the contract check names it); one of an answer it does not accept is part of
 * the finding.
 */
export async function probeRefusal(api: ApiClient, findings: AuthFindings, probe: RefusalProbe): Promise<ProbeAnswer> {
  const { operationId, request, key } = probe;
  let status: number;
  let body: unknown;
  let text: string;
  let errorCode: string | undefined;
  let curl: string;
  let contract: ContractViolationError | undefined;
  try {
    const res = await api.call(operationId, { ...request, key });
    ({ status, errorCode, curl } = res);
    const parsed = parseJson(res.text);
    body = parsed.ok ? parsed.value : undefined;
    // Headers too: a Location or a debug header can carry what the body does not.
    text = `${JSON.stringify(res.headers)}\n${res.text}`;
  } catch (error) {
    if (!(error instanceof ContractViolationError)) throw error;
    contract = error;
    ({ status, body, curl } = error);
    text = body === undefined ? '' : JSON.stringify(body);
    errorCode = errorCodeOf(body);
  }
  const { accepted, leaks } = judgeRefusal(probe, { status, errorCode, text }, probe.secrets, JSON.stringify(request));
  if (probe.kind) recordExercise({ operationId, kind: probe.kind, kept: accepted && leaks.length === 0 });
  if (contract && accepted) throw contract;
  if (!accepted) {
    const also = contract
      ? ` The answer also breaks the contract: ${contract.violations.map((v) => v.title).join('; ')}.`
      : '';
    findings.add(
      probe.check,
      operationId,
      status,
      `${probe.label}: expected ${probe.expected}. Got ${status}${errorCode ? ` ${errorCode}` : ''}.${also}`,
      curl,
    );
  }
  if (leaks.length > 0)
    findings.add(
      probe.check,
      operationId,
      status,
      `${probe.label}: the answer carries ${leaks.join(', ')} of the main tenant's thread.`,
      curl,
    );
  if (!accepted) await deleteCreated(api, operationId, request.path ?? {}, status, body, key);
  return { status, body, kept: accepted && leaks.length === 0, curl };
}

/** Probes, and shows that the owner sees the thread as before: a change is a finding of the probe's check. */
export async function probeLeavingThreadAsIs(
  api: ApiClient,
  findings: AuthFindings,
  probe: RefusalProbe,
  threadId: string,
): Promise<ProbeAnswer> {
  const before = await ownerView(api, threadId);
  const answer = await probeRefusal(api, findings, probe);
  const changes = viewChanges(before, await ownerView(api, threadId));
  if (changes.length > 0)
    findings.add(
      probe.check,
      probe.operationId,
      answer.status,
      `${probe.label}: afterwards ${changes.join('; ')}.`,
      answer.curl,
    );
  return answer;
}

/**
 * Deletes what a request that should have been refused created: the DELETE one level below the
 * POST's path (`POST /v1/threads` -> `DELETE /v1/threads/{thread_id}`), first with the key that
 * created it, so that the other tenant never keeps anything it created.
 */
async function deleteCreated(
  api: ApiClient,
  operationId: OperationId,
  path: Record<string, string>,
  status: number,
  body: unknown,
  key: KeyChoice,
): Promise<void> {
  const op = operations[operationId];
  const id = (body as { id?: unknown } | undefined)?.id;
  if (op.method !== 'POST' || status < 200 || status >= 300 || typeof id !== 'string') return;
  const remover = operationIds.find((candidate) => {
    const c = operations[candidate];
    return (
      c.method === 'DELETE' && new RegExp(`^${op.path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/\\{\\w+\\}$`).test(c.path)
    );
  });
  if (remover === undefined) return;
  const param = /\{(\w+)\}$/.exec(operations[remover].path)?.[1] ?? '';
  // The key that created it first; a keyless or invalid key was served as some tenant: try both.
  const keys: KeyChoice[] =
    key === 'other' ? ['other', 'main'] : ['main', ...(api.target.otherTenantKey ? ['other' as const] : [])];
  for (const k of keys) {
    try {
      const res = await api.call(remover, { path: { ...path, [param]: id }, key: k });
      if (res.status >= 200 && res.status < 300) return;
    } catch {
      // Best effort: the finding already fails the test.
    }
  }
}

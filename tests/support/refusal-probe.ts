// One request that must be refused, sent and judged by its check (contracts/check/auth-checks.ts:
// the answers it accepts, the secrets its answer must not carry, the owner's view unchanged, a
// deleted thread still gone). A wrong answer is a finding of that check (auth-findings.ts), and
// whatever a wrongly accepted request created is deleted again.

import type { AuthFindings } from '../../contracts/authz/auth-findings.ts';
import {
  type AuthCheck,
  judgeRefusal,
  type OwnerView,
  type RefusalRule,
  type Secret,
  useAfterDelete,
  viewChanges,
} from '../../contracts/check/auth-checks.ts';
import { errorCodeOf, parseJson } from '../../contracts/check/body-text.ts';
import { operationIds } from '../../contracts/check/operation-path.ts';
import { isSuccess } from '../../contracts/check/status-class.ts';
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

/** A probe's answer before it is settled: the contract violation, if any, is rethrown only then. */
interface Sent extends ProbeAnswer {
  accepted: boolean;
  contract: ContractViolationError | undefined;
}

/**
 * Sends the probe and records what broke: an answer the rule does not accept, or one that carries
 * a secret. Whatever a wrongly accepted request created is deleted again.
 */
async function send(api: ApiClient, findings: AuthFindings, probe: RefusalProbe): Promise<Sent> {
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
  return { status, body, curl, accepted, contract, kept: accepted && leaks.length === 0 };
}

/**
 * Counts the probe in the coverage table (kept only if nothing at all broke) and rethrows the
 * contract violation of an answer the probe accepts as it is: the contract check names it. One of
 * an answer it does not accept is already part of the finding.
 */
function settle(probe: RefusalProbe, sent: Sent): ProbeAnswer {
  if (probe.kind) recordExercise({ operationId: probe.operationId, kind: probe.kind, kept: sent.kept });
  if (sent.contract && sent.accepted) throw sent.contract;
  const { status, body, kept, curl } = sent;
  return { status, body, kept, curl };
}

/** Sends one probe and records what broke (see send and settle). */
export async function probeRefusal(api: ApiClient, findings: AuthFindings, probe: RefusalProbe): Promise<ProbeAnswer> {
  return settle(probe, await send(api, findings, probe));
}

/**
 * Probes, then reads the owner's view of the thread: what `judge` finds in it (what the probe must
 * not have done to the thread) is a finding of the probe's check.
 */
async function probeWatching(
  api: ApiClient,
  findings: AuthFindings,
  probe: RefusalProbe,
  threadId: string,
  judge: (after: OwnerView) => string[],
): Promise<ProbeAnswer> {
  const sent = await send(api, findings, probe);
  const changes = judge(await ownerView(api, threadId));
  if (changes.length > 0)
    findings.add(
      probe.check,
      probe.operationId,
      sent.status,
      `${probe.label}: afterwards ${changes.join('; ')}.`,
      sent.curl,
    );
  return settle(probe, { ...sent, kept: sent.kept && changes.length === 0 });
}

/** Probes, and shows that the owner sees the thread as before. */
export async function probeLeavingThreadAsIs(
  api: ApiClient,
  findings: AuthFindings,
  probe: RefusalProbe,
  threadId: string,
): Promise<ProbeAnswer> {
  const before = await ownerView(api, threadId);
  return probeWatching(api, findings, probe, threadId, (after) => viewChanges(before, after));
}

/**
 * Probes a thread that was deleted, and shows that it stays gone: afterwards the owner's GET of it
 * and of its messages are still refused. Which refusal may change (a second delete may turn
 * "deactivated" into "not found"); a success may not.
 */
export function probeLeavingThreadGone(
  api: ApiClient,
  findings: AuthFindings,
  probe: RefusalProbe,
  threadId: string,
): Promise<ProbeAnswer> {
  return probeWatching(api, findings, probe, threadId, useAfterDelete.revived);
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
  if (op.method !== 'POST' || !isSuccess(status) || typeof id !== 'string') return;
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
      if (isSuccess(res.status)) return;
    } catch {
      // Best effort: the finding already fails the test.
    }
  }
}

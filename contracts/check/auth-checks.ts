// The authorization and lifecycle checks (issue 11): promises about what a request may reach and
// what an answer reveals, judged across several calls. Each check here has its id, title and
// judges: what answers a refusal accepts, what an answer may not reveal, whether the owner's view
// changed. The Playwright tests send the requests (tests/support/refusal-probe.ts,
// private-thread.ts) and report what broke (contracts/authz/auth-findings.ts); the generated tests
// judge their steps with another tenant's key by tenant-isolation too. Node only (node:util): no
// load script reaches this file, and the boundary spec's k6 rule keeps it so.
import { isDeepStrictEqual } from 'node:util';
import type { OperationId } from '../generated/validators.js';
import { operations } from '../generated/validators.js';
import type { NamedCheck } from './named-check.ts';
import { isRefusal, isSuccess } from './status-class.ts';
import {
  describeAccepted,
  describeDifference,
  type ListingAfter,
  type ListingReading,
  type StepReading,
} from './step-verdict.ts';

/** The answers a request that must be refused may get, and how a finding names them. */
export interface RefusalRule {
  /** "401 unauthorized". */
  expected: string;
  accepts(status: number, errorCode: string | undefined): boolean;
}

/** A value of the thread that no answer to another caller may carry, and how a report names it. */
export interface Secret {
  label: string;
  value: string;
}

/** What the owner sees of a thread: the thread and its messages, each as status and parsed body. */
export interface OwnerView {
  thread: { status: number; body: unknown };
  messages: { status: number; body: unknown };
}

const ANY_REFUSAL = 'a refusal (any 4xx but 429; the docs do not say which status or code)';

/** No key, or an invalid one: 401, nothing revealed, nothing changed. */
export const ignoredAuth = {
  id: 'ignored-auth',
  title: 'Authentication not enforced',
  /**
   * What a call without a valid key may get: 401 unauthorized (the Error Handling guide and the
   * newer pages state both). The docs do not say whether the key or the body is checked first, so
   * when no valid body could be derived (bodyValid false) and the operation documents a 422, a
   * validation error in either documented body is accepted too: `validation_error`, or FastAPI's
   * `{"detail": [...]}`, which has no code.
   */
  refusal(operationId: OperationId, bodyValid: boolean): RefusalRule {
    const validationAllowed = !bodyValid && operations[operationId].responses['422'] !== undefined;
    return {
      expected: validationAllowed
        ? `401 unauthorized (or a 422 validation error: no body valid for ${operationId} could be derived from the spec)`
        : '401 unauthorized',
      accepts: (status, code) =>
        (status === 401 && code === 'unauthorized') ||
        (validationAllowed && status === 422 && (code === undefined || code === 'validation_error')),
    };
  },
} as const;

/** Another tenant's key reaches nothing of this tenant's: refused, nothing revealed, nothing changed. */
export const tenantIsolation = {
  id: 'tenant-isolation',
  title: "Another tenant reached this tenant's data",
  /**
   * Another tenant's key on this tenant's thread or assistant: any refusal. That it reveals nothing
   * and changes nothing is judged apart (leaksIn, viewChanges).
   */
  refusal(): RefusalRule {
    return { expected: ANY_REFUSAL, accepts: isRefusal };
  },
  /** Another tenant's listing is answered (it must hold nothing of this tenant's: leaksIn). */
  listing(): RefusalRule {
    return { expected: 'a 2xx answer', accepts: isSuccess };
  },
  /** A generated step with another tenant's key: accepted, or refused otherwise than its verdict allows. */
  judgeStep(r: StepReading): string | undefined {
    if (!r.verdict.tenant) return undefined;
    if (r.kind === 'accepted') return describeAccepted(r);
    if (r.kind === 'refused' && !(r.validation && !r.verdict.invalid))
      return `${r.expected}: another tenant's key must not reach this thread. ${r.got}`;
    return undefined;
  },
  /** The owner's listing after a generated step with another tenant's key holds other messages than before. */
  judgeListing(r: ListingReading, why: string, after: ListingAfter): string | undefined {
    return r.kind === 'differs' && after === 'other-tenant' ? describeDifference(r, why) : undefined;
  },
} as const;

/** Another end user of the tenant (another `user-id`) reaches nothing of this user's files. */
export const userIsolation = {
  id: 'user-isolation',
  title: "Another user reached this user's file",
  /**
   * Another user on this user's file: any refusal, as for another tenant. That it reveals nothing
   * and changes nothing is judged apart (leaksIn, viewChanges).
   */
  refusal(): RefusalRule {
    return tenantIsolation.refusal();
  },
  /** Another user's listing is answered (it must hold nothing of this user's: leaksIn). */
  listing(): RefusalRule {
    return tenantIsolation.listing();
  },
} as const;

/** A created resource reads back at once, with the values its creation answered. */
export const resourceAvailability = {
  id: 'resource-availability',
  title: 'Resource not available after creation',
  /**
   * The fields of `created` that the read-back answer holds with another value (names only:
   * values may be live content). A field null in one and absent in the other is the same: the
   * contract makes the nullable ones optional.
   */
  changedFields(created: object, read: unknown): string[] {
    const back = (read ?? {}) as Record<string, unknown>;
    return Object.entries(created)
      .filter(([key, value]) => !isDeepStrictEqual(back[key] ?? null, value ?? null))
      .map(([key]) => key);
  },
} as const;

/** A deleted resource is gone: refused on its operations, absent from listings, and it stays gone. */
export const useAfterDelete = {
  id: 'use-after-delete',
  title: 'Resource still available after deletion',
  /**
   * An operation on a deleted thread: any refusal (404 thread_not_found and 400
   * thread_is_deactivated are both readings of the pages). Deleting again may also succeed
   * (docs/decisions/0030): a repeated delete reveals and changes nothing.
   */
  refusal(operationId: OperationId): RefusalRule {
    const { method, path } = operations[operationId];
    const again = method === 'DELETE' && path.endsWith('/{thread_id}');
    return {
      expected: again ? `${ANY_REFUSAL}, or a 2xx: deleting again` : ANY_REFUSAL,
      accepts: (status) => isRefusal(status) || (again && isSuccess(status)),
    };
  },
  /** What shows a deleted thread back in the owner's view: its GET or its messages answered with a success. */
  revived(view: OwnerView): string[] {
    return [
      ...(isSuccess(view.thread.status) ? [`the owner's GET of the deleted thread answers ${view.thread.status}`] : []),
      ...(isSuccess(view.messages.status)
        ? [`the owner's list of the deleted thread's messages answers ${view.messages.status}`]
        : []),
    ];
  },
} as const;

/** The authorization and lifecycle family. */
export const AUTH_CHECKS = [
  ignoredAuth,
  tenantIsolation,
  userIsolation,
  resourceAvailability,
  useAfterDelete,
] as const satisfies readonly NamedCheck[];

/** A check of this family. */
export type AuthCheck = (typeof AUTH_CHECKS)[number];

/** The labels of the secrets in `text`, leaving out values the request itself carried. */
export function leaksIn(text: string, secrets: Secret[], request: string): string[] {
  const found = secrets
    .filter((s) => s.value !== '' && !request.includes(s.value) && text.includes(s.value))
    .map((s) => s.label);
  return [...new Set(found)];
}

/** An answer to a request that must be refused: its status, error code, and headers and body as one text. */
export interface RefusalAnswer {
  status: number;
  errorCode: string | undefined;
  text: string;
}

/**
 * Judges the answer to a request that must be refused: whether the rule accepts it, and which
 * secrets it reveals. A success that should have been a refusal is a finding as a whole: what it
 * carries is not searched.
 */
export function judgeRefusal(
  rule: RefusalRule,
  answer: RefusalAnswer,
  secrets: Secret[],
  request: string,
): { accepted: boolean; leaks: string[] } {
  const accepted = rule.accepts(answer.status, answer.errorCode);
  return { accepted, leaks: isSuccess(answer.status) && !accepted ? [] : leaksIn(answer.text, secrets, request) };
}

function itemsOf(body: unknown): Array<{ id?: unknown }> {
  const items = (body as { items?: unknown } | null)?.items;
  return Array.isArray(items) ? (items as Array<{ id?: unknown }>) : [];
}

/**
 * How the owner's view changed, without quoting any value (live content stays out of reports):
 * statuses, the names of changed thread fields, and the ids of added, removed or changed messages.
 */
export function viewChanges(before: OwnerView, after: OwnerView): string[] {
  const out: string[] = [];
  if (before.thread.status !== after.thread.status)
    out.push(`the owner's GET of the thread answers ${after.thread.status} (it answered ${before.thread.status})`);
  else if (!isDeepStrictEqual(before.thread.body, after.thread.body)) {
    const b = (before.thread.body ?? {}) as Record<string, unknown>;
    const a = (after.thread.body ?? {}) as Record<string, unknown>;
    const fields = [...new Set([...Object.keys(b), ...Object.keys(a)])].filter((k) => !isDeepStrictEqual(b[k], a[k]));
    out.push(`the thread's ${fields.join(', ')} changed`);
  }
  if (before.messages.status !== after.messages.status)
    out.push(`the owner's list of messages answers ${after.messages.status} (it answered ${before.messages.status})`);
  else if (!isDeepStrictEqual(before.messages.body, after.messages.body)) {
    const was = new Map(itemsOf(before.messages.body).map((m) => [String(m.id), m]));
    const now = new Map(itemsOf(after.messages.body).map((m) => [String(m.id), m]));
    const added = [...now.keys()].filter((id) => !was.has(id));
    const removed = [...was.keys()].filter((id) => !now.has(id));
    const changed = [...now.keys()].filter((id) => was.has(id) && !isDeepStrictEqual(was.get(id), now.get(id)));
    if (added.length) out.push(`messages added: ${added.join(', ')}`);
    if (removed.length) out.push(`messages removed: ${removed.join(', ')}`);
    if (changed.length) out.push(`messages changed: ${changed.join(', ')}`);
    if (!added.length && !removed.length && !changed.length) out.push('the list of messages changed (order or paging)');
  }
  return out;
}

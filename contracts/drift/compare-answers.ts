// Compares the answers of the target and the mock to the same step: status, error_code, content
// type, presence of the documented headers and the body's shape; never a value.
import { assumptionEvidence } from '../check/assumption-evidence.ts';
import { errorCodeOfText } from '../check/body-text.ts';
import type { StepAnswer } from '../client/request-step.ts';
import type { OperationId } from '../generated/validators.js';
import { operations } from '../generated/validators.js';
import type { Assumption } from '../operation-spec.ts';
import { type BodyShape, bodyShape, shapeDifferences } from './body-shape.ts';

/** What the report shows of one answer: no values, no body. */
export interface AnswerSummary {
  status: number;
  errorCode?: string;
  contentType?: string;
  /** The operation's documented headers that the answer carries (lower case). */
  headers: string[];
  shape: BodyShape;
}

/** One aspect in which the two answers differ. */
export interface Difference {
  aspect: 'status' | 'error_code' | 'content-type' | 'header' | 'shape';
  /** The header name or field path, where the aspect has one. */
  at?: string;
  target?: string;
  mock?: string;
}

/** Every header name an operation documents (Retry-After, x-ratelimit-*), lower case. */
function documentedHeaders(operationId: OperationId): string[] {
  const names = Object.values(operations[operationId].responses).flatMap((r) =>
    r.headers.map((h) => h.name.toLowerCase()),
  );
  return [...new Set(names)].sort();
}

/** Summarises an answer for comparison and the report. */
export function summarise(operationId: OperationId, answer: StepAnswer): AnswerSummary {
  const contentType = answer.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
  const shape = bodyShape(answer.body, contentType === 'application/x-ndjson');
  // A body that is not JSON has no error code: the shape says so.
  const errorCode = answer.status >= 400 ? errorCodeOfText(answer.body) : undefined;
  return {
    status: answer.status,
    ...(errorCode === undefined ? {} : { errorCode }),
    ...(contentType === undefined ? {} : { contentType }),
    headers: documentedHeaders(operationId).filter((name) => answer.headers[name] !== undefined),
    shape,
  };
}

/** The differences between two summaries of answers to the same step. */
export function differences(target: AnswerSummary, mock: AnswerSummary): Difference[] {
  const out: Difference[] = [];
  const pair = (a: string | number | undefined, b: string | number | undefined) => ({
    ...(a === undefined ? {} : { target: String(a) }),
    ...(b === undefined ? {} : { mock: String(b) }),
  });
  if (target.status !== mock.status) out.push({ aspect: 'status', ...pair(target.status, mock.status) });
  if (target.errorCode !== mock.errorCode)
    out.push({ aspect: 'error_code', ...pair(target.errorCode, mock.errorCode) });
  if (target.contentType !== mock.contentType)
    out.push({ aspect: 'content-type', ...pair(target.contentType, mock.contentType) });
  for (const name of [...new Set([...target.headers, ...mock.headers])].sort()) {
    const a = target.headers.includes(name);
    const b = mock.headers.includes(name);
    if (a !== b)
      out.push({ aspect: 'header', at: name, target: a ? 'present' : 'absent', mock: b ? 'present' : 'absent' });
  }
  for (const d of shapeDifferences(target.shape, mock.shape))
    out.push({ aspect: 'shape', at: d.path, ...pair(d.a, d.b) });
  return out;
}

/** Whether a statement could be behind this difference: its scope is the aspect that differs. */
function behind(a: Assumption, d: Difference): boolean {
  // A status differs: the statements about a status (not the one that lists are closed). An error
  // code differs: any statement about codes, that one included.
  if (d.aspect === 'status') return a.scope === 'status' || (a.scope === 'field:error_code' && a.codes !== undefined);
  if (d.aspect === 'error_code') return a.scope === 'status' || a.scope === 'field:error_code';
  if (d.aspect === 'content-type') return a.scope === 'body';
  if (d.aspect === 'header') return a.scope === `header:${d.at}`;
  if (a.scope === 'body') return true;
  // A field statement is behind a shape difference at its place or under it (`*` is `[]` there).
  const at = a.at?.replaceAll('/*', '/[]');
  return a.scope.startsWith('field:') && at !== undefined && (d.at === at || d.at?.startsWith(`${at}/`) === true);
}

/**
 * The `x-assumed` statements behind the differences: those that either answer exercised (the
 * ledger's rule) and whose scope is an aspect that differs. Empty when the answers differ only
 * where the docs themselves are explicit.
 */
export function assumptionsBehind(operationId: OperationId, answers: StepAnswer[], found: Difference[]): Assumption[] {
  const op = operations[operationId];
  const all = new Map<string, Assumption>();
  for (const spec of Object.values(op.responses)) for (const a of spec.assumptions) all.set(a.id, a);
  const exercised = new Set(
    answers.flatMap(
      (answer) =>
        assumptionEvidence({ operationId, status: answer.status, headers: answer.headers, body: answer.body }, [])
          .exercised,
    ),
  );
  return [...all.values()].filter((a) => exercised.has(a.id) && found.some((d) => behind(a, d)));
}

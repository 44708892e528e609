// One step of a generated sequence as the model plans it: the request, what the docs allow as its
// answer, and what an accepted answer changes in the model.
import { type Finding, judgeListing, paging, readBack } from '../check/model-checks.ts';
import { DEFAULT_LIMIT, describeWalk, itemId, messageDiffers, type Window } from '../check/read-back.ts';
import type { ListingAfter, Verdict } from '../check/step-verdict.ts';
import type { RequestStep } from '../client/request-step.ts';
import { type OperationId, operations } from '../generated/validators.js';
import { broken, RULES } from '../rules/rule-catalog.ts';
import type { Body } from './bodies.ts';
import { readingOf } from './body-breaks.ts';
import type { Model, ModelThread } from './model.ts';
import { openBodyPoints } from './open-body-points.ts';
import { writtenMessage } from './read-back-model.ts';
import { walkStep } from './read-walk.ts';
import { either, threadDeleted, validationRefusal, withOpenPoints } from './verdict.ts';

/** A step, its verdict and its effect. */
export interface PlannedStep {
  step: RequestStep;
  verdict: Verdict;
  /**
   * Applies an accepted answer to the model (`body` is the parsed answer; undefined while
   * planning without a target). `window`: when the step was sent and answered (client clock;
   * absent while planning). May return a finding (a read that differs from the model).
   */
  onAccept(model: Model, body: unknown, raw: string, window?: Window): Finding | undefined;
  /** A step to take right after this one was answered, such as a listing that checks what it changed. */
  next?: (model: Model) => PlannedStep | undefined;
}

/**
 * The bytes of a body and the verdict its shape adds, given the verdict of its content.
 * `content` gets the value when the body is valid JSON of the schema, else undefined and the raw
 * value (an invalid body, whose rules may still be answered first). The body's open points (an
 * unnamed property, an empty list, U+0000) add refusals a correct API may answer instead.
 */
export function bodyStep(
  op: OperationId,
  body: Body,
  content: (value: Record<string, unknown> | undefined, raw?: unknown) => Verdict,
  named: ReadonlyArray<Array<string | number>> = [],
): { body?: RequestStep['body']; verdict: Verdict; value?: Record<string, unknown> } {
  const pointsIn = (value: unknown) => openBodyPoints(op, value, named);
  switch (body.kind) {
    case 'none':
      // An optional body left out: an API may require one all the same (catalog: body-absent).
      return {
        verdict: operations[op].requestBody?.required
          ? content(undefined)
          : withOpenPoints(op, content(undefined), [broken('body-absent', 'The request sends no body.', [])]),
      };
    case 'valid':
      return {
        body: { text: JSON.stringify(body.value) },
        verdict: withOpenPoints(op, content(body.value), pointsIn(body.value)),
        value: body.value,
      };
    case 'invalid': {
      const reading = readingOf(op, body.invalid);
      const text = JSON.stringify(body.invalid.value);
      if (reading.kind === 'documented') {
        const own: Verdict = {
          mayAccept: false,
          refusals: [validationRefusal(op, body.invalid.field, 'the body breaks the schema')],
          invalid: { kind: body.invalid.kind, field: body.invalid.field },
        };
        // Which refusal wins when the body and a rule both break is the API's call.
        const rules = content(undefined, body.invalid.value);
        return {
          body: { text },
          verdict: withOpenPoints(op, either(own, { ...rules, mayAccept: false }), pointsIn(body.invalid.value)),
        };
      }
      // Only an assumption broke, or a FastAPI service takes the value (null for an optional
      // field, a lax conversion): the API may refuse it as invalid, or act on the body as it
      // reads it, and then the rules of what it holds decide.
      const value = reading.reads as Record<string, unknown>;
      const why =
        reading.kind === 'assumed'
          ? 'the body breaks an assumption of the contract (the docs allow it)'
          : `${RULES[reading.kind].says}`;
      const own: Verdict = {
        mayAccept: true,
        refusals: [validationRefusal(op, body.invalid.field, why)],
        invalid: { kind: body.invalid.kind, field: body.invalid.field, assumed: true },
      };
      return {
        body: { text },
        verdict: withOpenPoints(op, either(own, content(value)), pointsIn(value)),
        value,
      };
    }
    case 'not-json': {
      const own: Verdict = {
        mayAccept: false,
        refusals: [validationRefusal(op, [], 'the body is not JSON')],
        invalid: { kind: 'not-json', field: [] },
      };
      return { body: { text: body.text }, verdict: either(own, { ...content(undefined), mayAccept: false }) };
    }
    case 'wrong-content-type': {
      // The contract describes application/json bodies only; the docs do not say that another
      // type must be refused, so the model accepts both readings (catalog: content-type-not-json).
      const verdict = withOpenPoints(op, content(body.value), [
        broken('content-type-not-json', `The body is sent as ${body.contentType}.`, []),
        ...pointsIn(body.value),
      ]);
      return {
        body: { text: JSON.stringify(body.value), contentType: body.contentType },
        verdict,
        value: body.value,
      };
    }
  }
}

/** A request on one of the sequence's threads (named by its label), with the body's bytes when it has one. */
export function threadStep(
  operationId: OperationId,
  thread: ModelThread,
  body: RequestStep['body'] | undefined,
  label: string,
): RequestStep {
  return { operationId, path: { thread_id: { ref: thread.label } }, ...(body ? { body } : {}), label };
}

/** A step on a deleted thread: never a success, and the deleted thread's answers among the refusals. */
export function onDeletedThread(op: OperationId, verdict: Verdict): Verdict {
  return { ...verdict, mayAccept: false, refusals: [...verdict.refusals, ...threadDeleted(op)] };
}

/**
 * A listing of the thread's messages that must match the model, after the model's own steps or a
 * step with another tenant's key (which decides the check that names a difference): a cursor walk
 * with `limit` (none when undefined), whose pages together hold the model's messages newest first,
 * each read back as it was written (read-back.ts); `also` judges the same items further once they
 * are the model's messages.
 */
export function listingStep(
  thread: ModelThread,
  after: ListingAfter,
  why: string,
  limit?: number,
  also?: (items: unknown[]) => Finding | undefined,
): PlannedStep {
  const expected = Math.max(thread.messages.length, 1);
  return walkStep({
    operationId: 'listMessages',
    path: { thread_id: { ref: thread.label } },
    query: limit === undefined ? {} : { limit: String(limit) },
    limit,
    verdict: thread.deleted
      ? { mayAccept: false, refusals: threadDeleted('listMessages') }
      : { mayAccept: true, refusals: [] },
    // Every page full but the last, one empty page at the end, and one more to notice a walk that does not end.
    maxPages: Math.ceil(expected / (limit ?? DEFAULT_LIMIT)) + 2,
    why,
    finish(_model, pages, ended) {
      const items = pages.flatMap((p) => p.items) as Array<Record<string, unknown>>;
      const want = thread.messages.map((m) => m.id ?? '?').reverse();
      const walk = describeWalk(pages, limit);
      const got = new Set(items.map(itemId));
      const skipped = want.filter((id) => id !== '?' && !got.has(id));
      const walked = !ended
        ? `The cursor walk did not end after ${pages.length} pages, for a thread of ${thread.messages.length} messages`
        : pages.length > 1 && skipped.length > 0 && items.every((item) => want.includes(itemId(item)))
          ? `The cursor walk skipped ${skipped.join(', ')}`
          : undefined;
      const fault = paging.judgeWalk(walked, walk, why);
      if (fault) return { check: paging.id, message: fault };
      return judgeListing(items, want, `${why} ${walk}`, after) ?? readBackOf(thread, items) ?? also?.(items);
    },
  });
}

/** The first listed message that does not read back as it was written, as a read-back finding. */
function readBackOf(thread: ModelThread, items: Array<Record<string, unknown>>): Finding | undefined {
  for (const item of items) {
    const written = thread.messages.find((m) => m.id !== undefined && m.id === item.id);
    if (!written) continue;
    const fault = messageDiffers(item, writtenMessage(written), thread.id);
    const message = readBack.judgeRead(fault, 'The listing must show each message as it was written.');
    if (message) return { check: readBack.id, message };
  }
  return undefined;
}

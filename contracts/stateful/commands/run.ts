// Running a thread, with run or run/stream: mostly with the required request metadata the thread's
// assistant names, with any kind of body; then a listing, where the answer must be the newest message.
import fc from 'fast-check';
import { anyText } from '../../arbitraries/text.ts';
import { type StreamedAnswer, streamCoherence } from '../../check/model-checks.ts';
import type { OperationId } from '../../generated/validators.js';
import { type RequiredFields, satisfyingMetaData } from '../../request-meta-data.ts';
import { runRequestBreaks } from '../../rules/run-request.ts';
import { storedAnswer, streamLines } from '../answers.ts';
import { anyBody, type Body, shapeBody } from '../bodies.ts';
import type { Model } from '../model.ts';
import { bodyStep, listingStep, onDeletedThread, type PlannedStep, threadStep } from '../planned-step.ts';
import { noteWrite } from '../read-back-model.ts';
import { refusedAnyway, ruleVerdict, threadDeleted } from '../verdict.ts';
import { checkedThread, describeBody, type GeneratedCommand, pick, runCallLeft, spendRunCall } from './command.ts';

/** What a run command draws. */
export interface RunData {
  /** Which thread, cycled (now and then a deleted one). */
  thread: number;
  stream: boolean;
  /** The value each required metadata field the body lacks is given; undefined: the body as drawn. */
  licence: string | undefined;
  body: Body;
}

/** The body paths of an assistant's required request metadata: fields the docs name for it, whatever the contract names. */
function requiredPaths(required: RequiredFields): Array<Array<string | number>> {
  return Object.entries(required).flatMap(([owner, names]) =>
    (names ?? []).map((name) => (owner === '__root__' ? ['meta_data', name] : ['meta_data', owner, name])),
  );
}

export class Run implements GeneratedCommand {
  readonly data: RunData;
  constructor(data: RunData) {
    this.data = data;
  }

  check(model: Readonly<Model>): boolean {
    return runCallLeft(model) && model.thread(this.data.thread, true) !== undefined;
  }

  plan(model: Model): PlannedStep {
    const { data } = this;
    const thread = checkedThread(model.thread(data.thread, true));
    spendRunCall(model);
    const op: OperationId = data.stream ? 'createRunStream' : 'createRun';
    const label = model.label('a');
    // A streamed answer the API accepted: the listing after it must hold what was streamed.
    let streamed: StreamedAnswer | undefined;
    const shaped = shapeBody(data.body, (value) => {
      if (data.licence === undefined) return value;
      const base =
        typeof value.meta_data === 'object' && value.meta_data !== null
          ? (value.meta_data as Record<string, unknown>)
          : undefined;
      const meta = satisfyingMetaData(thread.assistant.request_required_fields, data.licence, base);
      return meta === undefined ? value : { ...value, meta_data: meta };
    });
    const built = bodyStep(
      op,
      shaped,
      (value, raw) => {
        const request = value ?? (shaped.kind === 'none' ? undefined : {});
        const breaks = [
          ...runRequestBreaks(thread.assistant, request, data.stream),
          ...thread.conversation.runBreaks(),
        ];
        // A body the server could not read has no metadata: that rule's answer is allowed too; so
        // are the request rules of what it could read of an invalid one.
        if (raw !== undefined) breaks.push(...runRequestBreaks(thread.assistant, raw, data.stream));
        // A deleted thread must refuse, with its own answers or (rules checked first) any rule's.
        if (thread.deleted) return refusedAnyway(op, { mayAccept: false, refusals: threadDeleted(op) }, breaks);
        return ruleVerdict(op, breaks);
      },
      requiredPaths(thread.assistant.request_required_fields),
    );
    return {
      step: threadStep(op, thread, built.body, label),
      verdict: thread.deleted ? onDeletedThread(op, built.verdict) : built.verdict,
      onAccept(m, body, raw, window) {
        const { id, turn } = m.world.planning
          ? { id: undefined, turn: { role: 'assistant' as const, content: 'planned' } }
          : storedAnswer(raw, data.stream);
        m.addMessage(thread, { label, id, turn, ...(window ? { window } : {}) });
        if (data.stream && !m.world.planning) {
          streamed = { id, content: turn.content, tool_calls: Array.isArray(turn.tool_calls) ? turn.tool_calls : [] };
          const incoherent = streamCoherence.judgeLines(streamLines(raw), thread.id ?? '');
          if (incoherent !== undefined) return { check: streamCoherence.id, message: incoherent };
        }
        // A streamed answer is NDJSON (no body here): its id still counts, its time does not.
        return noteWrite(m, label, body ?? { id }, window, thread);
      },
      next: () =>
        listingStep(
          thread,
          'own-steps',
          "The run's answer must be stored as the newest message.",
          undefined,
          (items) => {
            const message = streamed && streamCoherence.judgeStored(streamed, items);
            return message === undefined ? undefined : { check: streamCoherence.id, message };
          },
        ),
    };
  }

  toString(): string {
    const { data } = this;
    const metadata = data.licence === undefined ? '' : ', required metadata';
    return `${data.stream ? 'run/stream' : 'run'}(thread ${data.thread}${metadata} ${describeBody(data.body)})`;
  }
}

/** A run or run/stream, four times in five with the required metadata, with any kind of body. */
export function run(): fc.Arbitrary<Run> {
  return fc
    .record({
      thread: pick,
      stream: fc.boolean(),
      licence: fc.oneof({ weight: 4, arbitrary: anyText(1) }, { weight: 1, arbitrary: fc.constant(undefined) }),
      body: anyBody('createRun'),
    })
    .map((data) => new Run(data));
}

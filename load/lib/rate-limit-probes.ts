// The single-VU probes of the rate-limit script: a burst of parallel runs, the shared-budget probe
// made while runs are refused, and recovery that honours Retry-After. Each states its finding as a
// named check and a metric, so thresholds can hold the documented behaviour.
import { check, sleep } from 'k6';
import type { Answer, AnswerContext } from './answers.ts';
import { chatCompletion, run, runStream } from './answers.ts';
import { feedbackCalls } from './feedback.ts';
import { metrics } from './metrics.ts';
import { observe } from './observe.ts';
import { noteRun } from './threads.ts';

/** Runs on `threadIds` all at once (http.batch); counts what was answered and what was refused. */
export function burst(
  ctx: AnswerContext,
  threadIds: string[],
  perSecond: number,
): { answered: number; refused: number } {
  const responses = ctx.client.batch(
    threadIds.map((id) => ({
      op: 'createRun' as const,
      path: { thread_id: id },
      body: ctx.data.metaData === null ? {} : { meta_data: ctx.data.metaData },
    })),
  );
  let answered = 0;
  let refused = 0;
  responses.forEach((res, index) => {
    noteRun(threadIds[index] ?? '', res.status);
    const cls = observe('createRun', res, ctx.policy);
    if (cls.outcome === 'success') answered += 1;
    if (cls.outcome === 'rate_limited') refused += 1;
  });
  metrics.burstAnswered.add(answered);
  check(null, {
    [`burst: no more than ${perSecond} of ${threadIds.length} parallel runs answered`]: () => answered <= perSecond,
    [`burst: the runs above ${perSecond} are refused with 429`]: () => refused >= threadIds.length - perSecond,
  });
  return { answered, refused };
}

/** Calls run until one is refused; null when none was within `attempts`. */
export function runUntilRefused(ctx: AnswerContext, threadId: string, attempts: number, pause: number): Answer | null {
  for (let attempt = 0; attempt < attempts; attempt += 1) {
    const answer = run(ctx, threadId);
    if (answer !== null && answer.cls.outcome === 'rate_limited') return answer;
    sleep(pause);
  }
  return null;
}

/**
 * While run is refused, run/stream and chat/completions must be refused too (one budget), and thread,
 * message and feedback calls must still be answered (their own budget). Made right after the
 * refused run, so the answer budget has not had time to refill.
 */
export function probeBudgets(ctx: AnswerContext, threadId: string): void {
  const refused = runUntilRefused(ctx, threadId, 40, 0.25);
  if (!check(refused, { 'budgets: a run is refused while runs are offered above the limit': (r) => r !== null }))
    return;

  const stream = runStream(ctx, threadId);
  const chat = chatCompletion(ctx);
  for (const answer of [stream, chat]) {
    if (answer === null) continue;
    metrics.sharedBudgetRefused.add(answer.cls.outcome === 'rate_limited', { endpoint: answer.cls.op });
    check(answer, {
      [`budgets: ${answer.cls.op} is refused while run is refused (one budget)`]: (a) =>
        a.cls.outcome === 'rate_limited',
    });
  }

  const other = [
    observe('getThread', ctx.client.send({ op: 'getThread', path: { thread_id: threadId } }), ctx.policy),
    observe('listMessages', ctx.client.send({ op: 'listMessages', path: { thread_id: threadId } }), ctx.policy),
    observe(
      'createMessage',
      ctx.client.send({
        op: 'createMessage',
        path: { thread_id: threadId },
        body: { role: 'user', content: 'Budget probe: still there?' },
      }),
      ctx.policy,
    ),
    // Feedback is no answer call: given, read and removed on the answer setup() stored.
    ...(ctx.data.feedback === undefined ? [] : feedbackCalls(ctx.client, ctx.data.feedback, ctx.policy)),
  ];
  for (const cls of other) {
    metrics.otherBudgetUnaffected.add(cls.outcome === 'success', { endpoint: cls.op });
    check(cls, {
      [`budgets: ${cls.op} is answered while the answer budget is spent (own budget)`]: (c) => c.outcome === 'success',
    });
  }
}

/**
 * After the overload: gets a run refused, then waits exactly Retry-After before each next call.
 * Records whether the call after the wait was answered, and the time from the refusal to the
 * first answer.
 */
export function recover(ctx: AnswerContext, threadId: string, maxSeconds: number, provokeAttempts: number): void {
  let answer = runUntilRefused(ctx, threadId, provokeAttempts, 0);
  if (!check(answer, { 'recovery: a run is refused at the end of the overload': (a) => a !== null })) return;
  const refusedAt = Date.now();
  const deadline = refusedAt + maxSeconds * 1000;
  while (Date.now() < deadline && answer !== null) {
    const wait = answer.cls.retryAfter?.seconds ?? null;
    sleep(wait ?? 1);
    const next = run(ctx, threadId);
    if (next === null) continue;
    if (wait !== null) metrics.retryAfterHonoured.add(next.cls.outcome === 'success', { endpoint: 'createRun' });
    if (next.cls.outcome === 'success') {
      metrics.recoveryTime.add(Date.now() - refusedAt);
      check(next, { 'recovery: a run is answered after honouring Retry-After': () => wait !== null });
      return;
    }
    answer = next;
  }
  check(null, { [`recovery: a run is answered within ${maxSeconds}s of the refusal`]: () => false });
}

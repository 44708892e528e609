// The rate-limit contract: the Rate Limits guide's promises, provoked and judged with a bounded
// budget (rate-limit-plan.ts). The phases, in order:
//   1. spend: chat completions paced under the per-second window until a 429 that a second's pause
//      does not lift, at most 2 x perMinute + 1 accepted (more than two minute windows hold,
//      however they align, means the limit is not enforced);
//   2. shared: after a second, run, run/stream and the chat stream must be refused too, while one
//      more chat completion shows the window had not renewed;
//   3. others: calls to other endpoints are served meanwhile;
//   4. retry: after the Retry-After of the last 429, a run is served (an assumption: the header);
//   5. not counted: a minute after the last answer call, one answer call that shows the window has
//      room, perMinute + 1 calls to other endpoints, then one answer call, which must be served.
// Every 429 is checked against the contract (body, headers). A phase whose premise did not hold
// (a window renewed early, no streaming assistant) is reported as not judged, never as passed.

import type { CheckId } from '../check/check-names.ts';
import { violation } from '../check/named-check.ts';
import {
  rateLimitNotEnforced,
  rateLimitNotShared,
  rateLimitOtherCounted,
  rateLimitOtherRefused,
  rateLimitRetryAfter,
} from '../check/rate-limit-checks.ts';
import { preflight } from '../client/preflight.ts';
import { primaryAssistant } from '../client/primary-assistant.ts';
import { retryAfterMs } from '../client/retry-after.ts';
import { requiredMetaData } from '../client/run-meta-data.ts';
import { type OperationId, operations } from '../generated/validators.js';
import { type CallSettings, RateLimitCaller, type RateLimitFinding, type Sent } from './rate-limit-calls.ts';
import { MARGIN_MS, paceMs, type RateLimitPlan } from './rate-limit-plan.ts';
import { spendBudget } from './spend-budget.ts';

/** What one run found and spent. */
export interface RateLimitResult {
  failures: RateLimitFinding[];
  pending: RateLimitFinding[];
  /** Checks judged, and checks not judged with why. */
  judged: CheckId[];
  notJudged: Array<{ about: string; why: string }>;
  counts: RateLimitCaller['counts'];
  /** The answer endpoints whose 429 was checked against the contract. */
  refusedOn: OperationId[];
  seconds: number;
  /** The run could not test the target (exit 2): what to do. */
  problem?: string;
}

const QUESTION = { role: 'user', content: 'Wie lang ist die Kündigungsfrist in der Probezeit?' };
const ANSWER_ENDPOINTS: OperationId[] = [
  'createChatCompletion',
  'createRun',
  'createRunStream',
  'createChatCompletionStream',
];

/** Runs the rate-limit contract once against the target. */
export async function runRateLimitContract(
  settings: CallSettings & { plan: RateLimitPlan; env?: NodeJS.ProcessEnv },
): Promise<RateLimitResult> {
  const { clock, target, plan } = settings;
  const started = clock.now();
  const caller = new RateLimitCaller(settings);
  const judged: CheckId[] = [];
  const notJudged: RateLimitResult['notJudged'] = [];
  const finish = (problem?: string): RateLimitResult => {
    for (const op of ANSWER_ENDPOINTS)
      if (!caller.refusedOn.has(op) && problem === undefined)
        notJudged.push({
          about: 'the 429 body and headers',
          why: `no 429 of ${op} was seen, so its body and headers were not checked`,
        });
    return {
      failures: caller.failures,
      pending: caller.pending,
      judged,
      notJudged,
      counts: caller.counts,
      refusedOn: [...caller.refusedOn],
      seconds: Math.round((clock.now() - started) / 100) / 10,
      ...(problem === undefined ? {} : { problem }),
    };
  };
  const pre = await preflight(target, clock);
  caller.counts.other += 1;
  if (!pre.ok) return finish(pre.message);
  const chosen = primaryAssistant(pre.assistants, target.assistantId);
  if (!chosen.ok) return finish(chosen.message);
  // A streaming assistant, so that run/stream and the chat stream can be served at all.
  const assistant = chosen.assistant.streaming
    ? chosen.assistant
    : (pre.assistants.find((a) => a.streaming) ?? chosen.assistant);
  const meta = requiredMetaData(assistant, settings.env ?? {});
  const runBody = { text: JSON.stringify(meta ? { meta_data: meta } : {}) };
  const chatBody = {
    text: JSON.stringify({ assistant_id: assistant.id, messages: [QUESTION], ...(meta ? { meta_data: meta } : {}) }),
  };
  const created = await caller.send(
    { operationId: 'createThread', body: { text: JSON.stringify({ assistant_id: assistant.id }) } },
    false,
  );
  const threadId = (JSON.parse(created.body || '{}') as { id?: string }).id;
  if (created.status >= 300 || threadId === undefined)
    return finish(
      `Could not create a thread to run: POST /v1/threads answered ${created.status}. Check the key and ASSISTANT_ID.`,
    );
  const onThread = { thread_id: threadId };
  try {
    const asked = await caller.send(
      { operationId: 'createMessage', path: onThread, body: { text: JSON.stringify(QUESTION) } },
      false,
    );
    if (asked.status >= 300)
      return finish(`Could not add a question to the thread: its POST answered ${asked.status}.`);
    const answersGap = paceMs(plan.answers, plan);
    const otherGap = paceMs(plan.other, plan);
    const answer = async (operationId: OperationId, path?: Record<string, string>): Promise<Sent> => {
      await caller.paced('answers', answersGap);
      const body = operationId.startsWith('createRun') ? runBody : chatBody;
      return caller.send({ operationId, ...(path ? { path } : {}), body }, true);
    };
    const other = async (operationId: OperationId, body?: string): Promise<Sent> => {
      await caller.paced('other', otherGap);
      return caller.send(
        { operationId, path: onThread, ...(body === undefined ? {} : { body: { text: body } }) },
        false,
      );
    };

    // 1. Spend the budget with chat completions (spend-budget.ts).
    const cap = 2 * plan.answers.perMinute + 1;
    const {
      accepted,
      usedUp: refused,
      unexpected,
      refusals,
      last: lastSpent,
    } = await spendBudget(caller, plan, chatBody, cap);
    if (unexpected !== undefined)
      return finish(
        `The chat completions that spend the budget must be served; one answered ${unexpected.status} (${unexpected.curl}). Check ASSISTANT_ID and RUN_META_DATA.`,
      );
    const firstAccepted = Math.min(...accepted);
    if (refused === undefined) {
      const spanMs = Math.max(...accepted) - firstAccepted;
      const why = `the answers budget was never used up (${accepted.length} calls accepted)`;
      for (const check of [rateLimitNotShared, rateLimitOtherRefused, rateLimitRetryAfter, rateLimitOtherCounted])
        notJudged.push({ about: check.id, why });
      if (spanMs >= plan.minuteMs || accepted.length < cap) {
        notJudged.push({
          about: rateLimitNotEnforced.id,
          why: `the ${accepted.length} accepted calls took ${Math.round(spanMs / 1000)} s to send, and ${refusals} more were refused for a second only`,
        });
        return finish();
      }
      judged.push(rateLimitNotEnforced.id);
      const broken = rateLimitNotEnforced.judge({
        accepted: accepted.length,
        perMinute: plan.answers.perMinute,
        seconds: Math.round(spanMs / 1000),
      });
      if (broken && lastSpent) caller.record(violation(rateLimitNotEnforced, broken), lastSpent);
      return finish();
    }
    judged.push(rateLimitNotEnforced.id);
    if (accepted.length === 0)
      notJudged.push({
        about: rateLimitNotShared.id,
        why: 'the budget was used up before the run began: another client of the tenant is spending it',
      });

    // 2. The other answer endpoints share the used-up budget; a last chat completion shows it was still used up.
    await clock.sleep(plan.secondMs);
    const probes = [await answer('createRun', onThread)];
    if (assistant.streaming)
      probes.push(await answer('createRunStream', onThread), await answer('createChatCompletionStream'));
    else
      notJudged.push({
        about: rateLimitNotShared.id,
        why: 'the tenant has no streaming assistant: run/stream and the chat stream were not probed',
      });
    const confirm = await answer('createChatCompletion');
    const stillUsedUp =
      accepted.length > 0 && confirm.status === 429 && clock.now() < firstAccepted + plan.minuteMs - MARGIN_MS;
    if (stillUsedUp) {
      judged.push(rateLimitNotShared.id);
      for (const probe of probes) {
        const broken = rateLimitNotShared.judge({
          operationId: probe.operationId,
          status: probe.status,
          spentOn: `${accepted.length} chat completions`,
        });
        if (broken) caller.record(violation(rateLimitNotShared, broken), probe);
      }
    } else if (accepted.length > 0)
      notJudged.push({
        about: rateLimitNotShared.id,
        why: `the answers window renewed during the probes (the last chat completion answered ${confirm.status})`,
      });

    // 3. Other endpoints are served meanwhile.
    judged.push(rateLimitOtherRefused.id);
    for (const sent of [
      await other('getThread'),
      await other('listMessages'),
      await other('createMessage', JSON.stringify(QUESTION)),
    ]) {
      const broken = rateLimitOtherRefused.judge({ operationId: sent.operationId, status: sent.status });
      if (broken) caller.record(violation(rateLimitOtherRefused, broken), sent);
    }

    // 4. A retry after the last 429's Retry-After is served.
    const last =
      [confirm, ...probes].filter((s) => s.status === 429).sort((a, b) => b.answeredAt - a.answeredAt)[0] ?? refused;
    const waitMs = retryAfterMs(last.headers['retry-after'], Date.now());
    const lastAnswerBefore = caller.lastAnswerAt;
    if (waitMs === undefined)
      notJudged.push({
        about: rateLimitRetryAfter.id,
        why: `the last 429 (${last.operationId}) carried no usable Retry-After; the header check names it`,
      });
    else if (waitMs > plan.minuteMs + MARGIN_MS)
      notJudged.push({
        about: rateLimitRetryAfter.id,
        why: `the last 429 asked to wait ${Math.round(waitMs / 1000)} s, longer than a minute window: not waited`,
      });
    else {
      const due = last.answeredAt + waitMs - clock.now();
      if (due > 0) await clock.sleep(due);
      const retry = await caller.send({ operationId: 'createRun', path: onThread, body: runBody }, true);
      judged.push(rateLimitRetryAfter.id);
      const assumptions =
        operations.createRun.responses['429']?.assumptions.filter((a) => a.scope === 'header:retry-after') ?? [];
      const broken = rateLimitRetryAfter.judge({
        operationId: 'createRun',
        status: retry.status,
        waitedSeconds: Math.round(waitMs / 1000),
        assumptions,
      });
      if (broken) caller.record(violation(rateLimitRetryAfter, broken), retry);
    }

    // 5. A minute after the last answer call, other calls past the answers limit, then one answer call.
    const renewed = lastAnswerBefore + plan.minuteMs + MARGIN_MS - clock.now();
    if (renewed > 0) await clock.sleep(renewed);
    // A canary first: the answers window has room, so no other client of the tenant is using it up
    // and a refusal of the last call below is the other calls' doing.
    const canary = await answer('createChatCompletion');
    if (canary.status === 429) {
      notJudged.push({
        about: rateLimitOtherCounted.id,
        why: "an answer call a minute after the run's last one was refused before any other call: another client of the tenant is using the answers budget",
      });
      return finish();
    }
    const others = plan.answers.perMinute + 1;
    for (let i = 0; i < others; i++) {
      const sent = await other('getThread');
      const broken = rateLimitOtherRefused.judge({ operationId: sent.operationId, status: sent.status });
      if (broken) {
        caller.record(violation(rateLimitOtherRefused, broken), sent);
        break;
      }
    }
    const final = await answer('createChatCompletion');
    judged.push(rateLimitOtherCounted.id);
    const counted = rateLimitOtherCounted.judge({ status: final.status, others, perMinute: plan.answers.perMinute });
    if (counted) caller.record(violation(rateLimitOtherCounted, counted), final);
    return finish();
  } finally {
    await caller.send({ operationId: 'deleteThread', path: onThread }, false).catch(() => undefined);
  }
}

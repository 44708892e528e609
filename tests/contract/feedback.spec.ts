// Create or update feedback, Delete feedback, and the negative reasons (the Feedback pages):
// feedback goes on assistant messages, a later one overwrites an earlier one, positive feedback
// carries no reason or comment, and the answer is {created_at, feedback, message_id}.
import { randomUUID } from 'node:crypto';
import { isRefusal } from '../../contracts/check/status-class.ts';
import { type ApiClient, strictnessOf } from '../../contracts/client/api-client.ts';
import type { components } from '../../contracts/generated/api.ts';
import { recordBehaviour } from '../../contracts/ledger/behaviour.ts';
import { expect, type ThreadFactory, test } from '../support/fixtures.ts';
import { answered, expectRefusal, expectSuccess } from '../support/promised-answers.ts';
import { locsOf } from '../support/refusal-reading.ts';

/**
 * Codes that would name another cause than the rule a feedback test breaks: the key, the tenant, a
 * thread or a message the request did not get wrong. A refusal under one of them is no answer to the rule.
 */
const OTHER_CAUSES = ['unauthorized', 'permission_denied', 'thread_not_found', 'message_not_found'];

/** Refused for the rule the request breaks: a refusal, and not for another cause. */
function refusedForTheRule(res: { status: number; errorCode?: string }): boolean {
  return isRefusal(res.status) && res.status !== 401 && !OTHER_CAUSES.includes(res.errorCode ?? '');
}

type Feedback = components['schemas']['Feedback'];
type Message = components['schemas']['Message'];
type MessagePage = components['schemas']['MessagePage'];
type NegativeFeedbackReason = components['schemas']['NegativeFeedbackReason'];

/** Our reading of the fields the page names only as "a reason or comment" (x-assumed in the contract). */
const REASON_FIELDS = '#/components/schemas/FeedbackRequest/properties/reason_id';

/** A thread with a question and the run's answer: the assistant message feedback goes on. */
async function answeredThread(api: ApiClient, threads: ThreadFactory) {
  const thread = await threads.create();
  const question = await api.call('createMessage', {
    path: { thread_id: thread.id },
    body: { role: 'user', content: 'Wie lang ist die Kündigungsfrist in der Probezeit?' },
  });
  expectSuccess(question, 'adding the question');
  const run = await api.call('createRun', { path: { thread_id: thread.id }, body: threads.runBody() });
  expectSuccess(run, 'the run that writes the assistant message');
  // The stored answer as the thread lists it: that it keeps the run's id is an assumption of its own.
  const listed = await api.call('listMessages', { path: { thread_id: thread.id } });
  const answer = listed.json<MessagePage>().items.find((m) => m.role === 'assistant');
  if (!answer) throw new Error(`Expected the run's answer among the thread's messages. Reproduce: ${listed.curl}`);
  return { thread, question: question.json<Message>(), answer };
}

test.describe('Feedback', () => {
  test('stores positive feedback on an assistant message and answers {created_at, feedback, message_id}', async ({
    api,
    threads,
  }) => {
    const { thread, answer } = await answeredThread(api, threads);
    const res = await api.call('upsertFeedback', {
      path: { thread_id: thread.id, message_id: answer.id },
      body: { feedback: 'positive' },
    });
    expectSuccess(res, 'positive feedback');
    const saved = res.json<Feedback>();
    expect(saved.message_id, 'message_id is the message in the path').toBe(answer.id);
    expect(saved.feedback).toBe('positive');
    expect(Number.isNaN(Date.parse(saved.created_at)), 'created_at parses').toBe(false);
  });

  test('overwrites earlier feedback: negative after positive', async ({ api, threads }) => {
    const { thread, answer } = await answeredThread(api, threads);
    const path = { thread_id: thread.id, message_id: answer.id };
    const first = await api.call('upsertFeedback', { path, body: { feedback: 'positive' } });
    expectSuccess(first, 'positive feedback');
    const second = await api.call('upsertFeedback', { path, body: { feedback: 'negative' } });
    expectSuccess(second, 'overwriting is allowed ("adds or overwrites")');
    expect(second.json<Feedback>().feedback).toBe('negative');
  });

  const withExtra: Array<[string, (reasons: NegativeFeedbackReason[]) => Record<string, unknown>]> = [
    ['a comment', () => ({ comment: 'agents-api-suite: hilfreich' })],
    ['a reason', (reasons) => ({ reason_id: reasons[0]?.id ?? randomUUID() })],
  ];
  for (const [name, extra] of withExtra) {
    test(`refuses positive feedback that carries ${name}`, async ({ api, threads, target }, testInfo) => {
      const reasons = (await api.call('listNegativeFeedbackReasons')).json<NegativeFeedbackReason[]>();
      const { thread, answer } = await answeredThread(api, threads);
      const res = await api.call('upsertFeedback', {
        path: { thread_id: thread.id, message_id: answer.id },
        body: { feedback: 'positive', ...extra(reasons) },
      });
      // The page names the rule, not the fields: an API whose fields have other names reads ours as
      // unknown and stores the feedback. That contradicts our field names (pending until confirmed),
      // not the page, unless this run holds the API to every assumption.
      const refused = refusedForTheRule(res);
      recordBehaviour({
        id: REASON_FIELDS,
        agreed: refused,
        operationId: 'upsertFeedback',
        test: testInfo.titlePath.slice(1).join(' > '),
        curl: res.curl,
        message: `positive feedback with ${name} (as reason_id / comment) was answered ${answered(res)}, not refused`,
      });
      const strictness = strictnessOf(target);
      if (refused || strictness.strict || strictness.confirmed.has(REASON_FIELDS))
        expectRefusal(res, `positive feedback with ${name}`, { notFor: OTHER_CAUSES });
    });
  }

  test('refuses feedback on a user message: feedback goes on assistant messages', async ({ api, threads }) => {
    const { thread, question } = await answeredThread(api, threads);
    const res = await api.call('upsertFeedback', {
      path: { thread_id: thread.id, message_id: question.id },
      body: { feedback: 'positive' },
    });
    // A user message is no message to give feedback on: message_not_found says that too.
    expectRefusal(res, 'feedback on a user message', { notFor: OTHER_CAUSES.filter((c) => c !== 'message_not_found') });
  });

  test('answers message_not_found for a message the thread does not hold', async ({ api, threads }) => {
    const { thread } = await answeredThread(api, threads);
    const res = await api.call('upsertFeedback', {
      path: { thread_id: thread.id, message_id: randomUUID() },
      body: { feedback: 'negative' },
    });
    expect(res.errorCode, `an unknown message: got ${answered(res)}`).toBe('message_not_found');
  });

  test('refuses a feedback that is neither positive nor negative, naming body.feedback', async ({ api, threads }) => {
    const { thread, answer } = await answeredThread(api, threads);
    const res = await api.call('upsertFeedback', {
      path: { thread_id: thread.id, message_id: answer.id },
      body: { feedback: 'neutral' },
    });
    expectRefusal(res, 'feedback "neutral"', { notFor: OTHER_CAUSES });
    const locs = locsOf(res);
    if (locs.length > 0)
      expect(
        locs.some((loc) => loc.includes('feedback')),
        `locs: ${locs.join(' | ')}`,
      ).toBe(true);
  });

  test('deletes the feedback of an assistant message', async ({ api, threads }) => {
    const { thread, answer } = await answeredThread(api, threads);
    const path = { thread_id: thread.id, message_id: answer.id };
    expectSuccess(await api.call('upsertFeedback', { path, body: { feedback: 'negative' } }), 'negative feedback');
    const res = await api.call('deleteFeedback', { path });
    expectSuccess(res, 'deleting the feedback');
  });

  test('lists the negative feedback reasons', async ({ api }) => {
    const res = await api.call('listNegativeFeedbackReasons');
    expectSuccess(res, 'listing the negative feedback reasons');
    const ids = res.json<NegativeFeedbackReason[]>().map((r) => r.id);
    expect(new Set(ids).size, 'each reason has an id of its own').toBe(ids.length);
  });
});

test.describe('Tenants', () => {
  test("lists the tenant's API keys", async ({ api }) => {
    const res = await api.call('listApiKeys');
    expectSuccess(res, 'listing the API keys');
    // The keys themselves are never compared, printed or attached: only that there are some.
    expect(res.json<{ api_keys: unknown[] }>().api_keys.length, 'the tenant has the key of this call').toBeGreaterThan(
      0,
    );
  });
});

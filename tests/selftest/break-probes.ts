// For each break, a probe of the promise it breaks: what the documented API answers, observed the
// same way on the correct server and on the broken one, so a test can show the break is real.
import { randomUUID } from 'node:crypto';
import { readBackProbes } from './break-probes-read-back.ts';
import { callServer, firstAssistant, licensedAssistant, threadWith } from './reference-client.ts';
import type { BreakName, RateLimitOptions, ReferenceServer } from './reference-server/index.ts';

/** A probe and the observation the documented API gives. */
export interface BreakProbe {
  probe(server: ReferenceServer): Promise<unknown>;
  documented: unknown;
  /** The rate limits both servers run with (a rate-limit break acts only with them on). */
  rateLimit?: RateLimitOptions;
}

/** Rate limits for a probe: `perMinute` answer calls a minute, everything else unbounded, on a clock stopped 30 s into a minute. */
function probeLimits(perMinute: number): RateLimitOptions {
  return {
    answers: { perSecond: 100, perMinute },
    other: { perSecond: 1_000, perMinute: 1_000 },
    clock: { now: () => 30_000, sleep: async () => undefined },
  };
}

/** A run of a fresh one-question thread, then `then` on a thread of its own; `then`'s answer. */
async function runThen(s: ReferenceServer, then: 'run' | 'run/stream') {
  await run(s);
  return callServer(s, 'POST', `/v1/threads/${await threadWith(s, [question])}/${then}`, { body: {} });
}

const question = { role: 'user', content: 'Wie lang ist die Kündigungsfrist in der Probezeit?' };
const rfc3339WithZone = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}(Z|[+-]\d{2}:\d{2})$/;

async function run(server: ReferenceServer, messages: unknown[] = [question], body: unknown = {}) {
  const thread = await threadWith(server, messages);
  return { thread, res: await callServer(server, 'POST', `/v1/threads/${thread}/run`, { body }) };
}

async function runAnswer(server: ReferenceServer): Promise<Record<string, unknown>> {
  return (await run(server)).res.json as Record<string, unknown>;
}

function errorOf(json: unknown): unknown {
  return (json as { error_code?: unknown } | undefined)?.error_code;
}

/** The probes, by break. */
export const breakProbes: Record<BreakName, BreakProbe> = {
  'run-missing-field': { probe: async (s) => Array.isArray((await runAnswer(s)).sources), documented: true },
  'run-mistyped-field': {
    probe: async (s) => typeof ((await runAnswer(s)).meta_data as Record<string, unknown>).legal_advice,
    documented: 'boolean',
  },
  'run-wrong-thread-id': {
    probe: async (s) => {
      const { thread, res } = await run(s);
      return (res.json as { thread_id: string }).thread_id === thread;
    },
    documented: true,
  },
  'run-wrong-content-type': {
    probe: async (s) => (await run(s)).res.headers['content-type'],
    documented: 'application/json',
  },
  'run-wrong-status': { probe: async (s) => (await run(s)).res.status, documented: 200 },
  'created-at-no-zone': {
    probe: async (s) => rfc3339WithZone.test(String((await runAnswer(s)).created_at)),
    documented: true,
  },
  'unknown-thread-wrong-code': {
    probe: async (s) => errorOf((await callServer(s, 'POST', `/v1/threads/${randomUUID()}/run`, { body: {} })).json),
    documented: 'thread_not_found',
  },
  'unknown-thread-wrong-status': {
    probe: async (s) => (await callServer(s, 'POST', `/v1/threads/${randomUUID()}/run`, { body: {} })).status,
    documented: 404,
  },
  'key-not-enforced': {
    probe: async (s) => {
      const thread = await threadWith(s, [question]);
      const res = await callServer(s, 'POST', `/v1/threads/${thread}/run`, { body: {}, key: 'none' });
      return [res.status, errorOf(res.json)];
    },
    documented: [401, 'unauthorized'],
  },
  'rule-no-user-message-not-enforced': {
    probe: async (s) => {
      const { res } = await run(s, [{ role: 'system', content: 'Antworte knapp.' }]);
      return [res.status, errorOf(res.json)];
    },
    documented: [422, 'unprocessable_entity'],
  },
  'tool-rule-not-enforced': {
    probe: async (s) => {
      const call = { id: 'call_probe', type: 'function', function: { name: 'lookup', arguments: '{}' } };
      const { res } = await run(s, [question, { role: 'assistant', content: '', tool_calls: [call] }]);
      return [res.status, errorOf(res.json)];
    },
    documented: [400, 'bad_request'],
  },
  'metadata-not-enforced': {
    probe: async (s) => {
      const thread = await threadWith(s, [question], (await licensedAssistant(s)).id);
      const res = await callServer(s, 'POST', `/v1/threads/${thread}/run`, { body: { meta_data: { user_data: {} } } });
      return [res.status, errorOf(res.json)];
    },
    documented: [422, 'request_metadata_missing_or_incomplete'],
  },
  'validation-error-detail-string': {
    probe: async (s) => {
      const thread = await threadWith(s, [question]);
      const res = await callServer(s, 'POST', `/v1/threads/${thread}/run`, { rawBody: '{"meta_data": {' });
      return Array.isArray((res.json as { detail?: unknown }).detail);
    },
    documented: true,
  },
  'retry-after-missing': {
    probe: async (s) => {
      const thread = await threadWith(s, [question]);
      const res = await callServer(s, 'POST', `/v1/threads/${thread}/run`, { body: {}, prefer: 'code=429' });
      return [res.status, /^\d+$/.test(res.headers['retry-after'] ?? '')];
    },
    documented: [429, true],
  },
  'stream-bad-chunk': {
    probe: async (s) => {
      const thread = await threadWith(s, [question]);
      const res = await callServer(s, 'POST', `/v1/threads/${thread}/run/stream`, { body: {} });
      const lines = res.text.split('\n').filter((l) => l.trim() !== '');
      return lines.every((l) => typeof (JSON.parse(l) as { message_id?: unknown }).message_id === 'string');
    },
    documented: true,
  },
  'stack-ending-not-enforced': {
    probe: async (s) => {
      const { thread } = await run(s);
      const again = await callServer(s, 'POST', `/v1/threads/${thread}/run`, { body: {} });
      return [again.status, errorOf(again.json)];
    },
    documented: [422, 'incorrect_stack_ending'],
  },
  'streaming-not-enforced': {
    probe: async (s) => {
      const thread = await threadWith(s, [question], (await licensedAssistant(s)).id);
      const res = await callServer(s, 'POST', `/v1/threads/${thread}/run/stream`, {
        body: { meta_data: { user_data: { licence: 'L-1' } } },
      });
      return [res.status, errorOf(res.json)];
    },
    documented: [422, 'engine_does_not_support_streaming'],
  },
  'stream-unknown-thread-wrong-code': {
    probe: async (s) =>
      errorOf((await callServer(s, 'POST', `/v1/threads/${randomUUID()}/run/stream`, { body: {} })).json),
    documented: 'thread_not_found',
  },
  'stream-key-not-enforced': {
    probe: async (s) => {
      const thread = await threadWith(s, [question]);
      return (await callServer(s, 'POST', `/v1/threads/${thread}/run/stream`, { body: {}, key: 'none' })).status;
    },
    documented: 401,
  },
  // Authorization and lifecycle (issue 11).
  'thread-read-without-key': {
    probe: async (s) => {
      const res = await callServer(s, 'GET', `/v1/threads/${await threadWith(s, [question])}`, { key: 'none' });
      return [res.status, errorOf(res.json)];
    },
    documented: [401, 'unauthorized'],
  },
  'cross-tenant-read': {
    // The docs leave 403 or 404 open; either is a refusal.
    probe: async (s) =>
      [403, 404].includes(
        (await callServer(s, 'GET', `/v1/threads/${await threadWith(s, [question])}/messages`, { key: 'other' }))
          .status,
      ),
    documented: true,
  },
  'cross-tenant-delete': {
    probe: async (s) => {
      const thread = await threadWith(s, [question]);
      await callServer(s, 'DELETE', `/v1/threads/${thread}`, { key: 'other' });
      return (await callServer(s, 'GET', `/v1/threads/${thread}`)).status;
    },
    documented: 200,
  },
  'deleted-thread-served': {
    probe: async (s) => {
      const thread = await threadWith(s, [question]);
      await callServer(s, 'DELETE', `/v1/threads/${thread}`);
      const res = await callServer(s, 'GET', `/v1/threads/${thread}`);
      return [res.status, errorOf(res.json)];
    },
    documented: [404, 'thread_not_found'],
  },
  'message-listed-late': {
    probe: async (s) =>
      (
        (await callServer(s, 'GET', `/v1/threads/${await threadWith(s, [question])}/messages`)).json as {
          items: unknown[];
        }
      ).items.length,
    documented: 1,
  },
  'chat-foreign-thread': {
    probe: async (s) => {
      const thread = await threadWith(s, [question]);
      const theirs = ((await callServer(s, 'GET', '/v1/assistants', { key: 'other' })).json as Array<{ id: string }>)[0]
        ?.id;
      const body = { assistant_id: theirs, messages: [{ role: 'user', content: 'Und weiter?' }] };
      return [403, 404].includes(
        (await callServer(s, 'POST', `/v1/chat/completions?thread_id=${thread}`, { key: 'other', body })).status,
      );
    },
    documented: true,
  },
  // Generated, model-based tests (issue 7).
  'generated-astral-content-refused': {
    probe: async (s) =>
      (
        await callServer(s, 'POST', `/v1/threads/${await threadWith(s, [])}/messages`, {
          body: { role: 'user', content: 'Frage 😀' },
        })
      ).status,
    documented: 201,
  },
  'generated-tool-choice-server-error': {
    probe: async (s) =>
      (
        await callServer(s, 'POST', `/v1/threads/${await threadWith(s, [question])}/run`, {
          body: { tool_choice: 'none' },
        })
      ).status,
    documented: 200,
  },
  'generated-user-id-thread-run-error': {
    probe: async (s) => {
      const created = await callServer(s, 'POST', '/v1/threads', {
        body: { assistant_id: (await firstAssistant(s)).id, user_id: randomUUID() },
      });
      const thread = (created.json as { id: string }).id;
      await callServer(s, 'POST', `/v1/threads/${thread}/messages`, { body: question });
      return (await callServer(s, 'POST', `/v1/threads/${thread}/run`, { body: {} })).status;
    },
    documented: 200,
  },
  'generated-extra-field-server-error': {
    // Refusing the property (422, `extraFields: refuse`) is as documented as ignoring it; a 5xx is not.
    probe: async (s) =>
      (await callServer(s, 'POST', `/v1/threads/${await threadWith(s, [question])}/run`, { body: { client_ref: 'x' } }))
        .status < 500,
    documented: true,
  },
  'generated-long-thread-oldest-first': {
    probe: async (s) => {
      const thread = await threadWith(s, [
        question,
        { role: 'assistant', content: 'a' },
        question,
        { role: 'assistant', content: 'b' },
        { role: 'user', content: 'last' },
      ]);
      const items = (
        (await callServer(s, 'GET', `/v1/threads/${thread}/messages`)).json as { items: Array<{ content: string }> }
      ).items;
      return items[0]?.content;
    },
    documented: 'last',
  },
  'generated-tenant-not-checked': {
    probe: async (s) =>
      (await callServer(s, 'GET', `/v1/threads/${await threadWith(s, [question])}/messages`, { key: 'other' })).status,
    documented: 404,
  },
  'generated-mistyped-content-accepted': {
    probe: async (s) =>
      (
        await callServer(s, 'POST', `/v1/threads/${await threadWith(s, [question])}/messages`, {
          body: { role: 'user', content: 5 },
        })
      ).status,
    documented: 422,
  },
  'generated-orphan-tool-message-accepted': {
    probe: async (s) => {
      const thread = await threadWith(s, [question]);
      const tool = await callServer(s, 'POST', `/v1/threads/${thread}/messages`, {
        body: { role: 'tool', content: 'x', tool_call_id: 'call_never' },
      });
      if (tool.status !== 201) return [tool.status, errorOf(tool.json)];
      const res = await callServer(s, 'POST', `/v1/threads/${thread}/run`, { body: {} });
      return [res.status, errorOf(res.json)];
    },
    documented: [400, 'tool_message_has_no_matching_tool_call'],
  },
  'generated-empty-tools-server-error': {
    probe: async (s) =>
      (await callServer(s, 'POST', `/v1/threads/${await threadWith(s, [question])}/run`, { body: { tools: [] } }))
        .status,
    documented: 200,
  },
  'generated-second-tool-call-unanswerable': {
    probe: async (s) => {
      const calls = ['call_a', 'call_b'].map((id) => ({
        id,
        type: 'function',
        function: { name: 'lookup', arguments: '{}' },
      }));
      const thread = await threadWith(s, [
        question,
        { role: 'assistant', content: '', tool_calls: calls },
        { role: 'tool', content: 'a', tool_call_id: 'call_a' },
      ]);
      return (
        await callServer(s, 'POST', `/v1/threads/${thread}/messages`, {
          body: { role: 'tool', content: 'b', tool_call_id: 'call_b' },
        })
      ).status;
    },
    documented: 201,
  },
  'generated-control-character-refused': {
    probe: async (s) =>
      (
        await callServer(s, 'POST', `/v1/threads/${await threadWith(s, [])}/messages`, {
          body: { role: 'user', content: 'Frage\u0000\u001b' },
        })
      ).status,
    documented: 201,
  },
  ...readBackProbes,
  'generated-stream-stored-text-differs': {
    probe: async (s) => {
      const { joined, stored } = await streamedAndStored(s);
      return stored.content === joined;
    },
    documented: true,
  },
  'generated-stream-line-other-message-id': {
    probe: async (s) => (await streamedAndStored(s)).ids.size,
    documented: 1,
  },
  'rate-limit-chat-not-counted': {
    // One chat completion uses up the minute: a run after it is refused, unless chat has a budget of its own.
    rateLimit: probeLimits(1),
    probe: async (s) => {
      const chat = { assistant_id: (await firstAssistant(s)).id, messages: [question] };
      await callServer(s, 'POST', '/v1/chat/completions', { body: chat });
      return (await run(s)).res.status;
    },
    documented: 429,
  },
  'rate-limit-other-counted': {
    rateLimit: probeLimits(2),
    // The thread and its question are two other calls: they leave both answer calls of the minute.
    probe: async (s) => (await run(s)).res.status,
    documented: 200,
  },
  'rate-limit-retry-after-short': {
    rateLimit: probeLimits(1),
    probe: async (s) => (await runThen(s, 'run')).headers['retry-after'],
    documented: '30',
  },
  'rate-limit-stream-wrong-body': {
    rateLimit: probeLimits(1),
    probe: async (s) => errorOf((await runThen(s, 'run/stream')).json),
    documented: 'rate_limit_gateway',
  },
  'rate-limit-not-enforced': {
    rateLimit: probeLimits(1),
    probe: async (s) => (await runThen(s, 'run')).status,
    documented: 429,
  },
  'rate-limit-other-refused': {
    rateLimit: probeLimits(1),
    probe: async (s) => {
      await run(s);
      return (await callServer(s, 'GET', '/v1/threads')).status;
    },
    documented: 200,
  },
};

/** A run/stream of a one-question thread: its lines' message ids, the deltas joined, and the newest stored message. */
async function streamedAndStored(s: ReferenceServer) {
  const thread = await threadWith(s, [question]);
  const res = await callServer(s, 'POST', `/v1/threads/${thread}/run/stream`, { body: {} });
  const lines = res.text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as { message_id?: string; delta: { content: string } });
  const listed = await callServer(s, 'GET', `/v1/threads/${thread}/messages`);
  const stored = (listed.json as { items: Array<{ content: string }> }).items[0] ?? { content: '' };
  return { ids: new Set(lines.map((l) => l.message_id)), joined: lines.map((l) => l.delta.content).join(''), stored };
}

// A small in-memory double of the agents API for the stubbed k6/http: enough of threads, messages,
// runs, streams, chat completions and feedback, with contract-valid bodies, and a limiter on the stub's
// virtual clock (two windows per budget, refused calls free, exact Retry-After). Routing comes from
// the operation index, so a path the contract does not have is a 404 here too.

import { operationIds } from '../../../contracts/check/operation-path.ts';
import type { OperationId } from '../../../contracts/generated/validators.js';
import { operations } from '../../../contracts/generated/validators.js';
import type { StubReply, StubRequest } from '../stubs/state.ts';
import { k6stub } from '../stubs/state.ts';

export const FAKE_KEY = 'test-key';
export const STREAMING_ASSISTANT = '6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e51';
export const PLAIN_ASSISTANT = '6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e52';

/** Budgets of the limiter; null switches it off. */
export interface FakeLimits {
  answersPerSecond: number;
  answersPerMinute: number;
  otherPerSecond: number;
  otherPerMinute: number;
  /** Give run/stream and chat/completions budgets of their own (a broken API, for negative tests). */
  separateAnswerBudgets?: boolean;
  /** Leave Retry-After off the 429. */
  omitRetryAfter?: boolean;
  /** Count feedback calls in the answers budget (a broken API, for negative tests). */
  feedbackInAnswers?: boolean;
}

interface Thread {
  id: string;
  assistantId: string;
  title: string | null;
  messages: Array<{ id: string; role: string; content: string; created_at: string }>;
  deleted: boolean;
}

type Override = (request: StubRequest) => StubReply | undefined;

const ROUTES = operationIds.map((op) => ({
  op,
  method: operations[op].method,
  pattern: new RegExp(`^${operations[op].path.replace(/\{[a-z_]+\}/g, '([^/]+)')}$`),
}));

function json(status: number, body: unknown, headers: Record<string, string> = {}): StubReply {
  return { status, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) };
}

function error(status: number, code: string, detail: string): StubReply {
  return json(status, { error_code: code, detail });
}

/** The fake API; `handle` is what the stub server calls. */
export class FakeApi {
  readonly threads = new Map<string, Thread>();
  readonly calls: Array<{ op: OperationId; status: number }> = [];
  private readonly overrides = new Map<OperationId, Override>();
  private readonly spent = new Map<string, number[]>();
  private sequence = 0;
  limits: FakeLimits | null = null;
  /** Timings of answer calls (ms). */
  answerTimings = { waiting: 120, duration: 180 };

  readonly key;
  constructor(key = FAKE_KEY) {
    this.key = key;
  }

  /** Answers one operation with `fn` (when it returns a reply) instead of the normal behaviour. */
  override(op: OperationId, fn: Override): this {
    this.overrides.set(op, fn);
    return this;
  }

  /** Records `count` admitted calls on a budget, the last one now and each `spacingMs` before the next, as if other traffic had spent it. */
  spend(budget: string, count: number, spacingMs: number): void {
    const log = this.spent.get(budget) ?? [];
    for (let index = count - 1; index >= 0; index -= 1) log.push(k6stub.clock - index * spacingMs);
    this.spent.set(budget, log);
  }

  private id(): string {
    this.sequence += 1;
    return `6f1c2d3e-4a5b-4c6d-8e9f-${this.sequence.toString(16).padStart(12, '0')}`;
  }

  // The API stamps with microseconds, and the contract holds it to that.
  private now(): string {
    return new Date(k6stub.clock).toISOString().replace(/Z$/, '000Z');
  }

  private answersBudget(op: OperationId): boolean {
    return operations[op].budget === 'answers' || (this.limits?.feedbackInAnswers === true && /Feedback/.test(op));
  }

  private budgetOf(op: OperationId): string {
    const budget = this.answersBudget(op) ? 'answers' : operations[op].budget;
    return budget === 'answers' && this.limits?.separateAnswerBudgets === true ? `answers:${op}` : budget;
  }

  /** Sliding one-second and one-minute windows; a refused call spends nothing. */
  private admit(op: OperationId): StubReply | undefined {
    if (this.limits === null) return undefined;
    const budget = this.budgetOf(op);
    const answers = this.answersBudget(op);
    const perSecond = answers ? this.limits.answersPerSecond : this.limits.otherPerSecond;
    const perMinute = answers ? this.limits.answersPerMinute : this.limits.otherPerMinute;
    const now = k6stub.clock;
    const log = (this.spent.get(budget) ?? []).filter((time) => time > now - 60_000);
    this.spent.set(budget, log);
    // Each full window names when it has room again; the caller must wait for the later one.
    const windows = [
      { limit: perSecond, within: 1000, entries: log.filter((time) => time > now - 1000) },
      { limit: perMinute, within: 60_000, entries: log },
    ].filter((window) => window.entries.length >= window.limit);
    if (windows.length === 0) {
      log.push(now);
      return undefined;
    }
    const frees = windows.map((window) => ({
      limit: window.limit,
      at: (window.entries[window.entries.length - window.limit] ?? now) + window.within,
    }));
    const last = frees.reduce((a, b) => (b.at > a.at ? b : a));
    const wait = Math.max(1, Math.ceil((last.at - now) / 1000));
    const full = { limit: last.limit };
    const headers: Record<string, string> = {
      'x-ratelimit-limit': String(full.limit),
      'x-ratelimit-remaining': '0',
      'x-ratelimit-reset': String(wait),
    };
    if (this.limits.omitRetryAfter !== true) headers['retry-after'] = String(wait);
    return json(429, { error_code: 'rate_limit_gateway', detail: 'Rate limit exceeded' }, headers);
  }

  handle = (request: StubRequest): StubReply => {
    const route = ROUTES.map((entry) => ({ entry, match: entry.pattern.exec(request.path) })).find(
      ({ entry, match }) => match !== null && entry.method === request.method,
    );
    if (route === undefined) return error(404, 'resource_not_found', 'No such route');
    const { op } = route.entry;
    const param = route.match?.[1] ?? '';
    const reply = this.reply(op, param, request);
    this.calls.push({ op, status: reply.status });
    return reply;
  };

  private reply(op: OperationId, param: string, request: StubRequest): StubReply {
    if (request.headers['api-key'] !== this.key) return error(401, 'unauthorized', 'Invalid or missing API key');
    const limited = this.admit(op);
    if (limited !== undefined) return limited;
    const forced = this.overrides.get(op)?.(request);
    if (forced !== undefined) return forced;
    const body = request.body === null ? {} : (JSON.parse(request.body) as Record<string, unknown>);
    const thread = this.threads.get(param);
    switch (op) {
      case 'listAssistants':
        return json(200, [
          {
            id: STREAMING_ASSISTANT,
            name: 'Streaming',
            streaming: true,
            meta_data_response_schema: {},
            request_required_fields: {},
          },
          {
            id: PLAIN_ASSISTANT,
            name: 'Licensed',
            streaming: false,
            meta_data_response_schema: {},
            request_required_fields: { __root__: ['user_data'], user_data: ['licence'] },
          },
        ]);
      case 'createThread': {
        const created: Thread = {
          id: this.id(),
          assistantId: String(body.assistant_id),
          title: (body.title as string) ?? null,
          messages: [],
          deleted: false,
        };
        this.threads.set(created.id, created);
        return json(201, this.threadBody(created));
      }
      case 'getThread':
        return thread === undefined || thread.deleted
          ? error(404, 'thread_not_found', 'Thread not found')
          : json(200, this.threadBody(thread));
      case 'deleteThread':
        if (thread === undefined || thread.deleted) return error(404, 'thread_not_found', 'Thread not found');
        thread.deleted = true;
        return { status: 204, headers: {}, body: '' };
      case 'listMessages':
        if (thread === undefined || thread.deleted) return error(404, 'thread_not_found', 'Thread not found');
        return json(200, {
          cursor: null,
          items: thread.messages.map((message) => ({ ...message, thread_id: thread.id })).reverse(),
        });
      case 'createMessage': {
        if (thread === undefined || thread.deleted) return error(404, 'thread_not_found', 'Thread not found');
        const message = {
          id: this.id(),
          role: String(body.role),
          content: String(body.content),
          created_at: this.now(),
        };
        thread.messages.push(message);
        return json(201, { ...message, thread_id: thread.id });
      }
      case 'createRun':
      case 'createRunStream': {
        if (thread === undefined || thread.deleted) return error(404, 'thread_not_found', 'Thread not found');
        if (op === 'createRunStream' && thread.assistantId !== STREAMING_ASSISTANT) {
          return error(
            422,
            'engine_does_not_support_streaming',
            'The selected engine does not support streaming responses.',
          );
        }
        const last = thread.messages[thread.messages.length - 1];
        if (last === undefined || (last.role !== 'user' && last.role !== 'tool')) {
          return error(400, 'incorrect_stack_ending', 'The thread must end with a user or tool message');
        }
        const answer = {
          id: this.id(),
          role: 'assistant',
          content: 'A notice period of three months applies.',
          created_at: this.now(),
        };
        thread.messages.push(answer);
        return op === 'createRun'
          ? { ...json(200, this.runBody(thread.id, answer)), ...this.answerTimings }
          : this.stream(thread.id, answer.id);
      }
      case 'createChatCompletion':
        return {
          ...json(
            200,
            this.runBody(null, {
              id: this.id(),
              content: 'A notice period of three months applies.',
              created_at: this.now(),
            }),
          ),
          ...this.answerTimings,
        };
      case 'upsertFeedback':
      case 'deleteFeedback': {
        const messageId = /\/messages\/([^/]+)\/feedback$/.exec(request.path)?.[1];
        const message = thread?.messages.find((m) => m.id === messageId);
        if (thread === undefined || thread.deleted || message === undefined)
          return error(404, 'message_not_found', 'Message not found');
        if (message.role !== 'assistant') return error(400, 'invalid_input', 'Feedback goes on assistant messages');
        if (op === 'deleteFeedback') return { status: 204, headers: {}, body: '' };
        return json(200, { created_at: this.now(), feedback: String(body.feedback), message_id: message.id });
      }
      case 'listNegativeFeedbackReasons':
        return json(200, [{ id: 'wrong', reason: 'Falsche Information', description: 'Sachlich falsch.' }]);
      default:
        return error(500, 'api_error', `The fake does not implement ${op}`);
    }
  }

  private threadBody(thread: Thread): Record<string, unknown> {
    return {
      id: thread.id,
      assistant_id: thread.assistantId,
      tenant_id: 'tenant-main',
      user_id: null,
      title: thread.title,
      created_at: this.now(),
      last_updated_at: this.now(),
    };
  }

  private runBody(
    threadId: string | null,
    answer: { id: string; content: string; created_at: string },
  ): Record<string, unknown> {
    return {
      id: answer.id,
      thread_id: threadId,
      role: 'assistant',
      content: answer.content,
      created_at: answer.created_at,
      meta_data: { intent: 'question', legal_advice: false, type: 'lease' },
      sources: [{ content: 'BGB §573c', meta_data: { document_title: 'BGB', section: '573c' } }],
    };
  }

  private stream(threadId: string, messageId: string): StubReply {
    const chunk = (content: string): string =>
      JSON.stringify({
        created_at: this.now(),
        delta: { content, role: 'assistant', sources: null },
        message_id: messageId,
        thread_id: threadId,
      });
    return {
      status: 200,
      headers: { 'content-type': 'application/x-ndjson' },
      body: `${['A notice ', 'period of ', 'three months.'].map(chunk).join('\n')}\n`,
      waiting: 80,
      duration: 900,
    };
  }
}

/** A fake API installed as the stub's server. */
export function installFakeApi(key = FAKE_KEY): FakeApi {
  const api = new FakeApi(key);
  k6stub.server = api.handle;
  return api;
}

// The streaming probe: run/stream answers at a paced, bounded rate, each timed line by line
// (ndjson-stream.ts). It reads the load scripts' settings (load/lib/config.ts), so a target that is
// not loopback is refused unless LOAD_CONFIRM_TARGET names it, and it creates one thread of its
// own, posts a new user message after each answer, and deletes the thread at the end.
import { parseJson } from '../../contracts/check/body-text.ts';
import { operationPath } from '../../contracts/check/operation-path.ts';
import { retryDecision } from '../../contracts/client/retry-after.ts';
import { exchange } from '../../contracts/client/transport.ts';
import { type TransportLimits, transportLimits } from '../../contracts/client/transport-limits.ts';
import type { OperationId } from '../../contracts/generated/validators.js';
import type { LoadConfig } from '../lib/config.ts';
import { loadConfig } from '../lib/config.ts';
import type { Env } from '../lib/env.ts';
import { ConfigError } from '../lib/env.ts';
import type { StreamTiming } from './ndjson-stream.ts';
import { timeStream } from './ndjson-stream.ts';

/** How much the probe sends: a count, a pace and a deadline, each capped. */
export interface ProbePlan {
  count: number;
  perMinute: number;
  maxSeconds: number;
}

/** Caps no setting can lift: the probe is a measurement, not a load test. */
export const PROBE_CAPS = { count: 100, maxSeconds: 600 } as const;

/** One probe run. */
export interface ProbeRun {
  target: string;
  assistantId: string;
  plan: ProbePlan;
  streams: StreamTiming[];
  /** Streams refused with 429, each waited out for its Retry-After. */
  refused: number;
  /** The deadline stopped the probe before `count` streams. */
  cutShort: boolean;
}

/** Refuses a plan outside the caps or at the answer budget; the message names the fix. */
export function checkPlan(plan: ProbePlan, config: LoadConfig): ProbePlan {
  const whole = (name: string, value: number, min: number, max: number): void => {
    if (!Number.isInteger(value) || value < min || value > max)
      throw new ConfigError(`--${name} must be a whole number from ${min} to ${max}; got ${value}.`);
  };
  whole('count', plan.count, 1, PROBE_CAPS.count);
  whole('max-seconds', plan.maxSeconds, 5, PROBE_CAPS.maxSeconds);
  const budget = config.limits.answersPerMinute;
  if (!(plan.perMinute > 0) || plan.perMinute >= budget) {
    throw new ConfigError(
      `--per-minute must be above 0 and below the documented ${budget} answers a minute; got ${plan.perMinute}. Use, for example, --per-minute 10.`,
    );
  }
  return plan;
}

/** The probe's settings: the load scripts' plus the key and the transport's deadlines and caps. */
export type ProbeConfig = LoadConfig & { apiKey: string; transport: TransportLimits };

/** Reads the shared settings (BASE_URL, API_KEY, LOAD_CONFIRM_TARGET, ...) as the load scripts do. */
export function probeConfig(env: Env): ProbeConfig {
  const config = loadConfig(env, { contractSample: 1 });
  if (config.apiKey === undefined)
    throw new ConfigError('API_KEY is not set. Against the mock: API_KEY=mock-api-key npm run probe:stream');
  return { ...config, apiKey: config.apiKey, transport: transportLimits(env, true) };
}

class Api {
  private readonly config: ProbeConfig;
  constructor(config: ProbeConfig) {
    this.config = config;
  }

  url(op: OperationId, path: Record<string, string> = {}): string {
    return `${this.config.target.baseUrl}${operationPath(op, path)}`;
  }

  /**
   * One call through the suite's transport: the key on the wire only, no redirect followed,
   * deadlines and caps, and the one 429 policy within the probe's own deadline.
   */
  async send(
    op: OperationId,
    method: string,
    path: Record<string, string>,
    body?: unknown,
    deadline = Date.now() + 60_000,
  ): Promise<{ status: number; json: unknown }> {
    const url = this.url(op, path);
    const { answer, refusedWait } = await exchange(
      {
        method,
        url,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        key: this.config.apiKey,
        ...(body === undefined ? {} : { body: Buffer.from(JSON.stringify(body), 'utf8') }),
      },
      { limits: this.config.transport, live: true, deadline },
    );
    if (refusedWait !== undefined) throw new ProbeStopped(refusedWait);
    if (answer.tooLarge)
      throw new ProbeStopped(
        `${method} ${url} answered more than ${answer.tooLarge.limitBytes} bytes (${answer.tooLarge.setting}); the rest was dropped`,
      );
    const parsed = parseJson(answer.body);
    return { status: answer.status, json: answer.body !== '' && parsed.ok ? parsed.value : null };
  }
}

/** The probe cannot go on: the target answered in a way no measurement can use (the message says how). */
export class ProbeStopped extends Error {
  override name = 'ProbeStopped';
}

async function streamingAssistant(api: Api, config: LoadConfig): Promise<string> {
  const listed = await api.send('listAssistants', 'GET', {});
  if (listed.status !== 200 || !Array.isArray(listed.json)) {
    throw new ConfigError(
      `GET /v1/assistants at ${config.target.baseUrl} answered ${listed.status}; expected 200. Check BASE_URL and API_KEY.`,
    );
  }
  const list = listed.json as Array<{ id: string; streaming?: boolean }>;
  const chosen =
    config.assistantId === undefined
      ? list.find((a) => a.streaming === true)
      : list.find((a) => a.id === config.assistantId);
  if (chosen === undefined)
    throw new ConfigError(
      config.assistantId === undefined
        ? 'No assistant of this key streams; set ASSISTANT_ID to one that does.'
        : `ASSISTANT_ID ${config.assistantId} is not among this key's assistants.`,
    );
  if (chosen.streaming !== true)
    throw new ConfigError(
      `Assistant ${chosen.id} does not stream; set ASSISTANT_ID to an assistant with streaming: true.`,
    );
  return chosen.id;
}

async function addQuestion(api: Api, threadId: string, n: number): Promise<void> {
  const res = await api.send(
    'createMessage',
    'POST',
    { thread_id: threadId },
    { role: 'user', content: `Stream probe question ${n}: what notice period applies to a residential lease?` },
  );
  if (res.status !== 200 && res.status !== 201)
    throw new Error(`POST /v1/threads/{thread_id}/messages answered ${res.status}; expected 201.`);
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

/** Runs the probe: `plan.count` streams, one at a time, started `60/perMinute` s apart, until the deadline. */
export async function runProbe(
  config: ProbeConfig,
  plan: ProbePlan,
  log: (line: string) => void = () => {},
): Promise<ProbeRun> {
  checkPlan(plan, config);
  const api = new Api(config);
  const assistantId = await streamingAssistant(api, config);
  const created = await api.send(
    'createThread',
    'POST',
    {},
    { assistant_id: assistantId, title: `agents-api-suite stream probe ${new Date().toISOString()}` },
  );
  const threadId = (created.json as { id?: unknown } | null)?.id;
  if (typeof threadId !== 'string')
    throw new Error(`POST /v1/threads answered ${created.status} without an id; expected 201.`);
  const run: ProbeRun = { target: config.target.baseUrl, assistantId, plan, streams: [], refused: 0, cutShort: false };
  const deadline = Date.now() + plan.maxSeconds * 1000;
  let refusedInARow = 0;
  const interval = 60_000 / plan.perMinute;
  const body = JSON.stringify(config.runMetaData === undefined ? {} : { meta_data: config.runMetaData });
  try {
    await addQuestion(api, threadId, 1);
    let next = Date.now();
    while (run.streams.length < plan.count) {
      await pause(next - Date.now());
      if (Date.now() >= deadline) break;
      next += interval;
      // The stream ends at the probe's deadline at the latest; what arrived by then is measured.
      const left = Math.max(1, deadline - Date.now());
      const limits = { ...config.transport, bodyTimeoutMs: Math.min(config.transport.bodyTimeoutMs, left) };
      limits.headersTimeoutMs = Math.min(limits.headersTimeoutMs, limits.bodyTimeoutMs);
      const timing = await timeStream({
        url: api.url('createRunStream', { thread_id: threadId }),
        key: config.apiKey,
        limits,
        body,
        redactValues: !config.target.loopback,
        strict: config.strict,
      });
      if (timing.status === 429) {
        // The suite's one 429 policy: a wait past what the deadline leaves is reported, not slept.
        const decision = retryDecision(429, timing.retryAfter, {
          live: true,
          injected: false,
          attempt: refusedInARow,
          leftMs: deadline - Date.now(),
          nowMs: Date.now(),
        });
        if ('refused' in decision) throw new ProbeStopped(`run/stream answered 429: ${decision.refused}`);
        run.refused += 1;
        refusedInARow += 1;
        if (!decision.retry) break;
        next = Math.max(next, Date.now() + decision.waitMs);
        continue;
      }
      refusedInARow = 0;
      run.streams.push(timing);
      if (timing.cutOff) log(`stream ${run.streams.length}/${plan.count} was cut off: ${timing.cutOff}`);
      log(
        `stream ${run.streams.length}/${plan.count}: ${timing.status}, first line ${timing.firstLineMs?.toFixed(1) ?? 'none'} ms, ${timing.lines} lines`,
      );
      if (timing.status !== 200) break;
      if (run.streams.length < plan.count) await addQuestion(api, threadId, run.streams.length + 1);
    }
  } finally {
    run.cutShort = run.streams.length < plan.count;
    await api.send('deleteThread', 'DELETE', { thread_id: threadId }).catch(() => undefined);
  }
  return run;
}

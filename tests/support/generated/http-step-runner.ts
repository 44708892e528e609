// A StepRunner over node:http: the generated tests send thousands of steps, and Playwright's
// request context plus the key injector cost more per step than the steps themselves. The key is
// added here, in a header no Playwright API ever sees, so no report can record it; the body
// leaves as the exact bytes of the step (nothing is re-serialised). Live targets are paced by the
// suite's shared pacers and a 429's Retry-After is honoured.
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { operationPath } from '../../../contracts/check/operation-path.ts';
import { operations } from '../../../contracts/generated/validators.js';
import { pacerFor } from '../api-client.ts';
import { curlLine, type KeyRef } from '../curl-line.ts';
import { realClock, type Clock } from '../pacer.ts';
import type { RequestStep, StepAnswer, StepRunner } from '../request-step.ts';
import type { Target } from '../target.ts';

const MAX_429_RETRIES = 3;
const MAX_RETRY_AFTER_S = 60;

/** The connection pools of one process, shared by every runner (one per sequence). */
const agents = { http: new HttpAgent({ keepAlive: true, maxSockets: 8 }), https: new HttpsAgent({ keepAlive: true, maxSockets: 8 }) };

/** The id an answer hands out: `id` of a JSON body, `message_id` of an NDJSON stream's first line. */
export function answerId(body: string): string | undefined {
  const first = body.split('\n', 1)[0] ?? '';
  try {
    const value = JSON.parse(first) as { id?: unknown; message_id?: unknown };
    const id = value.id ?? value.message_id;
    return typeof id === 'string' ? id : undefined;
  } catch {
    return undefined;
  }
}

/** Sends steps to one target; one runner per sequence, since labels are per sequence. */
export class HttpStepRunner implements StepRunner {
  readonly #labels = new Map<string, string>();

  constructor(
    private readonly target: Target,
    private readonly workers = 1,
    private readonly clock: Clock = realClock,
  ) {}

  /** The ids of every step whose label starts with `prefix` (the threads a sequence created: `t`). */
  idsLabelled(prefix: string): string[] {
    return [...this.#labels].filter(([label]) => label.startsWith(prefix)).map(([, id]) => id);
  }

  /** The id a label stands for, once its step was answered. */
  idOf(label: string): string | undefined {
    return this.#labels.get(label);
  }

  async send(step: RequestStep): Promise<StepAnswer> {
    const op = operations[step.operationId];
    const path: Record<string, string> = {};
    for (const [name, value] of Object.entries(step.path ?? {})) {
      const resolved = typeof value === 'string' ? value : this.#labels.get(value.ref);
      // A ref to a step that was refused: the id stays symbolic, as a uuid nothing has.
      path[name] = resolved ?? '00000000-0000-4000-8000-000000000000';
    }
    const query = new URLSearchParams(step.query ?? {});
    const url = `${this.target.baseURL}${operationPath(step.operationId, path)}${query.size ? `?${query}` : ''}`;
    const headers: Record<string, string> = {};
    const bytes = step.body === undefined ? undefined : Buffer.from(step.body.text, 'utf8');
    if (step.body !== undefined) headers['content-type'] = step.body.contentType ?? 'application/json';
    if (step.prefer !== undefined) headers.prefer = step.prefer;
    const [keyRef, key] = this.#key(step.key ?? 'main');
    const curl = curlLine(op.method, url, keyRef, headers, step.body?.text);
    for (let attempt = 0; ; attempt++) {
      await pacerFor(this.target, op.budget, this.workers)?.take();
      const answer = await this.#request(op.method, url, key === undefined ? headers : { ...headers, 'api-key': key }, bytes, curl);
      const wait = Number(answer.headers['retry-after']);
      if (answer.status === 429 && this.target.live && attempt < MAX_429_RETRIES && Number.isFinite(wait)) {
        await this.clock.sleep(Math.min(wait, MAX_RETRY_AFTER_S) * 1_000);
        continue;
      }
      if (step.label !== undefined && answer.status >= 200 && answer.status < 300) {
        const id = answerId(answer.body);
        if (id !== undefined) this.#labels.set(step.label, id);
      }
      return answer;
    }
  }

  #key(choice: RequestStep['key']): [KeyRef, string | undefined] {
    if (choice === 'none') return ['none', undefined];
    if (choice === 'invalid') return ['an invalid key', `invalid-${Math.random().toString(36).slice(2)}`];
    if (choice === 'other') {
      if (!this.target.otherTenantKey) throw new Error('This step needs API_KEY_OTHER_TENANT; the generator must not plan it without one.');
      return ['API_KEY_OTHER_TENANT', this.target.otherTenantKey];
    }
    return ['API_KEY', this.target.apiKey];
  }

  #request(method: string, url: string, headers: Record<string, string>, bytes: Buffer | undefined, curl: string): Promise<StepAnswer> {
    const parsed = new URL(url);
    const https = parsed.protocol === 'https:';
    const send = https ? httpsRequest : httpRequest;
    const all = bytes === undefined ? headers : { ...headers, 'content-length': String(bytes.length) };
    return new Promise((resolve, reject) => {
      const req = send(parsed, { method, headers: all, agent: https ? agents.https : agents.http, timeout: this.target.requestTimeoutMs }, (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const out: Record<string, string> = {};
          for (const [name, value] of Object.entries(res.headers)) if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
          resolve({ status: res.statusCode ?? 0, headers: out, body: Buffer.concat(chunks).toString('utf8'), curl });
        });
        res.on('error', (error) => reject(new Error(`${method} ${url} broke off: ${error.message}\nReproduce: ${curl}`)));
      });
      req.on('timeout', () => req.destroy(new Error(`no answer within ${this.target.requestTimeoutMs} ms (LIVE_REQUEST_TIMEOUT_MS)`)));
      // Node's network errors name the host and the cause, never the headers: the key stays out.
      req.on('error', (error) => reject(new Error(`${method} ${url} got no response: ${error.message}\nReproduce: ${curl}`)));
      req.end(bytes);
    });
  }
}

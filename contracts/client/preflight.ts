// One call before any test (GET /v1/assistants) that tells the usual set-up mistakes apart, so a
// run stops with one message instead of thirty "got no response" failures.
import type { components } from '../generated/api.ts';
import type { Target } from './target.ts';

type Assistant = components['schemas']['Assistant'];

/** Why a target cannot be tested. */
export type PreflightProblem = 'unreachable' | 'refused-key' | 'no-assistant' | 'wrong-base-path' | 'unexpected-answer';

/** The outcome: the tenant's assistants, or one problem with a message that says what to do. */
export type PreflightResult =
  | { ok: true; assistants: Assistant[] }
  | { ok: false; problem: PreflightProblem; message: string };

/** A target the preflight cannot test; `message` is the one thing to print. */
export class PreflightError extends Error {
  override name = 'PreflightError';
  constructor(
    readonly problem: PreflightProblem,
    message: string,
  ) {
    super(message);
  }
}

const MAX_429_WAITS = 3;
const MAX_WAIT_S = 60;

function networkCause(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const name = (error as Error).name;
  if (name === 'TimeoutError' || name === 'AbortError') return 'no answer in time (LIVE_REQUEST_TIMEOUT_MS)';
  // Node's network errors name the host and the cause, never the headers.
  return [cause?.code, cause?.message ?? (error as Error).message].filter(Boolean).join(': ');
}

function fail(problem: PreflightProblem, message: string): PreflightResult {
  return { ok: false, problem, message };
}

/** Judges the answer to GET /v1/assistants. */
function judge(target: Target, url: string, status: number, contentType: string, text: string): PreflightResult {
  const keyName = target.live ? 'API_KEY' : 'the mock key';
  if (status === 401)
    return fail(
      'refused-key',
      `The API refused the key: GET ${url} answered 401. Check that ${keyName} holds a valid key for ${target.baseURL} (no quotes, no line ending) and export it again.`,
    );
  let body: unknown;
  try {
    body = contentType.includes('json') ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  const code = (body as { error_code?: unknown } | undefined)?.error_code;
  if (status >= 300 && status < 400) {
    return fail(
      'wrong-base-path',
      `GET ${url} answered ${status}, a redirect. Set BASE_URL to the address it names, the root that /v1/... paths go under, such as https://api.haufe.ai/agents.`,
    );
  }
  if (status === 404 || status === 405 || (status === 200 && !Array.isArray(body))) {
    const got =
      status === 200 ? `200 without the JSON list of assistants (${contentType || 'no content type'})` : String(status);
    return fail(
      'wrong-base-path',
      `${target.baseURL} does not look like the agents API: GET ${url} answered ${got}. BASE_URL must be the root that /v1/... paths go under, such as https://api.haufe.ai/agents (without /v1 at the end).`,
    );
  }
  if (status !== 200) {
    return fail(
      'unexpected-answer',
      `GET ${url} answered ${status}${typeof code === 'string' ? ` ${code}` : ''}; expected 200 with the tenant's assistants. The API may be unavailable; try again later.`,
    );
  }
  const assistants = body as Assistant[];
  if (assistants.length === 0)
    return fail(
      'no-assistant',
      `The key's tenant has no assistant: GET ${url} answered an empty list. The suite needs one to create threads; use the key of a tenant with an assistant.`,
    );
  if (target.assistantId && !assistants.some((a) => a.id === target.assistantId)) {
    return fail(
      'no-assistant',
      `ASSISTANT_ID ${target.assistantId} is not among the ${assistants.length} assistants of this key's tenant; unset it or pick one from GET /v1/assistants.`,
    );
  }
  return { ok: true, assistants };
}

/** Calls GET /v1/assistants once (waiting out a 429) and says whether the target can be tested. */
export async function preflight(
  target: Target,
  sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms)),
): Promise<PreflightResult> {
  const url = `${target.baseURL}/v1/assistants`;
  for (let attempt = 0; ; attempt++) {
    let response: Response;
    try {
      response = await fetch(url, {
        headers: { 'api-key': target.apiKey },
        redirect: 'manual',
        signal: AbortSignal.timeout(target.requestTimeoutMs),
      });
    } catch (error) {
      return fail(
        'unreachable',
        `Could not reach ${target.baseURL}: GET ${url} got no response (${networkCause(error)}). Check BASE_URL and that the host is up and reachable from here.`,
      );
    }
    const text = await response.text();
    const wait = Number(response.headers.get('retry-after'));
    if (response.status === 429 && attempt < MAX_429_WAITS && Number.isFinite(wait)) {
      await sleep(Math.min(wait, MAX_WAIT_S) * 1_000);
      continue;
    }
    return judge(target, url, response.status, response.headers.get('content-type') ?? '', text);
  }
}

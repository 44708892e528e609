// One call before any test (GET /v1/assistants) that tells the usual set-up mistakes apart, so a
// run stops with one message instead of thirty "got no response" failures. It goes through the
// suite's one transport, so its deadlines, caps and 429 policy are the tests' own, and every way
// an exchange can fail (refused, reset, closed mid-body, broken chunking, a drip, a body that never
// ends) becomes one line naming the URL.
import { isSuccess } from '../check/status-class.ts';
import type { components } from '../generated/api.ts';
import { type Clock, realClock } from '../lib/clock.ts';
import { primaryAssistant } from './primary-assistant.ts';
import type { Target } from './target.ts';
import { exchange, TransportError, type WireAnswer } from './transport.ts';

type Assistant = components['schemas']['Assistant'];

/** Why a target cannot be tested. */
export type PreflightProblem =
  | 'unreachable'
  | 'broken-answer'
  | 'refused-key'
  | 'no-assistant'
  | 'wrong-base-path'
  | 'unexpected-answer';

/** The outcome: the tenant's assistants, or one problem with a message that says what to do. */
export type PreflightResult =
  | { ok: true; assistants: Assistant[] }
  | { ok: false; problem: PreflightProblem; message: string };

/** How long the preflight may wait out 429s: the documented windows are one second and one minute. */
const PREFLIGHT_BUDGET_MS = 120_000;

function fail(problem: PreflightProblem, message: string): PreflightResult {
  return { ok: false, problem, message };
}

/** Judges the answer to GET /v1/assistants. */
function judge(target: Target, url: string, answer: WireAnswer): PreflightResult {
  const { status } = answer;
  const contentType = answer.headers['content-type'] ?? '';
  const keyName = target.live ? 'API_KEY' : 'the mock key';
  if (status === 401)
    return fail(
      'refused-key',
      `The API refused the key: GET ${url} answered 401. Check that ${keyName} holds a valid key for ${target.baseURL} (no quotes, no line ending) and export it again.`,
    );
  if (answer.tooLarge)
    return fail(
      'broken-answer',
      `GET ${url} answered ${status} with more than ${answer.tooLarge.limitBytes} bytes (${answer.tooLarge.setting}); the suite stopped reading. Check BASE_URL, or raise ${answer.tooLarge.setting} if the tenant's list of assistants is that long.`,
    );
  let body: unknown;
  try {
    body = contentType.includes('json') ? JSON.parse(answer.body) : undefined;
  } catch {
    body = undefined;
  }
  const code = (body as { error_code?: unknown } | undefined)?.error_code;
  if (status >= 300 && status < 400) {
    return fail(
      'wrong-base-path',
      `GET ${url} answered ${status}, a redirect${answer.headers.location ? ` to ${answer.headers.location.slice(0, 200)}` : ''}; the suite follows none (the key stays with the address you named). Set BASE_URL to the root that /v1/... paths go under, such as https://api.haufe.ai/agents.`,
    );
  }
  // Any 2xx is the success (the pages print no statuses); what the suite needs from it is the list.
  const success = isSuccess(status);
  if (status === 404 || status === 405 || (success && !Array.isArray(body))) {
    const got = success
      ? `${status} without the JSON list of assistants (${contentType || 'no content type'})`
      : String(status);
    return fail(
      'wrong-base-path',
      `${target.baseURL} does not look like the agents API: GET ${url} answered ${got}. BASE_URL must be the root that /v1/... paths go under, such as https://api.haufe.ai/agents (without /v1 at the end).`,
    );
  }
  if (!success) {
    return fail(
      'unexpected-answer',
      `GET ${url} answered ${status}${typeof code === 'string' ? ` ${code}` : ''}; expected a success (2xx) with the tenant's assistants. The API may be unavailable; try again later.`,
    );
  }
  const assistants = body as Assistant[];
  const primary = primaryAssistant(assistants, target.assistantId);
  if (!primary.ok) return fail('no-assistant', primary.message);
  return { ok: true, assistants };
}

/** Calls GET /v1/assistants once (waiting out a 429) and says whether the target can be tested. */
export async function preflight(target: Target, clock: Clock = realClock): Promise<PreflightResult> {
  const url = `${target.baseURL}/v1/assistants`;
  let answer: WireAnswer;
  try {
    const exchanged = await exchange(
      { method: 'GET', url, headers: {}, key: target.apiKey },
      { limits: target.limits, live: target.live, clock, deadline: clock.now() + PREFLIGHT_BUDGET_MS },
    );
    if (exchanged.refusedWait !== undefined)
      return fail('unexpected-answer', `${exchanged.refusedWait}. Try again later.`);
    answer = exchanged.answer;
  } catch (error) {
    if (!(error instanceof TransportError)) throw error;
    if (error.failure === 'no-response' || error.failure === 'headers-timeout')
      return fail(
        'unreachable',
        `Could not reach ${target.baseURL}: ${error.message}. Check BASE_URL and that the host is up and reachable from here.`,
      );
    return fail(
      'broken-answer',
      `${target.baseURL} answered, but not as an HTTP API should: ${error.message}. Check BASE_URL, and whether a proxy or gateway in between is broken.`,
    );
  }
  return judge(target, url, answer);
}

// Phase 1 of the rate-limit contract: chat completions, paced under the per-second window, until
// a 429 that a second's pause does not lift (the minute window's: a 429 of the second window
// alone, when arrivals bunch up, is waited out), or until `cap` calls were accepted.
import { retryAfterMs } from '../client/retry-after.ts';
import type { RateLimitCaller, Sent } from './rate-limit-calls.ts';
import { MARGIN_MS, PROBES, paceMs, type RateLimitPlan } from './rate-limit-plan.ts';

/** What spending found. */
export interface Spent {
  /** When each accepted call left. */
  accepted: number[];
  /** The 429 that showed the budget used up; undefined when it never was. */
  usedUp?: Sent;
  /** A call answered neither 2xx nor 429: the calls cannot spend the budget. */
  unexpected?: Sent;
  /** 429s of the per-second window, waited out. */
  refusals: number;
  /** The last call sent. */
  last?: Sent;
}

/** Spends the answers budget with the chat completion `chatBody`. */
export async function spendBudget(
  caller: RateLimitCaller,
  plan: RateLimitPlan,
  chatBody: { text: string },
  cap: number,
): Promise<Spent> {
  const { clock } = caller.settings;
  const gap = paceMs(plan.answers, plan);
  const inFlight: Array<Promise<Sent>> = [];
  const accepted: number[] = [];
  let refused: Sent | undefined;
  let refusals = 0;
  let unexpected: Sent | undefined;
  let usedUp: Sent | undefined;
  let waitedForRenewal = false;
  const send = () => caller.send({ operationId: 'createChatCompletion', body: chatBody }, true).then(spend);
  function spend(sent: Sent): Sent {
    if (sent.status === 429) {
      refusals += 1;
      refused ??= sent;
    } else if (sent.status >= 200 && sent.status < 300) accepted.push(sent.sentAt);
    else unexpected ??= sent;
    return sent;
  }
  // How long the probes of phase 2 take: a window that renews sooner would renew under them.
  const probingMs = plan.secondMs + (PROBES + 1) * gap + MARGIN_MS;
  // Refusals of the per-second window spend nothing on most readings, but they are bounded too.
  const maxSent = cap + plan.answers.perSecond;
  while (inFlight.length - refusals < cap && inFlight.length < maxSent && !usedUp && !unexpected) {
    if (refused !== undefined) {
      await Promise.all(inFlight);
      await clock.sleep(plan.secondMs + gap);
      const after = send();
      inFlight.push(after);
      if ((await after).status === 429) usedUp = await after;
      refused = undefined;
      // A window about to renew (a fixed minute near its end): once, wait for it and use the new one up.
      const renewsInMs = usedUp && retryAfterMs(usedUp.headers['retry-after'], Date.now());
      if (usedUp && !waitedForRenewal && renewsInMs !== undefined && renewsInMs < probingMs) {
        waitedForRenewal = true;
        usedUp = undefined;
        await clock.sleep(renewsInMs);
      }
      continue;
    }
    await caller.paced('answers', gap);
    if (refused !== undefined || unexpected !== undefined) continue;
    // Not awaited: live, an answer takes seconds, and the next call leaves on its slot meanwhile.
    inFlight.push(send());
  }
  const all = await Promise.all(inFlight);
  return {
    accepted,
    refusals,
    ...(usedUp ? { usedUp } : {}),
    ...(unexpected ? { unexpected } : {}),
    ...(all.length > 0 ? { last: all[all.length - 1] } : {}),
  };
}

// What the rate-limit contract will spend, fixed before it starts: the limits it holds the API to
// (the documented tier unless stated otherwise), its pacing, and the cost it prints first. The
// phases (run-rate-limit.ts) keep to these numbers; the cost is a bound, not an estimate.
import { rateBudgets } from '../generated/rate-budgets.js';

/** The two windows of one budget, in calls. */
export interface Windows {
  perSecond: number;
  perMinute: number;
}

/** The limits the run holds the API to, and the windows' lengths (the documented 1 s and 60 s). */
export interface RateLimitPlan {
  answers: Windows;
  other: Windows;
  secondMs: number;
  minuteMs: number;
}

/** The documented trial tier (Rate Limits, tier 0) and the other endpoints' budget. */
export const DOCUMENTED_PLAN: RateLimitPlan = {
  answers: { perSecond: rateBudgets.answers.perSecond, perMinute: rateBudgets.answers.perMinute },
  other: { perSecond: rateBudgets.other.perSecond, perMinute: rateBudgets.other.perMinute },
  secondMs: 1_000,
  minuteMs: 60_000,
};

/** Probes sent while the answers budget is used up: three other answer endpoints, then the spender again. */
export const PROBES = 4;
/** Calls to other endpoints while the answers budget is used up. */
export const OTHER_PROBES = 3;
/** Calls to other endpoints before and after: the preflight, a thread and its message, and its deletion. */
export const SETUP_CALLS = 4;
/** Slack on a window's end before the run counts on it having passed (clock skew, the gateway's queue). */
export const MARGIN_MS = 2_000;

/** The gap between two paced calls of a budget: 80% of its per-second window, never two in the same gap. */
export function paceMs(windows: Windows, plan: Pick<RateLimitPlan, 'secondMs'>): number {
  return plan.secondMs / Math.max(1, Math.floor(windows.perSecond * 0.8));
}

/** The most the run spends, by construction. */
export interface Cost {
  /** Answer calls the API may accept: two minute windows of the budget while spending it, then three. */
  answerCallsAccepted: number;
  /** Answer calls sent in all: the accepted ones, and at most a second's worth refused while spending, the probes and the one that proves a limit unenforced. */
  answerCallsSent: number;
  otherCalls: number;
  /** The longest the run takes, answers' own latency aside. */
  seconds: number;
}

/** The bound of one run of the plan. */
export function costOf(plan: RateLimitPlan): Cost {
  const spend = 2 * plan.answers.perMinute;
  const spending = (spend + 1) * paceMs(plan.answers, plan);
  const others = plan.answers.perMinute + 1;
  const ms =
    spending +
    plan.secondMs +
    PROBES * paceMs(plan.answers, plan) +
    2 * (plan.minuteMs + MARGIN_MS) +
    (OTHER_PROBES + others) * paceMs(plan.other, plan);
  return {
    answerCallsAccepted: spend + 3,
    answerCallsSent: spend + 1 + plan.answers.perSecond + PROBES + 3,
    otherCalls: SETUP_CALLS + OTHER_PROBES + others,
    seconds: Math.ceil(ms / 1_000),
  };
}

/** The cost in words, printed before anything is sent. */
export function describeCost(plan: RateLimitPlan, target: string): string {
  const cost = costOf(plan);
  const { answers, other } = plan;
  return [
    `rate-limit contract against ${target}: holds it to ${answers.perSecond} RPS / ${answers.perMinute} RPM for run, run/stream and chat completions (one budget), ${other.perSecond} RPS / ${other.perMinute} RPM for the other endpoints.`,
    `It spends at most two windows of the answers budget: at most ${cost.answerCallsAccepted} answer calls accepted (${2 * answers.perMinute} while using the budget up, one retry after Retry-After, two after the windows renewed), ${cost.answerCallsSent} sent in all, and ${cost.otherCalls} calls to other endpoints; it takes at most about ${cost.seconds} s plus the answers' own latency.`,
    'Other clients of the tenant share this budget: while it runs they get 429s, and their calls can make it report what they did. Run it on an idle tenant.',
  ].join('\n');
}

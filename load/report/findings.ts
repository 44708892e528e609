// The findings of a characterization in words, shared by the Markdown and the HTML report: the
// observed limits next to the documented ones, and the behaviour around the 429.
import type { Characterization, Tally } from './characterize.ts';

/** A row of the limits table. */
export interface LimitRow {
  window: string;
  documented: number;
  observed: number;
  verdict: string;
}

function round(value: number, digits = 1): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** "3 of 4 (75%)", or `none` when nothing was counted. */
function tally(value: Tally, none: string): string {
  const total = value.yes + value.no;
  return total === 0 ? none : `${value.yes} of ${total} (${round((value.yes / total) * 100)}%)`;
}

function verdict(observed: number, documented: number): string {
  if (observed === documented) return 'matches the docs';
  return observed < documented
    ? `below the docs by ${documented - observed}`
    : `above the docs by ${observed - documented}`;
}

/** Observed against documented limits. */
export function limitRows(result: Characterization): LimitRow[] {
  return [
    {
      window: 'per second',
      documented: result.documented.perSecond,
      observed: result.observed.perSecond,
      verdict: verdict(result.observed.perSecond, result.documented.perSecond),
    },
    {
      window: 'per minute',
      documented: result.documented.perMinute,
      observed: result.observed.perMinute,
      verdict: verdict(result.observed.perMinute, result.documented.perMinute),
    },
  ];
}

/** The findings as sentences. */
export function findings(result: Characterization): string[] {
  const lines: string[] = [];
  const { observed } = result;
  lines.push(
    `Most answers in one second: ${observed.perSecond}${observed.perSecondAt === null ? '' : ` (second ${observed.perSecondAt})`}; ` +
      `in one minute: ${observed.perMinute}${observed.perMinuteFrom === null ? '' : ` (from second ${observed.perMinuteFrom})`}.`,
  );
  lines.push(
    result.first429 === null
      ? 'No 429 was answered: the limit was not reached.'
      : `First 429 at ${round(result.first429.second, 2)} s (${result.first429.endpoint}, scenario ${result.first429.scenario || 'none'}), ` +
          `with ${result.first429.offeredThatSecond} requests offered in that second.`,
  );
  lines.push(`Retry-After present on the 429s: ${tally(result.retryAfter.present, 'no 429 to carry it')}.`);
  lines.push(
    `Retry-After honoured (the call after waiting it was answered): ${tally(result.retryAfter.honoured, 'not tested, no wait was recorded')}.`,
  );
  const recovery = result.recoveryMs;
  lines.push(
    recovery.length === 0
      ? 'Recovery time: not measured (no recovery probe in this run).'
      : `Recovery after honouring Retry-After: ${round((recovery[recovery.length - 1] ?? 0) / 1000, 2)} s at most, over ${recovery.length} recovery probe${recovery.length === 1 ? '' : 's'}.`,
  );
  lines.push(
    `Run, run/stream and chat completions refused together, as one budget: ${tally(result.budgets.sharedRefused, 'not tested, no budget probe was recorded')}.`,
  );
  lines.push(
    `Thread, message and feedback calls answered while the answer budget was spent: ${tally(result.budgets.otherUnaffected, 'not tested, no budget probe was recorded')}.`,
  );
  if (result.burstAnswered !== null) lines.push(`Runs answered out of one parallel burst: ${result.burstAnswered}.`);
  if (result.droppedIterations > 0)
    lines.push(
      `k6 dropped ${result.droppedIterations} iterations (too few VUs): the offered rate was lower than planned.`,
    );
  return lines;
}

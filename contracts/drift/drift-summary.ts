// The counts and the one line every rendering of a drift report starts with (the terminal, drift.md,
// drift.html): divergences in kinds and steps, the steps where the docs allow both answers apart.
import { divergenceKinds } from './divergence-kinds.ts';
import type { DriftReport } from './drift-report.ts';

/** Steps and kinds: the divergences proper, and those where the docs allow both answers. */
export function driftCounts(report: DriftReport): {
  divergent: { steps: number; kinds: number };
  allowed: { steps: number; kinds: number };
} {
  const kinds = divergenceKinds(report.divergences);
  const count = (allowed: boolean) => {
    const of = kinds.filter((k) => k.bothAllowed === allowed);
    return { steps: of.reduce((n, k) => n + k.count, 0), kinds: of.length };
  };
  return { divergent: count(false), allowed: count(true) };
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The line every rendering starts with: what differs, in kinds and steps, and what was compared. */
export function driftSummaryLine(report: DriftReport): string {
  const { scenarios, skipped, steps } = report.summary;
  const { divergent, allowed } = driftCounts(report);
  const parts: string[] = [];
  if (divergent.steps > 0)
    parts.push(`${plural(divergent.kinds, 'kind')} of divergence on ${plural(divergent.steps, 'step')}`);
  else parts.push(allowed.steps > 0 ? 'no divergence the docs decide' : 'no divergence');
  if (allowed.steps > 0)
    parts.push(`${plural(allowed.steps, 'step')} answered differently where the docs allow both answers`);
  return `${parts.join('; ')} (${plural(steps, 'step')} of ${plural(scenarios, 'scenario')} compared with the embedded mock${skipped ? `, ${skipped} skipped` : ''})`;
}

/** Which target and which generated sequences the report compared. */
export function comparedLine(report: DriftReport): string {
  return `Target: ${report.target.baseURL}. ${
    report.generated.count
      ? `Generated sequences: ${report.generated.count} of seed ${report.generated.seed}.`
      : 'No generated sequences (--sequences 0, or no assistant label both sides know).'
  }`;
}

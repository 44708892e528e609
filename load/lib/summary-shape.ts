// k6 hands handleSummary() one of two shapes: the classic object (metrics keyed by name, with
// their thresholds; checks under root_group) or, with --new-machine-readable-summary (k6 1.5+, meant
// to become the default), the versioned one (results.metrics as a list, results.passed, checks in
// order). Both become the classic shape here, so the writers read one thing.
import type { SummaryData, SummaryGroup, SummaryMetric } from './summary-data.ts';

interface MachineMetric {
  name: string;
  type: SummaryMetric['type'];
  contains: SummaryMetric['contains'];
  values: { [stat: string]: number };
  thresholds?: SummaryMetric['thresholds'];
}

interface MachineSummary {
  version: string;
  config?: { duration?: number };
  results: {
    passed: boolean;
    metrics: MachineMetric[];
    checks?: {
      results?: Array<{ name: string; passes: number; fails: number }>;
      ordered?: Array<{ name: string; passes: number; fails: number }>;
      orderedChecks?: Array<{ name: string; passes: number; fails: number }>;
    };
  };
}

function isMachine(raw: unknown): raw is MachineSummary {
  const results = (raw as { results?: { metrics?: unknown } } | null)?.results;
  return typeof raw === 'object' && raw !== null && Array.isArray(results?.metrics);
}

/** The summary in the classic shape, whichever shape k6 handed over. */
export function normalizeSummary(raw: unknown): SummaryData {
  if (!isMachine(raw)) {
    const data = (raw ?? {}) as Partial<SummaryData>;
    return { ...data, metrics: data.metrics ?? {} } as SummaryData;
  }
  const metrics: { [name: string]: SummaryMetric } = {};
  for (const metric of raw.results.metrics) {
    metrics[metric.name] = { type: metric.type, contains: metric.contains, values: metric.values, thresholds: metric.thresholds };
  }
  const checks = raw.results.checks;
  const list = checks?.results ?? checks?.ordered ?? checks?.orderedChecks ?? [];
  const root: SummaryGroup = { name: '', path: '', groups: [], checks: list.map((check) => ({ name: check.name, passes: check.passes, fails: check.fails })) };
  return {
    metrics,
    root_group: root,
    state: { testRunDurationMs: (raw.config?.duration ?? 0) * 1000 },
    verdict: raw.results.passed,
  };
}

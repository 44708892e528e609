// Reads the object k6 passes to handleSummary(): metrics by name (sub-metrics included, e.g.
// "http_req_duration{expected_response:true}"), each with its values and thresholds, and the checks
// under root_group. Tolerant of what older and newer k6 versions leave out.

/** One metric of the summary object. */
export interface SummaryMetric {
  type: 'counter' | 'gauge' | 'rate' | 'trend';
  contains: 'default' | 'time' | 'data';
  values: { [stat: string]: number };
  thresholds?: { [expression: string]: { ok: boolean } };
}

/** A group of the summary object, with its checks. */
export interface SummaryGroup {
  name?: string;
  path?: string;
  groups?: SummaryGroup[];
  checks?:
    | Array<{ name: string; path?: string; passes: number; fails: number }>
    | { [name: string]: { name?: string; passes: number; fails: number } };
}

/** The argument of handleSummary(). */
export interface SummaryData {
  metrics: { [name: string]: SummaryMetric };
  root_group?: SummaryGroup;
  state?: { testRunDurationMs?: number; isStdOutTTY?: boolean };
  options?: { summaryTrendStats?: string[] };
  setup_data?: unknown;
  /** Why this summary cannot be judged (k6's machine-readable shape has no thresholds). */
  unjudged?: string;
}

/** A run's verdict: judged only on thresholds k6 evaluated. */
export type Verdict = 'passed' | 'failed' | 'not judged';

/** One threshold and its result, with the value it was judged on when that can be read. */
export interface ThresholdResult {
  metric: string;
  threshold: string;
  ok: boolean;
  /** "p(95)=2310.2" style, when the expression names a stat the summary holds. */
  observed: string | null;
}

/** One check and its counts, with its group path ("" for the root). */
export interface CheckResult {
  name: string;
  group: string;
  passes: number;
  fails: number;
}

function statOf(expression: string): string | null {
  const match = /^\s*(p\(\d+(?:\.\d+)?\)|avg|min|max|med|count|rate|value)\s*[<>=!]/.exec(expression);
  return match?.[1] ?? null;
}

/** Every threshold of the run, sorted by metric. */
export function thresholdResults(data: SummaryData): ThresholdResult[] {
  const results: ThresholdResult[] = [];
  for (const metric of Object.keys(data.metrics).sort()) {
    const entry = data.metrics[metric];
    for (const [threshold, result] of Object.entries(entry?.thresholds ?? {})) {
      const stat = statOf(threshold);
      const value = stat === null ? undefined : entry?.values[stat];
      results.push({
        metric,
        threshold,
        ok: result.ok,
        observed: stat === null || value === undefined ? null : `${stat}=${Math.round(value * 1000) / 1000}`,
      });
    }
  }
  return results;
}

/** Every check of the run, depth first. */
export function checkResults(data: SummaryData): CheckResult[] {
  const results: CheckResult[] = [];
  const visit = (group: SummaryGroup | undefined): void => {
    if (group === undefined) return;
    const checks = Array.isArray(group.checks) ? group.checks : Object.values(group.checks ?? {});
    for (const check of checks) {
      results.push({ name: check.name ?? '', group: group.path ?? '', passes: check.passes, fails: check.fails });
    }
    for (const child of group.groups ?? []) visit(child);
  };
  visit(data.root_group);
  return results;
}

/** Counts per error_code, from the error_code_* counters. */
export function errorCodeCounts(data: SummaryData): { [code: string]: number } {
  const counts: { [code: string]: number } = {};
  for (const [name, metric] of Object.entries(data.metrics)) {
    const match = /^error_code_([a-z0-9_]+)$/.exec(name);
    if (match?.[1] !== undefined && metric.type === 'counter') counts[match[1]] = metric.values.count ?? 0;
  }
  return counts;
}

/**
 * Failed when a threshold failed; passed only when thresholds were evaluated and all held. A
 * summary without them (the machine-readable shape, or `k6 run --no-thresholds`) is not judged.
 */
export function verdict(data: SummaryData): Verdict {
  const thresholds = thresholdResults(data);
  if (thresholds.some((result) => !result.ok)) return 'failed';
  return data.unjudged === undefined && thresholds.length > 0 ? 'passed' : 'not judged';
}

/** Why a run is not judged, for the reader; null when it is. */
export function unjudgedReason(data: SummaryData): string | null {
  if (verdict(data) !== 'not judged') return null;
  return data.unjudged ?? 'k6 evaluated no thresholds (k6 run --no-thresholds?); the scripts define some on every run.';
}

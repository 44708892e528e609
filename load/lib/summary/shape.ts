// k6 hands handleSummary() one of two shapes. The classic object: metrics keyed by name, each with
// its thresholds and their results, checks under root_group. Or, with
// --new-machine-readable-summary (k6 1.5+, opt-in up to 2.x), the versioned one that k6 builds in
// internal/lib/summary/machine_readable.go (schema 1.0.0 of grafana/k6-summary) and maps to JS with
// snake_case names: {version, config: {duration, execution, script}, metadata: {generated_at,
// k6_version}, results: {metrics: [{name, type, contains, values}], checks: {metrics, results}}}.
// That shape carries no thresholds and no verdict, and trends only avg/min/med/max/p90/p95; rates
// are {matches, total, rate}. Both become the classic shape here, and a machine-readable summary
// is marked as not judged, so that no writer can call it PASSED.
import type { SummaryData, SummaryGroup, SummaryMetric } from './data.ts';

interface MachineMetric {
  name: string;
  type: SummaryMetric['type'];
  contains: SummaryMetric['contains'];
  values: { [stat: string]: number };
}

interface MachineSummary {
  version: string;
  config?: { duration?: number; script?: string };
  metadata?: { k6_version?: string };
  results: {
    metrics: MachineMetric[];
    checks?: { results?: Array<{ name: string; passes: number; fails: number }> | null } | null;
  };
}

/** The major schema version of k6's machine-readable summary that this reader knows. */
const KNOWN_MAJOR = '1';

function isMachine(plain: unknown): plain is MachineSummary {
  const candidate = plain as { version?: unknown; results?: unknown; metrics?: unknown } | null;
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    typeof candidate.version === 'string' &&
    typeof candidate.results === 'object' &&
    candidate.metrics === undefined
  );
}

// The machine-readable stat names, in the classic spelling the writers and thresholds use.
function classicValues(metric: MachineMetric): { [stat: string]: number } {
  const values: { [stat: string]: number } = {};
  for (const stat of Object.keys(metric.values ?? {})) {
    const value = metric.values[stat];
    if (typeof value !== 'number') continue;
    const percentile = /^p(\d+(?:\.\d+)?)$/.exec(stat);
    values[percentile?.[1] === undefined ? stat : `p(${percentile[1]})`] = value;
  }
  if (metric.type === 'rate' && typeof metric.values.matches === 'number' && typeof metric.values.total === 'number') {
    values.passes = metric.values.matches;
    values.fails = metric.values.total - metric.values.matches;
  }
  return values;
}

/** The summary in the classic shape, whichever shape k6 handed over; throws on a shape it cannot read. */
export function normalizeSummary(raw: unknown): SummaryData {
  // k6 hands the machine-readable summary over as Go structs (a SemVer is not a JS string there);
  // JSON gives the plain object that k6's own tests compare against, and leaves a classic one as is.
  const plain = raw === undefined || raw === null ? {} : (JSON.parse(JSON.stringify(raw)) as unknown);
  if (!isMachine(plain)) {
    const data = plain as Partial<SummaryData>;
    return { ...data, metrics: data.metrics ?? {} } as SummaryData;
  }
  const machine = plain;
  if (machine.version.split('.')[0] !== KNOWN_MAJOR) {
    throw new Error(
      `handleSummary: k6's machine-readable summary has schema version ${machine.version}; this suite reads ${KNOWN_MAJOR}.x. ` +
        'Run without --new-machine-readable-summary (and without K6_NEW_MACHINE_READABLE_SUMMARY) to get the classic summary.',
    );
  }
  const metrics: { [name: string]: SummaryMetric } = {};
  for (const metric of machine.results.metrics ?? []) {
    metrics[metric.name] = { type: metric.type, contains: metric.contains, values: classicValues(metric) };
  }
  const list = machine.results.checks?.results ?? [];
  const root: SummaryGroup = {
    name: '',
    path: '',
    groups: [],
    checks: list.map((check) => ({ name: check.name, passes: check.passes, fails: check.fails })),
  };
  return {
    metrics,
    root_group: root,
    state: { testRunDurationMs: (machine.config?.duration ?? 0) * 1000 },
    unjudged:
      `k6's machine-readable summary (schema ${machine.version}, --new-machine-readable-summary) carries no thresholds and no verdict; ` +
      "k6's exit code is the verdict (99 when a threshold failed). Run without that flag for each threshold's result.",
  };
}

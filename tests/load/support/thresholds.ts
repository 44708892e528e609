// Evaluates a script's thresholds on the samples the stubs recorded, the way k6 does at the end of
// a run: a key names a metric and optionally a tag filter ("http_req_duration{expected_response:true}"),
// each expression compares one aggregate (count, rate, value, avg, min, max, med, p(N)).
import { k6stub } from '../stubs/state.ts';

/** One evaluated threshold. */
export interface ThresholdVerdict {
  key: string;
  threshold: string;
  ok: boolean;
  abortOnFail: boolean;
  observed: number | null;
}

function parseKey(key: string): { metric: string; tags: Record<string, string> } {
  const open = key.indexOf('{');
  if (open === -1) return { metric: key, tags: {} };
  const tags: Record<string, string> = {};
  for (const pair of key.slice(open + 1, key.lastIndexOf('}')).split(',')) {
    const [name, ...rest] = pair.split(':');
    tags[(name ?? '').trim()] = rest
      .join(':')
      .trim()
      .replace(/^["']|["']$/g, '');
  }
  return { metric: key.slice(0, open), tags };
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = (p / 100) * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  return (sorted[low] ?? 0) + ((sorted[high] ?? 0) - (sorted[low] ?? 0)) * (rank - low);
}

function aggregate(kind: string, values: number[], stat: string): number | null {
  const sorted = [...values].sort((a, b) => a - b);
  const pMatch = /^p\((\d+(?:\.\d+)?)\)$/.exec(stat);
  if (stat === 'count') return kind === 'counter' ? values.reduce((a, b) => a + b, 0) : values.length;
  if (stat === 'rate') return values.length === 0 ? null : values.filter((value) => value !== 0).length / values.length;
  if (stat === 'value') return values.length === 0 ? null : (values[values.length - 1] ?? null);
  if (values.length === 0) return null;
  if (stat === 'avg') return values.reduce((a, b) => a + b, 0) / values.length;
  if (stat === 'min') return sorted[0] ?? null;
  if (stat === 'max') return sorted[sorted.length - 1] ?? null;
  if (stat === 'med') return percentile(sorted, 50);
  if (pMatch !== null) return percentile(sorted, Number(pMatch[1]));
  throw new Error(`Unknown threshold statistic ${stat}`);
}

function compare(left: number, op: string, right: number): boolean {
  switch (op) {
    case '<':
      return left < right;
    case '<=':
      return left <= right;
    case '>':
      return left > right;
    case '>=':
      return left >= right;
    case '==':
    case '===':
      return left === right;
    case '!=':
      return left !== right;
    default:
      throw new Error(`Unknown threshold operator ${op}`);
  }
}

/** Every threshold of `thresholds`, evaluated on the recorded samples. A metric without samples has a null value, and its threshold fails unless it counts. */
export function evaluateThresholds(
  thresholds: Record<string, Array<string | { threshold: string; abortOnFail?: boolean }>>,
): ThresholdVerdict[] {
  const verdicts: ThresholdVerdict[] = [];
  for (const [key, list] of Object.entries(thresholds)) {
    const { metric, tags } = parseKey(key);
    const kind = k6stub.metricTypes.get(metric);
    if (kind === undefined) throw new Error(`Threshold on ${metric}, a metric the script never declared.`);
    const values = k6stub.samples
      .filter(
        (sample) =>
          sample.metric === metric && Object.entries(tags).every(([name, value]) => sample.tags[name] === value),
      )
      .map((sample) => sample.value);
    for (const entry of list) {
      const threshold = typeof entry === 'string' ? entry : entry.threshold;
      const match =
        /^\s*(count|rate|value|avg|min|max|med|p\(\d+(?:\.\d+)?\))\s*(<=|>=|===|==|!=|<|>)\s*(-?\d+(?:\.\d+)?)\s*$/.exec(
          threshold,
        );
      if (match === null) throw new Error(`Cannot read threshold "${threshold}" on ${key}.`);
      const observed = aggregate(kind, values, match[1] ?? '');
      verdicts.push({
        key,
        threshold,
        ok: observed !== null && compare(observed, match[2] ?? '', Number(match[3])),
        abortOnFail: typeof entry !== 'string' && entry.abortOnFail === true,
        observed,
      });
    }
  }
  return verdicts;
}

/** The verdicts that failed, as "key: threshold" strings (easy to assert on). */
export function failedThresholds(thresholds: Parameters<typeof evaluateThresholds>[0]): string[] {
  return evaluateThresholds(thresholds)
    .filter((verdict) => !verdict.ok)
    .map((verdict) => `${verdict.key}: ${verdict.threshold}`);
}

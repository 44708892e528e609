// Which assumptions each target has confirmed, run after run (docs/decisions/0070): what makes a
// contradicted assumption pending on first contact and a failure once the same target confirmed it
// before. Beside the example database; assumption ids, target names and dates only.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** One assumption on one target. */
export interface HistoryEntry {
  firstConfirmed: string;
  lastConfirmed: string;
  lastContradicted?: string;
}

/** The file: per target name, per assumption id. */
export interface AssumptionHistory {
  version: 1;
  targets: Record<string, Record<string, HistoryEntry>>;
}

/** Where the history is: ASSUMPTION_HISTORY (a path, or `off`), else beside the reports. */
export function historyPath(env: NodeJS.ProcessEnv): string | undefined {
  const raw = env.ASSUMPTION_HISTORY?.trim();
  if (raw === 'off') return undefined;
  if (raw) return raw;
  return join(env.REPORT_DIR ?? 'reports', 'assumption-history.json');
}

/** The history at `path`; empty when there is none yet, or the file is not one (it is rewritten). */
export function readHistory(path: string | undefined): AssumptionHistory {
  if (path === undefined) return { version: 1, targets: {} };
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<AssumptionHistory>;
    if (parsed.version === 1 && parsed.targets !== null && typeof parsed.targets === 'object')
      return { version: 1, targets: parsed.targets };
  } catch {
    // No history yet, or not one: start afresh.
  }
  return { version: 1, targets: {} };
}

/** The assumptions an earlier run confirmed against this target. */
export function confirmedOn(path: string | undefined, target: string): Set<string> {
  return new Set(Object.keys(readHistory(path).targets[target] ?? {}));
}

/** Adds one run's verdicts for a target; written whole, through a temporary file, so it is never half there. */
export function recordRun(
  path: string | undefined,
  target: string,
  verdicts: { confirmed: string[]; contradicted: string[] },
  now: Date = new Date(),
): void {
  if (path === undefined) return;
  const history = readHistory(path);
  const entries = (history.targets[target] ??= {});
  const at = now.toISOString();
  for (const id of verdicts.confirmed) {
    const entry = entries[id];
    entries[id] = entry ? { ...entry, lastConfirmed: at } : { firstConfirmed: at, lastConfirmed: at };
  }
  for (const id of verdicts.contradicted) {
    const entry = entries[id];
    if (entry) entry.lastContradicted = at;
  }
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(history, null, 2)}\n`);
  renameSync(temporary, path);
}

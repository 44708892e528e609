// The drift report: drift.json (every divergent step, with both answers' shapes, the curl line and
// the assumptions behind it), drift.md and drift.html (the same by kind, for a reader, and where the
// API's own OpenAPI document differs from ours) and drift-curl.txt (every full curl line). Shapes
// and statuses only: no body content.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ServedComparison } from '../openapi-diff/served-report.ts';
import { driftHtml } from './drift-html.ts';
import { driftMarkdown } from './drift-markdown.ts';
import type { DriftResult } from './run-drift.ts';

/** The report as written to drift.json. */
export interface DriftReport extends DriftResult {
  target: { baseURL: string };
  /** The generated sequences replayed after the named scenarios (count 0: none). */
  generated: { seed: number; count: number };
  /** `bothAllowed`: divergent steps whose two answers the docs both allow. */
  summary: { scenarios: number; skipped: number; steps: number; divergences: number; bothAllowed: number };
  /** What first contact found about the target's own OpenAPI document. */
  served?: ServedComparison;
}

/** Builds the report of a drift run. */
export function driftReport(
  result: DriftResult,
  baseURL: string,
  generated: DriftReport['generated'],
  served?: ServedComparison,
): DriftReport {
  const ran = result.scenarios.filter((s) => s.skipped === undefined);
  return {
    target: { baseURL },
    ...(served ? { served } : {}),
    generated,
    summary: {
      scenarios: ran.length,
      skipped: result.scenarios.length - ran.length,
      steps: ran.reduce((n, s) => n + s.steps, 0),
      divergences: result.divergences.length,
      bothAllowed: result.divergences.filter((d) => d.bothAllowed).length,
    },
    ...result,
  };
}

/** The full curl line of every divergent step, numbered as the report's entries. */
export function curlFile(report: DriftReport): string {
  const lines = report.divergences.flatMap((d, i) => [
    `# entry ${i + 1}: ${d.scenario}, step ${d.step} (${d.operationId})`,
    d.curl,
    '',
  ]);
  return `${lines.join('\n')}\n`;
}

/** Writes drift.json, drift.md, drift.html and drift-curl.txt into `dir`. */
export function writeDriftReport(report: DriftReport, dir: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'drift.json'), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(join(dir, 'drift.md'), driftMarkdown(report));
  writeFileSync(join(dir, 'drift.html'), driftHtml(report));
  writeFileSync(join(dir, 'drift-curl.txt'), curlFile(report));
}

// What first contact found about the API's own OpenAPI document, kept for the reports of the run:
// the global setup writes it, the ledger reads it. One JSON file under REPORT_DIR; the findings
// hold statements, places and sentences, never a body of the API.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ServedComparison } from '../openapi-diff/served-report.ts';

function file(): string {
  return join(process.env.REPORT_DIR ?? 'reports', 'served-openapi.json');
}

/** Forgets an earlier run's comparison (global setup). */
export function resetServedOpenApi(): void {
  rmSync(file(), { force: true });
}

/** Keeps this run's comparison. */
export function recordServedOpenApi(comparison: ServedComparison): void {
  mkdirSync(join(file(), '..'), { recursive: true });
  writeFileSync(file(), `${JSON.stringify(comparison, null, 2)}\n`);
}

/** This run's comparison; undefined when none was made (mock mode, or a run without first contact). */
export function readServedOpenApi(): ServedComparison | undefined {
  try {
    return JSON.parse(readFileSync(file(), 'utf8')) as ServedComparison;
  } catch {
    return undefined;
  }
}

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ServedComparison } from '../openapi-diff/served-report.ts';
import { type BehaviourRecord, readBehaviour } from './behaviour.ts';
import { buildLedger, type Ledger } from './build-ledger.ts';
import { ledgerHtml } from './ledger-html.ts';
import { ledgerMarkdown } from './ledger-markdown.ts';
import type { Observation } from './observations.ts';
import { readServedOpenApi } from './served-openapi-record.ts';

/** What the run recorded beside its observations: by default read from REPORT_DIR, where the run wrote it. */
export interface RunRecords {
  behaviour: BehaviourRecord[];
  served: ServedComparison | undefined;
}

/** Writes assumptions.json, assumptions.md and assumptions.html into `dir`; returns the ledger. */
export function writeLedger(
  observations: Observation[],
  target: Ledger['target'],
  dir: string,
  records: RunRecords = { behaviour: readBehaviour(), served: readServedOpenApi() },
): Ledger {
  const { served } = records;
  const ledger: Ledger = { ...buildLedger(observations, target, records.behaviour), ...(served ? { served } : {}) };
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'assumptions.json'), `${JSON.stringify(ledger, null, 2)}\n`);
  writeFileSync(join(dir, 'assumptions.md'), ledgerMarkdown(ledger));
  writeFileSync(join(dir, 'assumptions.html'), ledgerHtml(ledger));
  return ledger;
}

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readBehaviour } from './behaviour.ts';
import { buildLedger, type Ledger } from './build-ledger.ts';
import { ledgerHtml } from './ledger-html.ts';
import { ledgerMarkdown } from './ledger-markdown.ts';
import type { Observation } from './observations.ts';
import { readServedOpenApi } from './served-openapi-record.ts';

/** Writes assumptions.json, assumptions.md and assumptions.html into `dir`; returns the ledger. */
export function writeLedger(observations: Observation[], target: Ledger['target'], dir: string): Ledger {
  const served = readServedOpenApi();
  const ledger: Ledger = { ...buildLedger(observations, target, readBehaviour()), ...(served ? { served } : {}) };
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'assumptions.json'), `${JSON.stringify(ledger, null, 2)}\n`);
  writeFileSync(join(dir, 'assumptions.md'), ledgerMarkdown(ledger));
  writeFileSync(join(dir, 'assumptions.html'), ledgerHtml(ledger));
  return ledger;
}

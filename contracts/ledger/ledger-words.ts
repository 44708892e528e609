// What the ledger's pages say about an entry, in the same words on each: where a statement applies
// (short, however many responses it covers), why it was not exercised, and the order of the
// sections: what a reader acts on first (contradicted, not exercised), what merely agreed after.
import type { LedgerEntry, Verdict } from './build-ledger.ts';

/** The sections of the pages, in the order a reader needs them. */
export const VERDICT_ORDER: Verdict[] = ['contradicted', 'not exercised', 'confirmed'];

/** What each section means, one sentence. */
export const VERDICT_MEANING: Record<Verdict, string> = {
  contradicted:
    'The API answered against our reading: change the statement in contracts/openapi.yaml (its id is its JSON pointer); the curl line replays the answer.',
  'not exercised': 'No response of this run tested the statement: it is still a guess.',
  confirmed: 'Every response that tested the statement agreed with it.',
};

/** Sites shown in full; beyond them a count stands for the list. */
const SHOWN_SITES = 4;

/** Where a statement applies: "createRun 404, getThread 404", or "62 responses of 12 operations". */
export function sitesText(entry: LedgerEntry): string {
  const all = entry.sites.map((s) => (s.status === undefined ? s.operationId : `${s.operationId} ${s.status}`));
  if (all.length <= SHOWN_SITES) return all.join(', ');
  const operations = new Set(entry.sites.map((s) => s.operationId)).size;
  return `${all.length} responses of ${operations} operation${operations === 1 ? '' : 's'}`;
}

/** Every site, for a reader who opens the details. */
export function allSites(entry: LedgerEntry): string {
  return entry.sites.map((s) => (s.status === undefined ? s.operationId : `${s.operationId} ${s.status}`)).join(', ');
}

/** Why a statement was not exercised, by its scope. */
export function notExercisedWhy(entry: LedgerEntry): string {
  if (entry.scope === 'operation') return 'no single response shows this: it is about the behaviour across calls';
  if (entry.scope === 'request') return 'no request that carried this was accepted in this run';
  return 'no response of this run tested this promise';
}

/** The entries of one verdict, in the ledger's order. */
export function entriesOf(entries: LedgerEntry[], verdict: Verdict): LedgerEntry[] {
  return entries.filter((e) => e.verdict === verdict);
}

/** A section's heading: "Not exercised (3)". */
export function sectionHeading(verdict: Verdict, count: number): string {
  return `${verdict[0]?.toUpperCase()}${verdict.slice(1)} (${count})`;
}

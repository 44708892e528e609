// The lines a contract run ends with about the contract's assumptions (docs/decisions/0070): which
// ones the API contradicted, each with the statement to change and a curl line to replay the answer,
// and what that means for the run. Ids, reasons and curl lines only: no body, no key.
import { alignLine } from '../openapi-diff/served-report.ts';
import { type Ledger, summaryLine } from './build-ledger.ts';

/** What a run did with contradicted assumptions: held them pending, or failed on them. */
export interface StoryContext {
  /** Every assumption is a promise in this run (CONTRACT_STRICT=1, or the embedded mock). */
  strict: boolean;
  /** Where the ledger and the history are, for the reader to open. */
  ledgerPath: string;
  historyPath?: string;
}

/**
 * Where the API's own OpenAPI document differs from ours, the one line on how to bring our
 * statements in line (the run said what first contact found when it began).
 */
function servedLines(ledger: Ledger, context: StoryContext): string[] {
  const align = ledger.served && alignLine(ledger.served, context.ledgerPath.replace(/\.html$/, '.md'));
  return align ? [align] : [];
}

/** The run's closing lines about assumptions, and how to align our statements with the API's own document. */
export function assumptionStory(ledger: Ledger, context: StoryContext): string[] {
  const contradicted = ledger.assumptions.filter((a) => a.verdict === 'contradicted');
  if (contradicted.length === 0) return [`Assumptions: ${summaryLine(ledger)}.`, ...servedLines(ledger, context)];
  const lines = [
    `Assumptions: ${summaryLine(ledger)}.`,
    context.strict
      ? `${contradicted.length} assumption(s) contradicted; this run holds the API to them (CONTRACT_STRICT=1 or the embedded mock), so they fail it:`
      : `${contradicted.length} assumption(s) contradicted, pending: no documented promise broke, so they do not fail the run (a later contradiction of one this target confirmed would):`,
  ];
  for (const entry of contradicted.slice(0, 10)) {
    const first = entry.contradictions[0];
    lines.push(`  - ${entry.id}: ${entry.reason}`);
    if (first) {
      lines.push(
        `      ${first.title}${first.pointer ? ` at ${first.pointer}` : ''} (${first.operationId} ${first.status})`,
      );
      if (first.curl) lines.push(`      ${first.curl}`);
    }
  }
  if (contradicted.length > 10) lines.push(`  ... and ${contradicted.length - 10} more in ${context.ledgerPath}`);
  lines.push(
    `  To change a reading, edit the statement (its id is its JSON pointer) in contracts/openapi.yaml. Ledger: ${context.ledgerPath}${context.historyPath ? `; history: ${context.historyPath}` : ''}.`,
  );
  return [...lines, ...servedLines(ledger, context)];
}

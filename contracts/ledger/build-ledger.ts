import { type AssumptionSite, assumptionCatalog } from '../check/assumption-catalog.ts';
import { canContradict } from '../check/assumption-evidence.ts';
import { behaviour as behaviourCheck } from '../check/behaviour-checks.ts';
import type { ServedComparison } from '../openapi-diff/served-report.ts';
import type { BehaviourRecord } from './behaviour.ts';
import { type CoverageGrid, coverageGrid } from './coverage-grid.ts';
import type { Observation } from './observations.ts';

/** What a run showed about one statement. */
export type Verdict = 'confirmed' | 'contradicted' | 'not exercised';

/** A response, named without its body: enough to find and replay it. */
export interface LedgerExample {
  operationId: string;
  /** 0 for a behaviour a test checked across several calls. */
  status: number;
  errorCode?: string;
  test: string;
  curl?: string;
}

/** A violation that broke a statement, with the response it was found in. */
export interface LedgerContradiction extends LedgerExample {
  check: string;
  title: string;
  pointer?: string;
  message: string;
}

/** One `x-assumed` statement and its verdict. */
export interface LedgerEntry {
  id: string;
  reason: string;
  scope: string;
  sites: AssumptionSite[];
  verdict: Verdict;
  /** Responses that exercised it and agreed. */
  agreed: number;
  /** One of them, to replay. */
  example?: LedgerExample;
  contradictions: LedgerContradiction[];
}

/** The ledger of one contract run. */
export interface Ledger {
  target: { mode: string; baseURL?: string };
  responses: number;
  summary: { confirmed: number; contradicted: number; notExercised: number };
  assumptions: LedgerEntry[];
  grid: CoverageGrid;
  /** What first contact found about the API's own OpenAPI document (live runs). */
  served?: ServedComparison;
}

function exampleOf(o: Observation): LedgerExample {
  return {
    operationId: o.operationId,
    status: o.status,
    ...(o.errorCode === undefined ? {} : { errorCode: o.errorCode }),
    test: o.test,
    ...(o.curl === undefined ? {} : { curl: o.curl }),
  };
}

/**
 * The verdict on every `x-assumed` statement of the contract from what a run observed: confirmed
 * when the responses that exercised it agreed, contradicted when one broke it, not exercised
 * otherwise. The observations carry ids and curl lines only, so the ledger holds no body content.
 */
export function buildLedger(
  observations: Observation[],
  target: Ledger['target'],
  behaviour: BehaviourRecord[] = [],
): Ledger {
  const entries: LedgerEntry[] = [...assumptionCatalog().values()].map((a) => ({
    id: a.id,
    reason: a.reason,
    scope: a.scope,
    sites: a.sites,
    verdict: 'not exercised',
    agreed: 0,
    contradictions: [],
  }));
  const byId = new Map(entries.map((e) => [e.id, e]));
  for (const o of observations) {
    const evidence = o.assumptions;
    if (!evidence) continue;
    for (const id of evidence.exercised) {
      const entry = byId.get(id);
      if (!entry) continue; // A statement the current spec no longer has (a stale observation file).
      if (!evidence.contradicted.includes(id)) {
        entry.agreed += 1;
        entry.example ??= exampleOf(o);
        continue;
      }
      for (const v of o.violations ?? []) {
        if (!v.assumptionIds.includes(id) || !canContradict(v.check, entry.scope)) continue;
        entry.contradictions.push({
          ...exampleOf(o),
          check: v.check,
          title: v.title,
          ...(v.pointer === undefined ? {} : { pointer: v.pointer }),
          message: v.message,
        });
      }
    }
  }
  for (const b of behaviour) {
    const entry = byId.get(b.id);
    if (!entry) continue;
    const example: LedgerExample = {
      operationId: b.operationId,
      status: 0,
      test: b.test,
      ...(b.curl === undefined ? {} : { curl: b.curl }),
    };
    const broken = behaviourCheck.judge(b);
    if (broken === undefined) {
      entry.agreed += 1;
      entry.example ??= example;
    } else {
      entry.contradictions.push({
        ...example,
        check: behaviourCheck.id,
        title: behaviourCheck.title,
        message: broken.message,
      });
    }
  }
  for (const e of entries)
    e.verdict = e.contradictions.length > 0 ? 'contradicted' : e.agreed > 0 ? 'confirmed' : 'not exercised';
  const count = (verdict: Verdict) => entries.filter((e) => e.verdict === verdict).length;
  return {
    target,
    responses: observations.length,
    summary: {
      confirmed: count('confirmed'),
      contradicted: count('contradicted'),
      notExercised: count('not exercised'),
    },
    assumptions: entries,
    grid: coverageGrid(observations),
  };
}

/** The summary line every rendering of the ledger starts with. */
export function summaryLine(ledger: Ledger): string {
  const { confirmed, contradicted, notExercised } = ledger.summary;
  return `${confirmed} confirmed / ${contradicted} contradicted / ${notExercised} not exercised (of ${ledger.assumptions.length} assumptions, from ${ledger.responses} responses, ${ledger.target.mode})`;
}

/** How a report names where an example came from: the response, or the test for a behaviour. */
export function exampleLabel(e: LedgerExample): string {
  return e.status === 0
    ? `${e.operationId} (checked across calls)`
    : `${e.operationId} ${e.status}${e.errorCode ? ` ${e.errorCode}` : ''}`;
}

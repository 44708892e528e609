import { operations } from '../generated/validators.js';
import type { Assumption, OperationSpec } from '../operation-spec.ts';

/** Where in the index an `x-assumed` statement applies: an operation, and a status unless it is about the operation. */
export interface AssumptionSite {
  operationId: string;
  status?: number;
}

/** One `x-assumed` statement of the contract, once, with every place it applies. */
export interface CatalogedAssumption {
  id: string;
  reason: string;
  scope: string;
  codes?: string[];
  sites: AssumptionSite[];
}

/** Every `x-assumed` statement of the operation index, by id, in the order the index first names them. */
export function assumptionCatalog(): Map<string, CatalogedAssumption> {
  const out = new Map<string, CatalogedAssumption>();
  for (const op of Object.values(operations) as OperationSpec[]) {
    const found: Array<{ a: Assumption; site: AssumptionSite }> = [
      ...[...(op.assumptions ?? []), ...(op.requestBody?.assumptions ?? [])].map((a) => ({
        a,
        site: { operationId: op.operationId },
      })),
      ...Object.entries(op.responses).flatMap(([status, spec]) =>
        spec.assumptions.map((a) => ({ a, site: { operationId: op.operationId, status: Number(status) } })),
      ),
    ];
    for (const { a, site } of found) {
      let entry = out.get(a.id);
      if (!entry) {
        entry = { id: a.id, reason: a.reason, scope: a.scope, sites: [], ...(a.codes ? { codes: a.codes } : {}) };
        out.set(a.id, entry);
      }
      if (!entry.sites.some((s) => s.operationId === site.operationId && s.status === site.status))
        entry.sites.push(site);
    }
  }
  return out;
}

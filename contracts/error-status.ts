// Which status the contract gives an error code on an operation, read from the generated index:
// the mock answers with it and the generated tests' model expects it. No Node imports (k6-safe).

import type { OperationId } from './generated/validators.js';
import { operations } from './generated/validators.js';

// Per operation, code -> the first status that documents it (statuses ascend in the index).
const statusIndex = new Map<OperationId, Map<string, number>>();
for (const [id, spec] of Object.entries(operations) as Array<[OperationId, (typeof operations)[OperationId]]>) {
  const byCode = new Map<string, number>();
  for (const [status, response] of Object.entries(spec.responses)) {
    for (const code of response.errorCodes) if (!byCode.has(code)) byCode.set(code, Number(status));
  }
  statusIndex.set(id, byCode);
}

/** The status the contract gives `code` on this operation, or undefined when it does not list it. */
export function statusOf(op: OperationId, code: string, preferred?: number): number | undefined {
  if (preferred !== undefined)
    return operations[op].responses[String(preferred)]?.errorCodes.includes(code) ? preferred : undefined;
  return statusIndex.get(op)?.get(code);
}

import type { OperationId } from '../generated/validators.js';
import { operations } from '../generated/validators.js';

/** Every operationId of the contract, in the spec's order (Object.keys types them as strings). */
export const operationIds = Object.keys(operations) as OperationId[];

/** The URL path of an operation with its path parameters filled in (each URI-encoded). */
export function operationPath(operationId: OperationId, params: Record<string, string> = {}): string {
  const template = operations[operationId].path;
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined)
      throw new Error(`Expected a value for path parameter "${name}" of ${operationId}. Got none.`);
    return encodeURIComponent(value);
  });
}

/** The names of an operation's path parameters, in the order of its template. */
export function pathParams(operationId: OperationId): string[] {
  return [...operations[operationId].path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '');
}

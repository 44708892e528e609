// The statement of our contract a finding bears on: its JSON pointer in contracts/openapi.yaml
// (the id the ledger and the spec name it by), what it states, and whose word it is.
import type { OperationSpec } from '../operation-spec.ts';
import { contractStatements, type Statement } from '../provenance.ts';
import type { Node } from '../spec-document.ts';

/** One statement of ours. */
export interface StatementRef {
  /** The JSON pointer of the node that makes it (an assumption's id where it is one). */
  pointer: string;
  /** `operation`, `response`, `parameter`, a schema keyword, or `required <field>`. */
  what: string;
  basis: 'documented' | 'assumed';
  /** The pages it cites, or the reason it is assumed. */
  why: string;
}

function refOf(statement: Statement): StatementRef {
  const { basis } = statement;
  return {
    pointer: 'id' in basis ? basis.id : statement.pointer,
    what: statement.what,
    basis: basis.documented ? 'documented' : 'assumed',
    why: basis.documented ? `pages: ${basis.pages.join(', ')}` : 'reason' in basis ? basis.reason : 'no provenance',
  };
}

/** Looks up our statements by where they stand. */
export class Statements {
  readonly #byPointer = new Map<string, Statement[]>();

  constructor(doc: Node) {
    for (const s of contractStatements(doc)) {
      const list = this.#byPointer.get(s.pointer) ?? [];
      list.push(s);
      this.#byPointer.set(s.pointer, list);
    }
  }

  /** The statement at `pointer` stating `what`, else any statement there, else the nearest one above it. */
  at(pointer: string, what?: string): StatementRef | undefined {
    for (let p = pointer; p.length > 1; p = p.slice(0, p.lastIndexOf('/'))) {
      const list = this.#byPointer.get(p);
      if (!list || list.length === 0) continue;
      const exact = what === undefined ? undefined : list.find((s) => s.what === what);
      return refOf(exact ?? (list[0] as Statement));
    }
    return undefined;
  }
}

/**
 * The statement behind a status of an operation: where the status is a reading (the response's
 * own x-assumed, or the x-assumed-status of its codes), that assumption by id; else the response
 * and the pages it cites.
 */
export function statusStatement(
  spec: OperationSpec,
  status: string,
  responsePointer: string,
  response: Node,
): StatementRef {
  const described = spec.responses[status];
  const assumption = described?.statusAssumed
    ? described.assumptions.find((a) => a.scope === 'status' || (a.codes !== undefined && a.codes.length > 0))
    : undefined;
  if (assumption) return { pointer: assumption.id, what: 'status', basis: 'assumed', why: assumption.reason };
  const pages = response['x-source'];
  const list = Array.isArray(pages) ? pages.map(String) : [];
  return {
    pointer: responsePointer,
    what: 'response',
    basis: list.length > 0 ? 'documented' : 'assumed',
    why: list.length > 0 ? `pages: ${list.join(', ')}` : String(response['x-assumed'] ?? 'no provenance'),
  };
}

/** A node's own provenance as a statement (operations, parameters). */
export function ownStatement(node: Node, pointer: string, what: string): StatementRef {
  const pages = node['x-source'];
  if (typeof node['x-assumed'] === 'string')
    return {
      pointer: typeof node['x-assumed-id'] === 'string' ? node['x-assumed-id'] : pointer,
      what,
      basis: 'assumed',
      why: node['x-assumed'],
    };
  const list = Array.isArray(pages) ? pages.map(String) : [];
  return { pointer, what, basis: 'documented', why: list.length > 0 ? `pages: ${list.join(', ')}` : 'no provenance' };
}

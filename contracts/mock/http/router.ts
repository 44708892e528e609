// Routes come from the operation index, not from a hand-written table: a path or method added
// to the contract is routed (and answers 405 until it has a handler) without touching the mock.
import type { OperationId, IndexedOperation as OperationSpec } from '../../generated/validators.js';

/** What a method and path resolve to. */
export type RouteMatch =
  | { kind: 'operation'; op: OperationId; spec: OperationSpec; params: Record<string, string> }
  | { kind: 'no-route' }
  | { kind: 'no-method'; allow: string[] };

interface Route {
  /** Literal segments, or null where a parameter stands. */
  segments: Array<string | null>;
  names: string[];
  byMethod: Map<string, { op: OperationId; spec: OperationSpec }>;
}

function decode(segment: string): string {
  if (!segment.includes('%')) return segment;
  try {
    return decodeURIComponent(segment);
  } catch {
    // Malformed escapes stay as sent; the parameter's validator then refuses them.
    return segment;
  }
}

/** Matches request lines against the contract's path templates. */
export class Router {
  private readonly routes: Route[] = [];

  constructor(operations: Readonly<Record<OperationId, OperationSpec>>) {
    const byPath = new Map<string, Route>();
    for (const [op, spec] of Object.entries(operations) as Array<[OperationId, OperationSpec]>) {
      let route = byPath.get(spec.path);
      if (!route) {
        const parts = spec.path.split('/').slice(1);
        route = {
          segments: parts.map((p) => (p.startsWith('{') ? null : p)),
          names: parts.filter((p) => p.startsWith('{')).map((p) => p.slice(1, -1)),
          byMethod: new Map(),
        };
        byPath.set(spec.path, route);
        this.routes.push(route);
      }
      route.byMethod.set(spec.method.toUpperCase(), { op, spec });
    }
  }

  match(method: string, pathname: string): RouteMatch {
    const parts = pathname.split('/');
    // parts[0] is the empty string before the leading slash.
    for (const route of this.routes) {
      const { segments } = route;
      if (segments.length !== parts.length - 1) continue;
      let params: Record<string, string> | undefined;
      let p = 0;
      let i = 0;
      for (; i < segments.length; i += 1) {
        const want = segments[i];
        const got = parts[i + 1] as string;
        if (want === null) {
          if (got === '') break;
          (params ??= {})[route.names[p++] as string] = decode(got);
        } else if (want !== got) break;
      }
      if (i < segments.length) continue;
      const hit = route.byMethod.get(method);
      if (!hit) return { kind: 'no-method', allow: [...route.byMethod.keys()] };
      return { kind: 'operation', op: hit.op, spec: hit.spec, params: params ?? {} };
    }
    return { kind: 'no-route' };
  }
}

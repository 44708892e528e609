// What the reading probes share: the probe type, how an answer reads as an outcome, and small
// requests. An outcome is "201", "400 bad_request", or for a validation_error
// "422 validation_error body.field" (its first loc).
import { callServer, type RawAnswer } from './reference-client.ts';
import type { ReadingPoint, Readings, ReferenceServer } from './reference-server/index.ts';

/** A probe of one open point, and its observation under each reading. */
export interface ReadingProbe<P extends ReadingPoint = ReadingPoint> {
  /** Readings the probe needs besides its own point (e.g. an order that lets the point be seen). */
  base?: Partial<Readings>;
  probe(server: ReferenceServer): Promise<string[]>;
  observed: Record<Readings[P], string[]>;
}

/** A question that any thread can start with. */
export const question = { role: 'user', content: 'Wie lang ist die Kündigungsfrist in der Probezeit?' };
/** A tool call with this id. */
export const call = (id: string) => ({ id, type: 'function', function: { name: 'lookup', arguments: '{}' } });
/** The one tool a probe's run offers. */
export const tools = [{ type: 'function', function: { name: 'lookup' } }];

/** An answer as one outcome: its status, its error_code, and for a validation_error the first loc. */
export function outcome(res: RawAnswer): string {
  const body = res.json as { error_code?: string; detail?: Array<{ loc?: unknown[] }> } | undefined;
  const code = body?.error_code;
  if (code === undefined) return String(res.status);
  const loc = code === 'validation_error' && Array.isArray(body?.detail) ? body.detail[0]?.loc : undefined;
  return [res.status, code, ...(loc ? [loc.join('.')] : [])].join(' ');
}

/** Adds a message; the outcome. */
export const add = async (s: ReferenceServer, thread: string, body: unknown) =>
  outcome(await callServer(s, 'POST', `/v1/threads/${thread}/messages`, { body }));
/** Runs the thread (or streams it); the outcome. */
export const run = async (s: ReferenceServer, thread: string, body: unknown = {}, stream = false) =>
  outcome(await callServer(s, 'POST', `/v1/threads/${thread}/run${stream ? '/stream' : ''}`, { body }));

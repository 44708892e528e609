// Our contract as an API's own OpenAPI document might differ from it, so that a test knows exactly
// where the two differ: first contact in the green live run (live-mode.spec.ts), and the unit tests
// of first contact and drift. A module of its own, so that importing it starts no mock.
import { loadSpec, type Node } from '../../contracts/spec-document.ts';

/** Our contract, changed in one status of Delete a thread (202 for 204) and one field of Thread (no title). */
export async function differingDocument(): Promise<Node> {
  const doc = structuredClone(await loadSpec()) as {
    paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
    components: { schemas: Record<string, { properties: Record<string, unknown> }> };
  };
  const deleteThread = doc.paths['/v1/threads/{thread_id}']?.delete;
  if (!deleteThread) throw new Error('Expected DELETE /v1/threads/{thread_id} in the contract.');
  delete deleteThread.responses['204'];
  deleteThread.responses['202'] = { description: 'Accepted: deleted later.' };
  delete doc.components.schemas.Thread?.properties.title;
  return doc as unknown as Node;
}

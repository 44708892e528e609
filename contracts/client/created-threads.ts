// The threads a run created and has not deleted yet, each with the key that created it: what its
// cleanup must delete, and what a sweep at the end of a test deletes whatever stopped the run
// (a failure, the budget, a timeout, an interrupt).
import type { KeyChoice } from './key-choice.ts';

/** Thread ids still to delete, with the key of the tenant that created each. */
export class CreatedThreads {
  readonly #threads = new Map<string, KeyChoice>();

  add(id: string, key: KeyChoice): void {
    this.#threads.set(id, key);
  }

  /** The thread is gone (deleted by a step or by cleanup). */
  forget(id: string): void {
    this.#threads.delete(id);
  }

  get size(): number {
    return this.#threads.size;
  }

  /** The threads still to delete, oldest first. */
  list(): Array<{ id: string; key: KeyChoice }> {
    return [...this.#threads].map(([id, key]) => ({ id, key }));
  }
}

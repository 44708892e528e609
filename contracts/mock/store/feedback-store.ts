// Feedback per assistant message: one entry a message, overwritten by the next, bounded like the
// other stores. Message ids are the API's own random uuids, so a message's feedback is reached
// only through its thread, which is the tenant's.
import type { components } from '../../generated/api.ts';

type Feedback = components['schemas']['Feedback'];

/** Feedback as stored: what the answer shows, and the reason and comment it was given with. */
export interface StoredFeedback {
  answer: Feedback;
  reasonId: string | null;
  comment: string | null;
}

export class FeedbackStore {
  readonly #byMessage = new Map<string, StoredFeedback>();

  readonly maxEntries: number;
  constructor(maxEntries: number) {
    this.maxEntries = maxEntries;
  }

  /** Adds or overwrites the feedback of a message. */
  put(messageId: string, feedback: StoredFeedback): void {
    this.#byMessage.delete(messageId);
    this.#byMessage.set(messageId, feedback);
    while (this.#byMessage.size > this.maxEntries) {
      const oldest = this.#byMessage.keys().next();
      if (oldest.done) break;
      this.#byMessage.delete(oldest.value);
    }
  }

  get(messageId: string): StoredFeedback | undefined {
    return this.#byMessage.get(messageId);
  }

  /** Removes a message's feedback; false when it had none. */
  remove(messageId: string): boolean {
    return this.#byMessage.delete(messageId);
  }
}

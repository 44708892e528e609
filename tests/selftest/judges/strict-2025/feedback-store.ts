// One feedback per assistant message ("Adds or overwrites user feedback on an assistant message").
import { stamp } from './clock.ts';

export interface FeedbackRecord {
  messageId: string;
  threadId: string;
  feedback: 'positive' | 'negative';
  reasonId: string | null;
  comment: string | null;
  createdAt: string;
}

export class FeedbackStore {
  private readonly byMessage = new Map<string, FeedbackRecord>();

  /** Returns the stored record and whether it replaced an earlier one. */
  upsert(fields: Omit<FeedbackRecord, 'createdAt'>): { record: FeedbackRecord; replaced: boolean } {
    const replaced = this.byMessage.has(fields.messageId);
    const record: FeedbackRecord = { ...fields, createdAt: stamp().iso };
    this.byMessage.set(fields.messageId, record);
    return { record, replaced };
  }

  remove(messageId: string): boolean {
    return this.byMessage.delete(messageId);
  }

  /** Background cleanup when a thread is deleted or messages disappear. */
  removeWhere(test: (f: FeedbackRecord) => boolean): void {
    for (const [id, f] of this.byMessage) if (test(f)) this.byMessage.delete(id);
  }
}

export const feedbackView = (f: FeedbackRecord): Record<string, unknown> => ({
  created_at: f.createdAt,
  feedback: f.feedback,
  message_id: f.messageId,
});

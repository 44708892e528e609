// The attachment rules of Message Validation: attachments go on user messages, at most one a
// message, and each is unique across the thread (or the messages of a chat completion) by its
// file_id, user_id and base_url. The page answers every violation with 422; the newer chat pages
// name the code attachment_not_unique. Shared by the mock and the generated tests' attachment
// commands. No Node imports (k6-safe).
import type { components } from '../generated/api.ts';

type Attachment = components['schemas']['Attachment'];

/** "At most 1 attachment per user message". */
export const MAX_ATTACHMENTS_PER_MESSAGE = 1;

/** The code of a broken attachment rule (the newer chat pages'). */
export const ATTACHMENT_NOT_UNIQUE = 'attachment_not_unique';

/** Which rule a message's attachments break, and a sentence that says so. */
export interface AttachmentBreak {
  rule: 'off-user-message' | 'too-many' | 'not-unique';
  detail: string;
}

/**
 * What identifies an attachment: file_id, user_id and base_url. Absent ones stand for the
 * thread's user and this API (`owner`), so that the same file named with and without them is
 * the same attachment.
 */
export function attachmentIdentity(attachment: Attachment, owner: string | null): string {
  return JSON.stringify([attachment.file_id, attachment.user_id ?? owner ?? '', attachment.base_url ?? '']);
}

/** The identities of attachments already in the thread (or the earlier messages of a request). */
export function identitiesOf(attachments: Iterable<Attachment>, owner: string | null): Set<string> {
  const out = new Set<string>();
  for (const a of attachments) out.add(attachmentIdentity(a, owner));
  return out;
}

/** The first attachment rule a message breaks, given the identities its thread already holds. */
export function attachmentBreak(
  role: string,
  attachments: readonly Attachment[] | null | undefined,
  earlier: ReadonlySet<string>,
  owner: string | null,
): AttachmentBreak | undefined {
  if (!attachments || attachments.length === 0) return undefined;
  if (role !== 'user')
    return { rule: 'off-user-message', detail: `Attachments go on user messages; this is a ${role} message.` };
  if (attachments.length > MAX_ATTACHMENTS_PER_MESSAGE)
    return {
      rule: 'too-many',
      detail: `At most ${MAX_ATTACHMENTS_PER_MESSAGE} attachment per user message. Got ${attachments.length}.`,
    };
  const seen = new Set(earlier);
  for (const a of attachments) {
    const identity = attachmentIdentity(a, owner);
    if (seen.has(identity))
      return {
        rule: 'not-unique',
        detail: `File ${a.file_id} is attached to this thread already; each attachment must be unique across the thread.`,
      };
    seen.add(identity);
  }
  return undefined;
}

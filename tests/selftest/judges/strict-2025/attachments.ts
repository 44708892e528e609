// Turning a message's `attachments` (file ids from the files API) into usable documents.
import type { Ctx } from './context.ts';
import { refuse } from './errors.ts';
import { canonicalUser, processingStatus } from './file-store.ts';
import type { AttachmentRecord, MessageData } from './message-store.ts';
import type { MessageInput } from './request-schemas.ts';

/** A validated input message as stack data; attachments are only named until resolved. */
export function toMessageData(m: MessageInput): MessageData {
  const data: MessageData = { role: m.role, content: m.content ?? null };
  if (m.attachments) {
    data.attachments = m.attachments.map((a) => ({
      file_id: a.file_id,
      ...(a.user_id !== undefined ? { user_id: a.user_id } : {}),
      ...(a.base_url !== undefined ? { base_url: a.base_url } : {}),
      fileName: '',
      text: '',
    }));
  }
  if (m.tool_calls) data.toolCalls = m.tool_calls;
  if (m.tool_call_id !== undefined) data.toolCallId = m.tool_call_id;
  if (m.sources) data.sources = m.sources;
  if (m.meta_data !== undefined) data.metaData = m.meta_data;
  return data;
}

const isHttpUrl = (text: string): boolean => {
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
};

/** Checks one attachment against the files API and snapshots the file into it.
 *  ownerUser is the end user of the thread / request, used when the attachment names none. */
function resolve(ctx: Ctx, a: AttachmentRecord, ownerUser: string | null): void {
  if (a.base_url !== undefined && a.base_url !== null && !isHttpUrl(a.base_url)) throw refuse.attachmentUrlInvalid();
  const file = ctx.app.files.get(a.file_id);
  if (!file) throw refuse.fileMissing();
  if (file.tenantId !== ctx.tenant.id) throw refuse.fileForbidden();
  const named = a.user_id ?? ownerUser;
  const user = named === null ? null : canonicalUser(named);
  if ((user !== null && file.userId !== user) || !ctx.app.files.isLive(file, ctx.nowMs)) throw refuse.fileMissing();
  // "Poll until processingStatus is PROCESSED before attaching the file to a message."
  if (processingStatus(file, ctx.nowMs) !== 'PROCESSED') throw refuse.fileBusy();
  a.fileName = file.fileName;
  a.text = file.text;
}

export function resolveAttachments(ctx: Ctx, messages: MessageData[], ownerUser: string | null): void {
  for (const m of messages) for (const a of m.attachments ?? []) resolve(ctx, a, ownerUser);
}

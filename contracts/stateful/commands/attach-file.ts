// A user message with one of the sequence's files attached (Use Your Own Documents, then Message
// Validation): the file's own user named, or now and then another user; the same file a second
// time in a thread breaks "unique across the thread". The file must be its user's, not deleted,
// and processed: while the model does not know it is, 409 conflict is allowed too.
import fc from 'fast-check';
import type { Refusal, Verdict } from '../../check/step-verdict.ts';
import { attachmentBreak, attachmentIdentity } from '../../rules/attachments.ts';
import type { Turn } from '../../rules/conversation.ts';
import { answerId } from '../answers.ts';
import type { Model } from '../model.ts';
import type { PlannedStep } from '../planned-step.ts';
import { checkedFile, fileAt, fileMissing, filesOf, type ModelFile, nowAndThen, refusal } from '../user-files.ts';
import { either, ruleVerdict, threadDeleted, validationRefusal } from '../verdict.ts';
import { checkedThread, type GeneratedCommand, MAX_MESSAGES, pick } from './command.ts';

/** What an attach-file command draws. */
export interface AttachFileData {
  thread: number;
  file: number;
  content: string;
  /** Another end user named as the file's user. */
  otherUser: string | undefined;
}

/**
 * What the file itself allows: refusals it must get, and those it may get (still processing). The
 * docs do not say whether a user's file may be attached in a thread of another end user (or of
 * none): unless the model saw the thread stored for this very user, the file's refusals are allowed.
 */
function fileVerdict(file: ModelFile, user: string, threadUser: string | null | undefined): Verdict {
  const op = 'createMessage';
  if (file.deleted) return { mayAccept: false, refusals: fileMissing(op, 'the file was deleted') };
  if (user !== file.user) return { mayAccept: false, refusals: fileMissing(op, "the file is another user's") };
  if (file.state === 'failed')
    return {
      mayAccept: false,
      refusals: refusal(op, 'attachment_document_raised_an_error', 'the file could not be processed'),
    };
  const open =
    threadUser === user.toLowerCase()
      ? []
      : fileMissing(op, "the thread's end user is not the file's (the docs leave open whether that may attach it)");
  if (file.state === 'processed') return { mayAccept: true, refusals: open };
  return { mayAccept: true, refusals: [...refusal(op, 'conflict', 'the file may still be processing'), ...open] };
}

export class AttachFile implements GeneratedCommand {
  readonly data: AttachFileData;
  constructor(data: AttachFileData) {
    this.data = data;
  }

  check(model: Readonly<Model>): boolean {
    const thread = model.thread(this.data.thread, true);
    return thread !== undefined && thread.messages.length < MAX_MESSAGES && fileAt(model, this.data.file) !== undefined;
  }

  plan(model: Model): PlannedStep {
    const { data } = this;
    const thread = checkedThread(model.thread(data.thread, true));
    const file = checkedFile(model, data.file);
    const user = data.otherUser ?? file.user;
    const label = model.label('m');
    const turn: Turn = { role: 'user', content: data.content };
    const placeholder = `file:${file.label}`;
    const attachment = { file_id: placeholder, user_id: user };
    const held = filesOf(model).attachments.get(thread.label) ?? new Set<string>();
    const broken = attachmentBreak('user', [attachment], held, null);
    const notUnique: Refusal[] = broken
      ? [
          ...refusal('createMessage', 'attachment_not_unique', broken.detail),
          validationRefusal('createMessage', ['attachments'], broken.detail),
        ]
      : [];
    const rules = ruleVerdict('createMessage', thread.conversation.messageBreaks(turn));
    const combined = either(either(rules, fileVerdict(file, user, thread.userId)), {
      mayAccept: !broken,
      refusals: notUnique,
    });
    // A deleted thread must refuse: as gone (thread_not_found, or the newer pages' thread_is_deactivated), or (an API that checks the message first) with any of its refusals.
    const verdict: Verdict = thread.deleted
      ? { ...combined, mayAccept: false, refusals: [...threadDeleted('createMessage'), ...combined.refusals] }
      : combined;
    return {
      step: {
        operationId: 'createMessage',
        path: { thread_id: { ref: thread.label } },
        body: { text: JSON.stringify({ ...turn, attachments: [attachment] }) },
        bodyRefs: { [placeholder]: file.label },
        label,
      },
      verdict,
      onAccept(m, body) {
        m.addMessage(thread, { label, id: answerId(body), turn });
        const identities = filesOf(m).attachments.get(thread.label) ?? new Set<string>();
        identities.add(attachmentIdentity(attachment, null));
        filesOf(m).attachments.set(thread.label, identities);
        // Attached: processing was done.
        if (!m.world.planning) file.state = 'processed';
        return undefined;
      },
    };
  }

  toString(): string {
    const { data } = this;
    return `attach-file(thread ${data.thread}, file ${data.file}${data.otherUser ? ', as another user' : ''})`;
  }
}

const QUESTIONS = ['Was steht in meiner Datei?', 'Welche Frist nennt das Dokument?', 'Summarise my file.'];

/** A question with one of the sequence's files attached; now and then naming another user. */
export function attachFile(): fc.Arbitrary<AttachFile> {
  return fc
    .record({
      thread: pick,
      file: pick,
      content: fc.constantFrom(...QUESTIONS),
      otherUser: nowAndThen(fc.uuid({ version: 4 })),
    })
    .map((data) => new AttachFile(data));
}

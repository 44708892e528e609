// A file's processing status (Get file status): of the file's own user, until processing is done
// (each poll after a pause, at most MAX_POLLS), or asked by another user, who must not see it.
import fc from 'fast-check';
import type { Verdict } from '../../check/step-verdict.ts';
import type { Model } from '../model.ts';
import type { PlannedStep } from '../planned-step.ts';
import { checkedFile, fileAt, fileMissing, type ModelFile, nowAndThen, processingState } from '../user-files.ts';
import { ACCEPT, type GeneratedCommand, pick } from './command.ts';

/** Polls of one file's status before the model leaves it "processing" (attachments then allow 409 conflict). */
export const MAX_POLLS = 10;

function fileVerdict(file: ModelFile, asUser: string): Verdict {
  if (file.deleted) return { mayAccept: false, refusals: fileMissing('getFileStatus', 'the file was deleted') };
  if (asUser !== file.user)
    return { mayAccept: false, refusals: fileMissing('getFileStatus', "the file is another user's") };
  return ACCEPT;
}

/**
 * A status request for `file` as `asUser`; as its own user, while the answer says PROCESSING,
 * the next poll follows after a pause (`poll` counts them). Planning without a target polls once.
 * Right after an upload the first poll pauses too (the target's poll pause: the mock's is longer
 * than its processing), so two sides replaying one plan (drift) both answer it processed, and an
 * API that takes longer shows.
 */
export function statusStep(file: ModelFile, asUser: string, poll = 1, pause = poll > 1): PlannedStep {
  const own = asUser === file.user;
  return {
    step: {
      operationId: 'getFileStatus',
      path: { file_id: { ref: file.label } },
      headers: { 'user-id': asUser },
      ...(pause ? { pause: true as const } : {}),
    },
    verdict: fileVerdict(file, asUser),
    onAccept(m, body) {
      if (own && !m.world.planning) file.state = processingState(body);
      return undefined;
    },
    next: (m) =>
      own && !m.world.planning && !file.deleted && file.state === 'processing' && poll < MAX_POLLS
        ? statusStep(file, asUser, poll + 1)
        : undefined,
  };
}

export class FileStatus implements GeneratedCommand {
  readonly data: { file: number; otherUser: string | undefined };
  constructor(data: FileStatus['data']) {
    this.data = data;
  }

  check(model: Readonly<Model>): boolean {
    return fileAt(model, this.data.file) !== undefined;
  }

  plan(model: Model): PlannedStep {
    const file = checkedFile(model, this.data.file);
    return statusStep(file, this.data.otherUser ?? file.user);
  }

  toString(): string {
    return `file-status(file ${this.data.file}${this.data.otherUser ? ', as another user' : ''})`;
  }
}

/** The status of one of the sequence's files, until it is processed; now and then asked by another user. */
export function fileStatus(): fc.Arbitrary<FileStatus> {
  return fc.record({ file: pick, otherUser: nowAndThen(fc.uuid({ version: 4 })) }).map((data) => new FileStatus(data));
}

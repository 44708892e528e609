// A file's extracted text (Get file content): text/plain once processed; 409 conflict is allowed
// while the model does not know processing is done; a deleted file is not found.
import fc from 'fast-check';
import type { Verdict } from '../../check/step-verdict.ts';
import type { Model } from '../model.ts';
import type { PlannedStep } from '../planned-step.ts';
import { checkedFile, fileAt, fileMissing, refusal } from '../user-files.ts';
import { ACCEPT, type GeneratedCommand, pick } from './command.ts';

export class FileContent implements GeneratedCommand {
  readonly data: { file: number };
  constructor(data: { file: number }) {
    this.data = data;
  }

  check(model: Readonly<Model>): boolean {
    return fileAt(model, this.data.file) !== undefined;
  }

  plan(model: Model): PlannedStep {
    const file = checkedFile(model, this.data.file);
    const op = 'getFileContent';
    const verdict: Verdict = file.deleted
      ? { mayAccept: false, refusals: fileMissing(op, 'the file was deleted') }
      : file.state === 'processed'
        ? ACCEPT
        : file.state === 'failed'
          ? { mayAccept: false, refusals: refusal(op, 'attachment_document_raised_an_error', 'processing failed') }
          : { mayAccept: true, refusals: refusal(op, 'conflict', 'the file may still be processing') };
    return {
      step: { operationId: op, path: { file_id: { ref: file.label } }, headers: { 'user-id': file.user } },
      verdict,
      onAccept(m) {
        if (!m.world.planning) file.state = 'processed';
        return undefined;
      },
    };
  }

  toString(): string {
    return `file-content(file ${this.data.file})`;
  }
}

/** The text of one of the sequence's files. */
export function fileContent(): fc.Arbitrary<FileContent> {
  return fc.record({ file: pick }).map((data) => new FileContent(data));
}

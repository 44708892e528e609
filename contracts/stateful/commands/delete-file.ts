// Deleting a file (Delete a file): accepted once; after that the file is not found for any call.
import fc from 'fast-check';
import type { Model } from '../model.ts';
import type { PlannedStep } from '../planned-step.ts';
import { checkedFile, fileAt, fileMissing } from '../user-files.ts';
import { ACCEPT, type GeneratedCommand, pick } from './command.ts';

export class DeleteFile implements GeneratedCommand {
  readonly data: { file: number };
  constructor(data: { file: number }) {
    this.data = data;
  }

  check(model: Readonly<Model>): boolean {
    return fileAt(model, this.data.file) !== undefined;
  }

  plan(model: Model): PlannedStep {
    const file = checkedFile(model, this.data.file);
    return {
      step: { operationId: 'deleteFile', path: { file_id: { ref: file.label } }, headers: { 'user-id': file.user } },
      verdict: file.deleted
        ? { mayAccept: false, refusals: fileMissing('deleteFile', 'the file was deleted already') }
        : ACCEPT,
      onAccept() {
        file.deleted = true;
        return undefined;
      },
    };
  }

  toString(): string {
    return `delete-file(file ${this.data.file})`;
  }
}

/** Deleting one of the sequence's files (now and then one deleted already). */
export function deleteFile(): fc.Arbitrary<DeleteFile> {
  return fc.record({ file: pick }).map((data) => new DeleteFile(data));
}

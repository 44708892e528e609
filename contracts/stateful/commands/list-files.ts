// The files of an end user (List files): the user of one of the sequence's files, or a new one.
// Answered for any user; what the listing holds is the contract check's (its shape) and the
// contract tests' (files-lifecycle: the user's files, pages) to judge, not a check of the model.
import fc from 'fast-check';
import type { Model } from '../model.ts';
import type { PlannedStep } from '../planned-step.ts';
import { fileAt } from '../user-files.ts';
import { ACCEPT, type GeneratedCommand, pick } from './command.ts';

export class ListFiles implements GeneratedCommand {
  readonly data: { file: number; newUser: string };
  constructor(data: ListFiles['data']) {
    this.data = data;
  }

  check(): boolean {
    return true;
  }

  plan(model: Model): PlannedStep {
    const user = fileAt(model, this.data.file)?.user ?? this.data.newUser;
    return {
      step: { operationId: 'listFiles', query: { page: '1', limit: '100' }, headers: { 'user-id': user } },
      verdict: ACCEPT,
      onAccept: () => undefined,
    };
  }

  toString(): string {
    return `list-files(user of file ${this.data.file})`;
  }
}

/** Listing the files of one of the sequence's users (a new user when it has none). */
export function listFiles(): fc.Arbitrary<ListFiles> {
  return fc.record({ file: pick, newUser: fc.uuid({ version: 4 }) }).map((data) => new ListFiles(data));
}

// A file of an end user (Use Your Own Documents): an upload URL for it, the PUT of its bytes to the
// storage origin that URL names (no key goes there: the runner sends none), then its status until
// processing is done. Text and CSV only, the guide's types whose extraction is their content;
// persist=false, so that a file left behind is removed after 24 hours.
import fc from 'fast-check';
import type { Model } from '../model.ts';
import type { PlannedStep } from '../planned-step.ts';
import { fileAt, filesOf, MAX_FILES } from '../user-files.ts';
import { ACCEPT, type GeneratedCommand, pick } from './command.ts';
import { statusStep } from './file-status.ts';

/** What an upload-file command draws. */
export interface UploadFileData {
  /** The end user when the file is for a new one (and always for the sequence's first file). */
  newUser: string;
  /** For the user of one of the sequence's files (cycled by `file`) instead. */
  sameUser: boolean;
  file: number;
  type: 'txt' | 'csv';
  text: string;
}

const CONTENT_TYPE = { txt: 'text/plain', csv: 'text/csv' } as const;

export class UploadFile implements GeneratedCommand {
  readonly data: UploadFileData;
  constructor(data: UploadFileData) {
    this.data = data;
  }

  check(model: Readonly<Model>): boolean {
    return filesOf(model).files.length < MAX_FILES;
  }

  plan(model: Model): PlannedStep {
    const { data } = this;
    // The first file always has a new user: there is no other to take.
    const user = (data.sameUser ? fileAt(model, data.file)?.user : undefined) ?? data.newUser;
    const label = model.label('f');
    const name = `agents-api-suite-generated-${label}.${data.type}`;
    const file = { label, user, name, state: 'unknown' as const, deleted: false };
    return {
      step: {
        operationId: 'getUploadUrl',
        query: { filename: name, persist: 'false' },
        headers: { 'user-id': user },
        label,
        upload: { contentType: CONTENT_TYPE[data.type], text: data.text },
      },
      verdict: ACCEPT,
      onAccept(m) {
        filesOf(m).files.push(file);
        return undefined;
      },
      next: (m) => (filesOf(m).files.includes(file) ? statusStep(file, user, 1, true) : undefined),
    };
  }

  toString(): string {
    return `upload-file(${this.data.sameUser ? `user of file ${this.data.file}` : 'new user'}, ${this.data.type})`;
  }
}

/** Lines of a small document: never blank, so the extracted text is what was sent. */
const LINES = [
  'Mietvertrag, Paragraf 3: Kündigungsfrist drei Monate.',
  'name,frist\nmiete,3 Monate',
  'Notice: three months.',
];

/** Uploading a small text or CSV file, for a new end user or one the sequence has. */
export function uploadFile(): fc.Arbitrary<UploadFile> {
  return fc
    .record({
      newUser: fc.uuid({ version: 4 }),
      sameUser: fc.boolean(),
      file: pick,
      type: fc.constantFrom<'txt' | 'csv'>('txt', 'csv'),
      text: fc.constantFrom(...LINES),
    })
    .map((data) => new UploadFile(data));
}

// What the model knows of a sequence's files and feedback (issue 22): the end users' files it
// uploaded, with their processing as the last status answer said, the attachments each thread
// holds, and the feedback on messages. Kept beside the Model, one entry per model, so that the
// commands of the Files and Feedback pages add to the model without reshaping model.ts.
import fc from 'fast-check';
import type { Refusal } from '../check/step-verdict.ts';
import { statusOf } from '../error-status.ts';
import type { OperationId } from '../generated/validators.js';
import type { Model } from './model.ts';

/** A file's processing, as far as the model knows it (unknown: no status answer said yet). */
export type FileState = 'unknown' | 'processing' | 'processed' | 'failed';

/** A file the sequence uploaded. */
export interface ModelFile {
  /** The label its upload URL's `file_id` is stored under. */
  label: string;
  /** The end user (`user-id`) it belongs to. */
  user: string;
  name: string;
  state: FileState;
  deleted: boolean;
}

/** The files and feedback of one sequence. */
export interface SequenceFiles {
  files: ModelFile[];
  /** Per thread label: the identities of the attachments its messages hold (contracts/rules/attachments.ts). */
  attachments: Map<string, Set<string>>;
  /** Per message label: the feedback it holds. */
  feedback: Map<string, 'positive' | 'negative'>;
}

/** At most this many files per sequence: each is a real upload, and cleanup deletes each. */
export const MAX_FILES = 3;

const table = new WeakMap<Readonly<Model>, SequenceFiles>();

/** The sequence's files and feedback (an empty record the first time a model is asked). */
export function filesOf(model: Readonly<Model>): SequenceFiles {
  let files = table.get(model);
  if (!files) {
    files = { files: [], attachments: new Map(), feedback: new Map() };
    table.set(model, files);
  }
  return files;
}

/** The nth file, cycling, or undefined when the sequence uploaded none. */
export function fileAt(model: Readonly<Model>, pick: number): ModelFile | undefined {
  const { files } = filesOf(model);
  return files.length === 0 ? undefined : files[pick % files.length];
}

/** The file `check` found, which `plan` finds again (fast-check calls `check` right before `run`). */
export function checkedFile(model: Readonly<Model>, pick: number): ModelFile {
  const file = fileAt(model, pick);
  if (!file) throw new Error('planned without a file');
  return file;
}

/** A documented refusal of `op` with `code`, when the contract lists the code for it. */
export function refusal(op: OperationId, code: string, why: string): Refusal[] {
  const status = statusOf(op, code);
  return status === undefined ? [] : [{ status, code, why }];
}

/**
 * The answers for a file the caller cannot see: 404 attachment_document_does_not_exist ("not
 * available for the user with user_id"), or 403 attachment_access_forbidden (the page lists both).
 */
export function fileMissing(op: OperationId, why: string): Refusal[] {
  return [
    ...refusal(op, 'attachment_document_does_not_exist', why),
    ...refusal(op, 'attachment_access_forbidden', why),
  ];
}

/** A file's processing status read from a status answer: the example's processing_status, or the prose's processingStatus. */
export function processingState(body: unknown): FileState {
  const b = (body ?? {}) as { processing_status?: unknown; processingStatus?: unknown };
  const status = String(b.processing_status ?? b.processingStatus ?? '').toUpperCase();
  if (status === 'PROCESSED') return 'processed';
  if (status === 'FAILED') return 'failed';
  return status === '' ? 'unknown' : 'processing';
}

/** A value one draw in six, else undefined (fc.option's `freq` is the other way round: nil one in freq). */
export function nowAndThen<T>(arbitrary: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> {
  return fc.oneof({ weight: 5, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary });
}

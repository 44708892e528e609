// The end users' files a runner's steps uploaded (GET /v1/files/signed-url, then the PUT), each with
// the user-id it belongs to and the key that asked for it: what cleanup() deletes, since the Files
// API is per user and a file outlives the sequence that made it.
import type { KeyChoice } from './key-choice.ts';

/** One uploaded file to delete. */
export interface CreatedFile {
  id: string;
  /** The `user-id` header the file was issued for. */
  user: string;
  key: KeyChoice;
}

/** File ids still to delete, oldest first. */
export class CreatedFiles {
  readonly #files = new Map<string, CreatedFile>();

  add(file: CreatedFile): void {
    this.#files.set(file.id, file);
  }

  /** The file is gone (deleted by a step or by cleanup). */
  forget(id: string): void {
    this.#files.delete(id);
  }

  get size(): number {
    return this.#files.size;
  }

  list(): CreatedFile[] {
    return [...this.#files.values()];
  }
}

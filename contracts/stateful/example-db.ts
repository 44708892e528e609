// The example database of the generated tests, as Hypothesis keeps one: every shrunk failure a run
// found (its seed and FUZZ_PATH, never a body, a value or a key), replayed first by the next run
// against the same target, and dropped once it passes. A JSON file under reports/ by default, so
// that CI can keep it between runs (actions/cache) and a developer's next run starts with it.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { CheckId } from '../check/check-names.ts';

/** One failure found earlier. */
export interface StoredExample {
  /** `mock`, or the origin and path of BASE_URL: a case found on one API is replayed on that API. */
  target: string;
  seed: number;
  /** FUZZ_PATH of the shrunk case. */
  path: string;
  check: CheckId;
  /** The shrunk command list (kinds and fields only, no content). */
  commands: string;
  foundAt: string;
}

interface File {
  version: 1;
  examples: StoredExample[];
}

/** The example database at `file`. */
export class ExampleDb {
  readonly file: string;
  /** A damaged file is read again by every call: it is reported once. */
  #reportedDamage = false;
  constructor(file: string) {
    this.file = file;
  }

  #read(): File {
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch {
      return { version: 1, examples: [] };
    }
    try {
      const parsed = JSON.parse(text) as Partial<File>;
      const examples = Array.isArray(parsed.examples) ? parsed.examples : [];
      return {
        version: 1,
        examples: examples.filter(
          (e): e is StoredExample =>
            typeof e?.target === 'string' && Number.isSafeInteger(e.seed) && typeof e.path === 'string',
        ),
      };
    } catch {
      // A damaged file loses nothing worth a crash: it only holds replays. Say so, start afresh.
      if (!this.#reportedDamage)
        process.stderr.write(
          `agents-api-suite: the example database ${this.file} is not JSON; it is ignored and rewritten.\n`,
        );
      this.#reportedDamage = true;
      return { version: 1, examples: [] };
    }
  }

  #write(file: File): void {
    const tmp = `${this.file}.${process.pid}.tmp`;
    try {
      mkdirSync(dirname(this.file), { recursive: true });
      writeFileSync(tmp, `${JSON.stringify(file, null, 2)}\n`);
      renameSync(tmp, this.file);
    } catch (error) {
      // A path the run cannot write must not cost it the report it is about to print.
      const reason = error instanceof Error && 'code' in error ? String(error.code) : String(error);
      process.stderr.write(
        `agents-api-suite: could not write the example database ${this.file} (${reason}); the next run will not replay ` +
          'this failure first. Set FUZZ_EXAMPLES to a writable file, or FUZZ_EXAMPLES=off.\n',
      );
    }
  }

  /** The failures stored for this target, oldest first. */
  examplesFor(target: string): StoredExample[] {
    return this.#read().examples.filter((e) => e.target === target);
  }

  /** Stores a failure (once per target, seed and path). */
  add(example: StoredExample): void {
    const file = this.#read();
    const same = (e: StoredExample) =>
      e.target === example.target && e.seed === example.seed && e.path === example.path;
    if (!file.examples.some(same)) file.examples.push(example);
    this.#write(file);
  }

  /** Drops a failure that no longer fails. */
  remove(example: Pick<StoredExample, 'target' | 'seed' | 'path'>): void {
    const file = this.#read();
    const kept = file.examples.filter(
      (e) => !(e.target === example.target && e.seed === example.seed && e.path === example.path),
    );
    if (kept.length !== file.examples.length) this.#write({ ...file, examples: kept });
  }
}

// The shape of one request in a scenario, independent of the target it is sent to. Generated
// sequences (tests/contract generated tests) produce steps, the contract client sends them, and
// the drift report replays the same steps against two targets: ids that an answer hands out
// differ per target, so a step names them symbolically and each runner resolves them itself.
import type { TooLarge } from '../check/check-response.ts';
import type { OperationId } from '../generated/validators.js';
import type { KeyChoice } from './key-choice.ts';

/** A path parameter: a literal value, or the id an earlier step's answer carried, by that step's label. */
export type PathValue = string | { ref: string };

/** One request, as a scenario states it. */
export interface RequestStep {
  operationId: OperationId;
  path?: Record<string, PathValue>;
  query?: Record<string, string>;
  /** Header parameters of the operation (`user-id`). */
  headers?: Record<string, string>;
  key?: KeyChoice;
  /** The exact bytes of the body and their content type; absent: no body is sent. */
  body?: { contentType?: string; text: string };
  /** Fault injection, only for targets that honour `Prefer`. */
  prefer?: string;
  /** Remember the `id` (or `file_id`) of this step's answer under this label, for later steps' `{ ref }`. */
  label?: string;
  /**
   * Placeholders in the body's text, each a JSON string that stands for the id an earlier step's
   * answer carried (by that step's label): the runner writes the id in its place.
   */
  bodyRefs?: Record<string, string>;
  /**
   * After a 2xx answer carrying `file_url` (GET /v1/files/signed-url): PUT these bytes there, to the
   * storage origin, with no key. A refused upload stops the step (StepSendError).
   */
  upload?: { contentType: string; text: string };
  /**
   * A poll (GET /v1/files/{file_id}/status until ready): wait the target's poll pause before
   * sending. How long is the target's (a live API takes its time, the mock 10 ms), not the step's.
   */
  pause?: true;
}

/** What a runner hands back for one step. */
export interface StepAnswer {
  status: number;
  /** Header names in lower case. */
  headers: Record<string, string>;
  body: string;
  /** The answer passed a size cap of the transport: `body` holds what came before it. */
  tooLarge?: TooLarge;
  /** A reproduction line with keys as `$API_KEY` / `$API_KEY_OTHER_TENANT` (and the upload's, on a line of its own). */
  curl: string;
  /** The storage origin's answer to the step's upload. */
  upload?: { status: number; origin: string };
}

/** Sends steps to one target, resolving `{ ref }` path values from the answers it has seen. */
export interface StepRunner {
  send(step: RequestStep): Promise<StepAnswer>;
  /**
   * Deletes every thread (and uploaded file) the runner's steps created, with the key that created
   * each, and forgets the ids answers gave; returns what could not be deleted.
   */
  cleanup(): Promise<string[]>;
}

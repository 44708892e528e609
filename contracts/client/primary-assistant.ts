// Which assistant the suite creates its threads for: ASSISTANT_ID, else the first listed. The
// preflight, the contract fixtures and drift all ask here, so they pick the same one and say the
// same thing when there is none.
import type { components } from '../generated/api.ts';

type Assistant = components['schemas']['Assistant'];

/** The primary assistant, or why there is none (the message says what to do). */
export type PrimaryChoice = { ok: true; assistant: Assistant } | { ok: false; message: string };

/** ASSISTANT_ID's assistant when set, else the first of `all`. */
export function primaryAssistant(all: readonly Assistant[], assistantId: string | undefined): PrimaryChoice {
  if (assistantId) {
    const chosen = all.find((a) => a.id === assistantId);
    if (chosen) return { ok: true, assistant: chosen };
    return {
      ok: false,
      message: `ASSISTANT_ID ${assistantId} is not among the ${all.length} assistants of this key's tenant; unset it or pick one from GET /v1/assistants.`,
    };
  }
  const first = all[0];
  if (first) return { ok: true, assistant: first };
  return {
    ok: false,
    message:
      "The key's tenant has no assistant (GET /v1/assistants answered an empty list); the suite needs one to create threads. Use the key of a tenant with an assistant.",
  };
}

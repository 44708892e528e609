// Which key a request sends, and how a reproduction line names it: every client chooses the key
// here, so the value goes to the transport (which puts it on the wire) and only its name is kept.
import type { KeyRef } from './curl-line.ts';
import type { Target } from './target.ts';

/** Which key a request sends. */
export type KeyChoice = 'main' | 'other' | 'none' | 'invalid';

/** A chosen key: its name for curl lines, and the value the transport adds on the wire. */
export interface ChosenKey {
  ref: KeyRef;
  value?: string;
}

/** The target lacks the key a request needs (no API_KEY_OTHER_TENANT). */
export class MissingKeyError extends Error {
  override name = 'MissingKeyError';
}

/** The key of a choice; a deliberately invalid one is new each time, so no cache can answer it. */
export function chooseKey(choice: KeyChoice, target: Pick<Target, 'apiKey' | 'otherTenantKey'>): ChosenKey {
  if (choice === 'none') return { ref: 'none' };
  if (choice === 'invalid') return { ref: 'an invalid key', value: `invalid-${Math.random().toString(36).slice(2)}` };
  if (choice === 'other') {
    if (!target.otherTenantKey)
      throw new MissingKeyError("This request needs a second tenant's key (API_KEY_OTHER_TENANT).");
    return { ref: 'API_KEY_OTHER_TENANT', value: target.otherTenantKey };
  }
  return { ref: 'API_KEY', value: target.apiKey };
}

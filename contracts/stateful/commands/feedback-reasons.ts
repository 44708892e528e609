// The reasons a negative feedback may give (List negative feedback reasons): always answered.
import fc from 'fast-check';
import type { PlannedStep } from '../planned-step.ts';
import { ACCEPT, type GeneratedCommand } from './command.ts';

export class FeedbackReasons implements GeneratedCommand {
  check(): boolean {
    return true;
  }

  plan(): PlannedStep {
    return { step: { operationId: 'listNegativeFeedbackReasons' }, verdict: ACCEPT, onAccept: () => undefined };
  }

  toString(): string {
    return 'feedback-reasons';
  }
}

/** Listing the negative feedback reasons. */
export function feedbackReasons(): fc.Arbitrary<FeedbackReasons> {
  return fc.constant(new FeedbackReasons());
}

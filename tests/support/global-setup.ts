import { resetAuthRecords } from './auth-findings.ts';
import { resetObservations } from './observations.ts';

/** Each run starts its coverage and violations from nothing, so a report never shows an earlier run's. */
export default function globalSetup(): void {
  resetObservations();
  resetAuthRecords();
}

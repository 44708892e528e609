import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { resetObservations } from './observations.ts';

/** Each run starts its coverage from nothing, so a report never shows an earlier run's. */
export default function globalSetup(): void {
  resetObservations();
  rmSync(join(process.env.REPORT_DIR ?? 'reports', 'coverage.json'), { force: true });
}

import { preflight } from '../../contracts/client/preflight.ts';
import { firstContact } from '../../contracts/client/served-openapi.ts';
import { targetFromEnv } from '../../contracts/client/target.ts';
import { resetAuthRecords } from '../../contracts/ledger/auth-records.ts';
import { resetBehaviour } from '../../contracts/ledger/behaviour.ts';
import { resetObservations } from '../../contracts/ledger/observations.ts';
import { recordServedOpenApi, resetServedOpenApi } from '../../contracts/ledger/served-openapi-record.ts';
import { firstContactLine } from '../../contracts/openapi-diff/served-report.ts';

/**
 * Each run starts its coverage and violations from nothing, so a report never shows an earlier
 * run's; then one call to the target stops a run that cannot work (host unreachable, key refused,
 * no assistant, wrong base path) with one message, before any test fails for the same reason.
 */
export default async function globalSetup(): Promise<void> {
  resetObservations();
  resetAuthRecords();
  resetBehaviour();
  resetServedOpenApi();
  const target = targetFromEnv(process.env);
  const result = await preflight(target);
  if (result.ok) {
    // Live, the API's own OpenAPI document (if it serves one) is compared with ours, once, here.
    if (target.live) {
      const served = await firstContact(target);
      recordServedOpenApi(served);
      process.stdout.write(`agents-api-suite: ${firstContactLine(served)}\n`);
    }
    return;
  }
  // A user's set-up mistake, not a crash: the message alone, no stack trace.
  process.stderr.write(`\nagents-api-suite: the target cannot be tested.\n${result.message}\n`);
  process.exit(2);
}

import { readAuthRecords } from '../../contracts/ledger/auth-records.ts';
import { authCoverage } from '../../contracts/ledger/auth-report.ts';
import { expect, test } from '../support/fixtures.ts';

// Runs after the whole contract suite (project dependency): per operation of the generated index,
// whether the refusals without a key, with an invalid key and with another tenant's key were
// exercised. The same table is `authCoverage` in contract-report.json.
test('reports, per operation, which refusals (no key, invalid key, another tenant) the suite exercised', async ({
  target,
}, testInfo) => {
  const rows = authCoverage(readAuthRecords().exercises);
  const table = rows
    .map(
      (r) =>
        `${r.operationId.padEnd(28)} no key: ${r.noKey.padEnd(14)} invalid key: ${r.invalidKey.padEnd(14)} other tenant: ${r.otherTenant.padEnd(14)} other user: ${r.otherUser}`,
    )
    .join('\n');
  await testInfo.attach('authorization coverage', { body: table, contentType: 'text/plain' });

  // Both keyless refusals run against every target; the other tenant's only with its key.
  const unexercised = rows.flatMap((r) => [
    ...(r.noKey === 'not exercised' ? [`${r.operationId}: no key`] : []),
    ...(r.invalidKey === 'not exercised' ? [`${r.operationId}: invalid key`] : []),
    ...(r.otherTenant === 'not exercised' && target.otherTenantKey ? [`${r.operationId}: other tenant`] : []),
    // Another user needs no second key: every target has it.
    ...(r.otherUser === 'not exercised' ? [`${r.operationId}: other user`] : []),
  ]);
  expect(unexercised, `refusals never exercised:\n${table}`).toEqual([]);
  if (!target.live) {
    // The mock has a second tenant, so every operation has something another tenant must not reach.
    expect(
      rows.filter((r) => r.otherTenant === 'not applicable').map((r) => r.operationId),
      `operations without a tenant check in mock mode:\n${table}`,
    ).toEqual([]);
  }
});

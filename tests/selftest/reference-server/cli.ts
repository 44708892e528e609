// Runs the reference server by hand: `npx tsx tests/selftest/reference-server/cli.ts [--break NAME]...`
// prints its URL and keys, so a nested contract run can be reproduced outside the self-test.
import { type BreakName, breakNames, startReferenceServer } from './index.ts';

const breaks: BreakName[] = [];
const args = process.argv.slice(2);
for (let i = 0; i < args.length; i++) {
  const name = args[i] === '--break' ? args[++i] : undefined;
  if (name === undefined || !breakNames.includes(name as BreakName)) {
    process.stderr.write(
      `Expected --break <name> with one of: ${breakNames.join(', ')}. Got ${JSON.stringify(args[i] ?? '')}.\n`,
    );
    process.exit(2);
  }
  breaks.push(name as BreakName);
}
const server = await startReferenceServer({ breaks });
process.stdout.write(
  `reference server on ${server.url}${breaks.length ? ` with ${breaks.join(', ')}` : ''}\n` +
    `BASE_URL=${server.url} API_KEY=${server.apiKey} API_KEY_OTHER_TENANT=${server.otherTenantApiKey} CONTRACT_TARGET_FAULTS=prefer\n`,
);
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.on(signal, () => void server.close().then(() => process.exit(0)));

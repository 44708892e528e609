// Runs the reference server by hand:
//   node --import ./bin/typescript-loader.js tests/selftest/reference-server/cli.ts [--break NAME]... [--preset strict] [--reading point=value]...
// prints its URL, keys and readings, so a nested contract run can be reproduced outside the self-test.
import { CliArgsError, describeReadings, parseCliArgs } from './cli-args.ts';
import { startReferenceServer } from './index.ts';

let options: ReturnType<typeof parseCliArgs>;
try {
  options = parseCliArgs(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof CliArgsError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(2);
}
const { breaks, readings } = options;
const server = await startReferenceServer({ breaks, readings });
process.stdout.write(
  `reference server on ${server.url}${breaks.length ? ` with ${breaks.join(', ')}` : ''}\n` +
    `BASE_URL=${server.url} API_KEY=${server.apiKey} API_KEY_OTHER_TENANT=${server.otherTenantApiKey} CONTRACT_TARGET_FAULTS=prefer\n` +
    `readings in force:\n${describeReadings(readings)}\n`,
);
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.on(signal, () => void server.close().then(() => process.exit(0)));

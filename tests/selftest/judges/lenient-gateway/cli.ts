// Starts the judge and prints its URLs. Usage:
//   node --import ./bin/typescript-loader.js tests/selftest/judges/lenient-gateway/cli.ts [--port N] [--storage-port N] [--no-rate-limits]
import { startJudge } from './index.ts';

const args = process.argv.slice(2);
const num = (flag: string) => {
  const i = args.indexOf(flag);
  return i >= 0 ? Number(args[i + 1]) : undefined;
};

const judge = await startJudge({
  port: num('--port'),
  storagePort: num('--storage-port'),
  rateLimits: !args.includes('--no-rate-limits'),
});
console.log(judge.url);
console.error(`storage: ${judge.storageUrl}`);
console.error('tenant A api-key: judge-key-a, tenant B api-key: judge-key-b');

const stop = async () => {
  await judge.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

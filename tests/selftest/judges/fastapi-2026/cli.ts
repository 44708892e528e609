// Starts a judge: node --import ./bin/typescript-loader.js tests/selftest/judges/fastapi-2026/cli.ts [--port N] [--storage-port N] [--no-rate-limit]
import { startJudge } from './index.ts';

const args = process.argv.slice(2);
const numberAfter = (flag: string): number | undefined => {
  const i = args.indexOf(flag);
  const v = i >= 0 ? Number(args[i + 1]) : undefined;
  if (v !== undefined && !(Number.isInteger(v) && v >= 0 && v < 65536)) {
    console.error(`${flag} needs a port number`);
    process.exit(2);
  }
  return v;
};

const judge = await startJudge({
  port: numberAfter('--port') ?? 0,
  storagePort: numberAfter('--storage-port') ?? 0,
  rateLimits: !args.includes('--no-rate-limit'),
});
console.log(judge.url);
console.log(`storage: ${judge.storageUrl}`);
const stop = (): void => void judge.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

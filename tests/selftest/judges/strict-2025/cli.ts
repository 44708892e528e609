// Usage: node --import ./bin/typescript-loader.js tests/selftest/judges/strict-2025/cli.ts [--port N] [--storage-port N] [--host H] [--no-rate-limit]
import { type JudgeOptions, startJudge } from './index.ts';

function parseArgs(argv: string[]): JudgeOptions {
  const options: JudgeOptions = {};
  const number = (flag: string, value: string | undefined): number => {
    if (value === undefined || !/^\d{1,5}$/.test(value) || Number(value) > 65535)
      throw new Error(`${flag} needs a port number`);
    return Number(value);
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--port') options.port = number(arg, argv[++i]);
    else if (arg === '--storage-port') options.storagePort = number(arg, argv[++i]);
    else if (arg === '--host') options.host = argv[++i] ?? '127.0.0.1';
    else if (arg === '--no-rate-limit') options.rateLimits = false;
    else throw new Error(`unknown argument: ${arg}`);
  }
  return options;
}

try {
  const judge = await startJudge(parseArgs(process.argv.slice(2)));
  console.log(judge.url);
  console.error(`[judge] API ${judge.url}/v1 · storage ${judge.storageUrl} · api keys judge-key-a, judge-key-b`);
  const stop = (): void => {
    void judge.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}

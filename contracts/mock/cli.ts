// `npm run mock` (contracts/mock/cli.ts) and `agents-api-suite mock`: listens, prints, and stops
// cleanly on SIGINT or SIGTERM. All behaviour lives in build(); this file only adds the socket.
import type { AddressInfo } from 'node:net';
import { runWhenStarted } from '../lib/cli-entry.ts';
import { createMockServer } from './build.ts';
import { CliUsageError, readCli, usage } from './cli-args.ts';
import { bannerLines, urlLine } from './cli-banner.ts';
import { MockConfigError } from './config/mock-config.ts';
import { LatencyOptionsError } from './limits/latency.ts';
import { type ResolvedOptions, resolveOptions } from './options.ts';

function usageFailure(message: string): number {
  process.stderr.write(`mock: ${message}\nRun with --help for the flags.\n`);
  return 2;
}

/**
 * Runs the mock until SIGINT or SIGTERM; resolves to the exit status once it has stopped. Bad flags
 * or config resolve to 2 at once; a port in use to 1.
 */
export async function main(argv: string[]): Promise<number> {
  let settings: ReturnType<typeof readCli>;
  let resolved: ResolvedOptions;
  try {
    settings = readCli(argv);
    if (settings.help) {
      process.stdout.write(`${usage()}\n`);
      return 0;
    }
    resolved = resolveOptions(settings.options);
  } catch (error) {
    if (
      error instanceof CliUsageError ||
      error instanceof MockConfigError ||
      error instanceof LatencyOptionsError ||
      error instanceof RangeError
    ) {
      return usageFailure(error.message);
    }
    throw error;
  }
  const server = createMockServer(resolved);
  const { host, port, quiet } = settings;
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const hint =
      code === 'EADDRINUSE'
        ? `Port ${port} on ${host} is in use. Stop the other process, or pass --port N (or MOCK_PORT=N).`
        : `Cannot listen on ${host}:${port} (${code ?? String(error)}). Check --host and --port.`;
    process.stderr.write(`mock: ${hint}\n`);
    return 1;
  }
  // The handlers go in before the URL is printed: whoever waits for that line may signal at once.
  const stopped = new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      // Keep-alive sockets would hold close() open; in-flight answers are cut, which is what a stop means.
      server.close(() => resolve());
      server.closeAllConnections();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  process.stdout.write(`${urlLine(`http://${shownHost}:${address.port}`)}\n`);
  if (!quiet) process.stdout.write(`${bannerLines(resolved).join('\n')}\n`);
  await stopped;
  if (!quiet) process.stdout.write('Mock stopped.\n');
  return 0;
}

// An unexpected failure of the mock is a fault of the mock: its stack trace says where.
runWhenStarted(
  import.meta.url,
  main,
  (error) => `mock: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
);

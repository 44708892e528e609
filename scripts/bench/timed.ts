// Timing a command as a user runs it, and a fixed piece of CPU work that shows how busy the
// machine was while the figures were taken (the same work takes longer on a busy machine).
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpus, loadavg } from 'node:os';

/** How a timed command ended. */
export interface Timed {
  seconds: number;
  exitCode: number;
}

/** Runs a command (its output discarded, its errors shown) and times it. */
export function timed(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<Timed> {
  const started = performance.now();
  const child = spawn(command, args, { env, stdio: ['ignore', 'ignore', 'inherit'] });
  return new Promise((resolve) =>
    child.on('close', (code, signal) =>
      resolve({ seconds: (performance.now() - started) / 1000, exitCode: code ?? (signal ? 1 : 0) }),
    ),
  );
}

const CPU_WORK_BYTES = 1024 * 1024 * 1024;

/** Seconds for a fixed CPU task on one core: SHA-256 of 1 GiB. */
export function cpuWorkSeconds(): number {
  const chunk = Buffer.alloc(16 * 1024 * 1024, 7);
  const started = performance.now();
  const hash = createHash('sha256');
  for (let done = 0; done < CPU_WORK_BYTES; done += chunk.length) hash.update(chunk);
  hash.digest();
  return (performance.now() - started) / 1000;
}

/** The machine's cores and its load averages (1, 5 and 15 minutes), as one phrase. */
export function machine(): string {
  return `${cpus().length} cores, load ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`;
}

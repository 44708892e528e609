// At most two nested Playwright runs at a time on this machine, whatever the outer worker count:
// each run holds one of two lock directories (mkdir is atomic) for as long as it runs.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** How many nested runs may run at once. */
export const maxNestedRuns = 2;

const slotDir = (index: number) => join(tmpdir(), `agents-api-suite-selftest-slot-${index}`);

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function tryTake(index: number): boolean {
  const dir = slotDir(index);
  try {
    mkdirSync(dir);
  } catch {
    // Held: take it over only when its holder is gone (a killed run leaves its lock behind).
    let holder = Number.NaN;
    try {
      holder = Number(readFileSync(join(dir, 'pid'), 'utf8'));
    } catch {
      return false; // Being created right now.
    }
    if (!Number.isInteger(holder) || alive(holder)) return false;
    rmSync(dir, { recursive: true, force: true });
    return tryTake(index);
  }
  writeFileSync(join(dir, 'pid'), String(process.pid));
  return true;
}

/** Runs `work` while holding a slot; waits (polling) until one is free. */
export async function withRunSlot<T>(work: () => Promise<T>): Promise<T> {
  let index = -1;
  while (index < 0) {
    for (let i = 0; i < maxNestedRuns && index < 0; i++) if (tryTake(i)) index = i;
    if (index < 0) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  try {
    return await work();
  } finally {
    rmSync(slotDir(index), { recursive: true, force: true });
  }
}

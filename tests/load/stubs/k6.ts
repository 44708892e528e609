// Stub of the `k6` module: check() records each named check (and the `checks` rate), sleep()
// advances the virtual clock instead of waiting.
import { emit, k6stub } from './state.ts';

export function check<T>(
  value: T,
  sets: Record<string, (value: T) => boolean>,
  tags: Record<string, string> = {},
): boolean {
  let all = true;
  for (const [name, fn] of Object.entries(sets)) {
    const ok = Boolean(fn(value));
    all = all && ok;
    k6stub.checks.push({ name, ok, tags: { scenario: k6stub.scenario, ...tags } });
    emit('checks', ok ? 1 : 0, { check: name, ...tags });
  }
  return all;
}

export function sleep(seconds: number): void {
  k6stub.clock += seconds * 1000;
}

export function group<T>(_name: string, fn: () => T): T {
  return fn();
}

export function fail(message?: string): never {
  throw new Error(message ?? 'fail()');
}

export default { check, sleep, group, fail };

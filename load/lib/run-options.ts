// k6 runs a script's `options` as they were when the test was built. From a k6 archive (k6-operator,
// `k6 run latency.tar`) that is archive time: the settings that shape scenarios (LATENCY_RPM,
// LATENCY_DURATION, ...) are then ignored if given only to the runner, while the script's own code
// reads them anew. setup() compares what k6 runs with what this environment asks for, so that the
// difference stops the test instead of being silently ignored.
import exec from 'k6/execution';
import type { Options } from 'k6/options';
import { parseDuration } from './env.ts';
import { failSetup } from './setup-failure.ts';

type ScenarioFields = { [field: string]: unknown };

// The fields the settings shape. Durations are compared in seconds: k6 reports them Go-style ("2m0s").
const NUMBERS = ['rate', 'preAllocatedVUs', 'maxVUs', 'vus', 'iterations', 'startRate'];
const DURATIONS = ['duration', 'startTime', 'timeUnit', 'maxDuration'];

function differences(name: string, wanted: ScenarioFields, running: ScenarioFields): string[] {
  const out: string[] = [];
  for (const field of NUMBERS) {
    if (
      wanted[field] !== undefined &&
      running[field] !== undefined &&
      Number(wanted[field]) !== Number(running[field])
    ) {
      out.push(`${name}.${field} ${String(running[field])} (this environment asks for ${String(wanted[field])})`);
    }
  }
  for (const field of DURATIONS) {
    if (wanted[field] === undefined || running[field] === undefined) continue;
    if (parseDuration(String(wanted[field])) !== parseDuration(String(running[field]))) {
      out.push(`${name}.${field} ${String(running[field])} (this environment asks for ${String(wanted[field])})`);
    }
  }
  return out;
}

/** Stops setup() when the scenarios k6 runs are not the ones this environment's settings give. */
export function assertRunOptions(own: Options): void {
  // exec.test.options is k6's consolidated options as JSON; absent in stand-ins that lack it.
  const running = (exec.test as { options?: { scenarios?: { [name: string]: ScenarioFields } } }).options?.scenarios;
  if (running === undefined) return;
  const found: string[] = [];
  for (const [name, wanted] of Object.entries(own.scenarios ?? {})) {
    const theirs = running[name];
    if (theirs === undefined) {
      found.push(
        `scenario ${name} is not run (--vus, --duration, --iterations or --stages replace the script's scenarios)`,
      );
      continue;
    }
    found.push(...differences(name, wanted as unknown as ScenarioFields, theirs));
  }
  if (found.length === 0) return;
  failSetup(
    `k6 runs other scenarios than this environment's settings give: ${found.join('; ')}. ` +
      'A k6 archive keeps the options of the moment it was made: pass the settings that shape the load to k6 archive with -e ' +
      '(k6 archive -e LATENCY_DURATION=5m ...), not to the runner, and change the load with its settings, not with --vus or --duration.',
  );
}

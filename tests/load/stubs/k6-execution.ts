// Stub of `k6/execution`: the current VU and scenario come from the stub state; test.abort() throws
// StubAbort and remembers the message, as k6 prints it and stops.
import { k6stub, StubAbort } from './state.ts';

export const vu = {
  get idInInstance(): number {
    return k6stub.vuId;
  },
  get idInTest(): number {
    return k6stub.vuId;
  },
  get iterationInInstance(): number {
    return k6stub.iteration;
  },
  get iterationInScenario(): number {
    return k6stub.iteration;
  },
  tags: {} as Record<string, string>,
  metrics: { tags: {} as Record<string, string>, metadata: {} as Record<string, string> },
};

export const scenario = {
  get name(): string {
    return k6stub.scenario;
  },
  executor: 'stub',
  startTime: 0,
  progress: 0,
  get iterationInInstance(): number {
    return k6stub.iteration;
  },
  get iterationInTest(): number {
    return k6stub.iteration;
  },
};

export const instance = {
  iterationsInterrupted: 0,
  iterationsCompleted: 0,
  vusActive: 1,
  vusInitialized: 1,
  currentTestRunDuration: 0,
};

export const test = {
  abort(message?: string): never {
    k6stub.aborted = message ?? '';
    throw new StubAbort(message ?? 'test aborted');
  },
  fail(message?: string): void {
    k6stub.logs.push(`test.fail: ${message ?? ''}`);
  },
  get options(): Record<string, unknown> {
    return k6stub.testOptions;
  },
};

export default { vu, scenario, instance, test };

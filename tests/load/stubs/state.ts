// The shared state of the k6 stubs. Scripts (loaded through the k6-like transform) and tests import
// the same module instance, so a test sets the server and the VU, runs a script function and then
// reads the requests, samples and checks the stubs recorded.

/** A request as the stubbed k6/http saw it. */
export interface StubRequest {
  method: string;
  url: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: string | null;
  tags: Record<string, string>;
  timeout: string | number | undefined;
  responseType: string | undefined;
  /** k6's per-request `redirects` param (how many redirects to follow). */
  redirects: number | undefined;
}

/** What a fake server answers; status 0 is a transport error. */
export interface StubReply {
  status: number;
  headers?: Record<string, string>;
  body?: string;
  waiting?: number;
  duration?: number;
  error?: string;
}

/** One metric sample, as k6 would emit it. */
export interface Sample {
  metric: string;
  value: number;
  tags: Record<string, string>;
  time: number;
}

/** One evaluated check. */
export interface CheckRecord {
  name: string;
  ok: boolean;
  tags: Record<string, string>;
}

/** The phase k6 would be in: metrics may only be declared in init. */
export type Phase = 'idle' | 'init' | 'setup' | 'vu' | 'teardown' | 'summary';

/** Thrown by exec.test.abort(). */
export class StubAbort extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StubAbort';
  }
}

/** Everything the stubs record and read. */
export interface StubState {
  phase: Phase;
  scenario: string;
  vuId: number;
  iteration: number;
  /** Virtual time in ms; sleep() and requests advance it. */
  clock: number;
  server: (request: StubRequest) => StubReply;
  responseCallback: ((status: number) => boolean) | null;
  metricTypes: Map<string, 'counter' | 'gauge' | 'rate' | 'trend'>;
  requests: StubRequest[];
  batches: number[];
  samples: Sample[];
  checks: CheckRecord[];
  logs: string[];
  /** What exec.test.options returns: k6's consolidated options (an archive's, when set by a test). */
  testOptions: Record<string, unknown>;
  aborted: string | null;
}

function fresh(): StubState {
  return {
    phase: 'idle',
    scenario: 'default',
    vuId: 1,
    iteration: 0,
    clock: Date.UTC(2025, 0, 15, 10, 0, 0),
    server: () => ({ status: 0, error: 'no fake server set' }),
    responseCallback: null,
    metricTypes: new Map([
      ['http_reqs', 'counter'],
      ['http_req_duration', 'trend'],
      ['http_req_waiting', 'trend'],
      ['http_req_failed', 'rate'],
      ['checks', 'rate'],
      ['dropped_iterations', 'counter'],
    ]),
    requests: [],
    batches: [],
    samples: [],
    checks: [],
    logs: [],
    aborted: null,
    testOptions: {},
  };
}

/** The one state object of this worker. */
export const k6stub: StubState = fresh();

/** Back to a clean state before a script is loaded. */
export function resetStub(): void {
  Object.assign(k6stub, fresh());
}

/** Adds a sample with the scenario tag k6 adds to everything. */
export function emit(metric: string, value: number, tags: Record<string, string> = {}): void {
  k6stub.samples.push({ metric, value, tags: { scenario: k6stub.scenario, ...tags }, time: k6stub.clock });
}

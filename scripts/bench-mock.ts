// npm run bench:mock: how fast and how lean the mock is, next to a bare node:http server that
// answers the same JSON, with autocannon (from npm) as the load generator. It prints figures
// and the targets of issue 3; it asserts nothing (figures vary by machine, tests must not).
//
//   throughput  POST /run, latency model and limits off, vs the bare server (target ratio >= 0.8)
//   latency     p99 of POST /run at 1,000 requests per second (target < 5 ms)
//   memory      resident memory after 1,000,000 requests vs at start (target: within 100 MB)
//
// Every run needs a thread that ends on a user message (a run stores its answer, and the next
// run on that thread is refused with incorrect_stack_ending), so each run gets a thread made
// beforehand and only the runs are timed; the memory phase makes its own threads (create,
// message, run) as a load run does. CPU time per request comes from /proc, so this is for Linux.
// Flags: --runs N (default 50000), --memory-requests N (default 1000000), --connections N (default 16).
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { runWhenStarted } from '../contracts/lib/cli-entry.ts';
import { commandLineOrStatus } from '../contracts/lib/command-line.ts';
import { TYPESCRIPT_NODE } from '../contracts/lib/typescript-node.ts';

/** The part of autocannon's API this script uses (the package ships no types). */
interface AutocannonRequest {
  method?: string;
  path?: string;
  body?: string;
  headers?: Record<string, string>;
  setupRequest?: (req: AutocannonRequest, context: Record<string, unknown>) => AutocannonRequest;
  onResponse?: (status: number, body: string, context: Record<string, unknown>) => void;
}
interface AutocannonResult {
  requests: { total: number };
  duration: number;
  non2xx: number;
  errors: number;
}
interface AutocannonInstance {
  on(event: 'response', listener: (client: unknown, status: number, bytes: number, ms: number) => void): void;
}
type Autocannon = (
  opts: Record<string, unknown>,
  cb: (err: Error | null, result: AutocannonResult) => void,
) => AutocannonInstance;

// autocannon loads when the first load starts, so that --help and a typo answer at once.
const requireHere = createRequire(import.meta.url);
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const KEY = 'mock-api-key';
const HEADERS = { 'api-key': KEY, 'content-type': 'application/json' };
const ASSISTANT =
  (
    JSON.parse(readFileSync(new URL('../contracts/mock/config/default.json', import.meta.url), 'utf8')) as {
      tenants: Array<{ assistants: Array<{ id: string }> }>;
    }
  ).tenants[0]?.assistants[0]?.id ?? '';

const DEFAULTS = { runs: '50000', 'memory-requests': '1000000', connections: '16' };
const HELP = `npm run bench:mock [-- flags]

How fast and how lean the mock is, next to a bare node:http server (autocannon): throughput of
POST /run, p99 at 1,000 requests per second, memory after many requests. Prints figures and
their targets; asserts nothing. Linux only (CPU time from /proc).

  --runs N              timed runs (default: ${DEFAULTS.runs}; at least twice --connections)
  --memory-requests N   requests of the memory phase (default: ${DEFAULTS['memory-requests']})
  --connections N       autocannon connections (default: ${DEFAULTS.connections})
  --help                this help`;

/** What the command line asked for. */
interface Settings {
  runs: number;
  memoryRequests: number;
  connections: number;
}

/** A usage mistake: said without a stack trace; main returns the 2. */
function refuse(message: string): number {
  process.stderr.write(`bench:mock: ${message}\nRun \`npm run bench:mock -- --help\` for usage.\n`);
  return 2;
}
// Threads made and run at a time: half the default cap, so none is forgotten before its run.
const CHUNK = 5_000;
// 1,000 runs to warm up, 9,000 measured (9 s at 1,000/s).
const LATENCY_RUNS = 10_000;

// The bare server: reads the body, answers a fixed JSON, nothing else.
const BARE_SERVER = `
import { createServer } from 'node:http';
const body = process.env.BENCH_BODY;
const server = createServer({ keepAliveTimeout: 65000 }, (req, res) => {
  req.on('data', () => {});
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
});
server.listen(0, '127.0.0.1', () => console.log('Bare server listening on http://127.0.0.1:' + server.address().port));
process.on('SIGTERM', () => { server.close(); server.closeAllConnections(); });
`;

interface Child {
  url: string;
  process: ChildProcess;
}

/** Starts a server process and waits for the URL it prints. */
function startServer(args: string[], env: Record<string, string> = {}): Promise<Child> {
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const url = /(http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
      if (url) resolve({ url, process: child });
    });
    child.once('exit', (code) =>
      reject(new Error(`Expected the server (${args.join(' ')}) to print its URL. It exited with ${code}: ${out}`)),
    );
  });
}

function stop(child: Child): Promise<void> {
  return new Promise((resolve) => {
    child.process.removeAllListeners('exit');
    child.process.once('exit', () => resolve());
    child.process.kill('SIGTERM');
  });
}

/** Resident memory of a process in MB, from /proc (Linux). */
function rssMb(pid: number | undefined, field: 'VmRSS' | 'VmHWM' = 'VmRSS'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1]);
  return kb / 1024;
}

/** CPU time of a process (all its threads) in ms, from /proc (Linux); clock ticks of 10 ms. */
function cpuMs(pid: number | undefined): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

function load(
  url: string,
  connections: number,
  opts: Record<string, unknown>,
  onLatency?: (ms: number) => void,
): Promise<AutocannonResult> {
  const autocannon = requireHere('autocannon') as Autocannon;
  return new Promise((resolve, reject) => {
    const instance = autocannon({ url, connections, headers: HEADERS, ...opts }, (err, result) =>
      err ? reject(err) : resolve(result),
    );
    if (onLatency) instance.on('response', (_client, status, _bytes, ms) => status === 200 && onLatency(ms));
  });
}

/** Makes `count` threads that each end on a user message, using autocannon (`most` connections) for speed. */
async function makeThreads(url: string, count: number, most: number): Promise<string[]> {
  const ids: string[] = [];
  const connections = Math.min(most, count);
  // autocannon stops mid-sequence on some connections; ask for one spare thread per connection.
  await load(url, connections, {
    amount: (count + connections) * 2,
    requests: [
      {
        method: 'POST',
        path: '/v1/threads',
        body: JSON.stringify({ assistant_id: ASSISTANT }),
        onResponse: (_s, body, ctx) => (ctx.id = (JSON.parse(body) as { id: string }).id),
      },
      {
        method: 'POST',
        body: JSON.stringify({ role: 'user', content: 'Wie lang ist die Kündigungsfrist in der Probezeit?' }),
        setupRequest: (req, ctx) => ({ ...req, path: `/v1/threads/${String(ctx.id)}/messages` }),
        onResponse: (status, _b, ctx) => void (status === 201 && ids.push(String(ctx.id))),
      },
    ] satisfies AutocannonRequest[],
  });
  return ids.slice(0, count);
}

/** POST /run once on each thread. */
function runEach(
  url: string,
  ids: string[],
  connections: number,
  opts: Record<string, unknown> = {},
  onLatency?: (ms: number) => void,
): Promise<AutocannonResult> {
  let next = 0;
  const request: AutocannonRequest = {
    method: 'POST',
    body: '{}',
    setupRequest: (req) => ({ ...req, path: `/v1/threads/${ids[next++ % ids.length] ?? ''}/run` }),
  };
  return load(url, connections, { amount: ids.length, requests: [request], ...opts }, onLatency);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

const fmt = (n: number, digits = 0): string =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const mark = (ok: boolean): string => (ok ? 'meets target' : 'MISSES target');

/** Runs `ids` through a server and returns requests per second by the wall clock. */
async function rate(url: string, ids: string[], connections: number): Promise<number> {
  // Timed to the last response: autocannon reports the end of a run on its one-second tick.
  let last = 0;
  const started = performance.now();
  const result = await runEach(url, ids, connections, {}, () => (last = performance.now()));
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`Expected only 200s from ${url}. Got ${result.non2xx} other statuses and ${result.errors} errors.`);
  return ids.length / ((last - started) / 1000);
}

async function throughput({ runs, connections }: Settings): Promise<void> {
  const warmup = Math.min(5_000, runs);
  // The mock as `npm run mock` starts it (default cap of 10,000 threads), so threads are made in
  // chunks that fit, and only the runs are timed.
  const mock = await startServer([
    ...TYPESCRIPT_NODE,
    'contracts/mock/cli.ts',
    '--port',
    '0',
    '--no-rate-limit',
    '--quiet',
  ]);
  try {
    const [sampleId] = await makeThreads(mock.url, 1, connections);
    const sample = await fetch(`${mock.url}/v1/threads/${sampleId}/run`, {
      method: 'POST',
      headers: HEADERS,
      body: '{}',
    }).then((r) => r.text());
    const bare = await startServer(['--input-type=module', '-e', BARE_SERVER], { BENCH_BODY: sample });
    try {
      const warm = await makeThreads(mock.url, warmup, connections);
      await rate(bare.url, warm, connections);
      await rate(mock.url, warm, connections);
      process.stdout.write(
        `Measuring ${fmt(runs)} runs on each server, ${connections} connections, in chunks of ${fmt(CHUNK)} threads...\n`,
      );
      let [bareSeconds, mockSeconds, bareCpu, mockCpu, done] = [0, 0, 0, 0, 0];
      for (let chunk = 0; done < runs; chunk += 1) {
        const ids = await makeThreads(mock.url, Math.min(CHUNK, runs - done), connections);
        // Alternating which goes first, so that a burst of other work on the machine weighs on both alike.
        const order = chunk % 2 === 0 ? [bare.url, mock.url] : [mock.url, bare.url];
        for (const url of order) {
          const pid = url === bare.url ? bare.process.pid : mock.process.pid;
          const cpuBefore = cpuMs(pid);
          const seconds = ids.length / (await rate(url, ids, connections));
          if (url === bare.url) [bareSeconds, bareCpu] = [bareSeconds + seconds, bareCpu + cpuMs(pid) - cpuBefore];
          else [mockSeconds, mockCpu] = [mockSeconds + seconds, mockCpu + cpuMs(pid) - cpuBefore];
        }
        done += ids.length;
      }
      const [bareRps, mockRps] = [runs / bareSeconds, runs / mockSeconds];
      process.stdout.write(`\nPOST /v1/threads/{id}/run, latency model and rate limits off\n`);
      const perRequest = (ms: number) => `${fmt((ms * 1000) / runs)} µs CPU a request`;
      process.stdout.write(`  bare node:http server   ${fmt(bareRps)} requests/s   (${perRequest(bareCpu)})\n`);
      process.stdout.write(`  mock                    ${fmt(mockRps)} requests/s   (${perRequest(mockCpu)})\n`);
      process.stdout.write(
        `  ratio                   ${fmt(mockRps / bareRps, 2)}   (target >= 0.80: ${mark(mockRps / bareRps >= 0.8)})\n`,
      );
    } finally {
      await stop(bare);
    }
  } finally {
    await stop(mock);
  }
}

/** p50, p99 and max of POST /run at 1,000 requests per second on one server. */
async function paced(
  url: string,
  ids: string[],
  connections: number,
): Promise<{ p50: number; p99: number; max: number }> {
  const latencies: number[] = [];
  await runEach(url, ids, connections, { overallRate: 1000 }, (ms) => latencies.push(ms));
  latencies.sort((a, b) => a - b);
  return { p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: latencies.at(-1) ?? Number.NaN };
}

async function latency({ connections }: Settings): Promise<void> {
  const mock = await startServer([
    ...TYPESCRIPT_NODE,
    'contracts/mock/cli.ts',
    '--port',
    '0',
    '--no-rate-limit',
    '--quiet',
    '--max-threads',
    String(2 * LATENCY_RUNS + 1000),
  ]);
  try {
    const ids = await makeThreads(mock.url, 2 * LATENCY_RUNS, connections);
    const sample = await fetch(`${mock.url}/v1/threads/${ids[0]}/run`, {
      method: 'POST',
      headers: HEADERS,
      body: '{}',
    }).then((r) => r.text());
    const bare = await startServer(['--input-type=module', '-e', BARE_SERVER], { BENCH_BODY: sample });
    try {
      await paced(bare.url, ids.slice(1, 1_000), 10);
      await paced(mock.url, ids.slice(1, 1_000), 10);
      // autocannon paces by a quota per connection and second, sent back to back: with 10
      // connections (its default) requests arrive 10 at a time, so the figure includes their
      // queueing; with 1 connection it is the latency of one request at a time.
      process.stdout.write(
        `\nMeasuring POST /run at 1,000 requests per second (${fmt(LATENCY_RUNS - 1_000)} runs a line)...\n`,
      );
      let headline = Number.NaN;
      for (const [connections, slice] of [
        [10, ids.slice(1_000, LATENCY_RUNS)],
        [1, ids.slice(LATENCY_RUNS + 1_000)],
      ] as const) {
        for (const [name, url] of [
          ['bare node:http server', bare.url],
          ['mock', mock.url],
        ] as const) {
          const r = await paced(url, slice, connections);
          if (name === 'mock' && connections === 10) headline = r.p99;
          process.stdout.write(
            `  ${name.padEnd(22)} ${String(connections).padStart(2)} connection(s): p50 ${fmt(r.p50, 2)} ms, p99 ${fmt(r.p99, 2)} ms, max ${fmt(r.max, 2)} ms\n`,
          );
        }
      }
      process.stdout.write(
        `  mock p99 with 10 connections ${fmt(headline, 2)} ms   (target < 5 ms: ${mark(headline < 5)})\n`,
      );
    } finally {
      await stop(bare);
    }
  } finally {
    await stop(mock);
  }
}

async function memory({ memoryRequests, connections }: Settings): Promise<void> {
  const mock = await startServer([
    ...TYPESCRIPT_NODE,
    'contracts/mock/cli.ts',
    '--port',
    '0',
    '--no-rate-limit',
    '--quiet',
  ]);
  try {
    await new Promise((r) => setTimeout(r, 500));
    const start = rssMb(mock.process.pid);
    process.stdout.write(
      `\nSending ${fmt(memoryRequests)} requests (create thread, add message, run; default thread cap)...\n`,
    );
    const result = await load(mock.url, Math.min(connections, memoryRequests), {
      amount: memoryRequests,
      requests: [
        {
          method: 'POST',
          path: '/v1/threads',
          body: JSON.stringify({ assistant_id: ASSISTANT }),
          onResponse: (_s, body, ctx) => (ctx.id = (JSON.parse(body) as { id: string }).id),
        },
        {
          method: 'POST',
          body: JSON.stringify({ role: 'user', content: 'Wie viele Urlaubstage stehen mir zu?' }),
          setupRequest: (req, ctx) => ({ ...req, path: `/v1/threads/${String(ctx.id)}/messages` }),
        },
        {
          method: 'POST',
          body: '{}',
          setupRequest: (req, ctx) => ({ ...req, path: `/v1/threads/${String(ctx.id)}/run` }),
        },
      ] satisfies AutocannonRequest[],
    });
    const after = rssMb(mock.process.pid);
    const peak = rssMb(mock.process.pid, 'VmHWM');
    process.stdout.write(`Resident memory of the mock\n`);
    process.stdout.write(
      `  at start ${fmt(start, 1)} MB, after ${fmt(result.requests.total)} requests ${fmt(after, 1)} MB (peak ${fmt(peak, 1)} MB)\n`,
    );
    process.stdout.write(
      `  growth ${fmt(after - start, 1)} MB   (target within 100 MB: ${mark(after - start <= 100)}); ${fmt(result.requests.total / result.duration)} requests/s, ${result.non2xx} non-2xx, ${result.errors} errors\n`,
    );
  } finally {
    await stop(mock);
  }
}

// Other work on the machine moves every figure; the load average tells the reader how much.
const load1 = (): string => fmt(loadavg()[0] ?? 0, 2);

/** Runs the benchmark; resolves to its exit status (2 on a usage mistake; figures never fail it). */
export async function main(argv: string[]): Promise<number> {
  const line = commandLineOrStatus(
    argv,
    { runs: { type: 'string' }, 'memory-requests': { type: 'string' }, connections: { type: 'string' } },
    { name: 'bench:mock', help: HELP },
  );
  if (typeof line === 'number') return line;
  const { values } = line;
  const settings: Settings = {
    runs: Number(values.runs ?? DEFAULTS.runs),
    memoryRequests: Number(values['memory-requests'] ?? DEFAULTS['memory-requests']),
    connections: Number(values.connections ?? DEFAULTS.connections),
  };
  const given = { runs: settings.runs, 'memory-requests': settings.memoryRequests, connections: settings.connections };
  for (const [name, n] of Object.entries(given)) {
    if (!Number.isInteger(n) || n < 1)
      return refuse(
        `Expected --${name} to be a whole number, 1 or more. Got "${values[name as keyof typeof values]}".`,
      );
  }
  if (settings.runs < 2 * settings.connections)
    return refuse(
      `Expected --runs to be at least twice --connections (${2 * settings.connections}). Got ${settings.runs}.`,
    );
  process.stdout.write(
    `bench:mock on ${process.platform}/${process.arch}, Node ${process.version}, load generator autocannon; load average ${load1()}\n`,
  );
  await throughput(settings);
  await latency(settings);
  await memory(settings);
  process.stdout.write(
    `\nLoad average at the end: ${load1()} (figures are only comparable on an otherwise idle machine)\n`,
  );
  return 0;
}

runWhenStarted(import.meta.url, main);

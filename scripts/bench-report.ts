// npm run bench:report [-- --lines 1000000 --keep]
// Generates a k6 `--out json` file of a simulated rate-limit run (one million lines by default),
// then times `npm run load:report` on it against jq doing a simple aggregation of the same file
// (429s and 200s counted by status), and prints throughput and peak memory of both. Targets: the
// report is faster than jq and stays under 200 MB. Exits 1 when a target is missed.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runWhenStarted } from '../contracts/lib/cli-entry.ts';
import { commandLineOrStatus } from '../contracts/lib/command-line.ts';
import { TYPESCRIPT_NODE } from '../contracts/lib/typescript-node.ts';
import { syntheticK6Output } from '../load/report/synthetic-run.ts';

const ROOT = resolve(import.meta.dirname, '..');
const MEMORY_TARGET_MB = 200;
const DEFAULT_LINES = 1_000_000;
const JQ_FILTER =
  'reduce (inputs | select(.type == "Point" and .metric == "http_req_duration")) as $p ({}; .[$p.data.tags.status] += 1)';

interface Measured {
  seconds: number;
  peakKb: number | null;
  stdout: string;
  code: number | null;
}

async function generate(path: string, lines: number): Promise<void> {
  const out = createWriteStream(path);
  let batch: string[] = [];
  let written = 0;
  const source = syntheticK6Output({
    limits: { perSecond: 15, perMinute: 60 },
    phases: [
      { scenario: 'burst', from: 0, to: 1, rate: [0, 0], burst: 20 },
      { scenario: 'ramp', from: 5, to: 35, rate: [1, 30] },
      { scenario: 'sustained', from: 40, to: 160, rate: [30, 30] },
    ],
    minLines: lines,
  });
  for (const line of source) {
    batch.push(line);
    written += 1;
    if (batch.length === 4096 || written === lines) {
      if (!out.write(`${batch.join('\n')}\n`)) await once(out, 'drain');
      batch = [];
    }
    if (written === lines) break;
  }
  out.end();
  await once(out, 'finish');
}

// The high-water mark of resident memory, read from /proc while the process runs (Linux).
function peakOf(pid: number): number | null {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match === null ? null : Number(match[1]);
  } catch {
    return null;
  }
}

async function measure(command: string, args: string[]): Promise<Measured> {
  const started = process.hrtime.bigint();
  const child = spawn(command, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  let peakKb: number | null = null;
  const poll = setInterval(() => {
    const now = child.pid === undefined ? null : peakOf(child.pid);
    if (now !== null) peakKb = Math.max(peakKb ?? 0, now);
  }, 5);
  const [code] = (await once(child, 'exit')) as [number | null];
  clearInterval(poll);
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, peakKb, stdout, code };
}

function row(name: string, lines: number, megabytes: number, run: Measured): string {
  const peak = run.peakKb === null ? 'n/a' : `${Math.round(run.peakKb / 1024)} MB`;
  return [
    name.padEnd(26),
    `${run.seconds.toFixed(2)} s`.padStart(9),
    `${Math.round(lines / run.seconds).toLocaleString('en-US')} lines/s`.padStart(18),
    `${(megabytes / run.seconds).toFixed(1)} MB/s`.padStart(12),
    peak.padStart(10),
  ].join('  ');
}

/** Runs the benchmark; resolves to its exit status (1: a target missed, 2: a usage mistake or no jq). */
export async function main(argv: string[]): Promise<number> {
  const line = commandLineOrStatus(
    argv,
    { lines: { type: 'string' }, keep: { type: 'boolean' } },
    {
      name: 'bench:report',
      help: `npm run bench:report [-- flags]

Writes a simulated k6 rate-limit run and times npm run load:report on it next to jq doing a simple
aggregation of the same file; prints throughput and peak memory of both, with the targets.

  --lines N    lines of the simulated k6 output (default: ${DEFAULT_LINES})
  --keep       keep the generated file and print its folder
  --help       this help`,
    },
  );
  if (typeof line === 'number') return line;
  const { values } = line;
  const lines = Number(values.lines ?? DEFAULT_LINES);
  if (!Number.isInteger(lines) || lines < 1) {
    console.error(`bench:report: Expected --lines to be a whole number, 1 or more. Got "${values.lines}".`);
    return 2;
  }
  const jq = ['/usr/bin/jq', '/usr/local/bin/jq'].find((path) => existsSync(path));
  if (jq === undefined) {
    console.error('jq is not installed; install it with `sudo apt-get install jq` (Debian/Ubuntu) and run again.');
    return 2;
  }
  const dir = mkdtempSync(join(tmpdir(), 'bench-report-'));
  const file = join(dir, 'k6-rate-limit.ndjson');
  try {
    const generatedAt = process.hrtime.bigint();
    await generate(file, lines);
    const megabytes = statSync(file).size / 1e6;
    console.log(
      `k6 NDJSON: ${lines.toLocaleString('en-US')} lines, ${megabytes.toFixed(1)} MB ` +
        `(generated in ${(Number(process.hrtime.bigint() - generatedAt) / 1e9).toFixed(1)} s: ${file})`,
    );

    const report = await measure(process.execPath, [
      ...TYPESCRIPT_NODE,
      join('scripts', 'load-report.ts'),
      file,
      '--out-dir',
      join(dir, 'report'),
      '--stats',
    ]);
    if (report.code !== 0) throw new Error(`load:report exited with ${report.code}:\n${report.stdout}`);
    const stats = JSON.parse(report.stdout.trim().split('\n').pop() ?? '{}') as {
      stats?: { lines: number; seconds: number; maxRssKb: number };
    };
    report.peakKb = Math.max(report.peakKb ?? 0, stats.stats?.maxRssKb ?? 0);
    const query = await measure(jq, ['-n', '-c', JQ_FILTER, file]);
    if (query.code !== 0) throw new Error(`jq exited with ${query.code}`);

    console.log('');
    console.log(
      `${'tool'.padEnd(26)}  ${'time'.padStart(9)}  ${'throughput'.padStart(18)}  ${'bytes'.padStart(12)}  ${'peak RSS'.padStart(10)}`,
    );
    console.log(row('npm run load:report', lines, megabytes, report));
    console.log(row('jq (count by status)', lines, megabytes, query));
    console.log('');
    console.log(`report: ${report.stdout.split('\n')[0] ?? ''}`);
    console.log(
      `report, in-process: ${stats.stats?.seconds.toFixed(2) ?? 'n/a'} s of ${report.seconds.toFixed(2)} s (the rest is starting Node)`,
    );
    console.log(`jq: ${query.stdout.trim()}`);

    const faster = report.seconds < query.seconds;
    const lean = report.peakKb !== null && report.peakKb / 1024 < MEMORY_TARGET_MB;
    console.log('');
    console.log(
      `speed:  ${faster ? 'OK' : 'MISSED'}: load:report took ${(report.seconds / query.seconds).toFixed(2)}x the time of jq (target: below 1x)`,
    );
    console.log(
      `memory: ${lean ? 'OK' : 'MISSED'}: peak ${report.peakKb === null ? 'n/a' : Math.round(report.peakKb / 1024)} MB (target: under ${MEMORY_TARGET_MB} MB)`,
    );
    return faster && lean ? 0 : 1;
  } finally {
    if (values.keep) console.log(`kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

runWhenStarted(import.meta.url, main);

// Runs the contract suite in live mode as a new user would (`agents-api-suite contract --base-url`)
// against a reference server, and reads back what it reported.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { reportTexts } from '../unit/helpers/report-texts.ts';
import type { ReferenceServer } from './reference-server/index.ts';
import { withRunSlot } from './run-slots.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const CLI = join(ROOT, 'bin', 'agents-api-suite.js');

/** One named violation of contract-report.json (the fields the self-test reads). */
export interface ReportedViolation {
  check: string;
  title: string;
  operationId: string;
  status: number;
  pointer?: string;
  message: string;
  test: string;
}

/** One test case of the nested run's junit.xml. */
export interface NestedCase {
  title: string;
  outcome: 'passed' | 'failed' | 'skipped';
  failure: string;
}

/** The verdicts of the nested run's assumption ledger (assumptions.json), by id. */
export interface NestedLedger {
  summary: { confirmed: number; contradicted: number; notExercised: number };
  confirmed: string[];
  contradicted: string[];
}

/** What a nested run did and said. */
export interface NestedRun {
  exitCode: number | null;
  /** stdout and stderr, interleaved. */
  output: string;
  violations: ReportedViolation[];
  /** Contradicted assumptions the run did not hold the API to: reported, pending, not failing. */
  pending: ReportedViolation[];
  /** Absent when the run wrote no ledger. */
  ledger?: NestedLedger;
  /** The ledger as a person reads it (assumptions.md); empty when the run wrote none. */
  ledgerMarkdown: string;
  cases: NestedCase[];
  durationMs: number;
  /** The largest resident set of any process of the run, in KiB (with `peakMemory`). */
  peakRssKb?: number;
  /** The command, for a reader to reproduce it (the key as $API_KEY). */
  command: string;
  /** Where either key appeared: "output", or a report's path under REPORT_DIR (none, or the run leaks it). */
  keysSeen: string[];
}

/** `/usr/bin/time` (GNU time), which reports the largest resident set of a process tree it waited for. */
export const GNU_TIME = '/usr/bin/time';

/**
 * Spawns `node args` under GNU time when `peakFile` is given: its `%M` is the maximum resident
 * set of the child and of every descendant the child waited for (the Playwright runner and its
 * workers), in KiB.
 */
export function spawnNode(args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }, peakFile?: string) {
  const stdio: ['ignore', 'pipe', 'pipe'] = ['ignore', 'pipe', 'pipe'];
  return peakFile
    ? spawn(GNU_TIME, ['-f', '%M', '-o', peakFile, process.execPath, ...args], { ...options, stdio })
    : spawn(process.execPath, args, { ...options, stdio });
}

/** The KiB GNU time wrote, or undefined when it wrote nothing readable. */
export function readPeak(peakFile: string): number | undefined {
  try {
    const kb = Number(readFileSync(peakFile, 'utf8').trim().split('\n').pop());
    return Number.isFinite(kb) && kb > 0 ? kb : undefined;
  } catch {
    return undefined;
  }
}

// Variables of the outer run that must not leak into the nested one: its own Playwright worker
// markers, and every setting of the suite (the nested run gets exactly the ones below).
const outerOnly =
  /^(PLAYWRIGHT_TEST|TEST_WORKER_INDEX|TEST_PARALLEL_INDEX|FORCE_COLOR|DEBUG_COLORS|BASE_URL|API_KEY|API_KEY_OTHER_TENANT|ASSISTANT_ID|CONTRACT_STRICT|CONTRACT_TARGET_FAULTS|RUN_META_DATA|LIVE_MAX_RPS|LIVE_MAX_RPM|REPORT_DIR|MOCK_PORT|FUZZ_SEED|FUZZ_PATH|FUZZ_RUNS|FUZZ_MAX_RUN_CALLS|FUZZ_MAX_REQUESTS|FUZZ_MAX_SECONDS|FUZZ_EXAMPLES|FUZZ_EXPLORE|LIVE_REQUEST_TIMEOUT_MS|LIVE_BODY_TIMEOUT_MS|MAX_RESPONSE_BYTES|MAX_NDJSON_LINE_BYTES|MAX_STREAM_BYTES|RUN_MAX_SECONDS|OPENAPI_PATH|POLL_PAUSE_MS)$/;

/**
 * The environment of a nested run: the outer one without its Playwright markers and suite
 * settings (CI stays, so a nested run follows the same seed policy), plus `settings`.
 */
export function nestedEnv(settings: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !outerOnly.test(name)),
  );
  return Object.assign(env, settings);
}

function unescapeXml(text: string): string {
  return text.replace(
    /&(quot|apos|lt|gt|amp|#(\d+)|#x([0-9a-f]+));/gi,
    (_, name: string, dec?: string, hex?: string) => {
      if (dec) return String.fromCodePoint(Number(dec));
      if (hex) return String.fromCodePoint(Number.parseInt(hex, 16));
      return ({ quot: '"', apos: "'", lt: '<', gt: '>', amp: '&' } as Record<string, string>)[name.toLowerCase()] ?? '';
    },
  );
}

/** The test cases of a Playwright junit.xml: title, outcome and failure text. */
export function parseJunit(xml: string): NestedCase[] {
  return xml
    .split(/<testcase(?=\s)/)
    .slice(1)
    .map((chunk) => {
      const body = chunk.split('</testcase>')[0] ?? chunk;
      const title = unescapeXml(/\bname="([^"]*)"/.exec(body)?.[1] ?? '');
      // Playwright writes a failed expectation as <failure> and a thrown error as <error>.
      const failed = /<(failure|error)\b([^>]*?)(\/>|>([\s\S]*?)<\/\1>)/.exec(body);
      const outcome = failed ? 'failed' : /<skipped\b/.test(body) ? 'skipped' : 'passed';
      const text = failed
        ? `${unescapeXml(/message="([^"]*)"/.exec(failed[2] ?? '')?.[1] ?? '')}\n${(failed[4] ?? '').replace(/<!\[CDATA\[|\]\]>/g, '')}`
        : '';
      return { title, outcome, failure: text };
    });
}

/** A report's text, or '' when the run did not write it. */
function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

function readJson<T>(path: string, fallback: T): T {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch {
    return fallback;
  }
}

/**
 * Runs `agents-api-suite contract --base-url <server>` with the server's keys, Prefer fault
 * injection on (so @mock tests run too), pacing off, and reports in a temporary REPORT_DIR.
 */
export async function runContractSuite<Server extends Pick<ReferenceServer, 'url' | 'apiKey' | 'otherTenantApiKey'>>(
  /** Where the server is and its two tenants' keys (the reference server, a judge, a hostile one). */
  server: Server,
  options: {
    grep?: string;
    timeoutMs?: number;
    env?: Record<string, string>;
    peakMemory?: boolean;
    /** False for a server that does not honour `Prefer` (the independent judges): @mock tests are then skipped. */
    faults?: boolean;
    /** More arguments of the command (`--openapi-path PATH`). */
    args?: string[];
  } = {},
): Promise<NestedRun> {
  const faults = options.faults !== false;
  const args = [
    CLI,
    'contract',
    '--base-url',
    server.url,
    ...(options.args ?? []),
    ...(options.grep ? ['--grep', options.grep] : []),
  ];
  const extra = Object.entries(options.env ?? {})
    .map(([name, value]) => `${name}=${value} `)
    .join('');
  const command = `${extra}API_KEY=$API_KEY API_KEY_OTHER_TENANT=$API_KEY_OTHER_TENANT ${faults ? 'CONTRACT_TARGET_FAULTS=prefer ' : ''}node bin/agents-api-suite.js ${args
    .slice(1)
    .map((a) => JSON.stringify(a))
    .join(' ')}`;
  return withRunSlot(async () => {
    const reportDir = mkdtempSync(join(tmpdir(), 'agents-api-suite-selftest-'));
    const env = nestedEnv({
      API_KEY: server.apiKey,
      API_KEY_OTHER_TENANT: server.otherTenantApiKey,
      ...(faults ? { CONTRACT_TARGET_FAULTS: 'prefer' } : {}),
      REPORT_DIR: reportDir,
      LIVE_MAX_RPS: '1000',
      LIVE_MAX_RPM: '100000',
      ...options.env,
    });
    const started = Date.now();
    try {
      const peakFile = options.peakMemory ? join(reportDir, 'peak-rss') : undefined;
      const child = spawnNode(args, { cwd: ROOT, env }, peakFile);
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
      const timeoutMs = options.timeoutMs ?? 120_000;
      const timers = [
        setTimeout(() => child.kill('SIGTERM'), timeoutMs),
        setTimeout(() => child.kill('SIGKILL'), timeoutMs + 5_000),
      ];
      const exitCode = await new Promise<number | null>((done) => child.on('close', (code) => done(code)));
      for (const timer of timers) clearTimeout(timer);
      if (Date.now() - started >= timeoutMs)
        output += `\n[self-test] the nested run was stopped after ${timeoutMs} ms\n`;
      const report = readJson<{ violations?: ReportedViolation[]; assumptionsContradicted?: ReportedViolation[] }>(
        join(reportDir, 'contract-report.json'),
        {},
      );
      // No junit.xml: the run failed before its reporters ran; the output says why.
      const junit = readText(join(reportDir, 'junit.xml'));
      const ledger = readJson<{
        summary?: NestedLedger['summary'];
        assumptions?: Array<{ id: string; verdict: string }>;
      }>(join(reportDir, 'assumptions.json'), {});
      const ids = (verdict: string) => (ledger.assumptions ?? []).filter((a) => a.verdict === verdict).map((a) => a.id);
      const verdicts = ledger.summary
        ? { ledger: { summary: ledger.summary, confirmed: ids('confirmed'), contradicted: ids('contradicted') } }
        : {};
      const peak = peakFile ? readPeak(peakFile) : undefined;
      const keys = [server.apiKey, server.otherTenantApiKey];
      const leaks = (text: string) => keys.some((key) => text.includes(key));
      const keysSeen = [
        ...(leaks(output) ? ['output'] : []),
        ...[...reportTexts(reportDir)].filter(([, text]) => leaks(text)).map(([path]) => relative(reportDir, path)),
      ];
      return {
        exitCode,
        output,
        ...(peak === undefined ? {} : { peakRssKb: peak }),
        violations: report.violations ?? [],
        pending: report.assumptionsContradicted ?? [],
        ...verdicts,
        ledgerMarkdown: readText(join(reportDir, 'assumptions.md')),
        cases: parseJunit(junit),
        durationMs: Date.now() - started,
        command,
        keysSeen,
      };
    } finally {
      rmSync(reportDir, { recursive: true, force: true });
    }
  });
}

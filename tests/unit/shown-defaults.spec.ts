// Every default and figure the README, the guides in docs/ and the help texts show is the one the
// code uses, so that no text promises a limit, a pace or a cost the suite does not keep. Tables are
// read by their default column, prose by the sentence that states a figure; the help texts compute
// theirs and are held to the code here too. (The k6 scripts' table: tests/load/settings-doc.spec.ts.)
import { expect } from '@playwright/test';
import { contractHelp } from '../../contracts/cli/contract-command.ts';
import { runSettings } from '../../contracts/cli/run-settings.ts';
import { MAX_429_RETRIES } from '../../contracts/client/retry-after.ts';
import { runDeadlineMs } from '../../contracts/client/run-deadline.ts';
import { LIVE_PACING_DEFAULTS, POLL_PAUSE_DEFAULTS, targetFromEnv } from '../../contracts/client/target.ts';
import { LIMIT_SETTINGS, transportLimits } from '../../contracts/client/transport-limits.ts';
import { driftHelp } from '../../contracts/drift/cli.ts';
import { driftCost } from '../../contracts/drift/drift-cost.ts';
import { GENERATED_DEFAULTS } from '../../contracts/drift/generated-sequences.ts';
import { rateBudgets } from '../../contracts/generated/rate-budgets.js';
import { REPORT_DIR_DEFAULT } from '../../contracts/lib/report-dir.ts';
import { DEFAULT_LISTEN, usage as mockUsage } from '../../contracts/mock/cli-args.ts';
import { resolveOptions } from '../../contracts/mock/options.ts';
import { generatedSettings } from '../../contracts/stateful/settings.ts';
import { LOAD_DEFAULTS } from '../../load/lib/config.ts';
import { test } from '../support/base-test.ts';
import { defaultCell, GUIDES, guide, settingsIn, tableRows } from './helpers/shown-docs.ts';

const LIVE_ENV = { BASE_URL: 'https://api.example.org/agents', API_KEY: 'k', FUZZ_SEED: '1' };
const live = runSettings(LIVE_ENV);
const mock = runSettings({ FUZZ_SEED: '1' });
const { answers, other } = rateBudgets;
const pacing = LIVE_PACING_DEFAULTS;
// Costed when a test asks (it plans the default drift set), not whenever Playwright lists the tests.
let costed: ReturnType<typeof driftCost> | undefined;
const driftDefaults = () => (costed ??= driftCost(GENERATED_DEFAULTS.seed, GENERATED_DEFAULTS.count));

test('docs/limits.md shows the defaults the code uses, live and on the mock', () => {
  const doc = guide('docs/limits.md');
  /** The default column of the row of `name`. */
  const shown = (name: string) =>
    (
      doc
        .split('\n')
        .find((line) => line.startsWith(`| \`${name}\``))
        ?.split('|')[3] ?? ''
    ).trim();
  const limits = { live: transportLimits({}, true), mock: transportLimits({}, false) };
  const deadline = (target: ReturnType<typeof targetFromEnv>) =>
    runDeadlineMs({}, target, generatedSettings({ FUZZ_SEED: '1' }, target).testTimeoutMs) / 1_000;
  const want: Record<string, string> = {
    [LIMIT_SETTINGS.headersTimeoutMs]: `${limits.live.headersTimeoutMs} / ${limits.mock.headersTimeoutMs}`,
    [LIMIT_SETTINGS.bodyTimeoutMs]: `${limits.live.bodyTimeoutMs} / ${limits.mock.bodyTimeoutMs}`,
    [LIMIT_SETTINGS.maxBodyBytes]: `${limits.live.maxBodyBytes} (16 MiB)`,
    [LIMIT_SETTINGS.maxLineBytes]: `${limits.live.maxLineBytes} (1 MiB)`,
    [LIMIT_SETTINGS.maxStreamBytes]: `${limits.live.maxStreamBytes} (16 MiB)`,
    RUN_MAX_SECONDS: `${deadline(targetFromEnv(LIVE_ENV))} / ${deadline(targetFromEnv({}))}`,
  };
  expect(Object.fromEntries(Object.keys(want).map((name) => [name, shown(name)]))).toEqual(want);
  expect(limits.mock).toEqual({ ...limits.live, headersTimeoutMs: 15_000, bodyTimeoutMs: 30_000 });
});

/** The numbers of a cell, leaving out shares (`80%`) and sizes in words (`16 MiB`). */
const numbersIn = (cell: string): number[] =>
  [...cell.replace(/\d+(\.\d+)?\s*(%|MiB)/g, '').matchAll(/\d+(\.\d+)?/g)].map((match) => Number(match[0]));

/**
 * Per setting, what a table's default column may show: the numbers the code uses (each shown
 * number one of them, `required` among those shown), or the text it must contain.
 */
const TABLE_DEFAULTS: Record<string, { allowed?: number[]; required?: number[]; text?: string[] }> = {
  LIVE_MAX_RPS: { allowed: [pacing.maxRps, pacing.maxRpm], required: [pacing.maxRps] },
  LIVE_MAX_RPM: { allowed: [pacing.maxRps, pacing.maxRpm], required: [pacing.maxRpm] },
  LIVE_REQUEST_TIMEOUT_MS: {
    allowed: [live.target.limits.headersTimeoutMs, mock.target.limits.headersTimeoutMs],
    required: [live.target.limits.headersTimeoutMs],
  },
  LIVE_BODY_TIMEOUT_MS: {
    allowed: [live.target.limits.bodyTimeoutMs, mock.target.limits.bodyTimeoutMs],
    required: [live.target.limits.bodyTimeoutMs],
  },
  RUN_MAX_SECONDS: { allowed: [live.deadlineMs / 1000, mock.deadlineMs / 1000], required: [live.deadlineMs / 1000] },
  FUZZ_RUNS: {
    allowed: [mock.generated.numRuns, live.generated.numRuns],
    required: [mock.generated.numRuns, live.generated.numRuns],
  },
  FUZZ_MAX_REQUESTS: { allowed: [live.generated.maxRequests], required: [live.generated.maxRequests] },
  FUZZ_MAX_RUN_CALLS: { allowed: [live.generated.maxRunCalls], required: [live.generated.maxRunCalls] },
  FUZZ_MAX_SECONDS: {
    allowed: [mock.generated.maxSeconds, live.generated.maxSeconds],
    required: [mock.generated.maxSeconds, live.generated.maxSeconds],
  },
  FUZZ_EXAMPLES: { text: [`\`${mock.generated.examples}\``] },
  POLL_PAUSE_MS: {
    allowed: [POLL_PAUSE_DEFAULTS.mock, POLL_PAUSE_DEFAULTS.live],
    required: [mock.target.pollPauseMs, live.target.pollPauseMs],
  },
  // The contract suite's reports, or the k6 scripts' (docs/load.md).
  REPORT_DIR: { text: [`\`./${REPORT_DIR_DEFAULT}\``, `\`${LOAD_DEFAULTS.reportDir}\``] },
  ANSWERS_RPS: { allowed: [answers.perSecond, answers.perMinute], required: [answers.perSecond] },
  ANSWERS_RPM: { allowed: [answers.perSecond, answers.perMinute], required: [answers.perMinute] },
  OTHER_RPS: { allowed: [other.perSecond, other.perMinute], required: [other.perSecond] },
  OTHER_RPM: { allowed: [other.perSecond, other.perMinute], required: [other.perMinute] },
};

test('the settings tables of the README and the guides show the defaults the code uses', () => {
  const rows = tableRows().filter((row) => defaultCell(row) !== undefined);
  for (const [name, want] of Object.entries(TABLE_DEFAULTS)) {
    const showing = rows.filter((row) => settingsIn(row.first).includes(name));
    expect(showing.length, `no table shows ${name} any more: drop it here if that is deliberate`).toBeGreaterThan(0);
    for (const row of showing) {
      const cell = defaultCell(row) ?? '';
      const where = `${row.file}, ${name}: "${cell}"`;
      if (want.text)
        expect(
          want.text.some((text) => cell.includes(text)),
          where,
        ).toBe(true);
      if (want.allowed) for (const n of numbersIn(cell)) expect(want.allowed, where).toContain(n);
      if (want.required) for (const n of want.required) expect(numbersIn(cell), where).toContain(n);
    }
  }
});

/** The figures the prose states: every match of `pattern` in the README and guides shows `want`. */
const prose = (drift = driftDefaults()): Array<[string, RegExp, (string | number)[]]> => [
  ['the pacing of live run calls', /pacing (\d+) RPS \/ (\d+) RPM/g, [pacing.maxRps, pacing.maxRpm]],
  ['the documented answers budget', /documented (\d+) RPS \/ (\d+) RPM/g, [answers.perSecond, answers.perMinute]],
  [
    "the mock's rate limits",
    /(\d+) RPS \/ (\d+) RPM[;,] other calls (\d+) RPS \/ (\d+) RPM/g,
    [answers.perSecond, answers.perMinute, other.perSecond, other.perMinute],
  ],
  ['the retries of a 429', /at most (\d+) retries/g, [MAX_429_RETRIES]],
  ["drift's named scenarios", /named scenarios make (\d+) run calls/g, [drift.named.runCalls]],
  [
    "drift's default generated set",
    /sends (\d+) more\s+steps, (\d+) of them run calls/g,
    [drift.generated.steps, drift.generated.runCalls],
  ],
  ["drift's default file uploads", /run calls and (\d+) of them file uploads/g, [drift.generated.uploads]],
  [
    "drift's default seed and count",
    /default seed (\d+), (\d+) sequences/g,
    [GENERATED_DEFAULTS.seed, GENERATED_DEFAULTS.count],
  ],
  [
    "drift's default set, again",
    /\(seed (\d+), (\d+)\s+sequences\)/g,
    [GENERATED_DEFAULTS.seed, GENERATED_DEFAULTS.count],
  ],
  ["the live generated test's timeout", /inside its (\d+) s timeout/g, [live.generated.testTimeoutMs / 1000]],
  [
    "the live generated test's time budget",
    /at\s+most\s+about\s+([\d.]+)\s+minutes/g,
    [live.generated.maxSeconds / 60],
  ],
  ["the live generated test's request budget", /the request budget \((\d+)\)/g, [live.generated.maxRequests]],
  ["the mock's port", /(?:mock on|BASE_URL=)\s*`?(?:http:\/\/)?127\.0\.0\.1:(\d+)/g, [DEFAULT_LISTEN.port]],
];

/** A shown figure next to the code's, rounded as the text rounds it. */
const asShown = (shown: string, value: string | number) => {
  const decimals = shown.split('.')[1]?.length ?? 0;
  return typeof value === 'number' ? Number(value.toFixed(decimals)) : value;
};

test('the figures the README and the guides state in words are the code’s', () => {
  for (const [what, pattern, want] of prose()) {
    const found = GUIDES.flatMap((file) =>
      [...guide(file).matchAll(pattern)].map((match) => ({ file, shown: match.slice(1) })),
    );
    expect(found.length, `no text states ${what} any more: drop it here if that is deliberate`).toBeGreaterThan(0);
    for (const { file, shown } of found)
      expect(
        shown.map((s, i) => asShown(s, want[i] ?? NaN)),
        `${file}: ${what}`,
      ).toEqual(shown.map(Number));
  }
  // docs/limits.md words the run's deadline in minutes too.
  const minutes = /\((\d+(?:\.\d+)?) min live, (\d+(?:\.\d+)?) min on the mock\)/.exec(guide('docs/limits.md'));
  expect(minutes?.slice(1).map(Number)).toEqual([
    asShown(minutes?.[1] ?? '', live.deadlineMs / 60_000),
    asShown(minutes?.[2] ?? '', mock.deadlineMs / 60_000),
  ]);
});

test('the help texts show the code’s defaults, and every setting the tables of the contract suite name', () => {
  const contract = contractHelp();
  for (const shown of [
    `LIVE_MAX_RPS (${pacing.maxRps}), LIVE_MAX_RPM (${pacing.maxRpm})`,
    `RUN_MAX_SECONDS (${live.deadlineMs / 1000} live, ${mock.deadlineMs / 1000} mock)`,
    `${LIMIT_SETTINGS.headersTimeoutMs} (${live.target.limits.headersTimeoutMs} live, ${mock.target.limits.headersTimeoutMs} mock)`,
    `FUZZ_RUNS (${mock.generated.numRuns} mock, ${live.generated.numRuns} live)`,
    `REPORT_DIR (./${REPORT_DIR_DEFAULT})`,
  ])
    expect(contract).toContain(shown);
  // The contract suite's settings tables: the README's, the limits' and the generated tests' guide.
  const tables = tableRows(['README.md', 'docs/limits.md', 'docs/guides/generated-tests.md']);
  const named = tables.filter((row) => defaultCell(row) !== undefined).flatMap((row) => settingsIn(row.first));
  expect(named.length).toBeGreaterThan(10);
  for (const name of named) expect(contract, name).toContain(name);

  const driftText = driftHelp();
  const drift = driftDefaults();
  expect(driftText).toContain(`the named ones (${drift.named.steps} steps, ${drift.named.runCalls} of them run calls)`);
  expect(driftText).toContain(
    `the default ${GENERATED_DEFAULTS.count} of seed ${GENERATED_DEFAULTS.seed}: ${drift.generated.steps} steps, ${drift.generated.runCalls} of them run calls`,
  );
  expect(driftText).toMatch(new RegExp(`of them run calls and\\s+${drift.generated.uploads} file uploads`));
  // The path of the API's own OpenAPI document, a flag of both commands (OPENAPI_PATH: the tables above).
  for (const text of [contract, driftText]) expect(text).toContain('--openapi-path PATH');
  expect(driftText).toContain(`LIVE_MAX_RPS (${pacing.maxRps}) a second and LIVE_MAX_RPM (${pacing.maxRpm}) a minute`);

  const mockText = mockUsage();
  const defaults = resolveOptions();
  for (const shown of [
    `MOCK_PORT or ${DEFAULT_LISTEN.port}`,
    `(default: ${DEFAULT_LISTEN.host})`,
    `(default: ${defaults.seed})`,
    `(default: ${defaults.maxThreads})`,
    `${answers.perSecond}/s and ${answers.perMinute}/min per tenant, other calls ${other.perSecond}/s and ${other.perMinute}/min`,
  ])
    expect(mockText).toContain(shown);
});

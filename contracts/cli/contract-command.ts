// `agents-api-suite contract` and `npm run contract`: the arguments the command takes itself
// (--base-url, --openapi-path, --help), the ones it hands to `playwright test` (checked against Playwright's own
// list), and the run's settings, all read before Playwright starts; and the help, whose every
// default is the one the code uses.
import { LIVE_PACING_DEFAULTS, TargetConfigError } from '../client/target.ts';
import { LIMIT_SETTINGS, transportLimits } from '../client/transport-limits.ts';
import { closestFlag, inTypedTerms, refuseKeyFlags, UsageError } from '../lib/command-line.ts';
import { REPORT_DIR_DEFAULT } from '../lib/report-dir.ts';
import type { PlaywrightOption } from './playwright-options.ts';
import { runSettings } from './run-settings.ts';

/** What the command line asks for: the help, or a run with this environment and these Playwright arguments. */
export type ContractCommand = { help: true } | { help: false; env: NodeJS.ProcessEnv; forwarded: string[] };

/** The help text; every default in it is computed by the code that applies it. */
export function contractHelp(): string {
  const { maxRps, maxRpm } = LIVE_PACING_DEFAULTS;
  const live = runSettings({ BASE_URL: 'https://api.example.org', API_KEY: 'k', FUZZ_SEED: '1' });
  const mock = runSettings({ FUZZ_SEED: '1' });
  const limits = { live: transportLimits({}, true), mock: transportLimits({}, false) };
  const limit = (key: keyof typeof LIMIT_SETTINGS) =>
    limits.live[key] === limits.mock[key]
      ? `${LIMIT_SETTINGS[key]} (${limits.live[key]})`
      : `${LIMIT_SETTINGS[key]} (${limits.live[key]} live, ${limits.mock[key]} mock)`;
  const unbounded = (n: number) => (n >= Number.MAX_SAFE_INTEGER ? 'unbounded' : String(n));
  return `agents-api-suite contract: the contract suite against the embedded mock or a live API

Usage:
  agents-api-suite contract [--base-url URL] [--openapi-path PATH] [playwright test options] [test filters]
  npm run contract -- [the same]

Without --base-url (or BASE_URL) it starts the embedded mock on a free port. Live:
  export API_KEY=...        the key is read from API_KEY only: a flag would land in your shell history
  agents-api-suite contract --base-url https://api.haufe.ai/agents
One GET /v1/assistants checks the target first. Then, live, it asks the API for its own OpenAPI
document (at --openapi-path, then /openapi.json, each below the base URL and at the root of its
host) and lists where it differs from ours in the ledger, or says in one line that none is served.
Reports go to REPORT_DIR (./${REPORT_DIR_DEFAULT}): Playwright's html/ and junit.xml, contract-report.json,
and the assumption ledger assumptions.{json,md,html}.

  --base-url URL       the API (or BASE_URL)
  --openapi-path PATH  another path on the API that may serve its OpenAPI document (or
                       OPENAPI_PATH), asked before /openapi.json: a path on the API's origin
                       only, such as /docs/openapi.json
  --help               this help
Every other argument goes to Playwright's test command, for example --grep TEXT, --list,
--repeat-each N, --reporter=json, --workers N. Its options: npx playwright test --help

Settings (environment):
  API_KEY, API_KEY_OTHER_TENANT   the key, and another tenant's key for the tenant-isolation tests
  ASSISTANT_ID, RUN_META_DATA     the assistant most threads use, and meta_data for run requests
  LIVE_MAX_RPS (${maxRps}), LIVE_MAX_RPM (${maxRpm})
                                  live pacing of run calls (other calls at the documented ratio)
  CONTRACT_STRICT=1               also report fields the contract does not name
  OPENAPI_PATH                    where else the API may serve its OpenAPI document (--openapi-path)
  ${limit('headersTimeoutMs')}, ${limit('bodyTimeoutMs')}
  ${limit('maxBodyBytes')}, ${limit('maxLineBytes')}, ${limit('maxStreamBytes')}
  RUN_MAX_SECONDS (${live.deadlineMs / 1000} live, ${mock.deadlineMs / 1000} mock)   deadlines and caps: docs/limits.md
  FUZZ_SEED, FUZZ_EXPLORE=1, FUZZ_PATH, FUZZ_EXAMPLES (${mock.generated.examples}, or off),
  FUZZ_RUNS (${mock.generated.numRuns} mock, ${live.generated.numRuns} live), FUZZ_MAX_REQUESTS (${unbounded(mock.generated.maxRequests)} mock, ${live.generated.maxRequests} live),
  FUZZ_MAX_RUN_CALLS (${unbounded(mock.generated.maxRunCalls)} mock, ${live.generated.maxRunCalls} live), FUZZ_MAX_SECONDS (${mock.generated.maxSeconds} mock, ${live.generated.maxSeconds} live)
                                  the generated tests (README, "Generated, model-based tests")
  POLL_PAUSE_MS (${mock.target.pollPauseMs} mock, ${live.target.pollPauseMs} live)
                                  the pause before each poll of a file's status

Exit status: 0 no documented promise broke; 1 one did, or a confirmed assumption was contradicted;
2 the run could not start (a usage or settings mistake, an unreachable or refusing target).`;
}

/** The flags the command takes itself, besides --help; the rest go to Playwright. */
const OWN_FLAGS = ['--base-url', '--openapi-path'];

/** Whether an argument is one of the options (not a value, not a test filter). */
const isFlag = (arg: string) => arg.startsWith('-') && arg !== '-';

/**
 * Checks the arguments meant for Playwright against its options: a flag it does not know, or one
 * without its value, is a UsageError naming what was typed. Test filters pass; so does all after `--`.
 */
export function checkPlaywrightArgs(args: string[], options: PlaywrightOption[]): void {
  const longs = options.flatMap((o) => (o.long ? [o.long] : []));
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (arg === '--') return;
    if (!isFlag(arg)) continue;
    const [name, inline] = arg.startsWith('--')
      ? [arg.replace(/=.*$/, ''), arg.includes('=')]
      : [arg.slice(0, 2), arg.length > 2];
    const option = options.find((o) => o.long === name || o.short === name);
    if (option === undefined) {
      const near = closestFlag(name, [...OWN_FLAGS, ...longs]);
      throw new UsageError(
        `unknown flag ${name}: neither this command nor Playwright's test command has it. ${near ? `Did you mean ${near}?` : "Playwright's are listed by npx playwright test --help."}`,
      );
    }
    if (option.value === 'required' && !inline) {
      const value = args[i + 1];
      if (value === undefined || isFlag(value))
        throw new UsageError(`expected a value after ${name}${value ? `, before ${value}` : ''}.`);
      i += 1;
    }
  }
}

/**
 * Reads the command line and the environment: the help, or the environment of the run and the
 * arguments for Playwright. Throws a UsageError, naming what the user typed, for any mistake in
 * either; `playwrightOptions` is only called when there are flags to check.
 */
export function readContractCommand(
  args: string[],
  env: NodeJS.ProcessEnv,
  playwrightOptions: () => PlaywrightOption[],
): ContractCommand {
  refuseKeyFlags(args);
  const end = args.indexOf('--');
  const own = end < 0 ? args : args.slice(0, end);
  if (own.includes('--help') || own.includes('-h')) return { help: true };
  const forwarded: string[] = [];
  let baseURL: string | undefined;
  let openApiPath: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (end >= 0 && i >= end) forwarded.push(arg);
    else if (arg === '--base-url') {
      const value = args[++i];
      if (value === undefined || isFlag(value))
        throw new UsageError('expected a URL after --base-url, such as https://api.haufe.ai/agents.');
      baseURL = value;
    } else if (arg.startsWith('--base-url=')) baseURL = arg.slice('--base-url='.length);
    else if (arg === '--openapi-path' || arg.startsWith('--openapi-path=')) {
      const value = arg === '--openapi-path' ? args[++i] : arg.slice('--openapi-path='.length);
      if (value === undefined || value === '' || isFlag(value))
        throw new UsageError('expected a path on the API after --openapi-path, such as /docs/openapi.json.');
      openApiPath = value;
    } else forwarded.push(arg);
  }
  if (forwarded.some(isFlag)) checkPlaywrightArgs(forwarded, playwrightOptions());
  const runEnv = {
    ...env,
    ...(baseURL === undefined ? {} : { BASE_URL: baseURL }),
    ...(openApiPath === undefined ? {} : { OPENAPI_PATH: openApiPath }),
  };
  try {
    runSettings(runEnv);
  } catch (error) {
    if (!(error instanceof TargetConfigError)) throw error;
    // The target's checks name BASE_URL and OPENAPI_PATH; the user may have typed --base-url or --openapi-path.
    throw new UsageError(
      inTypedTerms(error.message, {
        ...(baseURL === undefined ? {} : { BASE_URL: '--base-url' }),
        ...(openApiPath === undefined ? {} : { OPENAPI_PATH: '--openapi-path' }),
      }),
    );
  }
  return { help: false, env: runEnv, forwarded };
}

#!/usr/bin/env node
// The npx entry point: `agents-api-suite contract`, `mock` and `drift`.
// Plain JavaScript so that it starts without a build. The TypeScript parts are loaded with their
// types blanked out (ts-blank-space: every other character stays where it was, so a stack trace or a
// test's location names the real line and column without a source map; the tree keeps to erasable
// syntax, tsconfig's erasableSyntaxOnly).
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
/** The loader hook that blanks out TypeScript's types (see the header). */
const TS_LOADER = import.meta.resolve('ts-blank-space/register');
/** Installed by npm: the suite's TypeScript is under node_modules, which Playwright does not compile. */
const INSTALLED = ROOT.split(sep).includes('node_modules');

const HELP = `agents-api-suite: contract and load tests for the agents API (POST /v1/threads/{thread_id}/run)

Usage:
  agents-api-suite contract [--base-url URL] [playwright test args]
      Runs the contract suite. Without --base-url (or BASE_URL) it starts the embedded mock.
      Live: BASE_URL=https://api.haufe.ai/agents API_KEY=... agents-api-suite contract
      Optional env: ASSISTANT_ID, API_KEY_OTHER_TENANT, LIVE_MAX_RPS (12), LIVE_MAX_RPM (50),
      CONTRACT_STRICT=1 (report fields the contract does not name), REPORT_DIR (./reports).
      Deadlines and caps (docs/limits.md): LIVE_REQUEST_TIMEOUT_MS, LIVE_BODY_TIMEOUT_MS,
      MAX_RESPONSE_BYTES, MAX_NDJSON_LINE_BYTES, MAX_STREAM_BYTES, RUN_MAX_SECONDS.
      Any other argument goes to Playwright: --grep, --reporter=json, --list, ...
      Checks the target with one GET /v1/assistants first; writes the reports and the assumption
      ledger (assumptions.{json,md,html}: each x-assumed confirmed, contradicted or not exercised).
  agents-api-suite mock [--port N] [--no-rate-limit] [--help]
      Runs the mock on 127.0.0.1:4010 (see agents-api-suite mock --help).
  agents-api-suite drift --base-url URL [--seed N] [--sequences N] [--help]
      Runs the same scenarios against URL and the embedded mock and reports where their answers
      differ, with the assumptions behind each difference (reports/drift.{json,md,html}).
      Exit 0: no divergence; 1: divergences; 2: could not run.
  agents-api-suite --help

The key is read from API_KEY only: a flag would land in your shell history.`;

/** A usage mistake: say what was expected and what to do, exit 2. */
function usage(message) {
  process.stderr.write(`agents-api-suite: ${message}\nRun \`agents-api-suite --help\` for usage.\n`);
  process.exit(2);
}

function contract(args) {
  const forwarded = [];
  const env = { ...process.env };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (/^--(api-key|key|token)(=|$)/.test(arg)) {
      usage('the key is not taken as a flag (it would land in shell history). Export API_KEY=<key> and run again.');
    } else if (arg === '--base-url') {
      const value = args[++i];
      if (!value || value.startsWith('--'))
        usage('expected a URL after --base-url, such as https://api.haufe.ai/agents.');
      env.BASE_URL = value;
    } else if (arg.startsWith('--base-url=')) {
      env.BASE_URL = arg.slice('--base-url='.length);
    } else {
      forwarded.push(arg);
    }
  }
  if (env.BASE_URL && !env.API_KEY)
    usage('a live run (--base-url or BASE_URL) needs the key in API_KEY. Export API_KEY=<key> and run again.');
  // Reports land where the user is, not inside the installed package.
  env.REPORT_DIR = resolve(env.REPORT_DIR ?? 'reports');
  // Playwright does not compile TypeScript under node_modules, which is where an npx install
  // puts this suite: the type-blanking loader does, in the runner and in its workers. In a clone
  // Playwright compiles it (and caches it); the loader would only cost each process a second.
  if (INSTALLED) env.NODE_OPTIONS = `${env.NODE_OPTIONS ?? ''} --import ${TS_LOADER}`.trim();
  const cli = join(dirname(require.resolve('@playwright/test/package.json')), 'cli.js');
  const child = spawn(
    process.execPath,
    [cli, 'test', '-c', join(ROOT, 'playwright.config.ts'), '--project=contract', ...forwarded],
    { stdio: 'inherit', env, cwd: ROOT },
  );
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

async function mock(args) {
  await import(TS_LOADER);
  const { main } = await import(join(ROOT, 'contracts', 'mock', 'cli.ts'));
  await main(args);
}

async function drift(args) {
  await import(TS_LOADER);
  const { main } = await import(join(ROOT, 'contracts', 'drift', 'cli.ts'));
  process.exitCode = await main(args);
}

const [command, ...rest] = process.argv.slice(2);
if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
  process.stdout.write(`${HELP}\n`);
  process.exit(command === undefined ? 2 : 0);
} else if (command === 'contract') {
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`${HELP}\n`);
    process.exit(0);
  }
  contract(rest);
} else if (command === 'mock') {
  await mock(rest);
} else if (command === 'drift') {
  await drift(rest);
} else {
  usage(`unknown command "${command}". Expected "contract", "mock" or "drift".`);
}

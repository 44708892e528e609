#!/usr/bin/env node
// The npx entry point: `agents-api-suite contract`, `mock` and `drift`.
// Plain JavaScript so that it starts without a build. The TypeScript parts are loaded with their
// types blanked out (typescript-loader.js, the hooks Playwright's processes use too: every other
// character stays where it was, so a stack trace or a test's location names the real line and
// column without a source map).
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
/** Installed by npm: the suite's TypeScript is under node_modules, which Playwright does not compile. */
const INSTALLED = ROOT.split(sep).includes('node_modules');
/**
 * The loader of the suite's TypeScript, installed and in a clone alike. Its output is cached by
 * content, so a start that hits the cache never loads TypeScript's parser: `drift --help` costs
 * 0.74 CPU-s where tsx cost 1.24, `mock --help` 0.33 where tsx cost 0.61 (decision 0092).
 */
const TS_LOADER = import.meta.resolve('./typescript-loader.js');

const HELP = `agents-api-suite: contract and load tests for the agents API (POST /v1/threads/{thread_id}/run)

Usage:
  agents-api-suite contract [--base-url URL] [--openapi-path PATH] [playwright test args]
      The contract suite: against the embedded mock, or a live API with --base-url (or BASE_URL)
      and API_KEY. Writes the reports and the assumption ledger into REPORT_DIR. Live, it also
      compares the API's own OpenAPI document (/openapi.json, or --openapi-path) with ours.
  agents-api-suite mock [flags]
      The mock of the API, to develop and rehearse against.
  agents-api-suite drift --base-url URL [--seed N] [--sequences N] [--openapi-path PATH]
      Where the API and the embedded mock answer differently, by kind, and where the API's own
      OpenAPI document differs from ours (reports/drift.*).
  agents-api-suite <command> --help
      A command's flags, settings and their defaults.

The key is read from API_KEY only: a flag would land in your shell history.`;

/** A usage mistake: say what was expected and what to do, exit 2. `sub` is the command it is about. */
function usage(message, sub) {
  const help =
    sub !== undefined && process.env.npm_lifecycle_event === sub
      ? `npm run ${sub} -- --help`
      : `agents-api-suite ${sub === undefined ? '' : `${sub} `}--help`;
  process.stderr.write(
    `agents-api-suite${sub === undefined ? '' : ` ${sub}`}: ${message}\nRun \`${help}\` for usage.\n`,
  );
  process.exit(2);
}

/** The contract command's front (contracts/cli): help, or the run's environment and Playwright's arguments. */
async function readContract(args) {
  await import(TS_LOADER);
  const { contractHelp, readContractCommand } = await import(join(ROOT, 'contracts', 'cli', 'contract-command.ts'));
  const { playwrightTestOptions } = await import(join(ROOT, 'contracts', 'cli', 'playwright-options.ts'));
  const { UsageError } = await import(join(ROOT, 'contracts', 'lib', 'command-line.ts'));
  try {
    const command = readContractCommand(args, process.env, playwrightTestOptions);
    if (command.help) {
      process.stdout.write(`${contractHelp()}\n`);
      process.exit(0);
    }
    return command;
  } catch (error) {
    if (error instanceof UsageError) usage(error.message, 'contract');
    throw error;
  }
}

async function contract(args) {
  const { env, forwarded } = await readContract(args);
  // Reports land where the user is, not inside the installed package.
  env.REPORT_DIR = resolve(env.REPORT_DIR ?? 'reports');
  // Playwright does not compile TypeScript under node_modules, which is where an npx install
  // puts this suite, so the runner needs the type-blanking loader before it can read the config (which
  // imports the same loader again, a no-op: one module per URL). In a clone Playwright compiles the
  // config, and the config registers the loader for everything else.
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
  process.exitCode = await main(args);
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
  await contract(rest);
} else if (command === 'mock') {
  await mock(rest);
} else if (command === 'drift') {
  await drift(rest);
} else {
  usage(
    command.startsWith('-')
      ? `expected a command before ${command}: "contract", "mock" or "drift".`
      : `unknown command "${command}". Expected "contract", "mock" or "drift".`,
  );
}

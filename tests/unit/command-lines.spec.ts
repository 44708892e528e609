// Every command and npm script answers --help, and a usage mistake exits 2 with a message that names
// what the user typed and says what to do, before anything slow starts. Each script is run as npm
// runs it (the command in package.json, then what is typed after --), in this process through the
// main it starts (helpers/npm-script.ts), so a new script without --help, or without a main to run
// in process, fails here. A few real processes prove what only a process shows; each says why.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { expect } from '@playwright/test';
import { readContractCommand } from '../../contracts/cli/contract-command.ts';
import { playwrightTestOptions } from '../../contracts/cli/playwright-options.ts';
import { closestFlag, readCommandLine, UsageError } from '../../contracts/lib/command-line.ts';
import { test } from '../support/base-test.ts';
import { inProcess, type Ran, ROOT, runModule, runScript, SCRIPTS, scriptCommand } from './helpers/npm-script.ts';

/** Scripts that chain tools of their own (Playwright, Redocly, Biome, tsc): their help is the tools'. */
const TOOL_CHAINS = ['test', 'lint', 'typecheck', 'format'];
/** Every script that answers --help here; contract: below, with what it says about Playwright's options. */
const HELPED = Object.keys(SCRIPTS).filter((name) => !TOOL_CHAINS.includes(name) && name !== 'contract');
/** Modules whose arguments, after their own, belong to another tool: k6 run's (load:<script>), Playwright's (test:*). */
const FORWARDS_FLAGS = ['scripts/load.ts', 'scripts/test.ts'];

/** Runs a command line the way a shell would start it, without a shell; node as this process's, npm from PATH. */
function run(command: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<Ran> {
  const [program = '', ...rest] = command.split(' ');
  const argv = [...rest, ...args];
  return new Promise((done) => {
    execFile(
      program === 'npm' ? 'npm' : process.execPath,
      argv,
      { cwd: ROOT, env: { ...process.env, CI: '', BASE_URL: '', ...env }, timeout: 60_000 },
      (error, stdout, stderr) => done({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** The npm script `name` with more arguments, as `npm run name -- args` runs it, in a process of its own. */
const script = (name: string, args: string[], env?: NodeJS.ProcessEnv) => {
  const command = SCRIPTS[name];
  if (command === undefined) throw new Error(`package.json has no script "${name}"`);
  return run(command, args, env);
};

test.describe('every npm script answers --help', () => {
  const judge = (name: string, ran: Ran) => {
    expect(ran.code, ran.stderr).toBe(0);
    // A usage line that names the command a user types.
    expect(ran.stdout).toMatch(
      name.startsWith('load:') ? `npm run ${name}` : new RegExp(`(npm run|agents-api-suite) ${name}`),
    );
    expect(ran.stderr).toBe('');
  };
  for (const name of HELPED) {
    test(`npm run ${name} -- --help`, async () => {
      if (scriptCommand(name).runs === 'typescript') return judge(name, await runScript(name, ['--help']));
      // The bin (node bin/agents-api-suite.js <command>, the entry npx users have) does its work at
      // its top level, so it cannot be imported: it runs as a process (it loads its TypeScript
      // through the type-blanking hooks itself, about a CPU-second that a busy machine stretches).
      test.setTimeout(120_000);
      judge(name, await script(name, ['--help']));
    });
  }

  // Only a real `npm run` shows that npm hands what follows -- to the command, after the script's
  // own arguments (load:smoke's `smoke`), and that runWhenStarted starts main in the file Node was
  // started with: the tests above call main themselves. One script proves both for all: each hands
  // its main to the same runWhenStarted, which runScript checks (entryOf) before it runs the main.
  test('npm run load:smoke -- --help, through npm: the answer of its main in this process', async () => {
    // npm and Node start here; on a busy machine that alone can take a good part of the default 30 s.
    test.setTimeout(120_000);
    const [spawned, here] = await Promise.all([
      run('npm run -s load:smoke --', ['--help']),
      runScript('load:smoke', ['--help']),
    ]);
    expect(spawned, 'npm run -s load:smoke -- --help').toEqual(here);
    judge('load:smoke', spawned);
  });

  test('a module without a main, or with one it never starts, fails here and says what to do', async () => {
    const dir = test.info().outputPath();
    mkdirSync(dir, { recursive: true });
    const [none, unstarted] = [join(dir, 'no-main.mjs'), join(dir, 'unstarted.mjs')];
    writeFileSync(none, 'export const help = "npm run x";\n');
    writeFileSync(unstarted, 'export async function main() {\n  return 0;\n}\n');
    await expect(runModule(none, ['--help'])).rejects.toThrow(
      /no-main\.mjs does not export main\. Export `async function main\(argv: string\[\]\): Promise<number>` and start it with runWhenStarted\(import\.meta\.url, main\)/,
    );
    await expect(runModule(unstarted, ['--help'])).rejects.toThrow(
      /unstarted\.mjs exports main but does not start it: end it with runWhenStarted\(import\.meta\.url, main\)/,
    );
  });

  test('in process, all that main prints is collected and process.exit is refused', async () => {
    const [write, exit] = [process.stdout.write, process.exit];
    expect(
      await inProcess(async () => {
        console.log('a %s', 'line');
        process.stdout.write('b\n');
        console.info('c');
        console.error('d');
        process.stderr.write('e\n');
        console.warn('f');
        return 5;
      }),
    ).toEqual({ code: 5, stdout: 'a line\nb\nc\n', stderr: 'd\ne\nf\n' });
    await expect(
      inProcess(async () => {
        process.stderr.write('bye\n');
        process.exit(3);
      }),
    ).rejects.toThrow(
      /called process\.exit\(3\), which would end this test's process: return the exit status from main instead\. It printed: .*bye/,
    );
    expect([process.stdout.write, process.exit]).toEqual([write, exit]);
  });
});

test.describe('an unknown flag exits 2, names the flag, and says where the help is', () => {
  const judge = (ran: Ran) => {
    expect(ran.code, ran.stderr).toBe(2);
    expect(ran.stderr).toContain('unknown flag --no-such-flag');
    expect(ran.stderr).toContain('--help');
    expect(ran.stderr).not.toMatch(/\n\s+at /);
    expect(ran.stdout).toBe('');
  };
  // Every script run in process, but those whose flags belong to another tool.
  for (const name of HELPED.filter((n) => {
    const command = scriptCommand(n);
    return command.runs === 'typescript' && !FORWARDS_FLAGS.includes(relative(ROOT, command.module));
  }))
    test(`npm run ${name} -- --no-such-flag`, async () => judge(await runScript(name, ['--no-such-flag'])));
  // drift runs through the bin (above); its main is the one the bin calls.
  test('npm run drift -- --no-such-flag', async () => {
    const err: string[] = [];
    // Imported here, not at the top: every worker that runs a test of this file loads its top.
    const { main: drift } = await import('../../contracts/drift/cli.ts');
    const code = await drift(['--no-such-flag'], {}, undefined, { out: () => undefined, err: (l) => err.push(l) });
    judge({ code, stdout: '', stderr: err.join('\n') });
  });
});

test.describe('agents-api-suite contract', () => {
  const mistakes: Array<[string, { given: string[]; env?: NodeJS.ProcessEnv; says: RegExp }]> = [
    [
      'a flag neither it nor Playwright knows',
      {
        given: ['--bogus'],
        says: /^unknown flag --bogus: neither this command nor Playwright's test command has it\. Playwright's are listed by npx playwright test --help\.$/,
      },
    ],
    [
      'a typo of a Playwright flag',
      { given: ['--gerp', 'x'], says: /^unknown flag --gerp: .* Did you mean --grep\?$/ },
    ],
    [
      'a Playwright flag without its value',
      { given: ['--repeat-each'], says: /^expected a value after --repeat-each\.$/ },
    ],
    [
      'a base URL that is not one',
      {
        given: ['--base-url', 'not-a-url'],
        says: /^Expected --base-url to be an absolute URL such as https:\/\/api\.haufe\.ai\/agents\. Got "not-a-url"\.$/,
      },
    ],
    ['--base-url without a value', { given: ['--base-url'], says: /^expected a URL after --base-url/ }],
    [
      '--base-url without API_KEY',
      {
        given: ['--base-url=http://127.0.0.1:9'],
        env: { API_KEY: '' },
        says: /^--base-url is set but API_KEY is not\. Export API_KEY=/,
      },
    ],
    [
      'an OpenAPI path off the API origin',
      {
        given: ['--openapi-path', '//elsewhere.test/openapi.json'],
        env: { BASE_URL: 'http://127.0.0.1:9', API_KEY: 'k' },
        says: /^Expected --openapi-path to be a path on the API, such as \/openapi\.json or \/docs\/openapi\.json \(read below BASE_URL, and at the root of its host\)\. Got "\/\/elsewhere\.test\/openapi\.json"\.$/,
      },
    ],
    [
      'OPENAPI_PATH that is not a path',
      {
        given: [],
        env: { BASE_URL: 'http://127.0.0.1:9', API_KEY: 'k', OPENAPI_PATH: 'https://elsewhere.test/openapi.json' },
        says: /^Expected OPENAPI_PATH to be a path on the API, .* Got "https:\/\/elsewhere\.test\/openapi\.json"\.$/,
      },
    ],
    [
      '--openapi-path without a value',
      { given: ['--openapi-path', '--list'], says: /^expected a path on the API after --openapi-path/ },
    ],
    [
      '--openapi-path= without a value',
      { given: ['--openapi-path='], says: /^expected a path on the API after --openapi-path/ },
    ],
    [
      'a typo of --openapi-path',
      { given: ['--openapi-pth', '/x'], says: /^unknown flag --openapi-pth: .* Did you mean --openapi-path\?$/ },
    ],
    [
      'the key as a flag',
      {
        given: ['--api-key', 'secret-value'],
        says: /^--api-key is not taken: a key on the command line lands in the shell history/,
      },
    ],
    [
      'a setting out of range',
      {
        given: [],
        env: { LIVE_MAX_RPM: 'lots', BASE_URL: 'http://127.0.0.1:9', API_KEY: 'k' },
        says: /^Expected LIVE_MAX_RPM to be a whole number, 1 or more\. Got "lots"/,
      },
    ],
  ];
  for (const [name, { given, env, says }] of mistakes) {
    test(`refuses ${name}, naming what was typed`, () => {
      let thrown: unknown;
      try {
        readContractCommand(given, { ...env }, playwrightTestOptions);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(UsageError);
      const message = (thrown as Error).message;
      expect(message).toMatch(says);
      expect(message).not.toContain('secret-value');
      if (given.some((arg) => arg.startsWith('--base-url'))) expect(message).not.toContain('BASE_URL');
      if (given.some((arg) => arg.startsWith('--openapi-path'))) expect(message).not.toContain('OPENAPI_PATH');
    });
  }

  test('hands the OpenAPI path to the run as OPENAPI_PATH, in either form, and not to Playwright', () => {
    for (const given of [
      ['--openapi-path', '/docs/openapi.json', '--grep', 'run'],
      ['--openapi-path=/docs/openapi.json', '--grep', 'run'],
    ])
      expect(
        readContractCommand(given, { BASE_URL: 'http://127.0.0.1:9', API_KEY: 'k' }, playwrightTestOptions),
      ).toMatchObject({ help: false, forwarded: ['--grep', 'run'], env: { OPENAPI_PATH: '/docs/openapi.json' } });
  });

  test('hands test filters and Playwright options on, with their values, and the base URL to the run', () => {
    const read = readContractCommand(
      ['--grep', 'run', '-j', '1', '--base-url', 'http://127.0.0.1:9/', 'run-answer', '--', '--not-a-flag'],
      { API_KEY: 'k' },
      playwrightTestOptions,
    );
    expect(read).toMatchObject({
      help: false,
      forwarded: ['--grep', 'run', '-j', '1', 'run-answer', '--', '--not-a-flag'],
      env: { BASE_URL: 'http://127.0.0.1:9/', API_KEY: 'k' },
    });
    let loaded = false;
    readContractCommand(['run-answer'], {}, () => {
      loaded = true;
      return [];
    });
    expect(loaded, "Playwright's options load only when there are flags to check").toBe(false);
  });

  test('--help says what goes to Playwright and how to see its options', async () => {
    // The bin and Playwright's CLI start here, one after the other: on a busy machine, more than the default 30 s.
    test.setTimeout(120_000);
    const ran = await script('contract', ['--help']);
    expect(ran.code).toBe(0);
    expect(ran.stdout).toContain("Every other argument goes to Playwright's test command");
    expect(ran.stdout).toContain('Its options: npx playwright test --help');
    const playwright = await run('node node_modules/@playwright/test/cli.js', ['test', '--help']);
    expect(playwright.code).toBe(0);
    expect(playwright.stdout).toContain('--repeat-each <N>');
  });

  /**
   * `npm run contract -- <args>` as a user types it, with a witness module preloaded into every Node
   * process (NODE_OPTIONS reaches the Playwright process the command starts): it notes each start
   * of Playwright's CLI in a file, so a test sees whether Playwright started at all, and ends that
   * process there (whether it started is the question; what it would do next costs seconds).
   */
  async function npmContract(
    args: string[],
    env: NodeJS.ProcessEnv = {},
  ): Promise<Ran & { playwrightStarted: boolean }> {
    const dir = mkdtempSync(join(tmpdir(), 'contract-usage-'));
    const started = join(dir, 'playwright-started');
    const witness = join(dir, 'witness.mjs');
    writeFileSync(
      witness,
      `import { appendFileSync } from 'node:fs';\nif (/playwright.*cli\\.js$/.test(process.argv[1] ?? '')) {\n  appendFileSync(${JSON.stringify(started)}, 'x');\n  process.exit(0);\n}\n`,
    );
    try {
      const ran = await new Promise<Ran>((done) =>
        execFile(
          'npm',
          ['run', '-s', 'contract', '--', ...args],
          {
            cwd: ROOT,
            env: {
              ...process.env,
              BASE_URL: '',
              REPORT_DIR: join(dir, 'reports'),
              NODE_OPTIONS: `--import ${witness}`,
              ...env,
            },
            timeout: 120_000,
          },
          (error, stdout, stderr) => done({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
        ),
      );
      return { ...ran, playwrightStarted: existsSync(started) };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  const spawned: Array<[string[], NodeJS.ProcessEnv, string]> = [
    [
      ['--gerp', 'x'],
      {},
      "unknown flag --gerp: neither this command nor Playwright's test command has it. Did you mean --grep?",
    ],
    [
      ['--base-url', 'not-a-url'],
      { API_KEY: 'k' },
      'Expected --base-url to be an absolute URL such as https://api.haufe.ai/agents. Got "not-a-url".',
    ],
    [
      ['--base-url', 'http://127.0.0.1:9', '--openapi-path', 'https://elsewhere.test/openapi.json'],
      { API_KEY: 'k' },
      'Expected --openapi-path to be a path on the API, such as /openapi.json or /docs/openapi.json (read below --base-url, and at the root of its host). Got "https://elsewhere.test/openapi.json".',
    ],
  ];
  for (const [args, env, message] of spawned)
    test(`npm run contract -- ${args.join(' ')}: exit 2, the flag typed and the help named, Playwright never started`, async () => {
      // npm and Node start twice here; on a busy machine that alone can take a good part of the default 30 s.
      test.setTimeout(120_000);
      const ran = await npmContract(args, env);
      expect(ran.code).toBe(2);
      expect(ran.stderr).toBe(`agents-api-suite contract: ${message}\nRun \`npm run contract -- --help\` for usage.\n`);
      expect(ran.stdout).toBe('');
      expect(ran.playwrightStarted, 'Playwright started').toBe(false);
    });

  test('the witness of the tests above sees Playwright start when the arguments are fine', async () => {
    // The witness ends Playwright as it starts. Were it to miss it, Playwright would find no test
    // file by that name: the shortest run there is.
    test.setTimeout(120_000);
    const ran = await npmContract(['matches-no-test-file'], { API_KEY: 'k' });
    expect(ran.playwrightStarted, ran.stderr).toBe(true);
  });
});

test.describe('the shared reader of command lines', () => {
  const flags = { port: { type: 'string' }, quiet: { type: 'boolean' } } as const;
  const refused: Array<[string[], string]> = [
    [['--prot', '1'], 'unknown flag --prot. Did you mean --port?'],
    [['--zzz'], 'unknown flag --zzz. Expected one of --port, --quiet, --help.'],
    [['--port'], 'expected a value after --port.'],
    [['--port', '--quiet'], 'expected a value after --port, before --quiet.'],
    [['--quiet=1'], '--quiet takes no value. Got "1".'],
    [['extra'], 'unexpected argument "extra": this command takes flags only.'],
    [
      ['--token=abc'],
      '--token is not taken: a key on the command line lands in the shell history. Export API_KEY=<key> and run again.',
    ],
  ];
  for (const [given, message] of refused) {
    test(`refuses ${given.join(' ')}`, () => {
      expect(() => readCommandLine(given, flags)).toThrow(UsageError);
      expect(() => readCommandLine(given, flags)).toThrow(message);
    });
  }

  test('reads values, switches, --help and positionals up to the count', () => {
    expect(readCommandLine(['--port=9', '--quiet', '-h'], flags)).toEqual({
      values: { port: '9', quiet: true },
      positionals: [],
      help: true,
    });
    expect(readCommandLine(['a.ndjson', '--port', '1'], flags, { positionals: 1 }).positionals).toEqual(['a.ndjson']);
    expect(() => readCommandLine(['a', 'b'], flags, { positionals: 1, positionalName: 'file' })).toThrow(
      'unexpected argument "b": expected at most 1 file.',
    );
  });

  test('suggests a flag only when it is close to what was typed', () => {
    const known = ['--base-url', '--seed', '--sequences', '--help'];
    expect(closestFlag('--bse-url', known)).toBe('--base-url');
    expect(closestFlag('--sequence', known)).toBe('--sequences');
    expect(closestFlag('--sede', known)).toBe('--seed');
    expect(closestFlag('--verbose', known)).toBeUndefined();
  });
});

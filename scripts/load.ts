// npm run load:<smoke|latency|rate-limit|stream> [-- <more k6 run flags>]
// Runs k6 on load/<script>.ts with the suite's outputs: k6's NDJSON (for npm run load:report), the
// web dashboard's HTML export, and the handleSummary files, all under REPORT_DIR (reports/load).
// Without k6 on PATH it says, in one message, how to get it. It never prints the key.
import { spawn, spawnSync } from 'node:child_process';
import { accessSync, constants, mkdirSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { runWhenStarted } from '../contracts/lib/cli-entry.ts';
import { LOAD_DEFAULTS } from '../load/lib/config.ts';

export const SCRIPTS = ['smoke', 'latency', 'rate-limit', 'stream'] as const;
export type ScriptName = (typeof SCRIPTS)[number];

/** k6 0.57 is the first release that runs .ts files without a flag. */
export const MINIMUM_K6: [number, number, number] = [0, 57, 0];

/** The message for a machine without k6: what is missing, then one way to get it a line. */
export function howToGetK6(script: string): string {
  return [
    `k6 is not on PATH, so load/${script}.ts cannot run. Get k6 0.57 or newer (the npm package named "k6" is not k6):`,
    '  - a package: brew install k6, winget install k6, choco install k6, or sudo apt-get install k6',
    "    after adding Grafana's apt repository (https://grafana.com/docs/k6/latest/set-up/install-k6/)",
    '  - the Docker image, from this folder:',
    `    docker run --rm -i --network host -v "$PWD:/work" -w /work -e API_KEY grafana/k6 run load/${script}.ts`,
    '  - in GitHub Actions: grafana/setup-k6-action@v1, then grafana/run-k6-action@v1 (.github/workflows/load.yml)',
  ].join('\n');
}

/** The help of `npm run load:<script>`. */
export function loadHelp(script: ScriptName): string {
  return `npm run load:${script} [-- <k6 run flags>]

Runs k6 on load/${script}.ts against BASE_URL (default: ${LOAD_DEFAULTS.baseUrl}, npm run mock) with the
key from API_KEY, and writes into REPORT_DIR (default ${LOAD_DEFAULTS.reportDir}): ${script}.ndjson (every sample, for
npm run load:report), ${script}-dashboard.html (k6's web dashboard) and the ${script}-summary files.
A target that is not loopback needs LOAD_CONFIRM_TARGET=<its host>. The settings of each script and their
defaults: docs/load.md ("Settings"). Every argument after -- goes to k6 run (k6 run --help lists them).
Needs k6 0.57 or newer on PATH. Exit status: k6's; 2 on a usage mistake; 127 without k6.`;
}

/** The first executable called `name` on the PATH of `env`, or null. */
export function findExecutable(name: string, env: NodeJS.ProcessEnv): string | null {
  const extensions = process.platform === 'win32' ? (env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';') : [''];
  for (const dir of (env.PATH ?? '').split(delimiter).filter((entry) => entry !== '')) {
    for (const extension of extensions) {
      const candidate = join(dir, name + extension);
      try {
        accessSync(candidate, constants.X_OK);
        return candidate;
      } catch {
        // not here
      }
    }
  }
  return null;
}

/** The version in `k6 version` output ("k6 v1.2.3 (commit/..., go1.24)"), or null. */
export function parseK6Version(output: string): [number, number, number] | null {
  const match = /\bv?(\d+)\.(\d+)\.(\d+)/.exec(output);
  return match === null ? null : [Number(match[1]), Number(match[2]), Number(match[3])];
}

/** True when `version` is at least 0.57.0. */
export function runsTypeScript(version: [number, number, number]): boolean {
  for (let index = 0; index < 3; index += 1) {
    const have = version[index] ?? 0;
    const need = MINIMUM_K6[index] ?? 0;
    if (have !== need) return have > need;
  }
  return true;
}

/** The k6 command line and environment for a script. */
export function k6Invocation(
  script: ScriptName,
  extraArgs: string[],
  env: NodeJS.ProcessEnv,
): { args: string[]; env: NodeJS.ProcessEnv; reportDir: string } {
  const reportDir = (env.REPORT_DIR ?? LOAD_DEFAULTS.reportDir).replace(/\/+$/, '');
  return {
    reportDir,
    args: ['run', `--out=json=${reportDir}/${script}.ndjson`, ...extraArgs, `load/${script}.ts`],
    env: {
      ...env,
      REPORT_DIR: reportDir,
      K6_WEB_DASHBOARD: env.K6_WEB_DASHBOARD ?? 'true',
      K6_WEB_DASHBOARD_EXPORT: env.K6_WEB_DASHBOARD_EXPORT ?? `${reportDir}/${script}-dashboard.html`,
    },
  };
}

/** Runs the command; resolves to the exit code. Messages go to stderr, never with the key. */
export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const [name, ...extraArgs] = argv;
  if (name === '--help' || name === '-h') {
    console.log(`npm run load:<${SCRIPTS.join('|')}> [-- <k6 run flags>]; npm run load:smoke -- --help for more.`);
    return 0;
  }
  const script = SCRIPTS.find((candidate) => candidate === name);
  if (script === undefined) {
    console.error(
      `Unknown load script "${name ?? ''}"; expected one of ${SCRIPTS.join(', ')} (npm run load:smoke, ...).`,
    );
    return 2;
  }
  // Ours when it comes before anything meant for k6; `-- --help` after a k6 flag is k6's.
  if (extraArgs[0] === '--help' || extraArgs[0] === '-h') {
    console.log(loadHelp(script));
    return 0;
  }
  const k6 = findExecutable('k6', env);
  if (k6 === null) {
    console.error(howToGetK6(script));
    return 127;
  }
  const version = parseK6Version(spawnSync(k6, ['version'], { encoding: 'utf8', env }).stdout ?? '');
  if (version !== null && !runsTypeScript(version)) {
    console.error(
      `${k6} is k6 v${version.join('.')}; the scripts are TypeScript and need k6 0.57 or newer. ${howToGetK6(script)}`,
    );
    return 127;
  }
  if (env.API_KEY === undefined || env.API_KEY === '') {
    console.error(`API_KEY is not set. Against the mock (npm run mock): API_KEY=mock-api-key npm run load:${script}`);
    return 2;
  }
  const invocation = k6Invocation(script, extraArgs, env);
  mkdirSync(resolve(invocation.reportDir), { recursive: true });
  console.error(`k6 ${invocation.args.join(' ')}  (reports in ${invocation.reportDir}/)`);
  const child = spawn(k6, invocation.args, { env: invocation.env, stdio: 'inherit' });
  return new Promise((done) => child.on('exit', (code, signal) => done(code ?? (signal === null ? 1 : 128))));
}

runWhenStarted(import.meta.url, main);

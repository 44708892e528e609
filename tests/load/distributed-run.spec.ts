// The distributed procedure of docs/load.md and load/k8s/testrun.yaml, played through: the same
// commands in both places, flags k6 archive really has (internal/cmd/archive.go, v0.57.0 to
// v2.2.0), the settings in the archive and only the key and report folder in the runner, and a
// runner that, seeing the archive's options with its own environment, runs what the docs describe.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from '@playwright/test';
import { parse } from 'yaml';
import { test } from '../support/base-test.ts';
import { k6stub } from './stubs/state.ts';
import { FAKE_KEY, installFakeApi } from './support/fake-api.ts';
import { loadScript, runSetup } from './support/k6-harness.ts';
import { ROOT } from './support/k6-transform.ts';

const read = (path: string): string => readFileSync(join(ROOT, path), 'utf8');

/** Shell commands of a block, continuation lines joined. */
function commands(lines: string[]): string[] {
  return lines
    .join('\n')
    .replace(/\\\n\s*/g, '')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

const fromManifest = (): string[] => {
  const header = read('load/k8s/testrun.yaml').split('\n');
  const start = header.findIndex((line) => line.startsWith('#   k6 archive'));
  const end = header.findIndex((line, index) => index > start && line.trim() === '#');
  return commands(header.slice(start, end).map((line) => line.replace(/^#/, '')));
};

const fromDocs = (): string[] => {
  const doc = read('docs/load.md');
  const section = doc.slice(doc.indexOf('## Distributed runs'));
  const block = /```bash\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
  return commands(block.split('\n'));
};

// `k6 archive` flags: its own (-O/--archive-out, --exclude-env-vars) and the runtime and option flags
// it shares with `k6 run` that the procedure may use. It has no --output and no --out.
const ARCHIVE_FLAGS = new Set([
  '-O',
  '--archive-out',
  '--exclude-env-vars',
  '-e',
  '--env',
  '--include-system-env-vars',
]);

interface Manifest {
  spec: {
    script: { configMap: { name: string; file: string } };
    runner: {
      image: string;
      env: Array<{ name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }>;
    };
  };
}
const manifest = (): Manifest => parse(read('load/k8s/testrun.yaml')) as Manifest;

function archiveCommand(): { flags: string[]; env: Record<string, string>; out: string; script: string } {
  const line = fromDocs().find((command) => command.startsWith('k6 archive ')) ?? '';
  const words = line.split(/\s+/).slice(2);
  const flags: string[] = [];
  const env: Record<string, string> = {};
  let out = 'archive.tar';
  let script = '';
  for (let index = 0; index < words.length; index += 1) {
    const word = words[index] ?? '';
    if (!word.startsWith('-')) {
      script = word;
      continue;
    }
    flags.push(word);
    const value = words[index + 1] ?? '';
    if (word === '-e' || word === '--env') {
      const [name, ...rest] = value.split('=');
      env[name ?? ''] = rest.join('=');
      index += 1;
    } else if (word === '-O' || word === '--archive-out') {
      out = value;
      index += 1;
    }
  }
  return { flags, env, out, script };
}

test('docs/load.md and the TestRun header give the same commands', () => {
  expect(fromDocs().length).toBeGreaterThanOrEqual(4);
  expect(fromManifest()).toEqual(fromDocs());
});

test('k6 archive is called with flags it has, writes the file the TestRun mounts, and embeds no key', () => {
  const archive = archiveCommand();
  expect(archive.flags.filter((flag) => !ARCHIVE_FLAGS.has(flag))).toEqual([]);
  expect(archive.flags).not.toContain('--include-system-env-vars');
  expect(archive.out).toBe(manifest().spec.script.configMap.file);
  expect(archive.script).toBe('load/latency.ts');
  expect(Object.keys(archive.env)).not.toContain('API_KEY');
  const host = /^https?:\/\/([^/:]+)/.exec(archive.env.BASE_URL ?? '')?.[1];
  expect(archive.env.LOAD_CONFIRM_TARGET).toBe(host);
  expect(archive.env).toMatchObject({ LATENCY_RPM: '30', LATENCY_DURATION: '5m' });
});

test('the kubectl commands create the ConfigMap and the Secret the TestRun reads', () => {
  const run = manifest();
  const all = fromDocs().join('\n');
  expect(all).toContain(
    `kubectl create configmap ${run.spec.script.configMap.name} --from-file=${run.spec.script.configMap.file}`,
  );
  const key = run.spec.runner.env.find((entry) => entry.name === 'API_KEY')?.valueFrom?.secretKeyRef;
  expect(all).toContain(`kubectl create secret generic ${key?.name} --from-literal=${key?.key}="$API_KEY"`);
  expect(all).toContain('read -rs API_KEY');
});

test('the runner gets only the key, the report folder (and a cloud stack): settings that shape the load are in the archive', () => {
  const names = manifest().spec.runner.env.map((entry) => entry.name);
  expect(names.filter((name) => !['API_KEY', 'REPORT_DIR', 'K6_CLOUD_STACK_ID'].includes(name))).toEqual([]);
  expect(manifest().spec.runner.image).toMatch(/^grafana\/k6:\d+\.\d+\.\d+$/);
});

test('a runner of the archive runs the documented load, and one given LATENCY_DURATION of its own stops in setup()', async () => {
  const archive = archiveCommand();
  // k6 archive: the script's options, evaluated with the -e variables, are frozen in the archive.
  const frozen = (await loadScript('latency.ts', archive.env)).options;
  expect(frozen.scenarios.latency).toMatchObject({ rate: 30, duration: '300s', maxVUs: 10 });
  // k6 run latency.tar: __ENV is the archive's env with the runner's on top (bundle.go), options stay frozen.
  // The fake API answers at the root path: only the base URL is swapped for it.
  const runnerEnv = {
    ...Object.fromEntries(manifest().spec.runner.env.map((entry) => [entry.name, entry.value ?? FAKE_KEY])),
    BASE_URL: 'http://127.0.0.1:4010',
  };
  const runner = await loadScript('latency.ts', { ...archive.env, ...runnerEnv });
  installFakeApi();
  k6stub.testOptions = JSON.parse(JSON.stringify(frozen)) as Record<string, unknown>;
  expect(runSetup(runner).aborted).toBeNull();

  const stray = await loadScript('latency.ts', { ...archive.env, ...runnerEnv, LATENCY_DURATION: '10m' });
  installFakeApi();
  k6stub.testOptions = JSON.parse(JSON.stringify(frozen)) as Record<string, unknown>;
  expect(runSetup(stray).aborted).toContain('latency.duration 300s (this environment asks for 600s)');
});

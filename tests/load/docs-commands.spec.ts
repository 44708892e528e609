// The commands users copy from docs/load.md, the README and the scripts' header comments: the
// mistakes issue 9 found must not come back (a flag k6 archive lacks, a Docker run that cannot
// write reports/load, a k6 run before the folder exists, an unpinned image, a renamed metric).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from '@playwright/test';
import { test } from '../support/base-test.ts';
import { ROOT, SCRIPTS } from './support/k6-transform.ts';

const read = (path: string): string => readFileSync(join(ROOT, path), 'utf8');
const docs = (): string => `${read('docs/load.md')}\n${read('README.md')}\n${read('load/k8s/testrun.yaml')}`;
/** Shell lines of the fenced bash blocks, continuation lines joined. */
const shellLines = (markdown: string): string[] =>
  [...markdown.matchAll(/```(?:bash|sh)\n([\s\S]*?)```/g)].flatMap((block) =>
    (block[1] ?? '')
      .replace(/\\\n\s*/g, '')
      .split('\n')
      .map((line) => line.trim()),
  );

test('every docker run of grafana/k6 runs as the host user, on a pinned image, after reports/load exists', () => {
  const doc = read('docs/load.md');
  const lines = shellLines(doc);
  const docker = lines.filter((line) => line.startsWith('docker run') && line.includes('grafana/k6'));
  expect(docker.length).toBeGreaterThan(0);
  for (const line of docker) {
    expect(line).toContain('-u "$(id -u):$(id -g)"');
    expect(line).toMatch(/grafana\/k6:\d+\.\d+\.\d+ /);
    expect(lines.indexOf('mkdir -p reports/load')).toBeGreaterThanOrEqual(0);
    expect(lines.indexOf('mkdir -p reports/load')).toBeLessThan(lines.indexOf(line));
  }
});

test("each script's header command creates reports/load before k6 runs", () => {
  for (const script of SCRIPTS) {
    const header = read(`load/${script}`)
      .split('\n')
      .filter((line) => line.startsWith('//') && line.includes(' k6 run '));
    expect(header, script).toHaveLength(1);
    expect(header[0], script).toMatch(/^\/\/ {3}mkdir -p reports\/load && /);
  }
});

test('no document names a flag k6 archive lacks, a metric that is gone, or an unpinned k6', () => {
  const text = docs();
  const archives = shellLines(read('docs/load.md')).filter((line) => line.startsWith('k6 archive'));
  expect(archives.length).toBeGreaterThan(0);
  for (const line of archives) {
    expect(line).toMatch(/ (-O|--archive-out) \S+\.tar /);
    expect(line).not.toContain('--output');
  }
  expect(text).not.toContain('stream_first_chunk');
  expect(text).not.toContain('STREAM_FIRST_CHUNK_P95_MS`, `STREAM_TOTAL');
  expect(text).not.toMatch(/grafana\/k6:latest/);
});

// The generated tests' settings: the CI seed policy, the live budgets and the timeout they imply,
// the example database, and the open points read from a body.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from '@playwright/test';
import { targetName } from '../../contracts/lib/target-name.ts';
import { ExampleDb } from '../../contracts/stateful/example-db.ts';
import { openBodyPoints } from '../../contracts/stateful/open-body-points.ts';
import { CI_SEED, seedPolicy } from '../../contracts/stateful/seed-policy.ts';
import { generatedSettings, LIVE_DEFAULTS } from '../../contracts/stateful/settings.ts';
import { test } from '../support/base-test.ts';

test.describe('the seed policy', () => {
  const cases: Array<[string, { env: Record<string, string>; want: { source: string; seed?: number } }]> = [
    ['CI without a seed: the fixed CI seed', { env: { CI: 'true' }, want: { source: 'ci', seed: CI_SEED } }],
    ['CI with FUZZ_EXPLORE=1: a drawn seed', { env: { CI: 'true', FUZZ_EXPLORE: '1' }, want: { source: 'drawn' } }],
    ['CI with FUZZ_SEED: that seed', { env: { CI: 'true', FUZZ_SEED: '42' }, want: { source: 'FUZZ_SEED', seed: 42 } }],
    ['CI=false: a drawn seed', { env: { CI: 'false' }, want: { source: 'drawn' } }],
    ['a developer machine: a drawn seed', { env: {}, want: { source: 'drawn' } }],
    ['FUZZ_SEED anywhere: that seed', { env: { FUZZ_SEED: '-7' }, want: { source: 'FUZZ_SEED', seed: -7 } }],
  ];
  for (const [name, { env, want }] of cases) {
    test(name, () => {
      const choice = seedPolicy(env);
      expect(choice.source).toBe(want.source);
      if (want.seed !== undefined) expect(choice.seed).toBe(want.seed);
      expect(Number.isSafeInteger(choice.seed)).toBe(true);
    });
  }

  test('a bad seed says what was expected', () => {
    expect(() => seedPolicy({ FUZZ_SEED: 'abc' })).toThrow('Expected FUZZ_SEED to be a 32-bit integer');
  });
});

test.describe('budgets', () => {
  test('live defaults leave room for cleanup and the report inside the test timeout', () => {
    const live = generatedSettings({}, { live: true });
    expect(live).toMatchObject({
      maxRequests: LIVE_DEFAULTS.maxRequests,
      maxRunCalls: LIVE_DEFAULTS.maxRunCalls,
      maxSeconds: LIVE_DEFAULTS.maxSeconds,
    });
    expect(live.testTimeoutMs).toBeGreaterThanOrEqual(live.maxSeconds * 1_000 + 30_000);
    expect(live.testTimeoutMs).toBeLessThanOrEqual(240_000);
    const mock = generatedSettings({}, { live: false });
    expect(mock.maxRequests).toBe(Number.MAX_SAFE_INTEGER);
  });

  test('FUZZ_MAX_REQUESTS and FUZZ_MAX_SECONDS are whole numbers, and say so', () => {
    expect(generatedSettings({ FUZZ_MAX_REQUESTS: '50', FUZZ_MAX_SECONDS: '20' }, { live: true })).toMatchObject({
      maxRequests: 50,
      maxSeconds: 20,
    });
    expect(() => generatedSettings({ FUZZ_MAX_REQUESTS: '2.5' }, { live: true })).toThrow(
      'Expected FUZZ_MAX_REQUESTS to be a whole number, 10 or more. Got "2.5". Unset it to use 400.',
    );
    expect(() => generatedSettings({ FUZZ_MAX_SECONDS: '0' }, { live: true })).toThrow('FUZZ_MAX_SECONDS');
  });

  test('the example database sits under REPORT_DIR unless FUZZ_EXAMPLES moves it or turns it off', () => {
    expect(generatedSettings({ REPORT_DIR: '/tmp/r' }, { live: false }).examples).toBe(
      '/tmp/r/generated-examples.json',
    );
    expect(generatedSettings({ FUZZ_EXAMPLES: '/x/db.json' }, { live: false }).examples).toBe('/x/db.json');
    expect(generatedSettings({ FUZZ_EXAMPLES: 'off' }, { live: false }).examples).toBeUndefined();
  });
});

test.describe('the example database', () => {
  test('keeps seed, path and check per target, never a key or a body, and drops what passes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'examples-'));
    try {
      const db = new ExampleDb(join(dir, 'sub', 'db.json'));
      const where = targetName({ live: true, baseURL: 'https://api.example/agents' });
      expect(where).toBe('https://api.example/agents');
      const example = {
        target: where,
        seed: 5,
        path: '3:1~a:b',
        check: 'rule-mismatch' as const,
        commands: 'create-thread(body=valid)',
        foundAt: '2026-12-05T00:00:00.000Z',
      };
      db.add(example);
      db.add(example);
      db.add({ ...example, target: 'mock' });
      expect(db.examplesFor(where)).toEqual([example]);
      expect(db.examplesFor('mock')).toHaveLength(1);
      db.remove(example);
      expect(db.examplesFor(where)).toEqual([]);
      expect(JSON.parse(readFileSync(join(dir, 'sub', 'db.json'), 'utf8')).examples).toHaveLength(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  /** What the code under test writes to standard error, kept instead of printed; restored by the returned function. */
  function keepStderr(): { said: string[]; restore: () => void } {
    const write = process.stderr.write.bind(process.stderr);
    const said: string[] = [];
    process.stderr.write = ((chunk: string | Uint8Array) => {
      said.push(String(chunk));
      return true;
    }) as typeof process.stderr.write;
    return { said, restore: () => void (process.stderr.write = write) };
  }

  test('a damaged file is reported once and replaced, not a crash', () => {
    const dir = mkdtempSync(join(tmpdir(), 'examples-'));
    const { said, restore } = keepStderr();
    try {
      const file = join(dir, 'db.json');
      writeFileSync(file, '{not json');
      const db = new ExampleDb(file);
      expect(db.examplesFor('mock')).toEqual([]);
      db.add({ target: 'mock', seed: 1, path: '0', check: 'server-error', commands: '', foundAt: '' });
      expect(db.examplesFor('mock')).toHaveLength(1);
      expect(said).toEqual([
        `agents-api-suite: the example database ${file} is not JSON; it is ignored and rewritten.\n`,
      ]);
    } finally {
      restore();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a path it cannot write is reported with what to do, and the run goes on to its report', () => {
    const dir = mkdtempSync(join(tmpdir(), 'examples-'));
    const { said, restore } = keepStderr();
    try {
      // A regular file where the database's directory should be: mkdir answers EEXIST.
      writeFileSync(join(dir, 'blocker'), '');
      const db = new ExampleDb(join(dir, 'blocker', 'db.json'));
      expect(() =>
        db.add({ target: 'mock', seed: 1, path: '0', check: 'server-error', commands: '', foundAt: '' }),
      ).not.toThrow();
      expect(said.join('')).toContain(
        `could not write the example database ${join(dir, 'blocker', 'db.json')} (EEXIST)`,
      );
      expect(said.join('')).toContain('Set FUZZ_EXAMPLES to a writable file, or FUZZ_EXAMPLES=off.');
      expect(db.examplesFor('mock')).toEqual([]);
    } finally {
      restore();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

test.describe('open points of a body', () => {
  const cases: Array<[string, { op: 'createMessage' | 'createRun' | 'createThread'; body: unknown; want: string[] }]> =
    [
      ['a plain message', { op: 'createMessage', body: { role: 'user', content: 'Frage' }, want: [] }],
      [
        'a property the contract does not name',
        { op: 'createMessage', body: { role: 'user', content: 'q', x_extra: 1 }, want: ['unnamed-property@x_extra'] },
      ],
      [
        'a property inside a tool call',
        {
          op: 'createMessage',
          body: {
            role: 'assistant',
            content: 'a',
            tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: '{}', x: 1 } }],
          },
          want: ['unnamed-property@tool_calls.0.function.x'],
        },
      ],
      [
        'an empty tool_calls list',
        {
          op: 'createMessage',
          body: { role: 'assistant', content: 'a', tool_calls: [] },
          want: ['empty-list@tool_calls'],
        },
      ],
      [
        'U+0000 in content',
        { op: 'createMessage', body: { role: 'user', content: 'a\u0000b' }, want: ['nul-character@content'] },
      ],
      [
        'fields meta_data does not name (it "currently supports" user_data.licence; a strict API may refuse others)',
        {
          op: 'createRun',
          body: { meta_data: { user_data: { licence: 'L', branch: 'x' }, tenant_ref: [] } },
          want: ['unnamed-property@meta_data.user_data.branch', 'unnamed-property@meta_data.tenant_ref'],
        },
      ],
      [
        'two tools of one name',
        {
          op: 'createRun',
          body: {
            tools: [
              { type: 'function', function: { name: 'f' } },
              { type: 'function', function: { name: 'g' } },
              { type: 'function', function: { name: 'f' } },
            ],
          },
          want: ['tool-name-duplicate@tools.2.function.name'],
        },
      ],
      [
        'a lone surrogate outside message content (in content it is a documented rule)',
        {
          op: 'createMessage',
          body: { role: 'tool', content: 'a\ud800', tool_call_id: 'c\udfff' },
          want: ['broken-unicode@tool_call_id'],
        },
      ],
      [
        "a tool's parameters: a JSON Schema, whose keys are all free",
        {
          op: 'createRun',
          body: { tools: [{ type: 'function', function: { name: 'f', parameters: { type: 'object', x: [] } } }] },
          want: [],
        },
      ],
      [
        'a licence that is a number (the docs give it no type)',
        {
          op: 'createRun',
          body: { meta_data: { user_data: { licence: 42 } } },
          want: ['field-type-open@meta_data.user_data.licence'],
        },
      ],
      [
        'a meta_data that is a list is no open point (the docs show an object)',
        { op: 'createRun', body: { meta_data: ['licence'] }, want: [] },
      ],
      [
        'tool names outside the Chat Completions pattern (the docs give none)',
        {
          op: 'createRun',
          body: {
            tools: [
              { type: 'function', function: { name: 'suche im gesetz' } },
              { type: 'function', function: { name: 'lookup_2-b' } },
            ],
            tool_choice: { type: 'function', function: { name: 'x'.repeat(65) } },
          },
          want: ['tool-name-pattern@tools.0.function.name', 'tool-name-pattern@tool_choice.function.name'],
        },
      ],
      ['an empty tools list', { op: 'createRun', body: { tools: [] }, want: ['empty-list@tools'] }],
      [
        'a property of a tool_choice object',
        {
          op: 'createRun',
          body: { tool_choice: { type: 'function', function: { name: 'f' }, y: 1 } },
          want: ['unnamed-property@tool_choice.y'],
        },
      ],
      [
        'a title with U+0000',
        {
          op: 'createThread',
          body: { assistant_id: '00000000-0000-4000-8000-000000000000', title: '\u0000' },
          want: ['nul-character@title'],
        },
      ],
    ];
  for (const [name, { op, body, want }] of cases) {
    test(name, () => {
      expect(openBodyPoints(op, body).map((p) => `${p.rule}@${(p.field ?? []).join('.')}`)).toEqual(want);
    });
  }
});

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from '@playwright/test';
import type { components } from '../../contracts/generated/api.ts';
import { DEFAULT_CONFIG_URL, MockConfigError } from '../../contracts/mock/config/mock-config.ts';
import { resolveOptions } from '../../contracts/mock/options.ts';
import { test } from '../support/base-test.ts';
import { call, DEFAULTS } from './helpers/mock-client.ts';
import { startMock } from './helpers/start-mock.ts';

type Assistant = components['schemas']['Assistant'];

const defaults = JSON.parse(readFileSync(DEFAULT_CONFIG_URL, 'utf8')) as {
  tenants: Array<{ id: string; keys: string[]; assistants: Assistant[] }>;
};
const assistant = defaults.tenants[0]?.assistants[0] as Assistant;

test('the default config has the keys and fixed assistant ids that docs and tests name', () => {
  const [main, other] = defaults.tenants;
  expect([main?.id, main?.keys, other?.id, other?.keys]).toEqual([
    'tenant-main',
    [DEFAULTS.key],
    'tenant-other',
    [DEFAULTS.otherTenantKey],
  ]);
  expect(main?.assistants.map((a) => [a.id, a.streaming, a.request_required_fields])).toEqual([
    [DEFAULTS.streamingAssistant, true, {}],
    [DEFAULTS.licenceAssistant, false, { __root__: ['user_data'], user_data: ['licence'] }],
  ]);
  // The other tenant has an assistant of its own, none of the main tenant's: tenant-isolation tests
  // need it to name our thread as a chat completion's context with an assistant it may use.
  expect(other?.assistants.map((a) => [a.id, a.streaming])).toEqual([[DEFAULTS.otherTenantAssistant, true]]);
  expect(other?.assistants.some((a) => main?.assistants.some((m) => m.id === a.id))).toBe(false);
});

const broken: Array<[string, { given: unknown; want: RegExp }]> = [
  ['no tenants', { given: { tenants: [] }, want: /tenants: expected a non-empty list/ }],
  [
    'a tenant without keys',
    {
      given: { tenants: [{ id: 't', keys: [], assistants: [] }] },
      want: /tenants\[0\]\.keys: expected a non-empty list/,
    },
  ],
  [
    'two tenants with one key',
    {
      given: {
        tenants: [
          { id: 'a', keys: ['k'], assistants: [] },
          { id: 'b', keys: ['k'], assistants: [] },
        ],
      },
      want: /tenants\[1\]\.keys: expected keys that no other tenant uses/,
    },
  ],
  [
    'an assistant the contract refuses',
    {
      given: { tenants: [{ id: 't', keys: ['k'], assistants: [{ ...assistant, id: 'not-a-uuid' }] }] },
      want: /tenants\[0\]\.assistants\[0\]\/id: expected an Assistant as contracts\/openapi.yaml defines it/,
    },
  ],
  [
    'a meta_data schema the mock cannot satisfy',
    {
      given: {
        tenants: [
          { id: 't', keys: ['k'], assistants: [{ ...assistant, meta_data_response_schema: { type: 'string' } }] },
        ],
      },
      want: /assistants\[0\]\.meta_data_response_schema: .*describe an object/,
    },
  ],
  [
    'an unknown budget',
    {
      given: { tenants: defaults.tenants, rateLimit: { chat: { perSecond: 1 } } },
      want: /rateLimit.chat: expected only the budgets/,
    },
  ],
  [
    'a limit of zero',
    {
      given: { tenants: defaults.tenants, rateLimit: { answers: { perSecond: 0 } } },
      want: /rateLimit.answers.perSecond: expected a whole number of calls, 1 or more. Got 0/,
    },
  ],
];
for (const [name, { given, want }] of broken) {
  test(`refuses a config with ${name}, saying where and what to do`, () => {
    expect(() => resolveOptions({ config: given as never })).toThrow(MockConfigError);
    expect(() => resolveOptions({ config: given as never })).toThrow(want);
    expect(() => resolveOptions({ config: given as never })).toThrow(/omit --config to use the default|Fix/);
  });
}

test('refuses a file it cannot read or parse, naming the file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mock-config-'));
  try {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{ tenants: ');
    expect(() => resolveOptions({ config: join(dir, 'missing.json') })).toThrow(
      /missing.json: cannot read it \(ENOENT\)/,
    );
    expect(() => resolveOptions({ config: bad })).toThrow(/bad.json: expected JSON/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('takes tenants and rate limits from a config file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mock-config-'));
  const file = join(dir, 'config.json');
  writeFileSync(
    file,
    JSON.stringify({
      tenants: [{ id: 'solo', keys: ['solo-key'], assistants: [assistant] }],
      rateLimit: { other: { perSecond: 1 } },
    }),
  );
  const mock = await startMock({ config: file });
  try {
    const listed = await call(mock.url, 'GET', '/v1/assistants', { key: 'solo-key' });
    expect(listed.json<Assistant[]>().map((a) => a.id)).toEqual([assistant.id]);
    expect(
      (await call(mock.url, 'GET', '/v1/assistants', { key: 'solo-key' })).status,
      'perSecond 1 from the file',
    ).toBe(429);
    expect((await call(mock.url, 'GET', '/v1/assistants')).status, 'the default key is not in this config').toBe(401);
  } finally {
    await mock.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

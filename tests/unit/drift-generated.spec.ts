// The generated sequences of a drift run: planned once with assistants named by drift labels, so
// two sides with different assistants get the same steps, and every thread they create is deleted.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from '@playwright/test';
import { MOCK_KEYS, targetFromEnv } from '../../contracts/client/target.ts';
import { main } from '../../contracts/drift/cli.ts';
import type { DriftReport } from '../../contracts/drift/drift-report.ts';
import { DriftStepRunner } from '../../contracts/drift/drift-step-runner.ts';
import { planningAssistants } from '../../contracts/drift/generated-sequences.ts';
import { DEFAULT_CONFIG_URL, loadConfigFile, type MockConfig } from '../../contracts/mock/config/mock-config.ts';
import { test } from '../support/base-test.ts';
import { startMock } from './helpers/start-mock.ts';

const ENV = {
  API_KEY: MOCK_KEYS.main,
  API_KEY_OTHER_TENANT: MOCK_KEYS.otherTenant,
  LIVE_MAX_RPS: '1000',
  LIVE_MAX_RPM: '100000',
};

/** The default config with new assistant ids, listed in the other order: the same behaviour under other names. */
function renamedAssistants(): MockConfig {
  const config = structuredClone(loadConfigFile(DEFAULT_CONFIG_URL));
  for (const tenant of config.tenants)
    tenant.assistants = tenant.assistants.map((a) => ({ ...a, id: randomUUID() })).reverse();
  return config;
}

test('a mock whose assistants have other ids, in another order: the generated sequences show no divergence, and every thread is deleted for both tenants', async () => {
  const mock = await startMock({ rateLimit: false, config: renamedAssistants() });
  const reports = mkdtempSync(join(tmpdir(), 'drift-generated-'));
  try {
    const progress: string[] = [];
    const code = await main(['--base-url', mock.url, '--sequences', '20'], { ...ENV, REPORT_DIR: reports }, undefined, {
      out: () => undefined,
      err: (line) => progress.push(line),
    });
    expect(progress.at(-1)).toMatch(/^ {2}\[\d+\/\d+\] generated sequence 20 of seed 1: \d+ steps, alike$/);
    const report = JSON.parse(readFileSync(join(reports, 'drift.json'), 'utf8')) as DriftReport;
    expect(report.divergences).toEqual([]);
    expect(code).toBe(0);
    const generated = report.scenarios.filter((s) => s.source === 'generated');
    expect(generated).toHaveLength(20);
    expect(generated.filter((s) => s.skipped)).toEqual([]);
    expect(report.notes).toEqual([]);
    for (const key of [MOCK_KEYS.main, MOCK_KEYS.otherTenant]) {
      const threads = await fetch(`${mock.url}/v1/threads`, { headers: { 'api-key': key } });
      expect(((await threads.json()) as { items: unknown[] }).items).toEqual([]);
    }
  } finally {
    rmSync(reports, { recursive: true, force: true });
    await mock.close();
  }
});

test('plans with the assistant labels both sides know, each requiring what either side requires', () => {
  const mockTarget = targetFromEnv({ MOCK_PORT: '1' });
  const side = (assistants: Array<{ streaming: boolean; request_required_fields: Record<string, string[]> }>) =>
    new DriftStepRunner({
      name: 'side',
      target: mockTarget,
      assistants: assistants.map((a) => ({ ...a, id: randomUUID(), name: 'a', meta_data_response_schema: {} })),
    });
  const both = side([
    { streaming: true, request_required_fields: { __root__: ['user_data'], user_data: ['licence'] } },
    { streaming: false, request_required_fields: {} },
  ]);
  const other = side([
    { streaming: false, request_required_fields: { __root__: ['user_data'], user_data: ['tenant'] } },
    { streaming: true, request_required_fields: {} },
  ]);
  expect(planningAssistants([both, other])).toEqual([
    {
      id: '{{assistant:streaming}}',
      streaming: true,
      request_required_fields: { __root__: ['user_data'], user_data: ['licence'] },
    },
    {
      id: '{{assistant:non-streaming}}',
      streaming: false,
      request_required_fields: { __root__: ['user_data'], user_data: ['tenant'] },
    },
  ]);
  const streamingOnly = side([{ streaming: true, request_required_fields: {} }]);
  expect(planningAssistants([both, streamingOnly]).map((a) => a.id)).toEqual(['{{assistant:streaming}}']);
  const nonStreamingOnly = side([{ streaming: false, request_required_fields: {} }]);
  expect(planningAssistants([streamingOnly, nonStreamingOnly])).toEqual([
    { id: '{{assistant}}', streaming: false, request_required_fields: {} },
  ]);
});

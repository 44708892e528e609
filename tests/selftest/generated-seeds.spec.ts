// The generated tests raise no false alarm against a correct, independent implementation: 20
// different seeds against the reference server, in process (the nested live-mode runs show that
// each generated-* break is caught and named).
import { expect, test } from '@playwright/test';
import { runGenerated } from '../support/generated/run-generated.ts';
import { HttpStepRunner } from '../support/http-step-runner.ts';
import { targetFromEnv } from '../support/target.ts';
import { startReferenceServer } from './reference-server/index.ts';

test('the generated tests pass against the correct reference server for 20 different seeds', async () => {
  test.setTimeout(120_000);
  const server = await startReferenceServer();
  try {
    const target = targetFromEnv({
      BASE_URL: server.url,
      API_KEY: server.apiKey,
      API_KEY_OTHER_TENANT: server.otherTenantApiKey,
      LIVE_MAX_RPS: '1000',
      LIVE_MAX_RPM: '100000',
    });
    const assistants = (await (
      await fetch(`${server.url}/v1/assistants`, { headers: { 'api-key': server.apiKey } })
    ).json()) as Array<{ id: string; streaming: boolean; request_required_fields: Record<string, string[]> }>;
    const alarms: string[] = [];
    let steps = 0;
    for (let seed = 1; seed <= 20; seed++) {
      const result = await runGenerated({
        seed,
        numRuns: 20,
        maxCommands: 16,
        world: { assistants, otherTenant: true, runCallsLeft: Number.MAX_SAFE_INTEGER, planning: false },
        target: { runner: () => new HttpStepRunner(target), live: true, check: { strict: false, redactValues: true } },
      });
      steps += result.steps;
      if (result.error !== undefined) alarms.push(`seed ${seed}: ${String(result.error)}`);
      if (result.failure)
        alarms.push(`seed ${seed} path ${result.failure.path}: [${result.failure.check}] ${result.failure.message}`);
    }
    expect(alarms).toEqual([]);
    expect(steps, 'the seeds reached the server').toBeGreaterThan(1_000);
  } finally {
    await server.close();
  }
});

test('a failure shrinks, and its seed and path replay exactly that case', async () => {
  test.setTimeout(60_000);
  const server = await startReferenceServer({ breaks: ['generated-user-id-thread-run-error'] });
  try {
    const target = targetFromEnv({
      BASE_URL: server.url,
      API_KEY: server.apiKey,
      API_KEY_OTHER_TENANT: server.otherTenantApiKey,
      LIVE_MAX_RPS: '1000',
      LIVE_MAX_RPM: '100000',
    });
    const assistants = (await (
      await fetch(`${server.url}/v1/assistants`, { headers: { 'api-key': server.apiKey } })
    ).json()) as Array<{ id: string; streaming: boolean; request_required_fields: Record<string, string[]> }>;
    const options = (path?: string) => ({
      seed: 7,
      numRuns: 25,
      maxCommands: 14,
      ...(path ? { path } : {}),
      world: { assistants, otherTenant: true, runCallsLeft: 60, planning: false },
      target: { runner: () => new HttpStepRunner(target), live: true, check: { strict: false, redactValues: true } },
    });
    const found = await runGenerated(options());
    expect(found.failure?.check).toBe('server-error');
    const failure = found.failure;
    if (!failure) return;
    // Shrunk to the thread with a user_id, its question, and the run (plus the live retry).
    expect(failure.commands.split('), ').length).toBeLessThanOrEqual(4);
    expect(failure.log.at(-1)?.status).toBe(500);
    expect(failure.log.every((step) => step.curl.includes('$API_KEY') && !step.curl.includes(server.apiKey))).toBe(
      true,
    );
    const replayed = await runGenerated(options(failure.path));
    expect(replayed.sequences, 'the replay runs the one shrunk case').toBe(1);
    expect([replayed.failure?.check, replayed.failure?.commands]).toEqual([failure.check, failure.commands]);
  } finally {
    await server.close();
  }
});

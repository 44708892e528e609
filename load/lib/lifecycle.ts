// What setup() and teardown() do in every script: check the key and the target, pick the assistant,
// create the threads (with their first user message) and delete them again.
import { chooseAssistant } from './assistant.ts';
import type { Client } from './client.ts';
import { createClient } from './client.ts';
import type { LoadConfig } from './config.ts';
import { failSetup } from './setup-failure.ts';
import type { SetupData } from './threads.ts';
import { createThreads, deleteThreads } from './threads.ts';

/** A client for the configured target; stops setup when API_KEY is missing. */
export function clientFor(config: LoadConfig): Client {
  if (config.apiKey === undefined) {
    failSetup(
      'API_KEY is not set. For the mock: API_KEY=mock-api-key npm run load:smoke; ' +
        'for the live API export the tenant key from your secret store (CI: the AGENTS_API_KEY secret).',
    );
  }
  return createClient({ baseUrl: config.target.baseUrl, apiKey: config.apiKey, requestTimeout: config.requestTimeout });
}

/** setup(): the assistant and `threads` threads that each end on a user message. */
export function prepare(config: LoadConfig, script: string, needs: { threads: number; streaming: boolean }): SetupData {
  const client = clientFor(config);
  const assistant = chooseAssistant(client, config, { streaming: needs.streaming });
  // The title makes leftovers findable when a run is killed before teardown().
  const title = `agents-api-suite load ${script} ${new Date().toISOString()}`;
  if (needs.threads < 1) failSetup(`${script} needs at least one thread.`);
  const threads = createThreads(client, assistant.id, needs.threads, title);
  return { assistantId: assistant.id, metaData: config.runMetaData ?? null, threads, title };
}

/** teardown(): deletes the threads setup() created. */
export function cleanup(config: LoadConfig, data: SetupData | undefined): void {
  if (data === undefined || config.apiKey === undefined) return;
  const client = createClient({
    baseUrl: config.target.baseUrl,
    apiKey: config.apiKey,
    requestTimeout: config.requestTimeout,
  });
  const deleted = deleteThreads(client, data.threads);
  if (deleted < data.threads.length) {
    console.warn(
      `teardown: deleted ${deleted} of ${data.threads.length} threads; the rest carry the title "${data.title}".`,
    );
  }
}

// What setup() and teardown() do in every script: check the key and the target, pick the assistant,
// create the threads (with their first user message) and delete them again.
import { chooseAssistant } from './assistant.ts';
import type { Client } from './client.ts';
import { createClient } from './client.ts';
import type { LoadConfig } from './config.ts';
import { prepareFeedback } from './feedback.ts';
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

/**
 * setup(): the assistant and `threads` threads that each end on a user message; with `feedback`,
 * first a thread with one answered run for the feedback probe (first, so that its answer is out of
 * the one-second window before the load starts).
 */
export function prepare(
  config: LoadConfig,
  script: string,
  needs: { threads: number; streaming: boolean; feedback?: boolean },
): SetupData {
  const client = clientFor(config);
  const assistant = chooseAssistant(client, config, { streaming: needs.streaming });
  // The title makes leftovers findable when a run is killed before teardown().
  const title = `agents-api-suite load ${script} ${new Date().toISOString()}`;
  if (needs.threads < 1) failSetup(`${script} needs at least one thread.`);
  const metaData = config.runMetaData ?? null;
  const feedback = needs.feedback === true ? prepareFeedback(client, assistant.id, metaData, title) : undefined;
  // Should the pool fail, the feedback thread is removed with it.
  const threads = createThreads(client, assistant.id, needs.threads, title, feedback ? [feedback.threadId] : []);
  return { assistantId: assistant.id, metaData, threads, title, ...(feedback === undefined ? {} : { feedback }) };
}

/** teardown(): deletes the threads setup() created (the feedback thread too). */
export function cleanup(config: LoadConfig, data: SetupData | undefined): void {
  if (data === undefined || config.apiKey === undefined) return;
  const client = createClient({
    baseUrl: config.target.baseUrl,
    apiKey: config.apiKey,
    requestTimeout: config.requestTimeout,
  });
  const ids = data.feedback === undefined ? data.threads : [...data.threads, data.feedback.threadId];
  const deleted = deleteThreads(client, ids);
  if (deleted < ids.length) {
    console.warn(`teardown: deleted ${deleted} of ${ids.length} threads; the rest carry the title "${data.title}".`);
  }
}

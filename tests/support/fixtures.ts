import { expect } from '@playwright/test';
import { isSuccess } from '../../contracts/check/status-class.ts';
import { ApiClient, ContractViolationError } from '../../contracts/client/api-client.ts';
import { says, THREAD_GONE } from '../../contracts/client/clean-up-answers.ts';
import { primaryAssistant } from '../../contracts/client/primary-assistant.ts';
import { requiredMetaData, requires } from '../../contracts/client/run-meta-data.ts';
import { type Target, type TargetSettings, withKeys } from '../../contracts/client/target.ts';
import type { components } from '../../contracts/generated/api.ts';
import { test as base } from './base-test.ts';

type Assistant = components['schemas']['Assistant'];
type Thread = components['schemas']['Thread'];
type NewMessage = components['schemas']['CreateMessageRequest'];
type RunRequest = components['schemas']['RunRequest'];
type CreateThreadRequest = components['schemas']['CreateThreadRequest'];

/** The assistants of the target's tenant, with the roles the tests need. */
export interface AssistantCatalog {
  all: Assistant[];
  /** ASSISTANT_ID, else the first listed. */
  primary: Assistant;
  /** One that does not stream, when the tenant has one. */
  nonStreaming?: Assistant;
  /** One whose request_required_fields asks for user_data.licence, when the tenant has one. */
  requiringLicence?: Assistant;
}

/** Creates threads for a test and deletes them afterwards; never touches any other thread. */
export interface ThreadFactory {
  /** `fields` adds a title or user_id to the request (the default title names the suite). */
  create(assistant?: Assistant, fields?: Pick<CreateThreadRequest, 'title' | 'user_id'>): Promise<Thread>;
  /** A new thread holding these messages, in order. */
  withMessages(messages: NewMessage[], assistant?: Assistant): Promise<Thread>;
  /** A run body that satisfies the assistant's required request metadata, plus `extra`. */
  runBody(assistant?: Assistant, extra?: RunRequest): RunRequest;
}

async function loadCatalog(api: ApiClient, target: Target): Promise<AssistantCatalog> {
  const all = (await api.call('listAssistants')).json<Assistant[]>();
  const primary = primaryAssistant(all, target.assistantId);
  if (!primary.ok) throw new Error(primary.message);
  const out: AssistantCatalog = { all, primary: primary.assistant };
  const nonStreaming = all.find((a) => !a.streaming);
  const requiringLicence = all.find((a) => requires(a, 'user_data', 'licence'));
  if (nonStreaming) out.nonStreaming = nonStreaming;
  if (requiringLicence) out.requiringLicence = requiringLicence;
  return out;
}

/** Playwright's test with the contract fixtures: `target`, `api`, `assistants`, `threads`. */
export const test = base.extend<
  { api: ApiClient; threads: ThreadFactory; mockOnly: void },
  { targetSettings: TargetSettings; target: Target; assistants: AssistantCatalog }
>({
  // An option, set in playwright.config.ts's `use` from the environment (read once, in the runner),
  // without the keys: Playwright hands options to its workers and reporters never need them.
  targetSettings: [
    async ({}, _use) => {
      // Only a run without this project's config gets here: say so instead of testing nothing.
      throw new Error(
        'The contract fixtures need `use: { targetSettings }` from playwright.config.ts; run them with `npm run contract`.',
      );
    },
    { scope: 'worker', option: true, box: true },
  ],
  // The keys come from the worker's own environment, next to the settings of the run.
  target: [
    async ({ targetSettings }, use) => {
      await use(withKeys(targetSettings, process.env));
    },
    { scope: 'worker', box: true },
  ],
  // One listing per worker: assistants do not change during a run. Its answer is checked like
  // every other and recorded under "worker setup"; a failure fails the tests that need it.
  assistants: [
    async ({ target }, use, workerInfo) => {
      const scope = {
        config: workerInfo.config,
        titlePath: ['', 'worker setup: GET /v1/assistants'],
        attach: async () => {},
      };
      await use(await loadCatalog(new ApiClient(target, scope), target));
    },
    { scope: 'worker' },
  ],
  // Tests tagged @mock need the mock's fault injection or its deterministic answers.
  mockOnly: [
    async ({ target }, use, testInfo) => {
      testInfo.skip(
        testInfo.tags.includes('@mock') && !target.faults,
        'tagged @mock: needs Prefer fault injection or deterministic answers, which a live API does not offer',
      );
      await use();
    },
    { auto: true, box: true },
  ],
  api: async ({ target }, use, testInfo) => {
    const api = new ApiClient(target, testInfo);
    await use(api);
    if (testInfo.status !== testInfo.expectedStatus && api.curls.length > 0) {
      // Every call of a failed test, in order, to replay it (keys as $API_KEY).
      await testInfo.attach('requests (curl)', { body: `${api.curls.join('\n')}\n`, contentType: 'text/plain' });
    }
  },
  threads: async ({ api, assistants }, use) => {
    const created: string[] = [];
    const factory: ThreadFactory = {
      async create(assistant = assistants.primary, fields = {}) {
        try {
          const res = await api.call('createThread', {
            body: { assistant_id: assistant.id, title: 'agents-api-suite contract test', ...fields },
          });
          if (!isSuccess(res.status))
            throw new Error(`Expected a 2xx creating a thread. Got ${res.status}.\nReproduce: ${res.curl}`);
          const thread = res.json<Thread>();
          created.push(thread.id);
          return thread;
        } catch (error) {
          // A thread created with a non-conforming answer is still ours to delete.
          const id =
            error instanceof ContractViolationError ? (error.body as { id?: unknown } | undefined)?.id : undefined;
          if (typeof id === 'string') created.push(id);
          throw error;
        }
      },
      async withMessages(messages, assistant) {
        const thread = await factory.create(assistant);
        for (const message of messages) {
          const res = await api.call('createMessage', { path: { thread_id: thread.id }, body: message });
          expect(isSuccess(res.status), `creating a ${message.role} message: expected a 2xx. Got ${res.status}.`).toBe(
            true,
          );
        }
        return thread;
      },
      runBody(assistant = assistants.primary, extra = {}) {
        const meta = requiredMetaData(assistant);
        return meta === undefined ? extra : { meta_data: meta, ...extra };
      },
    };
    await use(factory);
    // Every thread is deleted even when one delete fails; the failures are reported together. A
    // thread the test deleted itself is refused with a code that says so (either reading of the pages).
    const failures: string[] = [];
    for (const id of created) {
      try {
        const res = await api.call('deleteThread', { path: { thread_id: id } });
        if (!isSuccess(res.status) && !says(res.status, res.errorCode, THREAD_GONE))
          failures.push(`thread ${id}: ${res.status}${res.errorCode ? ` ${res.errorCode}` : ''}`);
      } catch (error) {
        failures.push(`thread ${id}: ${(error as Error).message}`);
      }
    }
    expect(failures, 'deleting the threads this test created').toEqual([]);
  },
});

export { expect };

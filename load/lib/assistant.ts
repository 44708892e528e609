// Chooses the assistant a run uses, from GET /v1/assistants. It is also setup()'s first call, so it
// is where a wrong key, a wrong URL or a missing licence shows up, each with its fix.
import { missingRequiredFields as missingMetaData } from '../contracts/request-meta-data.ts';
import type { Client } from './client.ts';
import { sendPatiently } from './client.ts';
import type { LoadConfig } from './config.ts';
import { failSetup } from './setup-failure.ts';

/** The fields of an assistant the scripts use. */
export interface Assistant {
  id: string;
  name: string;
  streaming: boolean;
  request_required_fields: Record<string, string[]>;
}

function readAssistants(client: Client, config: LoadConfig): Assistant[] {
  const res = sendPatiently(client, { op: 'listAssistants' });
  const where = config.target.baseUrl;
  if (res.status === 0) {
    failSetup(
      `cannot reach ${where} (${res.error}). Start the mock with \`npm run mock\`, or set BASE_URL to the API.`,
    );
  }
  if (res.status === 401) {
    failSetup(
      `${where} refused the key (401 unauthorized). Check API_KEY: the mock takes API_KEY=mock-api-key; ` +
        `the live API takes the tenant key from your secret store.`,
    );
  }
  if (res.status !== 200)
    failSetup(`GET /v1/assistants at ${where} answered ${res.status}, expected 200. Is BASE_URL the agents API?`);
  const list = JSON.parse(res.body ?? '[]') as Assistant[];
  if (!Array.isArray(list) || list.length === 0)
    failSetup(`the key has no assistants at ${where}; use a key of a tenant with assistants.`);
  return list;
}

/** Picks ASSISTANT_ID, or the first assistant that fits the script and the given RUN_META_DATA. */
export function chooseAssistant(client: Client, config: LoadConfig, needs: { streaming: boolean }): Assistant {
  const list = readAssistants(client, config);
  const fits = (assistant: Assistant): boolean =>
    (!needs.streaming || assistant.streaming) &&
    missingMetaData(assistant.request_required_fields ?? {}, config.runMetaData).length === 0;
  const chosen =
    config.assistantId === undefined ? list.find(fits) : list.find((assistant) => assistant.id === config.assistantId);
  if (chosen === undefined && config.assistantId !== undefined) {
    failSetup(
      `ASSISTANT_ID ${config.assistantId} is not among this key's assistants (${list.map((a) => a.id).join(', ')}).`,
    );
  }
  if (chosen === undefined) {
    failSetup(
      needs.streaming
        ? 'no streaming assistant fits: set ASSISTANT_ID to an assistant with streaming: true (and RUN_META_DATA if it requires fields).'
        : 'every assistant requires request metadata: set RUN_META_DATA, e.g. RUN_META_DATA=\'{"user_data":{"licence":"..."}}\'.',
    );
  }
  if (needs.streaming && !chosen.streaming) {
    failSetup(
      `assistant ${chosen.id} (${chosen.name}) does not stream; run/stream needs an assistant with streaming: true.`,
    );
  }
  const missing = missingMetaData(chosen.request_required_fields ?? {}, config.runMetaData);
  if (missing.length > 0) {
    failSetup(
      `assistant ${chosen.id} requires request metadata ${missing.join(', ')}; set RUN_META_DATA to a JSON object that has them.`,
    );
  }
  return chosen;
}

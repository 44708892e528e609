// GET /v1/assistants and GET /v1/assistants/{assistant_id}: the tenant's assistants from config.
import { ApiError } from '../http/api-error.ts';
import type { Handler } from './call.ts';

export const listAssistants: Handler = (call) => ({ status: 200, json: call.tenant.assistants });

export const getAssistant: Handler = (call) => {
  const id = String(call.path.assistant_id);
  const assistant = call.tenant.assistant(id);
  if (!assistant)
    throw new ApiError(
      'assistant_not_found',
      `Assistant ${id} not found among your tenant's assistants. List them with GET /v1/assistants.`,
    );
  return { status: 200, json: assistant.public };
};

// One handler per operationId of the contract. The Record type makes the compiler refuse a
// contract operation without a handler.
import type { OperationId } from '../../generated/validators.js';
import { getAssistant, listAssistants } from './assistants.ts';
import type { Handler } from './call.ts';
import { createChatCompletion, createChatCompletionStream } from './chat.ts';
import { deleteFeedback, listNegativeFeedbackReasons, upsertFeedback } from './feedback.ts';
import { deleteFile, getFileContent, getFileStatus, getUploadUrl, listFiles } from './files.ts';
import { createMessage, deleteMessage, listMessages } from './messages.ts';
import { createRun, createRunStream } from './runs.ts';
import { listApiKeys } from './tenants.ts';
import { createThread, deleteThread, getThread, listThreads } from './threads.ts';

export const handlers: Readonly<Record<OperationId, Handler>> = {
  listAssistants,
  getAssistant,
  listThreads,
  createThread,
  getThread,
  deleteThread,
  listMessages,
  createMessage,
  deleteMessage,
  createRun,
  createRunStream,
  createChatCompletion,
  createChatCompletionStream,
  upsertFeedback,
  deleteFeedback,
  listNegativeFeedbackReasons,
  getUploadUrl,
  listFiles,
  getFileStatus,
  getFileContent,
  deleteFile,
  listApiKeys,
};

// Request bodies of every operation, as strict schemas, and the types they produce.
import type { Role, Source, ToolCall } from './message-store.ts';
import { type MetaDataInput, metaDataSchema } from './request-metadata.ts';
import { arr, nullable, obj, opt, req, type Schema, str, uuid } from './schema.ts';
import { type ToolChoice, type ToolDef, toolChoiceSchema, toolName, toolsSchema } from './tool-config.ts';

export const MAX_CONTENT = 30_000; // Message Validation: "must not exceed 30,000 characters"
const content = str({ maxLength: MAX_CONTENT });
const jsonObject: Schema = { kind: 'json-object' };

const toolCall = obj({
  id: req(str({ minLength: 1 })),
  type: req(str({ oneOf: ['function'] })),
  function: req(obj({ name: req(toolName), arguments: req(str()) })),
});
const source = obj({ content: req(str()), meta_data: opt(nullable(jsonObject)) });
// Message Validation: an attachment is identified by file_id, user_id and base_url.
const attachment = obj({
  file_id: req(str({ minLength: 1 })),
  user_id: opt(nullable(str({ minLength: 1 }))),
  base_url: opt(nullable(str())),
});

/** One message, discriminated by role; each role accepts only its own fields. */
export const messageSchema: Schema = {
  kind: 'tagged',
  tag: 'role',
  variants: {
    user: { content: req(content), attachments: opt(nullable(arr(attachment, undefined, 1))) }, // "At most 1 attachment per user message"
    system: { content: req(content) },
    assistant: {
      content: opt(nullable(content)),
      tool_calls: opt(nullable(arr(toolCall, 1))),
      sources: opt(nullable(arr(source))),
      meta_data: opt(nullable(jsonObject)), // lets a client send back an answer as it received it
    },
    tool: { content: req(content), tool_call_id: req(str({ minLength: 1 })) },
  },
};

export interface AttachmentInput {
  file_id: string;
  user_id?: string | null;
  base_url?: string | null;
}
export interface MessageInput {
  role: Role;
  content?: string | null;
  attachments?: AttachmentInput[] | null;
  tool_calls?: ToolCall[] | null;
  tool_call_id?: string;
  sources?: Source[] | null;
  meta_data?: Record<string, unknown> | null;
}

export const threadCreateSchema = obj({
  assistant_id: req(uuid),
  user_id: opt(nullable(uuid)),
  title: opt(nullable(str())),
});
export interface ThreadCreateBody {
  assistant_id: string;
  user_id?: string | null;
  title?: string | null;
}

const runFields = {
  meta_data: opt(metaDataSchema),
  tools: opt(nullable(toolsSchema)),
  tool_choice: opt(nullable(toolChoiceSchema)),
};
export const runSchema = obj(runFields);
export interface RunBody {
  meta_data?: MetaDataInput | null;
  tools?: ToolDef[] | null;
  tool_choice?: ToolChoice | null;
}

export const chatSchema = obj({
  assistant_id: req(uuid),
  messages: req(arr(messageSchema, 1)),
  user_id: opt(nullable(uuid)),
  ...runFields,
});
export interface ChatBody extends RunBody {
  assistant_id: string;
  messages: MessageInput[];
  user_id?: string | null;
}

export const feedbackSchema = obj({
  feedback: req(str({ oneOf: ['positive', 'negative'] })),
  reason_id: opt(nullable(uuid)),
  comment: opt(nullable(str())),
});
export interface FeedbackBody {
  feedback: 'positive' | 'negative';
  reason_id?: string | null;
  comment?: string | null;
}

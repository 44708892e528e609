import { expect } from '@playwright/test';
import {
  instanceOf,
  operationsWithQuery,
  sampleBody,
  sampleRequest,
  wideningQuery,
} from '../../contracts/authz/request-samples.ts';
import { operationIds, pathParams } from '../../contracts/check/operation-path.ts';
import { type TenantScope, tenantScope } from '../../contracts/check/tenant-scope.ts';
import type { components } from '../../contracts/generated/api.ts';
import type { OperationId } from '../../contracts/generated/validators.js';
import { operations, paramValidators, validators } from '../../contracts/generated/validators.js';
import { test } from '../support/base-test.ts';

type Assistant = components['schemas']['Assistant'];

const assistant: Assistant = {
  id: '0b4c4d8e-1f2a-4b3c-8d9e-0a1b2c3d4e5f',
  name: 'plain',
  streaming: true,
  meta_data_response_schema: {},
  request_required_fields: {},
};
const licensed: Assistant = {
  ...assistant,
  id: '1c5d5e9f-2a3b-4c4d-9e0f-1b2c3d4e5f60',
  request_required_fields: { __root__: ['user_data'], user_data: ['licence'] },
};
const context = {
  assistant,
  threadId: '2d6e6fa0-3b4c-4d5e-af10-2c3d4e5f6071',
  messageId: '3e7f7ab1-4c5d-4e6f-b021-3d4e5f607182',
  userId: '4f808bc2-5d6e-4f70-8132-4e5f60718293',
  fileId: '5a919cd3-6e7f-4081-9243-5f6071829304',
};

test.describe('request samples', () => {
  for (const operationId of operationIds) {
    test(`samples a request of ${operationId} that the contract accepts, with the context's ids`, async () => {
      const sample = await sampleRequest(operationId, context);
      // A valid body is what makes 401 the only documented answer to a keyless call.
      expect(sample.bodyValid).toBe(true);
      const known: Record<string, string> = {
        thread_id: context.threadId,
        message_id: context.messageId,
        assistant_id: assistant.id,
        file_id: context.fileId,
      };
      expect(sample.path).toEqual(Object.fromEntries(pathParams(operationId).map((name) => [name, known[name]])));
      const body = sample.body as { assistant_id?: string } | undefined;
      expect(body === undefined, 'a body exactly when the operation takes one').toBe(
        operations[operationId].requestBody === undefined,
      );
      if (tenantScope(operationId) === 'assistant' && !pathParams(operationId).includes('assistant_id'))
        expect(body?.assistant_id).toBe(assistant.id);
      // Every required header and query parameter is there: the end user is the context's user.
      const { headerValidator, queryValidator } = operations[operationId];
      if (headerValidator) expect(paramValidators[headerValidator]({ ...sample.headers })).toBe(true);
      if (queryValidator) expect(paramValidators[queryValidator]({ ...sample.query })).toBe(true);
      if (sample.headers?.['user-id'] !== undefined) expect(sample.headers['user-id']).toBe(context.userId);
    });
  }

  test('adds the request metadata the assistant requires', async () => {
    const sample = await sampleRequest('createRun', { ...context, assistant: licensed });
    expect(sample.body).toEqual({ meta_data: { user_data: { licence: 'agents-api-suite' } } });
    expect((await sampleRequest('createRun', context)).body, 'the spec example, {}, when nothing is required').toEqual(
      {},
    );
  });

  test('falls back to {} and says so when no body derived from the spec is valid', () => {
    const doc = { components: {} };
    const media = { schema: { type: 'object', required: ['code'], properties: { code: { type: 'string' } } } };
    const refuseAll = Object.assign(() => false, { errors: null });
    expect(sampleBody(doc, media, refuseAll, context)).toEqual({ body: {}, valid: false });
    const acceptAll = Object.assign(() => true, { errors: null });
    expect(sampleBody(doc, media, acceptAll, context)).toEqual({ body: { code: 'agents-api-suite' }, valid: true });
  });

  const schemas: Array<[string, { given: unknown; want: unknown }]> = [
    ['the first of an enum', { given: { type: 'string', enum: ['user', 'system'] }, want: 'user' }],
    [
      'required properties only',
      {
        given: { type: 'object', required: ['a'], properties: { a: { type: 'boolean' }, b: { type: 'string' } } },
        want: { a: false },
      },
    ],
    ['minItems items', { given: { type: 'array', minItems: 2, items: { const: 1 } }, want: [1, 1] }],
    ['the non-null type of a nullable', { given: { type: ['null', 'integer'], minimum: 3 }, want: 3 }],
    ['a padded marker for minLength', { given: { type: 'string', minLength: 20 }, want: 'agents-api-suite....' }],
    [
      'the parts of allOf',
      {
        given: {
          allOf: [
            { type: 'object', required: ['a'], properties: { a: { const: 1 } } },
            { type: 'object', required: ['b'], properties: { b: { const: 2 } } },
          ],
        },
        want: { a: 1, b: 2 },
      },
    ],
    ['the first branch of oneOf', { given: { oneOf: [{ const: 'x' }, { const: 'y' }] }, want: 'x' }],
    ['a $ref', { given: { $ref: '#/components/schemas/Role' }, want: 'user' }],
  ];
  for (const [name, { given, want }] of schemas) {
    test(`instanceOf takes ${name}`, () => {
      expect(instanceOf({ components: { schemas: { Role: { type: 'string', enum: ['user'] } } } }, given)).toEqual(
        want,
      );
    });
  }

  test('instanceOf gives a uuid for format uuid, and a sampled createMessage passes its validator', async () => {
    expect(instanceOf({}, { type: 'string', format: 'uuid' })).toMatch(/^[0-9a-f-]{36}$/);
    const sample = await sampleRequest('createMessage', context);
    expect(validators.createMessage_request(sample.body)).toBe(true);
    expect(sample.body).toMatchObject({ role: 'user' });
  });

  test("widens a listing by its boolean query parameters and the thread's user_id", async () => {
    expect(await wideningQuery('listThreads', context)).toEqual({ include_deleted: 'true', user_id: context.userId });
    expect(await wideningQuery('listAssistants', context)).toEqual({});
  });

  test('finds the operations that take a thread in the query', async () => {
    expect(await operationsWithQuery('thread_id')).toEqual(['createChatCompletion', 'createChatCompletionStream']);
  });
});

test.describe('tenant scope', () => {
  const want: Record<OperationId, TenantScope> = {
    listAssistants: 'listing',
    getAssistant: 'assistant',
    listThreads: 'listing',
    createThread: 'assistant',
    getThread: 'thread',
    deleteThread: 'thread',
    listMessages: 'thread',
    createMessage: 'thread',
    deleteMessage: 'thread',
    createRun: 'thread',
    createRunStream: 'thread',
    createChatCompletion: 'assistant',
    createChatCompletionStream: 'assistant',
    upsertFeedback: 'thread',
    deleteFeedback: 'thread',
    listNegativeFeedbackReasons: 'listing',
    getUploadUrl: 'user-listing',
    listFiles: 'user-listing',
    getFileStatus: 'file',
    getFileContent: 'file',
    deleteFile: 'file',
    listApiKeys: 'listing',
  };
  test("derives each operation's scope from its path template and request validator", () => {
    expect(Object.fromEntries(operationIds.map((id) => [id, tenantScope(id)]))).toEqual(want);
  });
});

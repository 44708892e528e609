// The arbitraries of generated commands, weighted so that a short sequence reaches past the
// front door: threads, messages of every role, tool calls and their answers, runs, listings.
import fc from 'fast-check';
import type { SchemaNode } from '../arbitraries/schema-node.ts';
import { anyText } from '../arbitraries/text.ts';
import { validValue } from '../arbitraries/valid-values.ts';
import type { components } from '../generated/api.ts';
import { requestSchemas } from '../generated/request-schemas.js';
import { anyBody, type Body, invalidPathId, validBody } from './bodies.ts';
import type { CommandData } from './commands.ts';
import { openBodyPoints } from './open-body-points.ts';

type ToolCall = components['schemas']['ToolCall'];

/** Tool calls as the contract's assistant message schema shapes them (its `tool_calls` items). */
function toolCallItems(): fc.Arbitrary<ToolCall> {
  const message = requestSchemas.defs.CreateMessageRequest as { properties: { tool_calls: { items: SchemaNode } } };
  return validValue(message.properties.tool_calls.items) as fc.Arbitrary<ToolCall>;
}

/**
 * A valid body that holds no open point (no unnamed property, empty list, U+0000, blank text, or
 * tool field off its role): what every correct API accepts, whichever way it reads those points.
 */
function plainBody(op: 'createThread' | 'createMessage'): fc.Arbitrary<Body> {
  return validBody(op)
    .map((value): Record<string, unknown> => {
      const { tool_calls: _calls, tool_call_id: _id, ...rest } = value;
      return op === 'createMessage' ? rest : value;
    })
    .filter(
      (value) =>
        openBodyPoints(op, value).length === 0 && (typeof value.content !== 'string' || value.content.trim() !== ''),
    )
    .map((value): Body => ({ kind: 'valid', value }));
}

/**
 * How every sequence opens: a valid thread for one of the tenant's assistants (with or without
 * user_id and title) and a valid user message, both free of open points, so that most later
 * steps reach the run rules on any correct API.
 */
export function openingCommands(): fc.Arbitrary<CommandData[]> {
  const thread = fc.record({
    kind: fc.constant('create-thread' as const),
    assistant: fc.nat({ max: 11 }),
    unknownAssistant: fc.constant(false),
    body: plainBody('createThread'),
  });
  const question = fc.record({
    kind: fc.constant('add-message' as const),
    thread: fc.constant(0),
    role: fc.constant('user' as const),
    calls: fc.constant<ToolCall[]>([]),
    body: plainBody('createMessage'),
  });
  return fc.tuple(thread, question).map((list): CommandData[] => list);
}

/** The command arbitrary; `otherTenant` adds steps taken with the other tenant's key. */
export function commandArbitrary(options: { otherTenant: boolean }): fc.Arbitrary<CommandData> {
  const pick = fc.nat({ max: 11 });
  const createThread = fc.record({
    kind: fc.constant('create-thread' as const),
    assistant: pick,
    unknownAssistant: fc.constant(false),
    body: anyBody('createThread'),
  });
  const unknownAssistant = fc.record({
    kind: fc.constant('create-thread' as const),
    assistant: pick,
    unknownAssistant: fc.constant(true),
    body: validBody('createThread').map((value): Body => ({ kind: 'valid', value })),
  });
  const addMessage = fc.record({
    kind: fc.constant('add-message' as const),
    thread: pick,
    role: fc.constantFrom(
      'user',
      'user',
      'user',
      'system',
      'assistant',
      'assistant',
      'tool-open',
      'tool-open',
      'tool-open',
      'tool-answered',
      'tool-unknown',
      'tool-unknown',
    ) as fc.Arbitrary<Extract<CommandData, { kind: 'add-message' }>['role']>,
    calls: fc.array(toolCallItems(), { maxLength: 3, size: 'max' }),
    body: anyBody('createMessage'),
    // Tool answers right after an assistant message's calls, half of the time.
    replies: fc.oneof(fc.constant<string[]>([]), fc.array(anyText(1), { minLength: 1, maxLength: 3 })),
  });
  const run = fc.record({
    kind: fc.constant('run' as const),
    thread: pick,
    stream: fc.boolean(),
    licence: fc.oneof({ weight: 4, arbitrary: anyText(1) }, { weight: 1, arbitrary: fc.constant(undefined) }),
    body: anyBody('createRun'),
  });
  const list = fc.record({ kind: fc.constant('list-messages' as const), thread: pick });
  const deleteMessage = fc.record({
    kind: fc.constant('delete-message' as const),
    thread: pick,
    message: pick,
    unknownId: fc.option(fc.uuid({ version: 4 }), { freq: 5, nil: undefined }),
    invalidId: fc.option(invalidPathId('deleteMessage', 'message_id'), { freq: 6, nil: undefined }),
  });
  const deleteThread = fc.record({ kind: fc.constant('delete-thread' as const), thread: pick });
  const badThreadId = fc
    .record({
      kind: fc.constant('bad-thread-id' as const),
      op: fc.constantFrom('listMessages', 'createMessage', 'createRun') as fc.Arbitrary<
        'listMessages' | 'createMessage' | 'createRun'
      >,
      valid: fc.boolean(),
      id: fc.uuid({ version: 4 }),
      invalid: invalidPathId('createRun', 'thread_id'),
      message: validBody('createMessage'),
    })
    .map(
      ({ invalid, message, ...rest }): CommandData => ({
        ...rest,
        id: rest.valid ? rest.id : invalid,
        body: rest.op === 'createMessage' ? { kind: 'valid', value: message } : { kind: 'none' },
      }),
    );
  const kinds: Array<fc.WeightedArbitrary<CommandData>> = [
    { weight: 1, arbitrary: createThread },
    { weight: 1, arbitrary: unknownAssistant },
    { weight: 14, arbitrary: addMessage },
    { weight: 5, arbitrary: run },
    { weight: 2, arbitrary: list },
    { weight: 1, arbitrary: deleteMessage },
    { weight: 1, arbitrary: deleteThread },
    { weight: 1, arbitrary: badThreadId },
  ];
  if (options.otherTenant) {
    const otherTenant = fc
      .record({
        kind: fc.constant('other-tenant' as const),
        thread: pick,
        op: fc.constantFrom(
          'listMessages',
          'createMessage',
          'createRun',
          'createRunStream',
          'deleteMessage',
          'deleteThread',
          'createThread',
        ) as fc.Arbitrary<Extract<CommandData, { kind: 'other-tenant' }>['op']>,
        message: validBody('createMessage'),
        run: validBody('createRun'),
      })
      .map(
        ({ message, run: runBody, ...rest }): CommandData => ({
          ...rest,
          body: { kind: 'valid', value: rest.op === 'createMessage' ? message : runBody },
        }),
      );
    kinds.push({ weight: 2, arbitrary: otherTenant });
  }
  return fc.oneof(...kinds);
}

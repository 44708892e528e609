import { readFileSync } from 'node:fs';
import { expect } from '@playwright/test';
import {
  missingRequiredFields,
  requiredFieldGaps,
  requiresField,
  satisfyingMetaData,
} from '../../contracts/request-meta-data.ts';
import { Conversation, ownMessageBreaks, type Turn } from '../../contracts/rules/conversation.ts';
import { allowedAnswers, mockRefuses, RULES, ruleIds } from '../../contracts/rules/rule-catalog.ts';
import { runRequestBreaks } from '../../contracts/rules/run-request.ts';
import { test } from '../support/base-test.ts';

const call = (id: string) => ({ id, type: 'function' as const, function: { name: 'lookup', arguments: '{}' } });
const user: Turn = { role: 'user', content: 'Frage' };
const thread = (...turns: Turn[]) => Conversation.of(turns.map((t, i): [Turn, string] => [t, `k${i}`]));

test.describe('the documented rules (contracts/rules)', () => {
  const messageCases: Array<[string, { given: Turn[]; add: Turn; want: string[]; mockRefuses: boolean }]> = [
    ['a user message', { given: [], add: user, want: [], mockRefuses: false }],
    [
      'empty content',
      { given: [], add: { role: 'user', content: '' }, want: ['message-content-empty'], mockRefuses: true },
    ],
    [
      'whitespace-only content (Message Validation: not blank)',
      { given: [], add: { role: 'user', content: ' \n' }, want: ['message-content-empty'], mockRefuses: true },
    ],
    [
      'an assistant message that only calls tools, with empty content (Message Validation)',
      {
        given: [user],
        add: { role: 'assistant', content: '', tool_calls: [call('c1')] },
        want: [],
        mockRefuses: false,
      },
    ],
    [
      'a tool message for an unknown call (open)',
      {
        given: [user],
        add: { role: 'tool', content: 'x', tool_call_id: 'nope' },
        want: ['tool-call-unknown'],
        mockRefuses: true,
      },
    ],
    [
      'a tool message without tool_call_id (open: refused when added, or an orphan at the run)',
      {
        given: [user],
        add: { role: 'tool', content: 'x' },
        want: ['tool-call-id-missing'],
        mockRefuses: true,
      },
    ],
    [
      'a second answer to a call (open)',
      {
        given: [
          user,
          { role: 'assistant', content: '', tool_calls: [call('c1')] },
          { role: 'tool', content: 'x', tool_call_id: 'c1' },
        ],
        add: { role: 'tool', content: 'y', tool_call_id: 'c1' },
        want: ['tool-call-answered-twice'],
        mockRefuses: false,
      },
    ],
    [
      'a system message after the start (open)',
      { given: [user], add: { role: 'system', content: 's' }, want: ['system-after-start'], mockRefuses: true },
    ],
    [
      'tool_calls on a user message (open: ignored, refused, or counted)',
      {
        given: [],
        add: { role: 'user', content: 'q', tool_calls: [call('u1')] },
        want: ['tool-calls-off-assistant'],
        mockRefuses: false,
      },
    ],
    [
      'an empty tool_calls list on a system message (open: the field is there)',
      {
        given: [],
        add: { role: 'system', content: 's', tool_calls: [] },
        want: ['tool-calls-off-assistant'],
        mockRefuses: false,
      },
    ],
    [
      'a tool_call_id on a user message (open)',
      {
        given: [],
        add: { role: 'user', content: 'q', tool_call_id: 'c1' },
        want: ['tool-call-id-off-tool'],
        mockRefuses: false,
      },
    ],
    [
      'a user message while a tool call is open (open: "must be followed by")',
      {
        given: [user, { role: 'assistant', content: '', tool_calls: [call('c1')] }],
        add: user,
        want: ['tool-answer-not-adjacent'],
        mockRefuses: false,
      },
    ],
    [
      'a tool message answering a call that another message has come after (open)',
      {
        given: [user, { role: 'assistant', content: '', tool_calls: [call('c1')] }, user],
        add: { role: 'tool', content: 'x', tool_call_id: 'c1' },
        want: ['tool-answer-not-adjacent'],
        mockRefuses: false,
      },
    ],
    [
      'the second answer of one assistant message, right after the first',
      {
        given: [
          user,
          { role: 'assistant', content: '', tool_calls: [call('c1'), call('c2')] },
          { role: 'tool', content: 'x', tool_call_id: 'c1' },
        ],
        add: { role: 'tool', content: 'y', tool_call_id: 'c2' },
        want: [],
        mockRefuses: false,
      },
    ],
  ];
  for (const [name, { given, add, want, mockRefuses }] of messageCases) {
    test(`message rules: ${name}`, () => {
      const state = thread(...given);
      expect(state.messageBreaks(add).map((b) => b.rule)).toEqual(want);
      expect(state.admits(add) !== undefined, 'the mock refuses it').toBe(mockRefuses);
    });
  }

  test('a tool message without tool_call_id breaks a rule of its own, whatever the thread (an API may refuse it before the lookup)', () => {
    expect(ownMessageBreaks({ role: 'tool', content: 'x' }).map((b) => b.rule)).toEqual(['tool-call-id-missing']);
    expect(ownMessageBreaks({ role: 'tool', content: 'x', tool_call_id: null }).map((b) => b.rule)).toEqual([
      'tool-call-id-missing',
    ]);
    expect(ownMessageBreaks({ role: 'tool', content: 'x', tool_call_id: '' }).map((b) => b.rule)).toEqual([
      'tool-call-id-missing',
    ]);
    expect(ownMessageBreaks({ role: 'tool', content: 'x', tool_call_id: 'c1' })).toEqual([]);
  });

  const runCases: Array<[string, { given: Turn[]; want: string[] }]> = [
    ['a thread ending on a user message', { given: [user], want: [] }],
    ['an empty thread', { given: [], want: ['stack-empty', 'no-user-message', 'stack-ending'] }],
    [
      'an unanswered call',
      {
        given: [
          user,
          { role: 'assistant', content: '', tool_calls: [call('c1'), call('c2')] },
          { role: 'tool', content: 'x', tool_call_id: 'c1' },
        ],
        want: ['tool-call-unanswered'],
      },
    ],
    [
      'an orphan tool message (an API that accepted it)',
      { given: [user, { role: 'tool', content: 'x', tool_call_id: 'nope' }], want: ['tool-message-orphan'] },
    ],
    [
      'a stored tool message without tool_call_id is an orphan too (an API that accepted it)',
      { given: [user, { role: 'tool', content: 'x' }], want: ['tool-message-orphan'] },
    ],
    [
      'a misplaced system message (an API that accepted it)',
      { given: [user, { role: 'system', content: 's' }, user], want: ['system-misplaced'] },
    ],
    [
      'a thread ending on the assistant',
      { given: [user, { role: 'assistant', content: 'a' }], want: ['stack-ending'] },
    ],
    [
      'a stored user message with tool_calls (an API may count them)',
      { given: [{ role: 'user', content: 'q', tool_calls: [call('u1')] }], want: ['tool-calls-off-assistant-stored'] },
    ],
    [
      "a tool message answering a user message's tool call (an API that counts them accepts it)",
      {
        given: [
          { role: 'user', content: 'q', tool_calls: [call('u1')] },
          { role: 'tool', content: 'x', tool_call_id: 'u1' },
        ],
        want: ['tool-message-answers-off-assistant', 'tool-calls-off-assistant-stored'],
      },
    ],
    [
      'a stored user message with a tool_call_id',
      { given: [{ role: 'user', content: 'q', tool_call_id: 'c9' }], want: ['tool-call-id-off-tool-stored'] },
    ],
    [
      'a call answered twice',
      {
        given: [
          user,
          { role: 'assistant', content: '', tool_calls: [call('c1')] },
          { role: 'tool', content: 'x', tool_call_id: 'c1' },
          { role: 'tool', content: 'y', tool_call_id: 'c1' },
        ],
        want: ['tool-call-answered-twice-stored'],
      },
    ],
    [
      'answers that do not directly follow their call',
      {
        given: [
          user,
          { role: 'assistant', content: '', tool_calls: [call('c1')] },
          user,
          { role: 'tool', content: 'x', tool_call_id: 'c1' },
        ],
        want: ['tool-answers-not-adjacent'],
      },
    ],
  ];
  for (const [name, { given, want }] of runCases) {
    test(`run rules: ${name}`, () => {
      expect(
        thread(...given)
          .runBreaks()
          .map((b) => b.rule),
      ).toEqual(want);
    });
  }

  const licensed = {
    id: 'a',
    streaming: false,
    request_required_fields: { __root__: ['user_data'], user_data: ['licence'] },
  };
  const streaming = { ...licensed, streaming: true };
  const licence = { user_data: { licence: 'L' } };
  const lookup = { type: 'function', function: { name: 'x' } };
  const requestCases: Array<[string, { assistant: typeof licensed; body: unknown; stream: boolean; want: string[] }]> =
    [
      [
        'run/stream of a non-streaming assistant, no metadata',
        {
          assistant: licensed,
          body: undefined,
          stream: true,
          want: ['stream-not-supported', 'metadata-missing-stream'],
        },
      ],
      [
        'a run without the required metadata',
        { assistant: licensed, body: {}, stream: false, want: ['metadata-missing'] },
      ],
      [
        'run/stream without the required metadata (open: the docs name it for run)',
        { assistant: streaming, body: {}, stream: true, want: ['metadata-missing-stream'] },
      ],
      [
        'an empty licence (open)',
        {
          assistant: licensed,
          body: { meta_data: { user_data: { licence: '' } } },
          stream: false,
          want: ['metadata-blank'],
        },
      ],
      [
        'a whitespace licence (open)',
        {
          assistant: licensed,
          body: { meta_data: { user_data: { licence: '  ' } } },
          stream: false,
          want: ['metadata-blank'],
        },
      ],
      [
        'a licence that is a number (open: it may count as missing)',
        {
          assistant: licensed,
          body: { meta_data: { user_data: { licence: 42 } } },
          stream: false,
          want: ['metadata-blank'],
        },
      ],
      [
        'a tool_choice naming no tool of the request (open)',
        {
          assistant: licensed,
          body: { meta_data: licence, tool_choice: lookup },
          stream: false,
          want: ['tool-choice-unknown-tool'],
        },
      ],
      [
        'tool_choice "auto" without tools (open, as in Chat Completions)',
        {
          assistant: licensed,
          body: { meta_data: licence, tool_choice: 'auto' },
          stream: false,
          want: ['tool-choice-unknown-tool'],
        },
      ],
      [
        'a tool_choice naming one of the tools',
        {
          assistant: licensed,
          body: { meta_data: licence, tools: [lookup], tool_choice: lookup },
          stream: false,
          want: [],
        },
      ],
      [
        'tools on run/stream (open: offered on run)',
        { assistant: streaming, body: { meta_data: licence, tools: [lookup] }, stream: true, want: ['stream-tools'] },
      ],
    ];
  for (const [name, { assistant, body, stream, want }] of requestCases) {
    test(`run request rules: ${name}`, () => {
      expect(runRequestBreaks(assistant, body, stream).map((b) => b.rule)).toEqual(want);
    });
  }

  test('the mock answers the documented rules and its own readings of the open ones, nothing else', () => {
    const refused = ruleIds.filter((id) => mockRefuses(id));
    for (const id of ruleIds) if (RULES[id].reading === 'documented') expect(refused, id).toContain(id);
    expect(ruleIds.filter((id) => !mockRefuses(id))).toEqual([
      'assistant-calls-blank-content',
      'message-content-length-units',
      'assistant-after-tool',
      'tool-call-answered-twice',
      'tool-calls-off-assistant',
      'tool-call-id-off-tool',
      'tool-answer-not-adjacent',
      'tool-choice-unknown-tool',
      'stream-tools',
      'tool-call-malformed-stored',
      'tool-calls-off-assistant-stored',
      'tool-call-id-off-tool-stored',
      'tool-call-answered-twice-stored',
      'tool-answers-not-adjacent',
      'stack-ending-system',
      'unnamed-property',
      'tool-name-pattern',
      'tool-name-duplicate',
      'empty-list',
      'nul-character',
      'broken-unicode',
      'body-absent',
    ]);
  });

  test('every open point of the catalog is listed, with its answers, in decision 0050', () => {
    const record = readFileSync(new URL('../../docs/decisions/0050-open-readings.md', import.meta.url), 'utf8');
    const missing = ruleIds.filter((id) => RULES[id].reading === 'open' && !record.includes(`\`${id}\``));
    expect(missing, 'open rules the decision record does not name').toEqual([]);
  });

  test('allowed answers come from the operation index: named codes at their status, any code at the statuses a rule allows', () => {
    // A rule the docs give neither code nor status: any code at the guide's 400 or 422, both our reading.
    expect(allowedAnswers('createRun', 'no-user-message')).toEqual([
      { status: 400, statusRead: true },
      { status: 422, statusRead: true },
    ]);
    expect(allowedAnswers('createRun', 'metadata-missing')).toEqual([
      { status: 422, code: 'request_metadata_missing_or_incomplete', statusRead: false },
    ]);
    expect(allowedAnswers('createMessage', 'system-after-start')).toEqual([
      { status: 400, statusRead: true },
      { status: 422, statusRead: true },
    ]);
    // The last-message rule: the newer chat page's code at the status read from its order, and
    // Message Validation's 422 with any code, which that page prints.
    expect(allowedAnswers('createRunStream', 'stack-ending')).toEqual([
      { status: 400, code: 'incorrect_stack_ending', statusRead: true },
      { status: 422, statusRead: false },
    ]);
    expect(allowedAnswers('createMessage', 'message-content-empty')).toEqual([
      { status: 422, code: 'message_content_empty', statusRead: false },
      { status: 422, statusRead: false },
    ]);
    // "Cannot add messages to threads created via Chat Completions": any refusal.
    expect(allowedAnswers('createMessage', 'message-on-chat-thread')).toEqual([{ status: '4xx', statusRead: true }]);
  });
});

test.describe('request_required_fields (contracts/request-meta-data)', () => {
  const fields = { __root__: ['user_data'], user_data: ['licence'] };
  const cases: Array<[string, { meta: unknown; gaps: string[]; missing: string[] }]> = [
    [
      'nothing',
      {
        meta: undefined,
        gaps: ['user_data:absent', 'user_data.licence:absent'],
        missing: ['user_data', 'user_data.licence'],
      },
    ],
    [
      'an empty user_data',
      { meta: { user_data: {} }, gaps: ['user_data.licence:absent'], missing: ['user_data.licence'] },
    ],
    [
      'a null licence',
      { meta: { user_data: { licence: null } }, gaps: ['user_data.licence:absent'], missing: ['user_data.licence'] },
    ],
    [
      'an empty licence',
      { meta: { user_data: { licence: '' } }, gaps: ['user_data.licence:empty'], missing: ['user_data.licence'] },
    ],
    [
      'a whitespace licence',
      { meta: { user_data: { licence: ' \t' } }, gaps: ['user_data.licence:blank'], missing: [] },
    ],
    [
      'a licence that is a number (the mock refuses it at the field first)',
      { meta: { user_data: { licence: 42 } }, gaps: ['user_data.licence:not-text'], missing: [] },
    ],
    ['a licence', { meta: { user_data: { licence: 'L-1' } }, gaps: [], missing: [] }],
  ];
  for (const [name, { meta, gaps, missing }] of cases) {
    test(`gaps of ${name}`, () => {
      expect(requiredFieldGaps(fields, meta).map((g) => `${g.path}:${g.how}`)).toEqual(gaps);
      expect(missingRequiredFields(fields, meta)).toEqual(missing);
    });
  }

  test('fills what is missing and keeps what the base has', () => {
    expect(satisfyingMetaData(fields, 'x')).toEqual({ user_data: { licence: 'x' } });
    expect(satisfyingMetaData(fields, 'x', { user_data: { licence: 'mine', other: 1 }, extra: true })).toEqual({
      user_data: { licence: 'mine', other: 1 },
      extra: true,
    });
    expect(satisfyingMetaData({}, 'x')).toBeUndefined();
    expect(missingRequiredFields(fields, satisfyingMetaData(fields, 'x'))).toEqual([]);
    expect(requiresField(fields, 'user_data', 'licence')).toBe(true);
    expect(requiresField(fields, 'user_data', 'name')).toBe(false);
  });
});

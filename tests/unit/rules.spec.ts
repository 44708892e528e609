import { expect, test } from '@playwright/test';
import {
  missingRequiredFields,
  requiredFieldGaps,
  requiresField,
  satisfyingMetaData,
} from '../../contracts/request-meta-data.ts';
import { Conversation, type Turn } from '../../contracts/rules/conversation.ts';
import { allowedAnswers } from '../../contracts/rules/rule-catalog.ts';
import { runRequestBreaks } from '../../contracts/rules/run-request.ts';

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
      'whitespace-only content (open)',
      { given: [], add: { role: 'user', content: ' \n' }, want: ['message-content-blank'], mockRefuses: true },
    ],
    [
      'an assistant message that only calls tools (open)',
      {
        given: [user],
        add: { role: 'assistant', content: '', tool_calls: [call('c1')] },
        want: ['message-content-blank'],
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
      'a second answer to a call (open)',
      {
        given: [
          user,
          { role: 'assistant', content: 'a', tool_calls: [call('c1')] },
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
  ];
  for (const [name, { given, add, want, mockRefuses }] of messageCases) {
    test(`message rules: ${name}`, () => {
      const state = thread(...given);
      expect(state.messageBreaks(add).map((b) => b.rule)).toEqual(want);
      expect(state.admits(add) !== undefined, 'the mock refuses it').toBe(mockRefuses);
    });
  }

  const runCases: Array<[string, { given: Turn[]; want: string[] }]> = [
    ['a thread ending on a user message', { given: [user], want: [] }],
    ['an empty thread', { given: [], want: ['no-user-message', 'stack-ending'] }],
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
      'a misplaced system message (an API that accepted it)',
      { given: [user, { role: 'system', content: 's' }, user], want: ['system-misplaced'] },
    ],
    [
      'a thread ending on the assistant',
      { given: [user, { role: 'assistant', content: 'a' }], want: ['stack-ending'] },
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

  test('run request rules: streaming, required metadata (blank is open), a tool_choice naming no tool', () => {
    const licensed = {
      id: 'a',
      streaming: false,
      request_required_fields: { __root__: ['user_data'], user_data: ['licence'] },
    };
    expect(runRequestBreaks(licensed, undefined, true).map((b) => b.rule)).toEqual([
      'stream-not-supported',
      'metadata-missing',
    ]);
    expect(runRequestBreaks(licensed, { meta_data: { user_data: { licence: '' } } }, false).map((b) => b.rule)).toEqual(
      ['metadata-blank'],
    );
    expect(
      runRequestBreaks(licensed, { meta_data: { user_data: { licence: '  ' } } }, false).map((b) => b.rule),
    ).toEqual(['metadata-blank']);
    expect(
      runRequestBreaks(
        licensed,
        { meta_data: { user_data: { licence: 'L' } }, tool_choice: { type: 'function', function: { name: 'x' } } },
        false,
      ).map((b) => b.rule),
    ).toEqual(['tool-choice-unknown-tool']);
    expect(
      runRequestBreaks(
        licensed,
        {
          meta_data: { user_data: { licence: 'L' } },
          tools: [{ type: 'function', function: { name: 'x' } }],
          tool_choice: { type: 'function', function: { name: 'x' } },
        },
        false,
      ),
    ).toEqual([]);
  });

  test('allowed answers come from the operation index: generic codes at their first status, never 413', () => {
    expect(allowedAnswers('createRun', 'no-user-message')).toEqual([
      { status: 400, code: 'bad_request' },
      { status: 422, code: 'unprocessable_entity' },
    ]);
    expect(allowedAnswers('createRun', 'metadata-missing')).toEqual([
      { status: 422, code: 'request_metadata_missing_or_incomplete' },
    ]);
    expect(allowedAnswers('createMessage', 'system-after-start')).toEqual([{ status: 400, code: 'bad_request' }]);
    expect(allowedAnswers('createRunStream', 'stack-ending')).toEqual([
      { status: 400, code: 'incorrect_stack_ending' },
    ]);
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

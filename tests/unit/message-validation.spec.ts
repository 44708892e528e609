// The Message Validation page's rules (contracts/rules/message-content.ts, conversation.ts): what
// each breaks, documented or open, when a message is added and in a stored stack at the run, and
// that a break when adding is deferrable (an API may validate the stack at the run instead).
import { expect } from '@playwright/test';
import { Conversation, type Turn } from '../../contracts/rules/conversation.ts';
import { blankness, contentBreaks, hasBrokenUnicode } from '../../contracts/rules/message-content.ts';
import { RULES } from '../../contracts/rules/rule-catalog.ts';
import { ruleVerdict } from '../../contracts/stateful/verdict.ts';
import { test } from '../support/base-test.ts';

const call = (id: string) => ({ id, type: 'function' as const, function: { name: 'lookup', arguments: '{}' } });
const user: Turn = { role: 'user', content: 'Frage' };
const thread = (...turns: Turn[]) => Conversation.of(turns.map((t, i): [Turn, string] => [t, `k${i}`]));
const rules = (breaks: readonly { rule: string }[]) => breaks.map((b) => b.rule);

test.describe('Message Validation: content', () => {
  test('blankness: whitespace to every reading, to some (Python or JavaScript only), or text', () => {
    expect(blankness('')).toBe('empty');
    expect(blankness(' \t\n\r\u00a0\u2003\u3000')).toBe('blank');
    for (const some of ['\u001c', '\u001f ', '\u0085', '\ufeff'])
      expect(blankness(some), JSON.stringify(some)).toBe('maybe-blank');
    for (const text of ['a', ' a ', '\u200b', '\u0001', '😀'])
      expect(blankness(text), JSON.stringify(text)).toBe('text');
  });

  test('broken Unicode is a lone surrogate, never a pair', () => {
    expect(hasBrokenUnicode('Frage 😀 𝄞')).toBe(false);
    for (const broken of ['\ud800', 'a\udfff', '\udbffA', '😀\ud83d', '\ude00x'])
      expect(hasBrokenUnicode(broken), JSON.stringify(broken)).toBe(true);
  });

  const long = (n: number) => 'x'.repeat(n);
  const astral = (n: number) => '😀'.repeat(n);
  const cases: Array<[string, Turn, string[]]> = [
    ['a user question', user, []],
    ['empty content (user)', { role: 'user', content: '' }, ['message-content-empty']],
    ['whitespace only (system)', { role: 'system', content: ' \n' }, ['message-content-empty']],
    ['whitespace only (tool)', { role: 'tool', content: '\t', tool_call_id: 'c' }, ['message-content-empty']],
    [
      'a character only some readings count as whitespace',
      { role: 'user', content: '\u001c' },
      ['message-content-blank'],
    ],
    ['an assistant answer', { role: 'assistant', content: 'Antwort' }, []],
    ['an assistant message without content or calls', { role: 'assistant', content: '' }, ['message-content-empty']],
    [
      'an assistant message of whitespace, without calls (non-empty as written, empty once trimmed)',
      { role: 'assistant', content: '  ' },
      ['message-content-blank'],
    ],
    [
      'an assistant message that calls tools, content empty',
      { role: 'assistant', content: '', tool_calls: [call('c')] },
      [],
    ],
    [
      'an assistant message that calls tools and says something',
      { role: 'assistant', content: 'Ich schlage nach.', tool_calls: [call('c')] },
      ['assistant-content-with-tool-calls'],
    ],
    [
      'an assistant message that calls tools, content whitespace',
      { role: 'assistant', content: ' ', tool_calls: [call('c')] },
      ['assistant-calls-blank-content'],
    ],
    [
      'an assistant message with tool_calls [] (present or absent?)',
      { role: 'assistant', content: '', tool_calls: [] },
      ['assistant-empty-tool-calls'],
    ],
    ['30,000 characters', { role: 'user', content: long(30_000) }, []],
    ['30,001 characters', { role: 'user', content: long(30_001) }, ['message-content-too-long']],
    [
      '20,000 astral characters: 40,000 UTF-16 units (a character may be either)',
      { role: 'user', content: astral(20_000) },
      ['message-content-length-units'],
    ],
    ['a lone surrogate', { role: 'user', content: 'Frage \ud800' }, ['message-content-broken-unicode']],
  ];
  for (const [name, turn, want] of cases)
    test(`content: ${name}`, () => {
      expect(rules(contentBreaks(turn))).toEqual(want);
    });

  test('the documented content rules are documented, the readings of their words open', () => {
    for (const id of ['message-content-empty', 'message-content-too-long', 'message-content-broken-unicode'] as const)
      expect(RULES[id].reading, id).toBe('documented');
    expect(RULES['assistant-content-with-tool-calls'].reading).toBe('documented');
    for (const id of [
      'message-content-blank',
      'assistant-calls-blank-content',
      'assistant-empty-tool-calls',
      'message-content-length-units',
    ] as const)
      expect(RULES[id].reading, id).toBe('open');
  });
});

test.describe('Message Validation: the list', () => {
  const placeCases: Array<[string, { given: Turn[]; add: Turn; want: string[] }]> = [
    [
      'an assistant message right after a user message',
      { given: [user], add: { role: 'assistant', content: 'a' }, want: [] },
    ],
    [
      'an assistant message first',
      { given: [], add: { role: 'assistant', content: 'a' }, want: ['assistant-not-after-user'] },
    ],
    [
      "an assistant message after a system message (the page's own invalid example)",
      {
        given: [{ role: 'system', content: 'You are a helpful HR expert.' }],
        add: { role: 'assistant', content: 'BEM stands for ...' },
        want: ['assistant-not-after-user'],
      },
    ],
    [
      'an assistant message after an assistant message',
      {
        given: [user, { role: 'assistant', content: 'a' }],
        add: { role: 'assistant', content: 'b' },
        want: ['assistant-not-after-user'],
      },
    ],
    [
      'an assistant message after a tool message (open: the tool round trip needs it)',
      {
        given: [
          user,
          { role: 'assistant', content: '', tool_calls: [call('c')] },
          { role: 'tool', content: 'r', tool_call_id: 'c' },
        ],
        add: { role: 'assistant', content: 'a' },
        want: ['assistant-after-tool'],
      },
    ],
    [
      'a second system message, first in the thread',
      {
        given: [{ role: 'system', content: 's' }],
        add: { role: 'system', content: 't' },
        want: ['system-message-duplicate'],
      },
    ],
    [
      'a second system message after the start',
      {
        given: [{ role: 'system', content: 's' }, user],
        add: { role: 'system', content: 't' },
        want: ['system-message-duplicate', 'system-after-start'],
      },
    ],
  ];
  for (const [name, { given, add, want }] of placeCases)
    test(`when added: ${name}`, () => {
      expect(rules(thread(...given).messageBreaks(add))).toEqual(want);
    });

  test('a Message Validation break when a message is added is deferrable: the run may refuse instead', () => {
    const breaks = thread().messageBreaks({ role: 'assistant', content: 'a' });
    expect(breaks.map((b) => [b.rule, b.deferrable])).toEqual([['assistant-not-after-user', true]]);
    const verdict = ruleVerdict('createMessage', breaks);
    expect(verdict.mayAccept).toBe(true);
    expect(verdict.refusals.map((r) => `${r.status} ${r.code}`)).toEqual(['422 *']);
    // A tool rule of the run pages is not Message Validation: its add-time reading is its own.
    const orphan = thread(user).messageBreaks({ role: 'tool', content: 'r', tool_call_id: 'x' });
    expect(orphan.map((b) => b.deferrable)).toEqual([undefined]);
  });

  const stackCases: Array<[string, { given: Turn[]; want: string[] }]> = [
    [
      "the page's valid example",
      {
        given: [
          { role: 'system', content: 'You are a helpful HR expert.' },
          { role: 'user', content: 'What is BEM?' },
          { role: 'assistant', content: 'BEM stands for ...' },
          { role: 'user', content: 'Can you elaborate?' },
        ],
        want: [],
      },
    ],
    ['a stored blank message', { given: [user, { role: 'user', content: ' ' }], want: ['message-content-empty'] }],
    [
      'a stored second system message',
      {
        given: [{ role: 'system', content: 's' }, { role: 'system', content: 't' }, user],
        want: ['system-message-duplicate'],
      },
    ],
    [
      'an assistant message that no user message precedes',
      {
        given: [{ role: 'system', content: 's' }, { role: 'assistant', content: 'a' }, user],
        want: ['assistant-not-after-user'],
      },
    ],
    [
      'the tool round trip, answered by the run',
      {
        given: [
          user,
          { role: 'assistant', content: '', tool_calls: [call('c')] },
          { role: 'tool', content: 'r', tool_call_id: 'c' },
          { role: 'assistant', content: 'Antwort', answer: true },
          user,
        ],
        want: ['assistant-after-tool'],
      },
    ],
    [
      'an answer of the API is not held to the content rules',
      {
        given: [user, { role: 'assistant', content: '', answer: true }, user],
        want: [],
      },
    ],
  ];
  for (const [name, { given, want }] of stackCases)
    test(`at the run: ${name}`, () => {
      expect(rules(thread(...given).runBreaks())).toEqual(want);
    });

  test('a deleted message can break the list: the run sees the stack as it is', () => {
    const turns: Array<[Turn, string]> = [
      [user, 'u'],
      [{ role: 'assistant', content: 'a' }, 'a'],
      [{ role: 'user', content: 'und?' }, 'v'],
    ];
    expect(rules(Conversation.of(turns).runBreaks())).toEqual([]);
    expect(rules(Conversation.of(turns.filter(([, key]) => key !== 'u')).runBreaks())).toEqual([
      'assistant-not-after-user',
    ]);
  });

  test('the last message: user or tool on a run; a chat completion may end on a system message (open, the newer chat page)', () => {
    const system: Turn = { role: 'system', content: 's' };
    expect(rules(thread(user, system).runBreaks())).toEqual(['system-misplaced', 'stack-ending']);
    expect(rules(thread(system, user).runBreaks(true))).toEqual([]);
    expect(rules(thread(user, { role: 'assistant', content: 'a' }).runBreaks(true))).toEqual(['stack-ending']);
    expect(rules(Conversation.of([[system, 's']]).runBreaks(true))).toEqual(['no-user-message', 'stack-ending-system']);
  });

  test("an empty stack breaks the list rule and the run page's rule: the mock answers the list rule, 422", () => {
    expect(rules(thread().runBreaks())).toEqual(['stack-empty', 'no-user-message', 'stack-ending']);
    expect(thread().runBreak()).toMatchObject({ rule: 'stack-empty', code: 'unprocessable_entity' });
    const verdict = ruleVerdict('createRun', thread().runBreaks());
    expect(verdict.mayAccept).toBe(false);
  });
});

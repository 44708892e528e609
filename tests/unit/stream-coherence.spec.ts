// stream-coherence (contracts/check/model-checks.ts): a streamed run's lines name one message and
// the path's thread, and the thread stores what was streamed. What the docs leave open passes:
// no tool calls stored as null, [] or not at all; tool calls as JSON values, whatever the key order.
import { expect } from '@playwright/test';
import { type StreamedAnswer, streamCoherence } from '../../contracts/check/model-checks.ts';
import { test } from '../support/base-test.ts';

const THREAD = '1a2b3c4d-5678-9abc-def0-112233445566';
const MESSAGE = '5e6f7081-9012-def0-1234-556677889900';
const call = { id: 'call_1', type: 'function', function: { name: 'lookup', arguments: '{"q":"x"}' } };
const line = (over: Record<string, unknown> = {}) => ({ message_id: MESSAGE, thread_id: THREAD, ...over });

const lineCases: Array<[string, { lines: Array<Record<string, unknown>>; want: RegExp | undefined }]> = [
  ['one message and the path thread on every line', { lines: [line(), line(), line()], want: undefined }],
  ['a line of another message', { lines: [line(), line({ message_id: 'other' })], want: /line 2 of 2 with "other"/ }],
  ['a first line without a message id', { lines: [line({ message_id: undefined }), line()], want: /one message_id/ }],
  [
    'a line of another thread',
    { lines: [line(), line({ thread_id: null })], want: /thread_id of the path.*line 2 of 2 with null/ },
  ],
];

for (const [name, { lines, want }] of lineCases) {
  test(`lines: ${name}`, () => {
    const found = streamCoherence.judgeLines(lines, THREAD);
    if (want === undefined) expect(found).toBeUndefined();
    else expect(found).toMatch(want);
  });
}

const streamed: StreamedAnswer = { id: MESSAGE, content: 'Zwei Wochen.', tool_calls: [] };
const stored = (over: Record<string, unknown> = {}) => [
  { id: MESSAGE, role: 'assistant', content: 'Zwei Wochen.', ...over },
  { id: 'question', role: 'user', content: 'Wie lang?' },
];

const storedCases: Array<[string, { answer?: StreamedAnswer; items: unknown[]; want: RegExp | undefined }]> = [
  ['the joined deltas, stored as an assistant message', { items: stored(), want: undefined }],
  ['no tool calls stored as null', { items: stored({ tool_calls: null }), want: undefined }],
  ['no tool calls stored as []', { items: stored({ tool_calls: [] }), want: undefined }],
  [
    'tool calls stored with their keys in another order',
    {
      answer: { ...streamed, content: '', tool_calls: [call] },
      items: stored({
        content: '',
        tool_calls: [{ type: 'function', function: { arguments: '{"q":"x"}', name: 'lookup' }, id: 'call_1' }],
      }),
      want: undefined,
    },
  ],
  ['a listing without the streamed id (stored-answer names it)', { items: stored({ id: 'another' }), want: undefined }],
  [
    'a text that lost its last piece',
    {
      items: stored({ content: 'Zwei ' }),
      want: /deltas joined \(12 characters\)\. Got 5 characters, differing from character 6/,
    },
  ],
  [
    'a text with a space added at its end',
    { items: stored({ content: 'Zwei Wochen. ' }), want: /differing from character 13/ },
  ],
  [
    'another role',
    { items: stored({ role: 'user' }), want: /an assistant message, as a plain run's\. Got role "user"/ },
  ],
  [
    'tool calls the stream did not carry',
    { items: stored({ tool_calls: [call] }), want: /the 0 tool call\(s\) the stream carried\. Got 1/ },
  ],
  [
    'a tool call with other arguments',
    {
      answer: { ...streamed, tool_calls: [call] },
      items: stored({ tool_calls: [{ ...call, function: { name: 'lookup', arguments: '{"q":"y"}' } }] }),
      want: /the 1 tool call\(s\) the stream carried\. Got 1 that differ/,
    },
  ],
];

for (const [name, { answer, items, want }] of storedCases) {
  test(`stored: ${name}`, () => {
    const found = streamCoherence.judgeStored(answer ?? streamed, items);
    if (want === undefined) expect(found).toBeUndefined();
    else expect(found).toMatch(want);
  });
}

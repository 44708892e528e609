// How a read differs from what was written (contracts/check/read-back.ts, read-back-content.ts):
// the open readings pass (decision 0071), every other change is found and said.
import { expect } from '@playwright/test';
import {
  CLOCK_TOLERANCE_MS,
  lastCursor,
  messageDiffers,
  pagesDiffer,
  threadDiffers,
  timeOutside,
} from '../../contracts/check/read-back.ts';
import { contentDiffers } from '../../contracts/check/read-back-content.ts';
import { test } from '../support/base-test.ts';

const tricky = ` \t<p class="q">Fristen & 'Kündigung'</p> Cafe\u0301 \u{1F600}\u{1D11E}\n`;

const content: Array<[string, { sent: string; got: unknown; want: RegExp | undefined }]> = [
  ['the same string', { sent: tricky, got: tricky, want: undefined }],
  ['surrounding whitespace stripped (open)', { sent: tricky, got: tricky.trim(), want: undefined }],
  [
    'PII replaced by its placeholder (open)',
    { sent: 'Mail an max@example.org bitte', got: 'Mail an <EMAIL_ADDRESS> bitte', want: undefined },
  ],
  ['a phone number replaced (open)', { sent: 'Ruf 0171 1234567 an', got: 'Ruf <PHONE_NUMBER> an', want: undefined }],
  ['normalized to NFC', { sent: tricky, got: tricky.normalize('NFC'), want: /normalized to NFC/ }],
  ['cut short', { sent: 'x'.repeat(30_000), got: 'x'.repeat(10_000), want: /cut to 10000 of 30000/ }],
  ['HTML-escaped', { sent: 'a <b> & c', got: 'a &lt;b&gt; &amp; c', want: /HTML-escaped/ }],
  ['an astral character mangled', { sent: 'Frage 😀', got: 'Frage \ufffd\ufffd', want: /UTF-16 unit 6/ }],
  ['whitespace inside changed', { sent: 'a  b', got: 'a b', want: /first difference/ }],
  ['a placeholder where the text had none', { sent: 'Frage', got: '<EMAIL_ADDRESS>', want: /differs/ }],
  ['not a string', { sent: 'Frage', got: null, want: /not the string sent/ }],
  ['a lone surrogate sent (not compared)', { sent: 'a\ud800', got: 'a\ufffd', want: undefined }],
];

for (const [name, { sent, got, want }] of content)
  test(`content: ${name}`, () => {
    const found = contentDiffers(sent, got);
    if (want === undefined) expect(found).toBeUndefined();
    else expect(found).toMatch(want);
  });

test('tool calls compare as JSON values: properties in any order, unnamed ones may go, arguments byte for byte', () => {
  const call = { id: 'c1', type: 'function', function: { name: 'lookup', arguments: '{"query":"BEM","page":1}' } };
  const written = { id: 'm1', role: 'assistant', content: '', toolCalls: [{ ...call, extra: true }] };
  const item = (calls: unknown) => ({ id: 'm1', role: 'assistant', content: '', tool_calls: calls, thread_id: 't' });
  const reordered = { function: { arguments: call.function.arguments, name: 'lookup' }, type: 'function', id: 'c1' };
  expect(messageDiffers(item([reordered]), written, 't')).toBeUndefined();
  const python = { ...call, function: { ...call.function, arguments: '{"query": "BEM", "page": 1}' } };
  expect(messageDiffers(item([python]), written, 't')).toMatch(/tool_calls are/);
  expect(messageDiffers(item([]), written, 't')).toMatch(/tool_calls are/);
  expect(messageDiffers(item(null), { ...written, toolCalls: [] }, 't')).toBeUndefined();
});

test('a message: role, thread_id and created_at inside its window (give or take the clock tolerance)', () => {
  const window = { from: Date.parse('2026-12-07T10:00:00Z'), to: Date.parse('2026-12-07T10:00:01Z') };
  const written = { id: 'm1', role: 'user', content: 'Frage', window };
  const item = { id: 'm1', role: 'user', content: 'Frage', thread_id: 't', created_at: '2026-12-07T10:00:00.500000Z' };
  expect(messageDiffers(item, written, 't')).toBeUndefined();
  expect(messageDiffers({ ...item, role: 'system' }, written, 't')).toMatch(/role is "system", sent user/);
  expect(messageDiffers(item, written, 'other')).toMatch(/thread_id/);
  expect(messageDiffers({ ...item, created_at: '2026-12-07T09:00:00.500000Z' }, written, 't')).toMatch(
    /about 60 min before the write/,
  );
  expect(timeOutside('created_at', new Date(window.to + CLOCK_TOLERANCE_MS - 1).toISOString(), window)).toBeUndefined();
});

test('a thread: what was sent, and last_updated_at never before its newest message nor going back', () => {
  const written = {
    id: 't1',
    assistantId: 'a1',
    title: 'Elternzeit',
    userId: 'u1',
    deleted: false,
    newestWrite: Date.parse('2026-12-07T10:00:05Z'),
    lastUpdatedSeen: Date.parse('2026-12-07T10:00:05Z'),
  };
  const item = {
    id: 't1',
    assistant_id: 'a1',
    title: 'Elternzeit',
    user_id: 'U1',
    created_at: '2026-12-07T10:00:00Z',
    last_updated_at: '2026-12-07T10:00:05Z',
  };
  expect(threadDiffers(item, written)).toBeUndefined();
  expect(threadDiffers({ ...item, last_updated_at: item.created_at }, written)).toMatch(/did not move with the writes/);
  expect(threadDiffers({ ...item, title: 'Elternzeit ' }, written)).toMatch(/title is/);
  expect(threadDiffers({ ...item, user_id: 'u2' }, written)).toMatch(/user_id is "u2"/);
  // Deleted: the user may show as a placeholder (Data Deletion).
  expect(
    threadDiffers({ ...item, user_id: '00000000-0000-0000-0000-000000000000' }, { ...written, deleted: true }),
  ).toBeUndefined();
});

test('pages: at most limit long (100 when none is sent), no item twice; the last cursor null, absent or ""', () => {
  const page = (...ids: string[]) => ({ items: ids.map((id) => ({ id })), cursor: 'c' });
  expect(pagesDiffer([page('a', 'b'), page('c')], 2)).toBeUndefined();
  expect(pagesDiffer([page('a', 'b', 'c')], 2)).toMatch(/holds 3 items; limit=2 allows at most 2/);
  expect(pagesDiffer([page('a', 'b'), page('b', 'c')], 2)).toMatch(/item b came twice, on page 1 and page 2/);
  expect(pagesDiffer([page(...Array.from({ length: 101 }, (_, i) => `m${i}`))], undefined)).toMatch(/default 100/);
  expect([null, undefined, '', 'next'].map(lastCursor)).toEqual([true, true, true, false]);
});

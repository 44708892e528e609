// What the hand-written contract tests hold an answer to where the pages print no status
// (tests/support/promised-answers.ts): each documented answer passes, and what breaks the promise fails.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect } from '@playwright/test';
import type { ApiResult } from '../../contracts/client/api-client.ts';
import { test } from '../support/base-test.ts';
import {
  expectMessageRuleRefusal,
  expectRefusal,
  expectSuccess,
  isStackRuleRefusal,
  validationLocs,
} from '../support/promised-answers.ts';

const ROOT = resolve(import.meta.dirname, '../..');

function answer(status: number, body?: unknown): ApiResult {
  const text = body === undefined ? '' : JSON.stringify(body);
  const code = (body as { error_code?: unknown } | undefined)?.error_code;
  return {
    status,
    headers: {},
    text,
    curl: 'curl x',
    ...(typeof code === 'string' ? { errorCode: code } : {}),
    json: <T>() => JSON.parse(text) as T,
  };
}

const olderValidation = {
  error_code: 'validation_error',
  detail: [{ loc: ['body', 'meta_data'], message: 'Input should be an object', type: 'dict_type' }],
};
const fastApiValidation = { detail: [{ loc: ['body', 'tools', 0], msg: 'Field required', type: 'missing' }] };

test.describe('a validation error', () => {
  test('reads the locs of either documented body', () => {
    expect(validationLocs(answer(422, olderValidation), 'x')).toEqual(['body.meta_data']);
    expect(validationLocs(answer(422, fastApiValidation), 'x')).toEqual(['body.tools.0']);
  });

  test('fails on any other body, an empty list, or older issues without their envelope', () => {
    const wrong = [
      { error_code: 'bad_request', detail: 'The request was invalid.' },
      { error_code: 'validation_error', detail: 'a string' },
      { error_code: 'validation_error', detail: [] },
      // The older issues ({loc, message, type}) without the older envelope.
      { detail: olderValidation.detail },
    ];
    for (const body of wrong) expect(() => validationLocs(answer(422, body), 'x'), JSON.stringify(body)).toThrow();
  });
});

test.describe('a refusal and a success', () => {
  test('any 4xx but 429 is a refusal; the code is held where a page names it', () => {
    for (const status of [400, 403, 404, 409, 422]) expectRefusal(answer(status), 'x');
    for (const status of [200, 429, 500, 503]) expect(() => expectRefusal(answer(status), 'x')).toThrow();
    const stream = answer(422, { error_code: 'engine_does_not_support_streaming', detail: 'd' });
    expectRefusal(stream, 'x', { code: 'engine_does_not_support_streaming' });
    expect(() => expectRefusal(stream, 'x', { code: 'thread_not_found' })).toThrow();
    expect(() => expectRefusal(stream, 'x', { notFor: ['engine_does_not_support_streaming'] })).toThrow();
  });

  test('any 2xx is a success', () => {
    for (const status of [200, 201, 204]) expectSuccess(answer(status), 'x');
    for (const status of [301, 400, 500]) expect(() => expectSuccess(answer(status), 'x')).toThrow();
  });

  // The class behind a false alarm found in live mode: tests that held a run's 200 exactly (a setup
  // step of the feedback and file tests) failed against a server that answers 201. Which 2xx is
  // the contract check's to judge, as an assumption; a hand-written test asks for a success.
  test('no hand-written contract test or helper holds a success status the pages do not print', () => {
    const exactSuccess = /(?:toBe|toEqual|toContain)\(\s*2\d\d\b|\[\s*2\d\d\s*,|[!=]==\s*2\d\d\b|\b2\d\d\s*[!=]==/;
    const files = ['tests/contract', 'tests/support'].flatMap((dir) =>
      readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })
        .filter((file) => file.endsWith('.ts'))
        .map((file) => join(dir, file)),
    );
    expect(files.length, 'the scan reads the contract tests').toBeGreaterThan(20);
    const held = files.flatMap((file) =>
      readFileSync(join(ROOT, file), 'utf8')
        .split('\n')
        .flatMap((line, i) => (exactSuccess.test(line) ? [`${file}:${i + 1}: ${line.trim()}`] : [])),
    );
    expect(held, 'use expectSuccess or isSuccess (any 2xx) instead').toEqual([]);
    // The pattern finds what it is for.
    for (const line of [
      'expect(res.status).toBe(200);',
      'expect([200, 201]).toContain(s);',
      'run.status === 200 ? a : b',
    ])
      expect(exactSuccess.test(line), line).toBe(true);
  });
});

test.describe('a message rule', () => {
  test('Message Validation: a 422 with any body, nothing else', () => {
    expectMessageRuleRefusal(answer(422, fastApiValidation), 'x');
    expectMessageRuleRefusal(answer(422, { error_code: 'message_content_empty', detail: 'd' }), 'x');
    expect(() =>
      expectMessageRuleRefusal(answer(400, { error_code: 'message_content_empty', detail: 'd' }), 'x'),
    ).toThrow();
  });

  test('a stack rule: a 422 with any body, or any refusal with the code a page names', () => {
    const ending = (status: number) => answer(status, { error_code: 'incorrect_stack_ending', detail: 'd' });
    expect([
      isStackRuleRefusal(answer(422, fastApiValidation), 'incorrect_stack_ending'),
      isStackRuleRefusal(ending(400), 'incorrect_stack_ending'),
      isStackRuleRefusal(answer(400, { error_code: 'bad_request', detail: 'd' }), 'incorrect_stack_ending'),
      isStackRuleRefusal(ending(429), 'incorrect_stack_ending'),
      isStackRuleRefusal(answer(200, {}), 'incorrect_stack_ending'),
    ]).toEqual([true, true, false, false, false]);
  });
});

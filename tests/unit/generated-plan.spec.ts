import { expect } from '@playwright/test';
import { validators } from '../../contracts/generated/validators.js';
import { planSequences } from '../../contracts/stateful/plan-sequences.ts';
import { test } from '../support/base-test.ts';

const assistants = [
  { id: '3f0c2a8e-5b1d-4c6e-9a7f-1b2c3d4e5f60', streaming: true, request_required_fields: {} },
  {
    id: '7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
    streaming: false,
    request_required_fields: { __root__: ['user_data'], user_data: ['licence'] },
  },
];

test('plans the same sequences for the same seed, without a target, each opening with a valid thread', () => {
  const a = planSequences({ seed: 42, count: 20, assistants });
  const b = planSequences({ seed: 42, count: 20, assistants });
  expect(a).toEqual(b);
  expect(a).toHaveLength(20);
  for (const steps of a) {
    const first = steps[0];
    expect(first?.operationId).toBe('createThread');
    expect(validators.createThread_request(JSON.parse(first?.body?.text ?? 'null'))).toBe(true);
  }
  const ops = new Set(a.flat().map((s) => s.operationId));
  for (const op of ['createThread', 'createMessage', 'createRun', 'createRunStream', 'listMessages'])
    expect(ops.has(op as never), op).toBe(true);
  expect(planSequences({ seed: 43, count: 20, assistants })).not.toEqual(a);
});

// Every error the contract documents for every operation, generated from the spec and injected
// with Prefer (the mock checks Prefer before the path, the query, the headers and the body, so a
// sampled request will do): each must come with a conforming body. This is also what makes the
// coverage table of every operation complete in mock mode. Create a run has its own (run-faults).
import { sampleRequest } from '../../contracts/authz/request-samples.ts';
import { operationIds } from '../../contracts/check/operation-path.ts';
import { operations } from '../../contracts/generated/validators.js';
import { expect, test } from '../support/fixtures.ts';

test.describe('Documented faults of every operation', () => {
  for (const operationId of operationIds.filter((id) => id !== 'createRun')) {
    const op = operations[operationId];
    const documented = Object.entries(op.responses).flatMap(([status, spec]) =>
      spec.errorCodes.map((code) => [Number(status), code] as const),
    );
    test(`answers each documented error of ${operationId} (${op.method} ${op.path}) with a conforming body when injected`, {
      tag: '@mock',
    }, async ({ api, assistants }) => {
      const request = await sampleRequest(operationId, { assistant: assistants.primary, userId: 'agents-api-suite' });
      for (const [status, code] of documented) {
        const res = await api.call(operationId, {
          path: request.path,
          ...(request.query ? { query: request.query } : {}),
          ...(request.headers ? { headers: request.headers } : {}),
          ...(request.body === undefined ? {} : { body: request.body }),
          prefer: `code=${status}, error=${code}`,
        });
        expect([res.status, res.errorCode], `injected ${status} ${code}`).toEqual([status, code]);
      }
    });
  }
});

// Per-response costs: validating one run response with the precompiled validator next to
// JSON.parse of the same body, and the ledger's bookkeeping for it.
import { performance } from 'node:perf_hooks';
import { assumptionEvidence } from '../../contracts/check/assumption-evidence.ts';
import { validators } from '../../contracts/generated/validators.js';

export const RUN_BODY = JSON.stringify({
  content:
    'Während der Probezeit beträgt die Kündigungsfrist gemäß § 622 Abs. 3 BGB zwei Wochen. Diese Frist gilt für beide Seiten.',
  created_at: '2025-03-15T09:13:02.654321Z',
  id: '5e6f7081-9012-4ef0-9234-556677889900',
  meta_data: { intent: 'Kündigungsfrist Probezeit', legal_advice: false, type: '53aa66b7-b874-407f-967c-3a959c919d62' },
  role: 'assistant',
  sources: [
    {
      content: '§ 622 Abs. 3 BGB: Während einer vereinbarten Probezeit ... zwei Wochen gekündigt werden.',
      meta_data: { document_title: 'Bürgerliches Gesetzbuch (BGB)', section: '§ 622 Abs. 3' },
    },
  ],
  thread_id: '1a2b3c4d-5678-4abc-8ef0-112233445566',
});

/** Nanoseconds per call of fn, best of a few rounds after a warm-up (the least disturbed round). */
function nsPerOp(fn: () => unknown, iterations = 200_000, rounds = 5): number {
  for (let i = 0; i < iterations; i++) fn();
  let best = Number.POSITIVE_INFINITY;
  for (let r = 0; r < rounds; r++) {
    const start = performance.now();
    for (let i = 0; i < iterations; i++) fn();
    best = Math.min(best, ((performance.now() - start) * 1e6) / iterations);
  }
  return best;
}

/** Nanoseconds per validation, per JSON.parse of the same body, and per evidence record. */
export function perResponseCosts(): { validateNs: number; parseNs: number; evidenceNs: number } {
  const parsed = JSON.parse(RUN_BODY) as unknown;
  const validate = validators.createRun_200;
  if (!validate(parsed)) throw new Error(`The bench body no longer conforms: ${JSON.stringify(validate.errors)}`);
  const snapshot = {
    operationId: 'createRun' as const,
    status: 200,
    headers: { 'content-type': 'application/json' },
    body: RUN_BODY,
  };
  return {
    validateNs: nsPerOp(() => validate(parsed)),
    parseNs: nsPerOp(() => JSON.parse(RUN_BODY)),
    // The client passes its one parse, as ApiClient does.
    evidenceNs: nsPerOp(() => assumptionEvidence(snapshot, [], { parsed: { ok: true, value: parsed } })),
  };
}

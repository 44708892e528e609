// `npm run bench`: the contract suite's wall time in mock mode (with and without the generated
// tests), generated steps per second against the mock, and the cost of validating one run
// response with the precompiled validator next to JSON.parse of the same body.
// Figures are printed, never asserted: targets are in the issue, the machine decides.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { assumptionEvidence } from '../contracts/check/assumption-evidence.ts';
import { validators } from '../contracts/generated/validators.js';
import { commandLineOrExit } from '../contracts/lib/command-line.ts';
import { generatedStepsPerSecond } from './bench/generated-steps.ts';

commandLineOrExit(
  process.argv.slice(2),
  {},
  {
    name: 'bench',
    help: `npm run bench

The contract suite's wall time against the mock (with and without the generated tests), generated
steps per second against the mock, and the cost of validating one run response next to JSON.parse.
Prints figures and their targets; takes no flags but --help.`,
  },
);

const RUN_BODY = JSON.stringify({
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
  let best = Infinity;
  for (let r = 0; r < rounds; r++) {
    const start = performance.now();
    for (let i = 0; i < iterations; i++) fn();
    best = Math.min(best, ((performance.now() - start) * 1e6) / iterations);
  }
  return best;
}

function timed(args: string[], reportDir: string): { seconds: number; status: number | null } {
  const start = performance.now();
  const result = spawnSync(process.execPath, [join('node_modules', '@playwright', 'test', 'cli.js'), ...args], {
    env: { ...process.env, REPORT_DIR: reportDir, BASE_URL: '' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return { seconds: (performance.now() - start) / 1000, status: result.status };
}

const parsed = JSON.parse(RUN_BODY) as unknown;
const validate = validators.createRun_200;
if (!validate(parsed)) throw new Error(`The bench body no longer conforms: ${JSON.stringify(validate.errors)}`);
const validateNs = nsPerOp(() => validate(parsed));
const parseNs = nsPerOp(() => JSON.parse(RUN_BODY));
// The ledger's per-response cost: which assumptions the response exercised (the client passes its one parse).
const snapshot = {
  operationId: 'createRun' as const,
  status: 200,
  headers: { 'content-type': 'application/json' },
  body: RUN_BODY,
};
const evidenceNs = nsPerOp(() => assumptionEvidence(snapshot, [], { parsed: { ok: true, value: parsed } }));

const reports = mkdtempSync(join(tmpdir(), 'bench-contract-'));
try {
  const baseline = timed(['test', '--project=contract', '--list'], reports);
  const suite = timed(['test', '--project=contract', '--reporter=dot'], reports);
  const withoutGenerated = timed(
    ['test', '--project=contract', '--reporter=dot', '--grep-invert', 'generated sequences'],
    reports,
  );
  const steps = await generatedStepsPerSecond();
  console.log('agents-api-suite bench (2-core machine figures; targets from the issue)');
  console.log(
    `  validate one run response (createRun_200): ${(validateNs / 1000).toFixed(2)} µs   target < 5 µs and < JSON.parse`,
  );
  console.log(
    `  JSON.parse of the same ${RUN_BODY.length}-byte body:   ${(parseNs / 1000).toFixed(2)} µs   (baseline)`,
  );
  console.log(`  ratio validate / parse:                     ${(validateNs / parseNs).toFixed(2)}`);
  console.log(
    `  assumption evidence of the same response:   ${(evidenceNs / 1000).toFixed(2)} µs   (ledger bookkeeping per response)`,
  );
  console.log(
    `  contract suite, mock mode, wall time:       ${suite.seconds.toFixed(1)} s   target < 10 s with the generated tests (exit ${suite.status})`,
  );
  console.log(`  the same suite without the generated tests: ${withoutGenerated.seconds.toFixed(1)} s   (baseline)`);
  console.log(
    `  generated steps per second (mock):          ${steps.generated.toFixed(0)}   target >= 1,000 (${steps.steps} steps, 200 sequences, seed 1)`,
  );
  console.log(
    `  one fixed request in a loop, same client:   ${steps.fixed.toFixed(0)}   (baseline: no generation, model or checks)`,
  );
  console.log(
    `  Playwright listing the same suite:          ${baseline.seconds.toFixed(1)} s   (baseline: runner start-up, no requests)`,
  );
  if (suite.status !== 0 || withoutGenerated.status !== 0) process.exitCode = 1;
} finally {
  rmSync(reports, { recursive: true, force: true });
}

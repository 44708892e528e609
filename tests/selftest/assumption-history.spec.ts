// Pending assumptions across runs (docs/decisions/0070), tried as a user would: an assumption that
// one run confirmed against a target is a promise of that target from then on, so a later run that
// sees it contradicted there fails and says the API changed; before that, the same contradiction is
// only reported.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from '@playwright/test';
import { test } from '../support/base-test.ts';
import { runContractSuite } from './nested-run.ts';
import { startReferenceServer } from './reference-server/index.ts';

const RETRY_AFTER = '#/components/headers/RetryAfter';
const grep = 'answers 429 rate_limit_gateway';

// Three nested runs in a row (about 25 s of CPU): test:full (@full). npm test holds the same rule in
// tests/unit/assumption-history.spec.ts (the history file) and tests/unit/api-client.spec.ts (the verdict).
test('an assumption confirmed against a target fails a later run there that contradicts it, and is only pending on a new target', {
  tag: '@full',
}, async () => {
  test.setTimeout(240_000);
  const dir = mkdtempSync(join(tmpdir(), 'agents-api-suite-history-'));
  const env = { ASSUMPTION_HISTORY: join(dir, 'assumption-history.json') };
  try {
    // 1. A correct API: the run confirms Retry-After on a 429 and records it.
    const correct = await startReferenceServer();
    const port = Number(new URL(correct.url).port);
    const first = await runContractSuite(correct, { grep, env, timeoutMs: 90_000 }).finally(() => correct.close());
    expect(first.exitCode, first.output.slice(-2_000)).toBe(0);
    const history = JSON.parse(readFileSync(env.ASSUMPTION_HISTORY, 'utf8')) as unknown;
    expect(JSON.stringify(history), 'the history names the target and the confirmed assumption').toContain(RETRY_AFTER);
    expect(JSON.stringify(history)).toContain(`127.0.0.1:${port}`);

    // 2. The same target drops Retry-After: the API changed, and the run fails naming it.
    const changed = await startReferenceServer({ breaks: ['retry-after-missing'], port });
    const second = await runContractSuite(changed, { grep, env, timeoutMs: 90_000 }).finally(() => changed.close());
    expect(second.exitCode, second.output.slice(-2_000)).not.toBe(0);
    const failing = second.violations.find((v) => v.title === 'Required header missing' && v.status === 429);
    expect(failing?.message, second.output.slice(-2_000)).toMatch(/the API changed/);

    // 3. Another target never confirmed it: the same contradiction is pending, and the run passes.
    const fresh = await startReferenceServer({ breaks: ['retry-after-missing'] });
    const third = await runContractSuite(fresh, { grep, env, timeoutMs: 90_000 }).finally(() => fresh.close());
    expect(third.exitCode, third.output.slice(-2_000)).toBe(0);
    expect(third.pending.some((v) => v.title === 'Required header missing' && v.status === 429)).toBe(true);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

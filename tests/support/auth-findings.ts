// Findings of the authorization and lifecycle checks (ignored-auth, tenant-isolation,
// resource-availability, use-after-delete). Unlike the contract checks, each is judged across
// several calls, so the tests collect them here: every finding is written for
// contract-report.json (tests/support/auth-report.ts) and thrown as one error naming the check,
// the operation and the curl line, as ContractViolationError does for a single response.
import { appendFileSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { TestInfo } from '@playwright/test';
import { type CheckId, type Violation, violation } from '../../contracts/check/check-names.ts';
import type { OperationId } from '../../contracts/generated/validators.js';
import { operations } from '../../contracts/generated/validators.js';

/** The checks this module reports. */
export type AuthCheckId = Extract<
  CheckId,
  'ignored-auth' | 'tenant-isolation' | 'resource-availability' | 'use-after-delete'
>;

/** Which refusal a call exercised, for the coverage table. */
export type RefusalKind = 'no-key' | 'invalid-key' | 'other-tenant';

/** One broken promise, as contract-report.json lists violations. */
export interface AuthFinding extends Violation {
  operationId: OperationId;
  status: number;
  test: string;
  curl: string;
}

/** One refusal the suite asked for, and whether the API kept the promise. */
export interface RefusalExercise {
  operationId: OperationId;
  kind: RefusalKind;
  kept: boolean;
}

type AuthRecord = ({ type: 'finding' } & AuthFinding) | ({ type: 'exercise' } & RefusalExercise);

function recordsDir(): string {
  return join(process.env.REPORT_DIR ?? 'reports', 'auth-checks');
}

function append(record: AuthRecord): void {
  mkdirSync(recordsDir(), { recursive: true });
  // Synchronously, one file per worker: a worker may exit any time.
  appendFileSync(join(recordsDir(), `${process.pid}.ndjson`), `${JSON.stringify(record)}\n`);
}

/** Forgets an earlier run's records (global setup). */
export function resetAuthRecords(): void {
  rmSync(recordsDir(), { recursive: true, force: true });
}

/** Every finding and exercise of this run, from every worker. */
export function readAuthRecords(): { findings: AuthFinding[]; exercises: RefusalExercise[] } {
  let files: string[] = [];
  try {
    files = readdirSync(recordsDir());
  } catch {
    // No auth test ran.
  }
  const records = files.flatMap((file) =>
    readFileSync(join(recordsDir(), file), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as AuthRecord),
  );
  const strip = <T extends AuthRecord>({ type: _type, ...rest }: T) => rest;
  return {
    findings: records.filter((r) => r.type === 'finding').map((r) => strip(r) as AuthFinding),
    exercises: records.filter((r) => r.type === 'exercise').map((r) => strip(r) as RefusalExercise),
  };
}

/** Records that a refusal was asked for (coverage). */
export function recordExercise(exercise: RefusalExercise): void {
  append({ type: 'exercise', ...exercise });
}

/** The broken promises of one test, each with its check, operation and reproduction. */
export class AuthCheckError extends Error {
  override name = 'AuthCheckError';
  constructor(readonly findings: AuthFinding[]) {
    const lines = findings.map((f) => {
      const op = operations[f.operationId];
      return `  - ${f.title} (${f.check}) on ${op.method} ${op.path} (${f.operationId}), answered ${f.status}: ${f.message}\n      Reproduce: ${f.curl}`;
    });
    super(
      `${findings.length === 1 ? 'An authorization promise is' : `${findings.length} authorization promises are`} broken:\n${lines.join('\n')}`,
    );
  }
}

/** Collects one test's findings; `throwIfAny` ends the test with all of them. */
export class AuthFindings {
  readonly #found: AuthFinding[] = [];

  constructor(private readonly testInfo: TestInfo) {}

  /** Records a broken promise (in the report at once, thrown by throwIfAny). */
  add(check: AuthCheckId, operationId: OperationId, status: number, message: string, curl: string): void {
    const finding: AuthFinding = {
      ...violation(check, message, []),
      operationId,
      status,
      test: this.testInfo.titlePath.slice(1).join(' > '),
      curl,
    };
    this.#found.push(finding);
    append({ type: 'finding', ...finding });
  }

  get count(): number {
    return this.#found.length;
  }

  /** Fails the test with every finding so far. */
  throwIfAny(): void {
    if (this.#found.length > 0) throw new AuthCheckError([...this.#found]);
  }
}

// Findings of the authorization and lifecycle checks (contracts/check/auth-checks.ts). Unlike the
// response checks, each is judged across several calls, so the tests collect them here: every
// finding is written for contract-report.json (contracts/ledger/auth-records.ts) and thrown as one
// error naming the check, the operation and the curl line, as ContractViolationError does for a
// single response.
import type { AuthCheck } from '../check/auth-checks.ts';
import { violation } from '../check/named-check.ts';
import type { OperationId } from '../generated/validators.js';
import { operations } from '../generated/validators.js';
import { type AuthFinding, recordFinding } from '../ledger/auth-records.ts';

/** The broken promises of one test, each with its check, operation and reproduction. */
export class AuthCheckError extends Error {
  override name = 'AuthCheckError';
  readonly findings: AuthFinding[];
  constructor(findings: AuthFinding[]) {
    const lines = findings.map((f) => {
      const op = operations[f.operationId];
      return `  - ${f.title} (${f.check}) on ${op.method} ${op.path} (${f.operationId}), answered ${f.status}: ${f.message}\n      Reproduce: ${f.curl}`;
    });
    super(
      `${findings.length === 1 ? 'An authorization promise is' : `${findings.length} authorization promises are`} broken:\n${lines.join('\n')}`,
    );
    this.findings = findings;
  }
}

/** Collects one test's findings; `throwIfAny` ends the test with all of them. */
export class AuthFindings {
  readonly #found: AuthFinding[] = [];

  private readonly test: { titlePath: string[] };
  /** `test`: the test's title path, as Playwright's TestInfo carries it. */
  constructor(test: { titlePath: string[] }) {
    this.test = test;
  }

  /** Records a broken promise (in the report at once, thrown by throwIfAny). */
  add(check: AuthCheck, operationId: OperationId, status: number, message: string, curl: string): void {
    const finding: AuthFinding = {
      ...violation(check, { message, assumptions: [] }),
      operationId,
      status,
      test: this.test.titlePath.slice(1).join(' > '),
      curl,
    };
    this.#found.push(finding);
    recordFinding(finding);
  }

  get count(): number {
    return this.#found.length;
  }

  /** Fails the test with every finding so far. */
  throwIfAny(): void {
    if (this.#found.length > 0) throw new AuthCheckError([...this.#found]);
  }
}

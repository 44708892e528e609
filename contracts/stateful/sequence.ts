// Generated sequences as fast-check model-based tests: fc.commands over the command arbitrary,
// each command planning its step from the model, sending it through a StepRunner, checking the
// answer against the contract and judging it against the model. A failure carries the log of
// its sequence (every request as a curl line), so the shrunk one reports itself.
import fc from 'fast-check';
import { parseJson } from '../check/body-text.ts';
import type { Violation } from '../check/check-names.ts';
import { checkNamed } from '../check/check-names.ts';
import { checkResponse } from '../check/check-response.ts';
import { type Finding, judgeStep, serverError } from '../check/model-checks.ts';
import { asFailure, fails, type Strictness } from '../check/pending.ts';
import type { StepAnswer, StepRunner } from '../client/request-step.ts';
import { commandArbitrary, openingCommands } from './command-arbitraries.ts';
import type { GeneratedCommand } from './commands/command.ts';
import { Model, type World } from './model.ts';
import type { PlannedStep } from './planned-step.ts';

/** One request of a sequence, as the report shows it. */
export interface LoggedStep {
  operationId: PlannedStep['step']['operationId'];
  command: string;
  curl: string;
  status: number;
}

/** A generated step broke a promise: the check, what was wrong, and the sequence up to it. */
export class SequenceFailure extends Error {
  override name = 'SequenceFailure';
  readonly finding: Finding;
  readonly log: LoggedStep[];
  constructor(finding: Finding, log: LoggedStep[]) {
    super(`${checkNamed(finding.check).title} [${finding.check}]: ${finding.message}`);
    this.finding = finding;
    this.log = log;
  }
}

/** What a sequence sends its steps through, and the target's traits the judge needs. */
export interface SequenceTarget {
  /** A fresh runner per sequence (labels are per sequence). */
  runner(): StepRunner;
  live: boolean;
  /** Contract checker options: strict mode, and no quoted values for live targets. */
  check: { strict: boolean; redactValues: boolean };
  /** Which contradicted assumptions fail a step (decision 0070); the others are pending. */
  strictness: Strictness;
  /** Told of an answer that contradicted assumptions only: the run goes on, and the ledger lists it. */
  onPending?(operationId: PlannedStep['step']['operationId'], answer: StepAnswer, violations: Violation[]): void;
}

/** The real side of a model run: the runner, the log, and the threads to delete afterwards. */
interface Real {
  runner: StepRunner;
  log: LoggedStep[];
  target: SequenceTarget;
}

function contractFinding(
  operationId: PlannedStep['step']['operationId'],
  answer: StepAnswer,
  target: SequenceTarget,
): Finding | undefined {
  const violations = checkResponse(
    {
      operationId,
      status: answer.status,
      headers: answer.headers,
      body: answer.body,
      ...(answer.tooLarge ? { tooLarge: answer.tooLarge } : {}),
    },
    target.check,
  );
  const failures = violations.filter((v) => fails(v, target.strictness)).map((v) => asFailure(v, target.strictness));
  const first = failures[0];
  if (!first) {
    if (violations.length > 0) target.onPending?.(operationId, answer, violations);
    return undefined;
  }
  const lines = failures.map((v) => `${v.title}${v.pointer ? ` at ${v.pointer}` : ''}: ${v.message}`);
  return {
    check: first.check,
    message: `${operationId} answered ${answer.status}, breaking the contract: ${lines.join(' | ')}`,
    violations: failures,
  };
}

/**
 * A finding whose only fault is a status the contract reads (the right code under another 4xx):
 * a contradicted assumption, which fails only where the run holds the API to it (decision 0070)
 * and is otherwise recorded as pending.
 */
function heldTo(
  finding: Finding | undefined,
  operationId: PlannedStep['step']['operationId'],
  answer: StepAnswer,
  target: SequenceTarget,
): Finding | undefined {
  if (finding?.pending === undefined) return finding;
  const { id, text } = finding.pending;
  const contradicted: Violation = {
    check: finding.check,
    title: checkNamed(finding.check).title,
    message: `${finding.message} Only the status differs from our reading of it.`,
    assumptions: [text],
    assumptionIds: [id],
    basis: 'assumed',
  };
  if (!fails(contradicted, target.strictness)) {
    target.onPending?.(operationId, answer, [contradicted]);
    return undefined;
  }
  const failure = asFailure(contradicted, target.strictness);
  return { check: finding.check, message: failure.message };
}

async function execute(planned: PlannedStep, command: string, model: Model, real: Real): Promise<void> {
  let from = Date.now();
  let answer = await real.runner.send(planned.step);
  let to = Date.now();
  real.log.push({ operationId: planned.step.operationId, command, curl: answer.curl, status: answer.status });
  const fail = (finding: Finding): never => {
    throw new SequenceFailure(finding, real.log);
  };
  const broken = contractFinding(planned.step.operationId, answer, real.target);
  if (broken) fail(broken);
  let finding = heldTo(judgeStep(planned.verdict, answer), planned.step.operationId, answer, real.target);
  // Live: one retry separates a transient failure from a bug (a 5xx the model calls unexplained).
  if (finding?.check === serverError.id && real.target.live) {
    from = Date.now();
    answer = await real.runner.send(planned.step);
    to = Date.now();
    real.log.push({
      operationId: planned.step.operationId,
      command: `${command} (retried once after a 5xx)`,
      curl: answer.curl,
      status: answer.status,
    });
    finding =
      contractFinding(planned.step.operationId, answer, real.target) ??
      heldTo(judgeStep(planned.verdict, answer), planned.step.operationId, answer, real.target);
  }
  if (finding) fail(finding);
  if (answer.status >= 200 && answer.status < 300) {
    const parsed = parseJson(answer.body);
    const after = planned.onAccept(model, parsed.ok ? parsed.value : undefined, answer.body, { from, to });
    if (after) fail(after);
  }
  const next = planned.next?.(model);
  if (next) await execute(next, `${command}, then ${next.step.operationId}`, model, real);
}

/** A generated command as fast-check runs it: its own check and toString, and run = plan, then execute. */
class SequenceCommand implements fc.AsyncCommand<Model, Real> {
  readonly command: GeneratedCommand;
  constructor(command: GeneratedCommand) {
    this.command = command;
  }

  check(model: Readonly<Model>): boolean {
    return this.command.check(model);
  }

  async run(model: Model, real: Real): Promise<void> {
    await execute(this.command.plan(model), this.command.toString(), model, real);
  }

  toString(): string {
    return this.command.toString();
  }
}

/**
 * The commands arbitrary fast-check runs and shrinks. Every sequence opens with a generated,
 * valid thread and user message (openingCommands), so that its other commands have a thread.
 */
export function sequenceArbitrary(options: {
  otherTenant: boolean;
  maxCommands: number;
  replayPath?: string;
}): fc.Arbitrary<Iterable<fc.AsyncCommand<Model, Real>>> {
  const rest = fc.commands(
    [commandArbitrary({ otherTenant: options.otherTenant }).map((command) => new SequenceCommand(command))],
    {
      maxCommands: options.maxCommands,
      size: 'max',
      ...(options.replayPath ? { replayPath: options.replayPath } : {}),
    },
  );
  return fc
    .tuple(
      openingCommands().map((list) => list.map((command) => new SequenceCommand(command))),
      rest,
    )
    .map(([opening, commands]) => ({
      *[Symbol.iterator]() {
        yield* opening;
        yield* commands;
      },
      // fast-check's own text carries the replay path of the commands (see run-generated.ts).
      toString: () => `${opening.map(String).join(', ')}, ${String(commands)}`,
    }));
}

/** Runs one sequence against the target; `cleanup` deletes what it created, whatever happened. */
export async function runSequence(
  commands: Iterable<fc.AsyncCommand<Model, Real>>,
  world: World,
  target: SequenceTarget,
  cleanup: (model: Model, runner: StepRunner) => Promise<void>,
): Promise<void> {
  const model = new Model(world);
  const real: Real = { runner: target.runner(), log: [], target };
  try {
    await fc.asyncModelRun(() => ({ model, real }), commands);
  } finally {
    await cleanup(model, real.runner);
  }
}

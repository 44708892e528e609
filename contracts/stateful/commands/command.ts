// What every command of a generated sequence is: fast-check's Command shape (check, run,
// toString), with run split in two. `plan` is the model's half: the request, the answers the
// docs allow, and what an accepted answer changes. Sending the step and judging the answer is
// the runner's half, the same for every command (sequence.ts); planning without a target (the
// drift report, plan-sequences.ts) uses `check` and `plan` alone. A command holds only its drawn
// data: fast-check runs the same object again in every shrunk sequence that keeps it, so what a
// step learns goes into the model, never into the command.
import fc from 'fast-check';
import type { Verdict } from '../../check/step-verdict.ts';
import type { Body } from '../bodies.ts';
import type { Model } from '../model.ts';
import type { PlannedStep } from '../planned-step.ts';

/** One command of a generated sequence (docs/decisions/0020: how to write one). */
export interface GeneratedCommand {
  /** Whether the command can be taken in this state (fast-check's `check`: it skips the command otherwise). */
  check(model: Readonly<Model>): boolean;
  /** Plans the command's step from the model's state (fast-check's `run`, without the sending). */
  plan(model: Model): PlannedStep;
  /** A short account for fast-check's report, the shrunk path and the example database. */
  toString(): string;
}

/** At most this many threads and messages per sequence: a listing's default page holds them all. */
export const MAX_THREADS = 3;
export const MAX_MESSAGES = 60;

/** The verdict of a request the docs allow as it is. */
export const ACCEPT: Verdict = { mayAccept: true, refusals: [] };

/** Which thread (or assistant, or message) a command takes: cycled over those there are. */
export const pick = fc.nat({ max: 11 });

/** Whether the live budget of run calls has one left: a command that runs is not taken once it is spent. */
export function runCallLeft(model: Readonly<Model>): boolean {
  return model.world.runCallsLeft > 0;
}

/** Counts a run call against the live budget, when its step is planned. */
export function spendRunCall(model: Model): void {
  model.world.runCallsLeft -= 1;
}

/** A body as a command's account names it: its kind, and for an invalid one what is broken where. */
export function describeBody(body: Body): string {
  return `body=${body.kind === 'invalid' ? `invalid(${body.invalid.kind}@${body.invalid.field.join('.') || 'root'})` : body.kind}`;
}

/** The thread `check` found, which `plan` finds again (fast-check calls `check` right before `run`). */
export function checkedThread<T>(thread: T | undefined): T {
  if (thread === undefined) throw new Error('planned without a thread');
  return thread;
}

// Listing threads: a cursor walk with the drawn filters (user_id, include_deleted) and limit. The
// pages must hold the sequence's threads exactly as the filters say (List threads: `user_id`,
// `include_deleted` default false), each once, each read back as it was written. The tenant may
// hold other threads (other tests, other clients): the model judges only its own, and, under a
// user filter without deleted threads, that every other item is that user's.
import fc from 'fast-check';
import { type Finding, paging } from '../../check/model-checks.ts';
import { describeWalk, itemId, type Page } from '../../check/read-back.ts';
import type { Model, ModelThread } from '../model.ts';
import type { PlannedStep } from '../planned-step.ts';
import { judgeThreadRead } from '../read-back-model.ts';
import { walkStep } from '../read-walk.ts';
import { ACCEPT, type GeneratedCommand, pick } from './command.ts';
import { drawnLimit } from './list-messages.ts';

/** What a list-threads command draws. */
export interface ListThreadsData {
  /** Filter by user: none, the user of the `user`th thread that has one (else `stranger`), or `stranger`, a user no thread has. */
  filter: 'none' | 'user' | 'stranger';
  user: number;
  stranger: string;
  include: 'absent' | 'false' | 'true';
  limit: number | undefined;
}

/** Pages at most: past it, a walk that has not found every expected thread says nothing (the tenant may hold many). */
const MAX_PAGES = 20;

export class ListThreads implements GeneratedCommand {
  readonly data: ListThreadsData;
  constructor(data: ListThreadsData) {
    this.data = data;
  }

  check(model: Readonly<Model>): boolean {
    return model.threads.some((t) => t.id !== undefined) || model.world.planning;
  }

  plan(model: Model): PlannedStep {
    const { data } = this;
    const users = [...new Set(model.threads.flatMap((t) => (typeof t.userId === 'string' ? [t.userId] : [])))];
    const user =
      data.filter === 'none'
        ? undefined
        : data.filter === 'user'
          ? (users[data.user % Math.max(users.length, 1)] ?? data.stranger)
          : data.stranger;
    return threadListing(model, user, data.include, data.limit);
  }

  toString(): string {
    const { data } = this;
    const filter = data.filter === 'none' ? 'all users' : data.filter === 'user' ? `user ${data.user}` : 'a stranger';
    return `list-threads(${filter}, include_deleted ${data.include}${data.limit === undefined ? '' : `, limit ${data.limit}`})`;
  }
}

/**
 * A walk of List threads with these filters, judged against the model: `user` filters by user_id
 * (undefined: all users), `include` sends include_deleted (or not), `limit` sends limit (or not).
 */
export function threadListing(
  model: Model,
  user: string | undefined,
  include: ListThreadsData['include'],
  limit: number | undefined,
): PlannedStep {
  const deleted = include === 'true';
  const query: Record<string, string> = {
    ...(user !== undefined ? { user_id: user } : {}),
    ...(include !== 'absent' ? { include_deleted: include } : {}),
    ...(limit !== undefined ? { limit: String(limit) } : {}),
  };
  const mine = (t: ModelThread) => user === undefined || t.userId === user;
  // Must be listed: the live threads the filter takes, and unfiltered with include_deleted=true the deleted ones
  // (filtered, a deleted thread's user_id is a placeholder: whether the filter still finds it is open).
  const due = () =>
    model.threads.filter((t) => t.id !== undefined && mine(t) && (!t.deleted || (deleted && user === undefined)));
  const barred = () =>
    model.threads.filter((t) => t.id !== undefined && ((t.deleted && !deleted) || (!t.deleted && !mine(t))));
  const why = `List threads with ${new URLSearchParams(query).toString() || 'no query'} must hold exactly the threads its filters take, each once.`;
  return walkStep({
    operationId: 'listThreads',
    query,
    limit,
    verdict: ACCEPT,
    maxPages: MAX_PAGES,
    why,
    enough: (_m, pages) => user === undefined && found(pages, due()),
    finish: (m, pages, ended) =>
      judgeThreads(m, pages, { due: due(), barred: barred(), user, deleted, ended, why, limit }),
  });
}

function found(pages: Page[], due: ModelThread[]): boolean {
  const ids = new Set(pages.flatMap((p) => p.items.map(itemId)));
  return due.every((t) => ids.has(String(t.id)));
}

/** The walk against the model: nothing barred, every due thread (when the walk ended), each known one read back. */
function judgeThreads(
  model: Model,
  pages: Page[],
  want: {
    due: ModelThread[];
    barred: ModelThread[];
    user: string | undefined;
    deleted: boolean;
    ended: boolean;
    why: string;
    limit: number | undefined;
  },
): Finding | undefined {
  const items = pages.flatMap((p) => p.items) as Array<Record<string, unknown>>;
  const walk = describeWalk(pages, want.limit);
  const fail = (fault: string): Finding => ({
    check: paging.id,
    message: paging.judgeWalk(fault, walk, want.why) ?? fault,
  });
  for (const thread of want.barred) {
    if (!items.some((item) => item.id === thread.id)) continue;
    return fail(
      thread.deleted
        ? `Deleted thread ${thread.id} is listed without include_deleted=true.`
        : `Thread ${thread.id} of user ${String(thread.userId)} is listed under user_id=${String(want.user)}.`,
    );
  }
  // Another client's thread under a user filter: that user's, unless deleted ones (whose user_id is a placeholder) are asked for.
  if (want.user !== undefined && !want.deleted) {
    const stranger = items.find((item) => String(item.user_id).toLowerCase() !== want.user);
    if (stranger)
      return fail(
        `Thread ${itemId(stranger)} of user_id ${JSON.stringify(stranger.user_id)} is listed under user_id=${want.user}.`,
      );
  }
  if (want.ended || found(pages, want.due)) {
    const missing = want.due.filter((t) => !items.some((item) => item.id === t.id));
    if (missing.length > 0)
      return fail(
        `The walk ended without ${missing.map((t) => `${t.deleted ? 'deleted ' : ''}thread ${t.id}`).join(', ')}.`,
      );
  }
  for (const thread of model.threads) {
    const item = items.find((i) => i.id !== undefined && i.id === thread.id);
    if (!item) continue;
    const read = judgeThreadRead(thread, item, 'A listed thread must read back as it was written.');
    if (read) return read;
  }
  return undefined;
}

/** Listing the tenant's threads with drawn filters and limit. */
export function listThreads(): fc.Arbitrary<ListThreads> {
  return fc
    .record({
      filter: fc.constantFrom<ListThreadsData['filter']>('none', 'user', 'stranger'),
      user: pick,
      stranger: fc.uuid({ version: 4 }),
      include: fc.constantFrom<ListThreadsData['include']>('absent', 'false', 'true'),
      limit: drawnLimit,
    })
    .map((data) => new ListThreads(data));
}

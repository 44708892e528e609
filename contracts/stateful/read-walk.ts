// A cursor walk as a chain of planned steps: the first page with the drawn `limit`, then each
// page the answer's cursor names, until the cursor ends the walk (decision 0071: null, absent, ""
// or an empty page), the reader has seen enough, or the page budget is spent. Each page is held
// to the documented paging as it arrives; the whole walk is judged once, at its end.
import { type Finding, paging } from '../check/model-checks.ts';
import { describeWalk, lastCursor, type Page, pagesDiffer } from '../check/read-back.ts';
import type { Verdict } from '../check/step-verdict.ts';
import type { RequestStep } from '../client/request-step.ts';
import type { Model } from './model.ts';
import type { PlannedStep } from './planned-step.ts';

/** What a walk reads and how it judges it. */
export interface WalkSpec {
  operationId: 'listMessages' | 'listThreads';
  path?: RequestStep['path'];
  /** The query of every page (the cursor is added to later pages). */
  query: Record<string, string>;
  /** The drawn limit (undefined: none sent). */
  limit: number | undefined;
  /** The first page's verdict (later pages follow a cursor the API gave: a success is due). */
  verdict: Verdict;
  /** Pages at most; reaching it without an end is `ended: false`. */
  maxPages: number;
  /** Why the walk is made, for a finding. */
  why: string;
  /** The walk has seen what it needs and may stop before the end. */
  enough?(model: Model, pages: Page[]): boolean;
  /** Judges the whole walk; `ended`: the cursor ended it (not the budget or `enough`). */
  finish(model: Model, pages: Page[], ended: boolean): Finding | undefined;
}

/** The step of the walk's next page (the first, when `pages` is empty). */
export function walkStep(walk: WalkSpec, pages: Page[] = [], cursor?: string): PlannedStep {
  // Only an accepted page that does not end the walk asks for the next one.
  let more = false;
  const query = cursor === undefined ? walk.query : { ...walk.query, cursor };
  return {
    step: {
      operationId: walk.operationId,
      ...(walk.path ? { path: walk.path } : {}),
      ...(Object.keys(query).length > 0 ? { query } : {}),
    },
    verdict: pages.length === 0 ? walk.verdict : { mayAccept: true, refusals: [] },
    onAccept(model, body) {
      if (body === undefined || model.world.planning) return undefined;
      const answer = body as { items?: unknown; cursor?: unknown };
      const page: Page = { items: Array.isArray(answer.items) ? answer.items : [], cursor: answer.cursor };
      pages.push(page);
      const fault = paging.judgeWalk(pagesDiffer(pages, walk.limit), describeWalk(pages, walk.limit), walk.why);
      if (fault) return { check: paging.id, message: fault };
      const ended = lastCursor(page.cursor) || page.items.length === 0;
      if (ended || pages.length >= walk.maxPages || walk.enough?.(model, pages))
        return walk.finish(model, pages, ended);
      more = true;
      return undefined;
    },
    next: () => {
      const last = pages[pages.length - 1];
      return !more || last === undefined ? undefined : walkStep(walk, pages, String(last.cursor));
    },
  };
}

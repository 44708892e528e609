// Divergences grouped by kind, so that a reader sees one entry for the same difference on twenty
// steps: the difference, how many steps showed it, on which operations, the assumptions behind it
// and a few example steps. The steps where the docs allow both answers are kinds of their own.
import type { AnswerSummary, Difference } from './compare-answers.ts';
import type { Divergence } from './run-drift.ts';

/** Example steps shown per kind; drift.json and drift-curl.txt have every step. */
export const EXAMPLES_PER_KIND = 3;

/** One kind of divergence: the same differences, wherever they were seen. */
export interface DivergenceKind {
  /** The differences every step of this kind shows (aspect, place, both sides). */
  differences: Difference[];
  /** True when the docs allow both answers at every step of this kind. */
  bothAllowed: boolean;
  /** Why the docs allow both (distinct reasons, in order of first appearance). */
  allowedBecause: string[];
  /** The assumptions behind any step of this kind, by id. */
  assumptions: Array<{ id: string; reason: string }>;
  /** Steps per operation, in order of first appearance. */
  operations: Array<{ operationId: string; steps: number }>;
  /** How many steps showed it. */
  count: number;
  /** The first steps that showed it (at most EXAMPLES_PER_KIND), with the place of their full curl line. */
  examples: Array<
    Pick<Divergence, 'scenario' | 'step' | 'operationId' | 'curl' | 'target' | 'mock'> & { entry: number }
  >;
}

/** A difference in words: "shape /title: target null, mock absent". */
export function describeDifference(d: Difference): string {
  return `${d.aspect}${d.at !== undefined ? ` ${d.at || '(root)'}` : ''}: target ${d.target ?? 'absent'}, mock ${d.mock ?? 'absent'}`;
}

/** An answer in words: status, error code, content type, documented headers. */
export function answerLine(a: AnswerSummary): string {
  return `${a.status}${a.errorCode ? ` ${a.errorCode}` : ''}, ${a.contentType ?? 'no content type'}${a.headers.length ? `, headers ${a.headers.join(', ')}` : ''}`;
}

/**
 * The kinds of the divergences, most steps first. `entry` of an example is its 1-based place in
 * `divergences`, which is also its place in drift-curl.txt.
 */
export function divergenceKinds(divergences: Divergence[]): DivergenceKind[] {
  const kinds = new Map<string, DivergenceKind>();
  divergences.forEach((d, index) => {
    const key = JSON.stringify([Boolean(d.bothAllowed), d.differences]);
    let kind = kinds.get(key);
    if (kind === undefined) {
      kind = {
        differences: d.differences,
        bothAllowed: Boolean(d.bothAllowed),
        allowedBecause: [],
        assumptions: [],
        operations: [],
        count: 0,
        examples: [],
      };
      kinds.set(key, kind);
    }
    kind.count += 1;
    if (d.bothAllowed && !kind.allowedBecause.includes(d.bothAllowed)) kind.allowedBecause.push(d.bothAllowed);
    for (const a of d.assumptions) if (!kind.assumptions.some((b) => b.id === a.id)) kind.assumptions.push(a);
    const op = kind.operations.find((o) => o.operationId === d.operationId);
    if (op) op.steps += 1;
    else kind.operations.push({ operationId: d.operationId, steps: 1 });
    if (kind.examples.length < EXAMPLES_PER_KIND) {
      const { scenario, step, operationId, curl, target, mock } = d;
      kind.examples.push({ scenario, step, operationId, curl, target, mock, entry: index + 1 });
    }
  });
  return [...kinds.values()].sort((a, b) => b.count - a.count);
}

/** What a kind with no assumption behind it says; a kind the docs allow both ways says nothing instead. */
export const NO_ASSUMPTION =
  'No assumption is behind it: the docs decide this point, so the mock or the API departs from them.';

/** The label of a kind's assumptions: behind a divergence, or at stake where the docs allow both. */
export function assumptionsLabel(kind: DivergenceKind): string {
  return kind.bothAllowed ? 'Our readings at stake' : 'Assumptions behind it';
}

/** Where a kind was seen: "createThread (12 steps), getThread (8 steps)". */
export function operationsText(kind: DivergenceKind): string {
  return kind.operations.map((o) => `${o.operationId} (${stepCount(o.steps)})`).join(', ');
}

/** The heading of a kind: its differences, joined. */
export function kindTitle(kind: DivergenceKind): string {
  return kind.differences.map(describeDifference).join('; ');
}

/** The opening of the divergences' section. */
export const DIVERGENCES_INTRO =
  'The mock answers differently from the API. Where an assumption is behind a kind, the assumption may be wrong; where none is, one side departs from the docs.';

/** The opening of the section where the docs allow both answers. */
export const BOTH_ALLOWED_INTRO =
  'Both answers are ones the docs allow: the mock and the API read an open point differently. A test that relies on the mock here relies on its reading.';

/** A count of steps in words: "1 step", "20 steps". */
export function stepCount(n: number): string {
  return `${n} step${n === 1 ? '' : 's'}`;
}

/** The title of a section: the divergences, or the steps where the docs allow both answers. */
export function sectionTitle(bothAllowed: boolean, counts: { kinds: number; steps: number }): string {
  const what = bothAllowed ? 'The docs allow both' : 'Divergences';
  return `${what} (${counts.kinds} kind${counts.kinds === 1 ? '' : 's'}, ${stepCount(counts.steps)})`;
}

/** Where the steps of a kind that are not shown are, or nothing when every step is shown. */
export function otherSteps(kind: DivergenceKind): string | undefined {
  const rest = kind.count - kind.examples.length;
  return rest > 0 ? `The other ${rest}: drift.json; their curl lines: drift-curl.txt.` : undefined;
}

/** How long a curl line may be on the page before its body is cut. */
const SHOWN_CURL = 240;

/**
 * A curl line short enough to read: a long quoted body is cut, and the line says so and where
 * the whole line is. Lines that fit are returned as they are (and stay runnable).
 */
export function shortCurl(curl: string, entry: number, file = 'drift-curl.txt'): string {
  if (curl.length <= SHOWN_CURL) return curl;
  const at = curl.indexOf(" --data-binary '");
  if (at < 0) return curl;
  const start = at + " --data-binary '".length;
  const room = Math.max(40, SHOWN_CURL - start);
  const bytes = Buffer.byteLength(curl.slice(start, -1));
  return `${curl.slice(0, start + room)}…'  # body cut (${bytes} bytes): the whole line is entry ${entry} of ${file}`;
}

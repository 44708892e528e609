// The bundled corpus the mock cites, and how a question picks its entry: by keyword hits, so
// that a question about the Probezeit cites § 622 Abs. 3 BGB, and by a hash otherwise, so that
// the same question always gets the same answer.
import { readFileSync } from 'node:fs';
import type { components } from '../../generated/api.ts';

type Source = components['schemas']['Source'];

/** One topic: what to say, what to cite, and the facts for meta_data. */
export interface CorpusEntry {
  keywords: string[];
  intent: string;
  legal_advice: boolean;
  type: string;
  answer: string;
  source: Source;
  /** `[source]`, made once and frozen: every answer citing this entry shares it. */
  sources: readonly Source[];
}

const CORPUS_URL = new URL('../corpus/corpus.json', import.meta.url);

function load(): CorpusEntry[] {
  const parsed = JSON.parse(readFileSync(CORPUS_URL, 'utf8')) as { entries: Array<Omit<CorpusEntry, 'sources'>> };
  if (parsed.entries.length === 0)
    throw new Error(`Expected ${CORPUS_URL.pathname} to hold at least one entry. Got none.`);
  return parsed.entries.map((entry) =>
    Object.freeze({ ...entry, sources: Object.freeze([Object.freeze(entry.source)]) }),
  );
}

/** The entries, in file order. */
export const corpus: readonly CorpusEntry[] = load();

/** A small, stable string hash (FNV-1a); it only spreads questions over the entries. */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** The entry that answers a question: most keyword hits, first in file order on a tie. */
export function entryFor(question: string): CorpusEntry {
  const text = question.toLowerCase();
  let best: CorpusEntry | undefined;
  let bestHits = 0;
  for (const entry of corpus) {
    let hits = 0;
    for (const keyword of entry.keywords) if (text.includes(keyword)) hits += 1;
    if (hits > bestHits) {
      best = entry;
      bestHits = hits;
    }
  }
  return best ?? (corpus[fnv1a(text) % corpus.length] as CorpusEntry);
}

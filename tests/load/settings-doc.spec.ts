// docs/load.md's table of settings shows the defaults the k6 scripts use, and names every setting
// they read with a default. The defaults are recorded where the scripts read them: each script is
// loaded as k6 would load it, with load/lib/env.ts noting every setting and fallback it is asked for.
import { expect } from '@playwright/test';
import { parseDuration } from '../../load/lib/env.ts';
import { test } from '../support/base-test.ts';
import { defaultCell, settingsIn, tableRows } from '../unit/helpers/shown-docs.ts';
import { loadScript } from './support/k6-harness.ts';
import { SCRIPTS } from './support/k6-transform.ts';

type Fallback = number | string;

/** Makes each reader of a setting with a default note the name and the default before it reads. */
function noting(path: string, source: string): string {
  if (!path.endsWith('/load/lib/env.ts')) return source;
  return source.replace(
    /(export function (?:readString|readNumber|readDuration)\([\s\S]*?\):\s*\w+\s*\{)/g,
    '$1\n  (globalThis as { shownDefaults?: unknown[][] }).shownDefaults?.push([arguments[1], arguments[2]]);',
  );
}

/** Per setting, the defaults the scripts read it with (one per script that reads it, in script order). */
async function recordedDefaults(): Promise<Map<string, Fallback[]>> {
  const defaults = new Map<string, Fallback[]>();
  const store = globalThis as { shownDefaults?: unknown[][] };
  for (const script of SCRIPTS) {
    store.shownDefaults = [];
    try {
      await loadScript(script, { API_KEY: 'k' }, noting);
      for (const [name, fallback] of store.shownDefaults as Array<[string, Fallback]>) {
        const seen = defaults.get(name) ?? [];
        if (!seen.includes(fallback)) seen.push(fallback);
        defaults.set(name, seen);
      }
    } finally {
      delete store.shownDefaults;
    }
  }
  return defaults;
}

/** The value of one item of a default cell, with the settings it refers to resolved; null when it states none. */
function shownValue(item: string, known: Map<string, Fallback[]>): Fallback | null {
  const text = item.replace(/\([^)]*\)/g, '').trim();
  const ref = (name: string) => Number(known.get(name)?.[0]);
  let match = /^`([A-Z_]+)`\s*\+\s*(\d+(?:\.\d+)?)$/.exec(text);
  if (match) return ref(match[1] ?? '') + Number(match[2]);
  match = /^(\d+(?:\.\d+)?)\s*×\s*`([A-Z_]+)`$/.exec(text);
  if (match) return Number(match[1]) * ref(match[2] ?? '');
  match = /^`([^`]+)`$/.exec(text);
  if (match) return match[1] ?? '';
  return /^\d+(\.\d+)?$/.test(text) ? Number(text) : null;
}

/** Whether a shown value is the recorded default: durations compare in seconds, strings as written. */
function same(shown: Fallback, recorded: Fallback): boolean {
  if (typeof recorded === 'string') return shown === recorded;
  return (typeof shown === 'number' ? shown : parseDuration(shown)) === recorded;
}

test("docs/load.md's settings show the k6 scripts' defaults, and every setting they read with one", async () => {
  const recorded = await recordedDefaults();
  expect(recorded.size, 'the scripts read their settings through load/lib/env.ts').toBeGreaterThan(20);
  const rows = tableRows(['docs/load.md']).filter((row) => defaultCell(row) !== undefined);
  const shown = new Set<string>();
  for (const row of rows) {
    const names = settingsIn(row.first);
    const items = (defaultCell(row) ?? '').split(/,\s*/).filter((item) => item.trim() !== '');
    const values = items.map((item) => shownValue(item, recorded));
    for (const [i, name] of names.entries()) {
      shown.add(name);
      const defaults = recorded.get(name);
      if (defaults === undefined) continue;
      // One setting with a default per script ("1 (smoke), 0.1, 0.25 (stream)"), or one value each.
      const mine = names.length === 1 ? values : [values[i] ?? null];
      const where = `docs/load.md, ${name}: "${defaultCell(row)}"`;
      expect(mine.includes(null), `${where} states no value`).toBe(false);
      expect(mine.length, where).toBe(names.length === 1 ? defaults.length : 1);
      for (const value of mine as Fallback[])
        expect(
          defaults.some((d) => same(value, d)),
          `${where}: the scripts use ${defaults.join(' or ')}`,
        ).toBe(true);
    }
  }
  const missing = [...recorded.keys()].filter((name) => !shown.has(name));
  expect(missing, 'settings the scripts read with a default, missing from docs/load.md').toEqual([]);
});

// The registry of checks (contracts/check/check-names.ts): each check is implemented once, in its
// family's module beside its id and title, and every check a report can name is one of them.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from '@playwright/test';
import type TS from 'typescript';
import * as authFamily from '../../contracts/check/auth-checks.ts';
import * as behaviourFamily from '../../contracts/check/behaviour-checks.ts';
import { CHECKS, checkNamed } from '../../contracts/check/check-names.ts';
import * as modelFamily from '../../contracts/check/model-checks.ts';
import * as rateLimitFamily from '../../contracts/check/rate-limit-checks.ts';
import * as responseFamily from '../../contracts/check/response-checks.ts';
import { test } from '../support/base-test.ts';
import { typescriptCompiler } from './helpers/typescript-compiler.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The family modules, and the list each joins the registry with. */
const FAMILIES = [
  { file: 'contracts/check/response-checks.ts', module: responseFamily, list: responseFamily.RESPONSE_CHECKS },
  { file: 'contracts/check/auth-checks.ts', module: authFamily, list: authFamily.AUTH_CHECKS },
  { file: 'contracts/check/model-checks.ts', module: modelFamily, list: modelFamily.MODEL_CHECKS },
  { file: 'contracts/check/behaviour-checks.ts', module: behaviourFamily, list: behaviourFamily.BEHAVIOUR_CHECKS },
  { file: 'contracts/check/rate-limit-checks.ts', module: rateLimitFamily, list: rateLimitFamily.RATE_LIMIT_CHECKS },
];

/** A module's exports that are checks: an object with a string id and title. */
function checksOf(module: Record<string, unknown>): Array<{ id: string; title: string }> {
  return Object.values(module).filter(
    (value): value is { id: string; title: string } =>
      typeof value === 'object' &&
      value !== null &&
      typeof (value as { id?: unknown }).id === 'string' &&
      typeof (value as { title?: unknown }).title === 'string',
  );
}

test('every id in the registry has exactly one implementation, with a title and its judges', () => {
  const ids = CHECKS.map((check) => check.id);
  expect(new Set(ids).size, 'an id is registered twice').toBe(ids.length);
  const titles = CHECKS.map((check) => check.title);
  // Reports count violations by title (contract-report.json's summary): two checks may not share one.
  expect(new Set(titles).size, 'a title is registered twice').toBe(titles.length);
  for (const check of CHECKS) {
    const defining = FAMILIES.filter((family) => checksOf(family.module).includes(check));
    expect(
      defining.map((family) => family.file),
      `the module that implements ${check.id}`,
    ).toHaveLength(1);
    expect(check.title.trim().length, `${check.id} has a title`).toBeGreaterThan(0);
    const judges = Object.values(check).filter((value) => typeof value === 'function');
    expect(judges.length, `${check.id} has a function that judges`).toBeGreaterThan(0);
    expect(checkNamed(check.id)).toBe(check);
  }
});

test("every check a family module defines is in its family's list, and so in the registry", () => {
  for (const family of FAMILIES) {
    const defined = checksOf(family.module).map((check) => check.id);
    expect(defined.length, family.file).toBeGreaterThan(0);
    expect([...family.list].map((check) => check.id).sort(), family.file).toEqual([...defined].sort());
  }
  expect(CHECKS.map((check) => check.id).sort()).toEqual(
    FAMILIES.flatMap((family) => family.list.map((check) => check.id)).sort(),
  );
});

test('a report can name no check outside the registry', () => {
  // @ts-expect-error: an id the registry does not have is no check (the type of every report's `check`).
  expect(() => checkNamed('response-too-slow')).toThrow(/Expected the id of a check of the registry/);
});

/** Source files of the product: what the package ships, and the scripts. */
function productFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = `${dir}/${name}`;
    if (path === 'contracts/generated' || path === 'load/contracts' || name === 'node_modules') return [];
    if (statSync(join(ROOT, path)).isDirectory()) return productFiles(path);
    return /\.(ts|js|mjs)$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Ids that are ordinary words of the code too: as strings they are left to the `check:` rule. */
const ALSO_WORDS: Record<string, string> = {
  'content-type': "the Content-Type header's name",
  behaviour: "the name of the behaviour records' store",
};

/**
 * Where a file names a check by hand: a string that is a registry title, a string that is a
 * registry id (but those of ALSO_WORDS), or a `check:` property given a string. Syntax only, so
 * comments do not count.
 */
function handNamedChecks(path: string): string[] {
  const ts = typescriptCompiler();
  const source = ts.createSourceFile(path, readFileSync(join(ROOT, path), 'utf8'), ts.ScriptTarget.Latest, true);
  const titles = new Set<string>(CHECKS.map((check) => check.title));
  const ids = new Set<string>(CHECKS.map((check) => check.id).filter((id) => ALSO_WORDS[id] === undefined));
  const out: string[] = [];
  const at = (node: TS.Node) => `${path}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
  const visit = (node: TS.Node): void => {
    if (ts.isStringLiteralLike(node) || ts.isTemplateLiteralToken(node)) {
      if (titles.has(node.text)) out.push(`${at(node)}: the title "${node.text}"`);
      if (ids.has(node.text)) out.push(`${at(node)}: the id "${node.text}"`);
    }
    if (
      ts.isPropertyAssignment(node) &&
      node.name.getText(source) === 'check' &&
      ts.isStringLiteralLike(node.initializer)
    )
      out.push(`${at(node)}: check: "${node.initializer.text}"`);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

test('no product code names a check by hand: findings are made from the registry entries', () => {
  const files = ['bin', 'contracts', 'load', 'scripts', 'tests/contract', 'tests/contract-coverage', 'tests/support']
    .flatMap(productFiles)
    .filter((file) => !FAMILIES.some((family) => family.file === file));
  expect(files.length).toBeGreaterThan(150);
  expect(files.flatMap(handNamedChecks)).toEqual([]);
});

test('the scan finds a check named by hand', () => {
  expect(handNamedChecks('tests/unit/helpers/hand-named-check.ts')).toEqual([
    'tests/unit/helpers/hand-named-check.ts:4: the title "Response violates schema"',
    'tests/unit/helpers/hand-named-check.ts:5: check: "server-error"',
    'tests/unit/helpers/hand-named-check.ts:5: the id "server-error"',
    'tests/unit/helpers/hand-named-check.ts:6: check: "response-too-slow"',
  ]);
});

// The table of checks moved from the README to its guide (issue 24); the README links it.
test("the guide of checks names every check of the registry, each table row with the registry's title", () => {
  const guide = readFileSync(join(ROOT, 'docs/guides/what-the-tests-check.md'), 'utf8');
  for (const check of CHECKS) expect(guide, check.id).toContain(`\`${check.id}\``);
  const rows = guide.split('\n').filter((line) => /^\| `[a-z-]+`/.test(line));
  const rowIds = rows.flatMap((row) => [...(row.split('|')[1] ?? '').matchAll(/`([a-z-]+)`/g)].map((m) => m[1]));
  expect(rowIds.sort(), 'each check has a row').toEqual(CHECKS.map((check) => check.id).sort());
  for (const row of rows) {
    const [idCell = '', titleCell = ''] = row.split('|').slice(1);
    const ids = [...idCell.matchAll(/`([a-z-]+)`/g)].map((m) => m[1]);
    const titles = titleCell.split(' / ').map((title) => title.trim());
    ids.forEach((id, i) => {
      const check = CHECKS.find((c) => c.id === id);
      expect(check, `guide row for ${id}`).toBeDefined();
      expect(titles[i]?.startsWith(check?.title ?? '?'), `guide title of ${id}: ${titles[i]}`).toBe(true);
    });
  }
});

// The Redocly half of npm run lint: `redocly lint contracts/openapi.yaml`, with its result in one
// line when the spec is clean. Redocly CLI prints a boxed notice on every run under Node 20 (its
// end of life), and no setting of its own silences it; a clean lint is a result, not that notice.
// Any error or warning shows Redocly's own report in full (notice and all), with its exit status.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { runWhenStarted } from '../contracts/lib/cli-entry.ts';
import { commandLineOrStatus } from '../contracts/lib/command-line.ts';

const ROOT = resolve(import.meta.dirname, '..');

const HELP = `npm run lint (this part: scripts/lint-openapi.ts [spec file])

Lints contracts/openapi.yaml (or the spec file given) with Redocly CLI, rules from redocly.yaml; npm
run lint then checks the code with Biome. A clean spec is one line; an error or a warning prints
Redocly's report. Exit status: Redocly's (0 clean or warnings only; 1 an error).`;

/** Lints the spec; resolves to Redocly's exit status (2 on a usage mistake). */
export async function main(argv: string[]): Promise<number> {
  const line = commandLineOrStatus(argv, {}, { name: 'lint', positionals: 1, positionalName: 'spec file', help: HELP });
  if (typeof line === 'number') return line;
  // Redocly runs from the root, where redocly.yaml is; a spec file given is where the user typed it.
  const shown = line.positionals[0] ?? 'contracts/openapi.yaml';
  const spec = resolve(line.positionals[0] ?? join(ROOT, shown));

  const redocly = join(dirname(createRequire(import.meta.url).resolve('@redocly/cli/package.json')), 'bin', 'cli.js');
  const lint = (format: string, quiet: boolean) =>
    spawnSync(process.execPath, [redocly, 'lint', spec, `--format=${format}`], {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: quiet ? 'pipe' : 'inherit',
    });

  const started = performance.now();
  const checked = lint('json', true);
  let totals: { errors: number; warnings: number } | undefined;
  try {
    totals = (JSON.parse(checked.stdout) as { totals: { errors: number; warnings: number } }).totals;
  } catch {
    // Not Redocly's JSON report (it could not start, or crashed): its own report says why.
  }
  if (checked.status === 0 && totals?.errors === 0 && totals.warnings === 0) {
    console.log(`${shown}: valid, no warnings (Redocly CLI, ${((performance.now() - started) / 1000).toFixed(1)} s)`);
    return 0;
  }
  return lint('stylish', false).status ?? 1;
}

runWhenStarted(import.meta.url, main);

// The Redocly half of npm run lint: `redocly lint contracts/openapi.yaml`, with its result in one
// line when the spec is clean. Redocly CLI prints a boxed notice on every run under Node 20 (its
// end of life), and no setting of its own silences it; a clean lint is a result, not that notice.
// Any error or warning shows Redocly's own report in full (notice and all), with its exit status.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { commandLineOrExit } from '../contracts/lib/command-line.ts';

const ROOT = resolve(import.meta.dirname, '..');

const { positionals } = commandLineOrExit(
  process.argv.slice(2),
  {},
  {
    name: 'lint',
    positionals: 1,
    positionalName: 'spec file',
    help: `npm run lint (this part: tsx scripts/lint-openapi.ts [spec file])

Lints contracts/openapi.yaml (or the spec file given) with Redocly CLI, rules from redocly.yaml; npm
run lint then checks the code with Biome. A clean spec is one line; an error or a warning prints
Redocly's report. Exit status: Redocly's (0 clean or warnings only; 1 an error).`,
  },
);
// Redocly runs from the root, where redocly.yaml is; a spec file given is where the user typed it.
const shown = positionals[0] ?? 'contracts/openapi.yaml';
const spec = resolve(positionals[0] ?? join(ROOT, shown));

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
} else {
  process.exit(lint('stylish', false).status ?? 1);
}

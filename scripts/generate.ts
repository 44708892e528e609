// `npm run generate`: rebuilds contracts/generated/ from contracts/openapi.yaml.
// `npm run generate -- --check`: exits 1, naming the files, when the committed ones are stale.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, relative } from 'node:path';
import { runWhenStarted } from '../contracts/lib/cli-entry.ts';
import { commandLineOrStatus } from '../contracts/lib/command-line.ts';

const HELP = `npm run generate [-- --check]

Rebuilds contracts/generated/ (the openapi-typescript types and the precompiled validators) from
contracts/openapi.yaml. Commit the result with the change to the contract.

  --check    write nothing; exit 1, naming the files, when the committed ones are stale
  --help     this help`;

/** Writes (or, with --check, compares) the generated files; resolves to the exit status. */
export async function main(argv: string[]): Promise<number> {
  const line = commandLineOrStatus(argv, { check: { type: 'boolean' } }, { name: 'generate', help: HELP });
  if (typeof line === 'number') return line;
  const check = line.values.check;
  // The generators load after the command line is read, so that --help and a typo answer at once.
  const { generatedFiles } = await import('./generate/files.ts');
  const files = await generatedFiles();
  const stale: string[] = [];
  for (const [path, content] of files) {
    const current = await readFile(path, 'utf8').catch(() => undefined);
    if (current === content) continue;
    stale.push(relative(process.cwd(), path));
    if (!check) {
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, content);
    }
  }
  if (check && stale.length > 0) {
    console.error(`Stale generated files: ${stale.join(', ')}.\nRun \`npm run generate\` and commit the result.`);
    return 1;
  }
  console.log(stale.length === 0 ? 'contracts/generated/ is up to date.' : `Wrote ${stale.join(', ')}.`);
  return 0;
}

runWhenStarted(import.meta.url, main);

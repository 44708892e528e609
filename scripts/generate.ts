// `npm run generate`: rebuilds contracts/generated/ from contracts/openapi.yaml.
// `npm run generate -- --check`: exits 1, naming the files, when the committed ones are stale.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, relative } from 'node:path';
import { generatedFiles } from './generate/files.ts';

const check = process.argv.includes('--check');
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
  process.exit(1);
}
console.log(stale.length === 0 ? 'contracts/generated/ is up to date.' : `Wrote ${stale.join(', ')}.`);

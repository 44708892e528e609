// Registers bin/typescript-hooks.js: the suite's TypeScript runs with its types blanked out.
// Imported first by playwright.config.ts, so that Playwright's runner and each of its workers load
// the test files through it (in a clone the config itself is the one file Playwright compiles); by
// the bin, for itself and, installed, in NODE_OPTIONS for Playwright's processes; and by every npm
// script and spawned TypeScript file (`node --import ./bin/typescript-loader.js file.ts`,
// contracts/lib/typescript-node.ts). Imported twice in one process, it registers once (a module is
// evaluated once per URL).
import { register } from 'node:module';

register('./typescript-hooks.js', import.meta.url);

// Registers bin/typescript-hooks.js: the suite's TypeScript runs with its types blanked out.
// Imported first by playwright.config.ts, so that Playwright's runner and each of its workers load
// the test files through it (in a clone the config itself is the one file Playwright compiles); by
// the bin, for itself and, installed, in NODE_OPTIONS for Playwright's processes; and by every npm
// script and spawned TypeScript file (`node --import ./bin/typescript-loader.js file.ts`,
// contracts/lib/typescript-node.ts). Imported twice in one process, it registers once (a module is
// evaluated once per URL).
import module from 'node:module';

// In the loading thread where Node can (module.registerHooks, 22.15 and later), else in a thread of
// their own (module.register, Node 20). Where Node can, Playwright registers its compiler that way,
// and such hooks run before any registered with module.register: ours would never see a file, and
// Playwright's babel would compile every one, its positions mended only by source maps (decision
// 0093). Hooks registered later run first, so ours, registered by the config, come before Playwright's.
if (module.registerHooks) {
  const { loadSync } = await import('./typescript-hooks.js');
  module.registerHooks({ load: loadSync });
} else {
  module.register('./typescript-hooks.js', import.meta.url);
}

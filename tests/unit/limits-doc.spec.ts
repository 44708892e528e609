// docs/limits.md shows the default of every deadline and cap; the code holds them. This keeps the
// two equal, so the guide never promises a limit the suite does not keep.
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { runDeadlineMs } from '../../contracts/client/run-deadline.ts';
import { targetFromEnv } from '../../contracts/client/target.ts';
import { LIMIT_SETTINGS, transportLimits } from '../../contracts/client/transport-limits.ts';
import { generatedSettings } from '../../contracts/stateful/settings.ts';

const doc = readFileSync(new URL('../../docs/limits.md', import.meta.url), 'utf8');

/** The default column of the row of `name`. */
function shown(name: string): string {
  const row = doc.split('\n').find((line) => line.startsWith(`| \`${name}\``));
  return (row?.split('|')[3] ?? '').trim();
}

test('docs/limits.md shows the defaults the code uses, live and on the mock', () => {
  const live = targetFromEnv({ BASE_URL: 'https://api.example.org/agents', API_KEY: 'k' });
  const mock = targetFromEnv({});
  const limits = { live: transportLimits({}, true), mock: transportLimits({}, false) };
  const deadline = (target: typeof live) =>
    runDeadlineMs({}, target, generatedSettings({ FUZZ_SEED: '1' }, target).testTimeoutMs) / 1_000;
  const want: Record<string, string> = {
    [LIMIT_SETTINGS.headersTimeoutMs]: `${limits.live.headersTimeoutMs} / ${limits.mock.headersTimeoutMs}`,
    [LIMIT_SETTINGS.bodyTimeoutMs]: `${limits.live.bodyTimeoutMs} / ${limits.mock.bodyTimeoutMs}`,
    [LIMIT_SETTINGS.maxBodyBytes]: `${limits.live.maxBodyBytes} (16 MiB)`,
    [LIMIT_SETTINGS.maxLineBytes]: `${limits.live.maxLineBytes} (1 MiB)`,
    [LIMIT_SETTINGS.maxStreamBytes]: `${limits.live.maxStreamBytes} (16 MiB)`,
    RUN_MAX_SECONDS: `${deadline(live)} / ${deadline(mock)}`,
  };
  expect(Object.fromEntries(Object.keys(want).map((name) => [name, shown(name)]))).toEqual(want);
  expect(limits.mock).toEqual({ ...limits.live, headersTimeoutMs: 15_000, bodyTimeoutMs: 30_000 });
});

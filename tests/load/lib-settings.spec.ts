// load/lib/env.ts and load/lib/safety.ts: settings are read with messages that say the fix, a
// non-loopback target needs LOAD_CONFIRM_TARGET, and the caps hold.
import { expect } from '@playwright/test';
import { test } from '../support/base-test.ts';
import { loadScript } from './support/k6-harness.ts';

type Env = Record<string, string>;
interface EnvModule {
  parseDuration(text: string): number | null;
  formatDuration(seconds: number): string;
  readNumber(
    env: Env,
    name: string,
    fallback: number,
    rule: { min: number; max: number; unit: string; integer?: boolean; capped?: boolean },
  ): number;
  readDuration(env: Env, name: string, fallback: number, rule: { min: number; max: number; capped?: boolean }): number;
  readJsonObject(env: Env, name: string): Record<string, unknown> | undefined;
}
interface SafetyModule {
  isLoopback(host: string): boolean;
  parseTarget(url: string): { baseUrl: string; host: string; loopback: boolean };
  assertTargetAllowed(
    target: { baseUrl: string; host: string; loopback: boolean },
    confirmed: string | undefined,
  ): void;
  CAPS: { ratePerSecond: number; scenarioSeconds: number; testSeconds: number; vus: number };
}

test.describe('load/lib/env.ts', () => {
  const durations: Array<[string, number | null]> = [
    ['90s', 90],
    ['2m', 120],
    ['1m30s', 90],
    ['500ms', 0.5],
    ['1h', 3600],
    ['45', 45],
    ['2 minutes', null],
    ['', null],
  ];
  for (const [given, want] of durations) {
    test(`parses the duration "${given}" as ${want}`, async () => {
      const env = (await loadScript('lib/env.ts', {})).exports as unknown as EnvModule;
      expect(env.parseDuration(given)).toBe(want);
    });
  }

  test('number errors name the variable, what arrived and an example', async () => {
    const env = (await loadScript('lib/env.ts', {})).exports as unknown as EnvModule;
    const rule = { min: 1, max: 50, unit: 'requests per second', integer: true, capped: true };
    expect(() => env.readNumber({ RATE: 'fast' }, 'RATE', 30, rule)).toThrow(
      'RATE must be a whole number of requests per second; got "fast". Example: RATE=30.',
    );
    expect(() => env.readNumber({ RATE: '80' }, 'RATE', 30, rule)).toThrow(
      'RATE is capped at 50 requests per second so that a run never hammers the API; got 80. Lower RATE (default 30).',
    );
    expect(() => env.readNumber({ RATE: '0' }, 'RATE', 30, rule)).toThrow(
      'RATE must be between 1 and 50 requests per second; got 0.',
    );
    expect(env.readNumber({}, 'RATE', 30, rule)).toBe(30);
    expect(env.readNumber({ RATE: ' 12 ' }, 'RATE', 30, rule)).toBe(12);
  });

  test('durations outside their bounds are refused with the bound', async () => {
    const env = (await loadScript('lib/env.ts', {})).exports as unknown as EnvModule;
    expect(() => env.readDuration({ D: '1 minute' }, 'D', 120, { min: 60, max: 600 })).toThrow(
      'D must be a duration such as 90s, 2m or 1m30s; got "1 minute". Example: D=120s.',
    );
    expect(() => env.readDuration({ D: '30s' }, 'D', 120, { min: 60, max: 600 })).toThrow(
      'D must be between 60s and 600s; got 30s.',
    );
    expect(() => env.readDuration({ D: '1h' }, 'D', 120, { min: 60, max: 600, capped: true })).toThrow(
      /D is capped at 600s/,
    );
  });

  test('RUN_META_DATA must be a JSON object', async () => {
    const env = (await loadScript('lib/env.ts', {})).exports as unknown as EnvModule;
    expect(env.readJsonObject({ M: '{"user_data":{"licence":"L"}}' }, 'M')).toEqual({ user_data: { licence: 'L' } });
    expect(() => env.readJsonObject({ M: '[1]' }, 'M')).toThrow('M must be a JSON object; got an array.');
    expect(() => env.readJsonObject({ M: '{licence}' }, 'M')).toThrow(
      /M must be a JSON object; got text that is not JSON/,
    );
  });
});

test.describe('load/lib/safety.ts', () => {
  const hosts: Array<[string, boolean]> = [
    ['localhost', true],
    ['127.0.0.1', true],
    ['127.10.20.30', true],
    ['[::1]', true],
    ['0.0.0.0', false],
    ['10.0.0.1', false],
    ['api.haufe.ai', false],
    ['localhost.example.com', false],
    ['127.0.0.1.nip.io', false],
  ];
  for (const [host, loopback] of hosts) {
    test(`${host} is ${loopback ? '' : 'not '}loopback`, async () => {
      const safety = (await loadScript('lib/safety.ts', {})).exports as unknown as SafetyModule;
      expect(safety.isLoopback(host)).toBe(loopback);
    });
  }

  test('a remote target is refused until LOAD_CONFIRM_TARGET names its host', async () => {
    const safety = (await loadScript('lib/safety.ts', {})).exports as unknown as SafetyModule;
    const target = safety.parseTarget('https://API.haufe.ai/agents/');
    expect(target).toEqual({ baseUrl: 'https://API.haufe.ai/agents', host: 'api.haufe.ai', loopback: false });
    expect(() => safety.assertTargetAllowed(target, undefined)).toThrow(
      "Refusing to load-test https://API.haufe.ai/agents: it is not a loopback address and LOAD_CONFIRM_TARGET does not name it (it is not set). A load test spends the tenant's real rate-limit budget; to confirm, set LOAD_CONFIRM_TARGET=api.haufe.ai.",
    );
    expect(() => safety.assertTargetAllowed(target, 'example.org')).toThrow(/\(it is "example.org"\)/);
    expect(() => safety.assertTargetAllowed(target, 'api.haufe.ai')).not.toThrow();
    expect(() => safety.assertTargetAllowed(safety.parseTarget('http://[::1]:4010'), undefined)).not.toThrow();
  });

  test('the caps are fixed in code, above the documented budget', async () => {
    const safety = (await loadScript('lib/safety.ts', {})).exports as unknown as SafetyModule;
    expect(safety.CAPS).toEqual({ ratePerSecond: 50, scenarioSeconds: 600, testSeconds: 1200, vus: 50 });
  });
});

// Which seed a property-based run uses, the way Hypothesis and Schemathesis users expect: the same
// seed every time in CI (a red build then means the code changed, not the dice), a fresh one on
// request there (FUZZ_EXPLORE=1, as in a scheduled job) and by default on a developer's machine,
// and the seed always printed, so that any run can be replayed with FUZZ_SEED.
import { TargetConfigError } from '../client/target.ts';

/** The seed CI uses when none is given (docs/decisions/0051-live-budgets-and-seeds.md). */
export const CI_SEED = 20_261_205;

/** A seed and where it came from, for the printed header. */
export interface SeedChoice {
  seed: number;
  source: 'FUZZ_SEED' | 'ci' | 'drawn';
}

function flag(value: string | undefined): boolean {
  return value !== undefined && value !== '' && value !== '0' && value.toLowerCase() !== 'false';
}

/** The seed of a run from FUZZ_SEED, FUZZ_EXPLORE and CI. */
export function seedPolicy(env: NodeJS.ProcessEnv): SeedChoice {
  const given = env.FUZZ_SEED;
  if (given !== undefined && given !== '') {
    const seed = Number(given);
    if (!Number.isSafeInteger(seed) || seed < -0x80000000 || seed > 0x7fffffff)
      throw new TargetConfigError(`Expected FUZZ_SEED to be a 32-bit integer, as a report prints it. Got "${given}".`);
    return { seed, source: 'FUZZ_SEED' };
  }
  if (flag(env.CI) && !flag(env.FUZZ_EXPLORE)) return { seed: CI_SEED, source: 'ci' };
  return { seed: (Date.now() ^ (Math.random() * 0x7fffffff)) | 0, source: 'drawn' };
}

/** How a header names the seed's origin. */
export function describeSeed(choice: SeedChoice): string {
  if (choice.source === 'FUZZ_SEED') return `${choice.seed} (FUZZ_SEED)`;
  if (choice.source === 'ci') return `${choice.seed} (fixed in CI; FUZZ_EXPLORE=1 draws one)`;
  return `${choice.seed} (drawn; replay with FUZZ_SEED=${choice.seed})`;
}

// Settings shared by the chaos tests (test/chaos in each module).
//   npm test            a quick pass of each, a few seconds in all
//   npm run test:chaos  the long runs (`vitest --mode chaos`), minutes
// Every run draws from one seeded generator: CHAOS_SEED=<n> repeats a run that failed.

export const LONG = (import.meta as ImportMeta & { env?: { MODE?: string } }).env?.MODE === "chaos";

/** The quick figure under `npm test`, the long one under `npm run test:chaos`. */
export function scale<T>(quick: T, long: T): T {
  return LONG ? long : quick;
}

/** A time limit for a chaos test: generous in the long run, the default otherwise. */
export const TIMEOUT_MS = LONG ? 30 * 60_000 : 30_000;

export const SEED = Number(process.env.CHAOS_SEED) || Math.floor(Math.random() * 2 ** 31);

export interface Random {
  /** A float in [0, 1). */
  (): number;
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
}

/** mulberry32: small, fast and good enough to spread faults; the same seed gives the same run. */
export function random(seed: number = SEED): Random {
  let state = seed >>> 0;
  const next = (() => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }) as Random;
  next.int = (min, max) => min + Math.floor(next() * (max - min + 1));
  next.pick = (items) => items[Math.floor(next() * items.length)] as (typeof items)[number];
  next.chance = (p) => next() < p;
  return next;
}

/** Names the seed in a failing assertion, so the run can be repeated. */
export function seedNote(name: string): string {
  return `${name} (repeat with CHAOS_SEED=${SEED})`;
}

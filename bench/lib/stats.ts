// Summaries that stay readable on a noisy machine: medians of several runs, and
// ratios between contenders measured in the same run.

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

export function percentile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
}

/** "1.23×", or "–" when either side is missing. */
export function ratio(value: number | undefined, reference: number | undefined): string {
  if (value === undefined || reference === undefined || !Number.isFinite(value) || !Number.isFinite(reference) || reference === 0) {
    return "–";
  }
  const r = value / reference;
  return `${r >= 10 ? r.toFixed(0) : r.toFixed(2)}×`;
}

/** Fixed decimals scaled to the size of the number: 0.412, 4.12, 41.2, 412. */
export function num(value: number | undefined, digits = 3): string {
  if (value === undefined || !Number.isFinite(value)) return "–";
  const abs = Math.abs(value);
  const decimals = abs >= 100 ? 0 : abs >= 10 ? Math.max(0, digits - 2) : abs >= 1 ? digits - 1 : digits;
  return value.toLocaleString("en-US", { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

/**
 * The order contenders run in: the first round as listed; later rounds, which run
 * within a time budget, cheapest first (by what the first round cost), so the budget
 * never starves a fast contender of its repeats.
 */
export function roundOrder<T>(contenders: readonly T[], round: number, firstCost: (c: T) => number): T[] {
  if (round === 0) return [...contenders];
  return [...contenders].sort((a, b) => firstCost(a) - firstCost(b));
}

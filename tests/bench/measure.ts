import { performance } from "node:perf_hooks";

export interface Measurement {
  name: string;
  ops: number;
  opsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
}

/**
 * Runs `work` up to `n` times (after `warmUp` calls) and reports throughput and latency
 * percentiles. With `maxMs`, it stops early once that long has passed (after `minOps` calls at
 * least), so a slow store takes no longer than a fast one. Warm-up calls get indexes after the
 * measured ones, so work that must not repeat (answers) doesn't.
 */
export async function measure(
  name: string,
  n: number,
  work: (i: number) => unknown,
  options: { warmUp?: number; maxMs?: number; minOps?: number } = {},
): Promise<Measurement> {
  const warmUp = options.warmUp ?? Math.min(50, n);
  const maxMs = options.maxMs ?? Number.POSITIVE_INFINITY;
  const minOps = Math.min(options.minOps ?? 20, n);
  for (let i = 0; i < warmUp; i++) await work(n + i);
  const samples = new Float64Array(n);
  const started = performance.now();
  let done = 0;
  while (done < n && (done < minOps || performance.now() - started < maxMs)) {
    const t = performance.now();
    await work(done);
    samples[done++] = performance.now() - t;
  }
  const elapsed = performance.now() - started;
  const taken = samples.subarray(0, done).sort();
  const at = (q: number) => taken[Math.min(done - 1, Math.floor(q * done))]!;
  return {
    name,
    ops: done,
    opsPerSecond: (done / elapsed) * 1000,
    p50Ms: at(0.5),
    p99Ms: at(0.99),
  };
}

/** Repeats of one number: the lowest, the median and the highest. */
export interface Spread {
  min: number;
  median: number;
  max: number;
}

export function spread(values: readonly number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return { min: Number.NaN, median: Number.NaN, max: Number.NaN };
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { min: sorted[0]!, median, max: sorted.at(-1)! };
}

import { performance } from "node:perf_hooks";

export interface Measurement {
  name: string;
  ops: number;
  opsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
}

/** Runs `work` `n` times (after a short warm-up) and reports throughput and latency percentiles. */
export async function measure(
  name: string,
  n: number,
  work: (i: number) => unknown,
): Promise<Measurement> {
  // Warm-up calls get indexes after the measured ones, so work that must not repeat (answers) doesn't.
  for (let i = 0; i < Math.min(50, n); i++) await work(n + i);
  const samples = new Float64Array(n);
  const started = performance.now();
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await work(i);
    samples[i] = performance.now() - t;
  }
  const elapsed = performance.now() - started;
  samples.sort();
  const at = (q: number) => samples[Math.min(n - 1, Math.floor(q * n))]!;
  return { name, ops: n, opsPerSecond: (n / elapsed) * 1000, p50Ms: at(0.5), p99Ms: at(0.99) };
}

import { cpuSeconds, memoryMb } from "./proc.js";
import type { Target } from "./session.js";
import { sleep } from "./wait.js";

/** One burst of one run, as the report reads it. */
export interface BurstResult {
  answered: number;
  answersPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** The target process's CPU (all threads, user and system) over the burst, per click. */
  cpuUsPerClick: number;
  /**
   * This process's CPU over the burst, per click: the sender and the fake platform, which share
   * the machine with the target. Near a core's worth, the bench, not the target, sets the pace.
   */
  benchCpuUsPerClick: number;
  /** Its resident-set high-water mark since it started, read at the end of the burst. */
  peakRssMb: number;
  responseBytes?: number;
}

export interface RunResult {
  /** Resident set after start-up, before the first click. */
  idleRssMb: number;
  bursts: BurstResult[];
}

/** Time for a target to finish starting (timers, lazy loads, the day's post) before it is read. */
const SETTLE_MS = 1000;

/** As tests/bench/measure.ts reads a percentile: the sample at rank floor(q·n). */
function percentile(sorted: Float64Array, q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}

/**
 * Starts the target in a fresh process, reads its idle memory, then sends each of its bursts to
 * `clicks` new members, reading its CPU time around each burst from /proc.
 */
export async function measureRun(target: Target, clicks: number): Promise<RunResult> {
  const session = await target.start();
  try {
    await sleep(SETTLE_MS);
    const idleRssMb = memoryMb(session.pid).rss;
    const bursts: BurstResult[] = [];
    for (let b = 0; b < target.bursts.length; b++) {
      const members = Array.from({ length: clicks }, (_, i) => b * clicks + i);
      const cpuBefore = cpuSeconds(session.pid);
      const benchBefore = process.cpuUsage();
      const sample = await session.burst(b, members);
      const cpu = cpuSeconds(session.pid) - cpuBefore;
      const bench = process.cpuUsage(benchBefore);
      if (sample.answered < clicks) {
        throw new Error(`${target.name}: only ${sample.answered} of ${clicks} clicks answered`);
      }
      const sorted = Float64Array.from(sample.latenciesMs).sort();
      bursts.push({
        answered: sample.answered,
        answersPerSecond: sample.answered / sample.seconds,
        p50Ms: percentile(sorted, 0.5),
        p99Ms: percentile(sorted, 0.99),
        cpuUsPerClick: (cpu * 1e6) / clicks,
        benchCpuUsPerClick: (bench.user + bench.system) / clicks,
        peakRssMb: memoryMb(session.pid).peak,
        ...(sample.responseBytes !== undefined ? { responseBytes: sample.responseBytes } : {}),
      });
    }
    return { idleRssMb, bursts };
  } finally {
    await session.stop();
  }
}

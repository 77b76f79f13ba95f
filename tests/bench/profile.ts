import { writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { join } from "node:path";

/**
 * BENCH_PROFILE_DIR=<folder>: a CPU profile of each timed loop (its warm-up calls included; not the seeding nor the
 * setup), one file per path, store and repeat, to open in Chrome's DevTools or to summarize
 * with `tsx tests/bench/profile-summary.ts <file>`. Profiling slows the loop: read the shares.
 */
export async function profiled<T>(
  dir: string | undefined,
  name: string,
  run: () => Promise<T>,
): Promise<T> {
  if (!dir) return run();
  const session = new Session();
  session.connect();
  try {
    await session.post("Profiler.enable");
    await session.post("Profiler.setSamplingInterval", { interval: 100 });
    await session.post("Profiler.start");
    const result = await run();
    const { profile } = await session.post("Profiler.stop");
    const file = `${name.replace(/[^a-z0-9]+/gi, "-").toLowerCase()}.cpuprofile`;
    writeFileSync(join(dir, file), JSON.stringify(profile));
    return result;
  } finally {
    session.disconnect();
  }
}

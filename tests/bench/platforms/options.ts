/** How big a run is: BENCH_REPEATS rounds of every target, BENCH_CLICKS clicks per burst. */
export interface PlatformBenchOptions {
  repeats: number;
  clicks: number;
}

function wholeNumber(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  const value = raw === undefined || raw.trim() === "" ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(`${name} must be a whole number above 0, not ${raw}`);
  }
  return value;
}

export function platformBenchOptions(env: NodeJS.ProcessEnv): PlatformBenchOptions {
  return {
    repeats: wholeNumber(env, "BENCH_REPEATS", 5),
    clicks: wholeNumber(env, "BENCH_CLICKS", 2000),
  };
}

/** The stores a run measures, side by side. */
export type StoreName = "sqlite" | "postgres";

export interface BenchOptions {
  stores: StoreName[];
  /** BENCH_ONLY=<part of a name>: just the matching paths, no pictures (`pictures`: those alone). */
  only: string | undefined;
  /** BENCH_PROFILE_DIR=<folder>: a CPU profile of every timed loop is written there. */
  profileDir: string | undefined;
  workspaces: number;
}

const STORES: Record<string, StoreName[]> = {
  sqlite: ["sqlite"],
  postgres: ["postgres"],
  both: ["sqlite", "postgres"],
};

/** `npm run bench -- --store sqlite|postgres|both` (default both); anything else fails loudly. */
export function benchOptions(argv: readonly string[], env: NodeJS.ProcessEnv): BenchOptions {
  let stores = STORES.both!;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = arg.startsWith("--store=") ? arg.slice(8) : arg === "--store" ? argv[++i] : null;
    if (value === null)
      throw new Error(`unknown argument ${arg}: try --store sqlite|postgres|both`);
    const picked = value === undefined ? undefined : STORES[value];
    if (!picked)
      throw new Error(`--store takes sqlite, postgres or both, not ${value ?? "nothing"}`);
    stores = picked;
  }
  const workspaces = Number(env.BENCH_WORKSPACES ?? 1000);
  if (!Number.isInteger(workspaces) || workspaces < 1) {
    throw new Error(`BENCH_WORKSPACES must be a whole number above 0, not ${env.BENCH_WORKSPACES}`);
  }
  return {
    stores,
    only: env.BENCH_ONLY || undefined,
    profileDir: env.BENCH_PROFILE_DIR || undefined,
    workspaces,
  };
}

export interface HealthReport {
  ok: boolean;
  checks: Record<string, { ok: boolean; detail: string }>;
}

export interface HealthSources {
  /** Whether the database takes writes now (see Database.health). */
  database: () => Promise<{ ok: boolean; detail: string }>;
  /** Each running platform, and whether it is connected now. */
  adapters: { name: string; connected: () => boolean }[];
  /** The scheduler's last tick; absent where this process runs no scheduler (SCHEDULER=off). */
  lastTickAt?: () => Date | undefined;
  now: () => Date;
}

/** The scheduler ticks every minute; a tick older than this means it is stuck. */
const MAX_TICK_AGE_MS = 150_000;

/**
 * Database writable, every adapter connected, the scheduler's last tick recent (where this
 * process runs one). The database check writes on SQLite (a no-op write, committed): a database
 * that still answers reads but can no longer be written would fail every command.
 */
export async function checkHealth(s: HealthSources): Promise<HealthReport> {
  const checks: HealthReport["checks"] = {};
  checks.database = await s.database();
  for (const adapter of s.adapters) {
    const connected = adapter.connected();
    checks[adapter.name] = { ok: connected, detail: connected ? "connected" : "not connected" };
  }
  if (s.lastTickAt) {
    const last = s.lastTickAt();
    const age = last ? s.now().getTime() - last.getTime() : Number.POSITIVE_INFINITY;
    checks.scheduler = {
      ok: age <= MAX_TICK_AGE_MS,
      detail: last ? `last tick ${Math.round(age / 1000)} s ago` : "has not ticked yet",
    };
  }
  return { ok: Object.values(checks).every((c) => c.ok), checks };
}

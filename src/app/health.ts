import { assertWritable, type Db } from "../store/open.js";
import { isBusy } from "../store/sqlite-units.js";

export interface HealthReport {
  ok: boolean;
  checks: Record<string, { ok: boolean; detail: string }>;
}

export interface HealthSources {
  db: Db;
  /** Each running platform, and whether it is connected now. */
  adapters: { name: string; connected: () => boolean }[];
  lastTickAt: () => Date | undefined;
  now: () => Date;
}

/** The scheduler ticks every minute; a tick older than this means it is stuck. */
const MAX_TICK_AGE_MS = 150_000;

/**
 * Database writable, every adapter connected, the scheduler's last tick recent. The database
 * check writes (a no-op write, committed): a database that still answers reads but can no
 * longer be written (read-only file or mount, full disk) would fail every command.
 */
export function checkHealth(s: HealthSources): HealthReport {
  const checks: HealthReport["checks"] = {};
  try {
    assertWritable(s.db);
    checks.database = { ok: true, detail: "writable" };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    // Another process writing right now is a busy database, not a broken one.
    checks.database = isBusy(error)
      ? { ok: true, detail: "writable (busy: another process is writing)" }
      : { ok: false, detail: `not writable: ${reason}` };
  }
  for (const adapter of s.adapters) {
    const connected = adapter.connected();
    checks[adapter.name] = { ok: connected, detail: connected ? "connected" : "not connected" };
  }
  const last = s.lastTickAt();
  const age = last ? s.now().getTime() - last.getTime() : Number.POSITIVE_INFINITY;
  checks.scheduler = {
    ok: age <= MAX_TICK_AGE_MS,
    detail: last ? `last tick ${Math.round(age / 1000)} s ago` : "has not ticked yet",
  };
  return { ok: Object.values(checks).every((c) => c.ok), checks };
}

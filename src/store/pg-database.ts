import { messageOf } from "../core/errors.js";
import type { Logger } from "../core/logger.js";
import type { Database, DatabaseSettings } from "./database.js";
import { PgInstallations } from "./pg-installations.js";
import { migratePostgres } from "./pg-migrate.js";
import { connectPgPool } from "./pg-pool.js";
import { PgPostQueue } from "./pg-post-queue.js";
import { PgStore } from "./pg-store.js";
import { describePgUrl } from "./pg-url.js";

/** The PostgreSQL side of `openDatabaseFrom`, in its own module so SQLite never loads pg. */
export async function openPostgres(
  url: string,
  settings: DatabaseSettings,
  logger: Logger | undefined,
): Promise<Database> {
  const pool = await connectPgPool({
    url,
    ...(settings.DATABASE_POOL_SIZE ? { max: settings.DATABASE_POOL_SIZE } : {}),
    ...(settings.DATABASE_STATEMENT_TIMEOUT_MS
      ? { statementTimeoutMs: settings.DATABASE_STATEMENT_TIMEOUT_MS }
      : {}),
    ...(logger ? { logger } : {}),
  });
  const store = new PgStore(pool);
  return {
    kind: "postgres",
    where: describePgUrl(url),
    store,
    queue: new PgPostQueue(pool),
    installations: new PgInstallations(pool),
    migrate: () => migratePostgres(pool),
    async health() {
      try {
        const { rows } = await pool.query<{ read_only: string; recovery: boolean }>(
          "SELECT current_setting('transaction_read_only') AS read_only, pg_is_in_recovery() AS recovery",
        );
        const row = rows[0]!;
        if (row.recovery) return { ok: false, detail: "not writable: the server is a standby" };
        if (row.read_only === "on") return { ok: false, detail: "not writable: read-only" };
        return { ok: true, detail: "writable" };
      } catch (error) {
        return { ok: false, detail: `unreachable: ${messageOf(error)}` };
      }
    },
    async sizeBytes() {
      const { rows } = await pool.query<{ bytes: number }>(
        "SELECT pg_database_size(current_database()) AS bytes",
      );
      return rows[0]?.bytes ?? 0;
    },
    close: () => store.close(),
  };
}

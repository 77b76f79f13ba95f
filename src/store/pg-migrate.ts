import type pg from "pg";
import {
  type MigrateResult,
  type Migration,
  migrationLabel,
  migrationsDir,
  pendingMigrations,
  readMigrations,
} from "./migrate.js";

/** Any fixed number: every Studybot process migrating this database takes the same lock. */
const MIGRATION_LOCK = 7_311_024_002;

/**
 * Brings a PostgreSQL schema up to date, forward only. The session-level advisory lock makes
 * processes that start together take turns: the first applies what is pending, the others
 * then find nothing left to do. Pending migrations apply in one transaction (PostgreSQL's DDL
 * is transactional), so a failed one leaves the schema as it was.
 */
export async function migratePostgres(
  pool: pg.Pool,
  migrations: Migration[] = readMigrations(migrationsDir("postgres")),
): Promise<MigrateResult> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    // Waiting for another process's migration, and a long migration itself, must not be cut
    // short by the pool's statement timeout (meant for requests); RESET gives it back after.
    await client.query("SET statement_timeout = 0");
    await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK]);
    try {
      await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
        version    INTEGER PRIMARY KEY,
        name       TEXT    NOT NULL,
        applied_at BIGINT  NOT NULL
      )`);
      const applied = (
        await client.query<{ version: number; name: string }>(
          "SELECT version, name FROM schema_migrations ORDER BY version",
        )
      ).rows;
      const pending = pendingMigrations(applied, migrations);
      if (pending.length > 0) {
        await client.query("BEGIN");
        try {
          for (const m of pending) {
            await client.query(m.sql);
            await client.query(
              "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
              [m.version, m.name, Date.now()],
            );
          }
          await client.query("COMMIT");
        } catch (error) {
          await client.query("ROLLBACK");
          throw error;
        }
      }
      return {
        from: applied.at(-1)?.version ?? 0,
        to: migrations.length,
        applied: pending.map(migrationLabel),
      };
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK]);
    }
  } finally {
    await client.query("RESET statement_timeout").catch((error: Error) => {
      broken = error;
    });
    client.release(broken);
  }
}

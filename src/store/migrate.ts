import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Db } from "./open.js";

/** Each store's SQL dialect has its own numbered migrations, under migrations/<dialect>/. */
export type Dialect = "sqlite" | "postgres";

/** Where a dialect's numbered .sql files live, whether we run from src/ or from dist/. */
export function migrationsDir(dialect: Dialect): string {
  return fileURLToPath(new URL(`../../migrations/${dialect}`, import.meta.url));
}

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Fails start-up: a database we must not touch. */
export class MigrationError extends Error {
  override name = "MigrationError";
}

export function readMigrations(dir = migrationsDir("sqlite")): Migration[] {
  const migrations = readdirSync(dir)
    .filter((f) => f.endsWith(".sql"))
    .sort()
    .map((file) => {
      const match = /^(\d{4})_([a-z0-9_]+)\.sql$/.exec(file);
      if (!match) throw new MigrationError(`Migration file name "${file}" is not NNNN_name.sql.`);
      return {
        version: Number(match[1]),
        name: match[2]!,
        sql: readFileSync(join(dir, file), "utf8"),
      };
    });
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) {
      throw new MigrationError(
        `Migrations must be numbered 0001, 0002, ... without gaps; found ${m.version}.`,
      );
    }
  });
  return migrations;
}

export interface MigrateResult {
  from: number;
  to: number;
  applied: string[];
}

/**
 * Brings the schema up to date. Migrations only go forward: pending ones run in order inside
 * one transaction and are recorded; a database newer than this code is refused, untouched.
 */
export function migrate(db: Db, migrations = readMigrations()): MigrateResult {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER PRIMARY KEY,
    name       TEXT    NOT NULL,
    applied_at INTEGER NOT NULL
  )`);
  const readApplied = db.prepare<[], { version: number; name: string }>(
    "SELECT version, name FROM schema_migrations ORDER BY version",
  );
  const record = db.prepare(
    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
  );
  const latest = migrations.length;
  // Foreign keys are off while migrations run, as SQLite's table-rebuild procedure requires:
  // dropping a table to rebuild it would otherwise cascade to every row that refers to it. The
  // keys are checked before the commit instead, so a migration cannot leave a dangling one.
  const enforcing = db.pragma("foreign_keys", { simple: true }) === 1;
  if (enforcing && !db.inTransaction) db.pragma("foreign_keys = OFF");
  try {
    return apply();
  } finally {
    if (enforcing && !db.inTransaction) db.pragma("foreign_keys = ON");
  }

  function apply(): MigrateResult {
    // Read and apply under one write lock: two processes starting together migrate once.
    const { current, pending } = db
      .transaction(() => {
        const applied = readApplied.all();
        const current = applied.at(-1)?.version ?? 0;
        const pending = pendingMigrations(applied, migrations);
        for (const m of pending) {
          db.exec(m.sql);
          record.run(m.version, m.name, Date.now());
        }
        const dangling = db.pragma("foreign_key_check") as unknown[];
        if (dangling.length > 0) {
          throw new MigrationError(
            `A migration left ${dangling.length} row(s) pointing at nothing; nothing was changed.`,
          );
        }
        return { current, pending };
      })
      .immediate();
    return {
      from: current,
      to: latest,
      applied: pending.map(migrationLabel),
    };
  }
}

/**
 * The migrations still to apply after `applied` (as the database records them). Refuses a
 * database newer than this code, or one whose history differs from this code's: either means
 * it must not be touched. Both stores check the same way.
 */
export function pendingMigrations(
  applied: readonly { version: number; name: string }[],
  migrations: readonly Migration[],
): Migration[] {
  const current = applied.at(-1)?.version ?? 0;
  const latest = migrations.length;
  if (current > latest) {
    throw new MigrationError(
      `The database is at schema version ${current}, newer than this Studybot knows (${latest}). ` +
        "Run a newer Studybot, or restore a backup taken before the upgrade.",
    );
  }
  for (const row of applied) {
    const known = migrations[row.version - 1];
    if (known?.name !== row.name) {
      throw new MigrationError(
        `The database records migration ${row.version} as "${row.name}", but this code has "${known?.name}".`,
      );
    }
  }
  return migrations.slice(current);
}

/** "0004_outbox": how a migration is named in logs. */
export function migrationLabel(m: Migration): string {
  return `${String(m.version).padStart(4, "0")}_${m.name}`;
}

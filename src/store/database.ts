import { existsSync, statSync } from "node:fs";
import { messageOf } from "../core/errors.js";
import type { Logger } from "../core/logger.js";
import type { InstallationStore, PostQueue, StudyStore } from "../core/ports.js";
import { Checkpointer } from "./checkpointer.js";
import { type MigrateResult, migrate } from "./migrate.js";
import { assertWritable, type Db, isOnDisk, openDatabase } from "./open.js";
import { isPostgresUrl } from "./pg-url.js";
import { SqlitePostQueue } from "./post-queue.js";
import { SqliteInstallations } from "./sqlite-installations.js";
import { SqliteStore } from "./sqlite-store.js";
import { isBusy } from "./sqlite-units.js";

/** Where the data lives, as the settings say: a SQLite file (the default) or PostgreSQL. */
export interface DatabaseSettings {
  DATABASE_PATH: string;
  /** postgres://… picks PostgreSQL; unset keeps SQLite at DATABASE_PATH. */
  DATABASE_URL?: string | undefined;
  DATABASE_POOL_SIZE?: number | undefined;
  DATABASE_STATEMENT_TIMEOUT_MS?: number | undefined;
}

/** The opened database: the core's store, the scheduler's queue, and what operations need. */
export interface Database {
  readonly kind: "sqlite" | "postgres";
  /** For logs and messages: the file, or host:port/database (never a password). */
  readonly where: string;
  readonly store: StudyStore;
  readonly queue: PostQueue;
  /** Platform installations (Slack's "Add to Slack"), each with its own token. */
  readonly installations: InstallationStore;
  /** The SQLite connection (backups use it); undefined on PostgreSQL. */
  readonly sqlite?: Db;
  /** SQLite's background checkpoints, when asked for. */
  readonly checkpointer?: Checkpointer | undefined;
  /** Brings the schema up to date (forward only; safe when processes start together). */
  migrate(): Promise<MigrateResult>;
  /** Whether the database takes writes now, for /healthz. */
  health(): Promise<{ ok: boolean; detail: string }>;
  /** Bytes the data takes (file and WAL, or the PostgreSQL database), for /metrics. */
  sizeBytes(): Promise<number>;
  /** Commits what is pending and closes (checkpointing SQLite's WAL). */
  close(): Promise<void>;
}

/** Opens the database the settings name, refusing with one clear line when it cannot. */
export async function openDatabaseFrom(
  settings: DatabaseSettings,
  logger?: Logger,
  options: {
    /** SQLite: copy the WAL back in a worker thread, off every commit (a long-running bot). */
    backgroundCheckpoints?: boolean;
  } = {},
): Promise<Database> {
  return isPostgresUrl(settings.DATABASE_URL)
    ? // Loaded only here: a bot on SQLite never loads the PostgreSQL driver (memory, start-up).
      (await import("./pg-database.js")).openPostgres(settings.DATABASE_URL, settings, logger)
    : openSqlite(settings.DATABASE_PATH, options.backgroundCheckpoints === true, logger);
}

function openSqlite(path: string, backgroundCheckpoints: boolean, logger?: Logger): Database {
  const db = openDatabase(path);
  // Not for a database in memory: it has no WAL to copy.
  const checkpointer =
    backgroundCheckpoints && isOnDisk(path) ? new Checkpointer(db, path, logger) : undefined;
  // Made at first use, after migrate(): SQLite prepares every statement up front, and a new
  // database has no tables until it is migrated.
  let made:
    | { store: SqliteStore; queue: SqlitePostQueue; installations: SqliteInstallations }
    | undefined;
  const parts = () => {
    if (!made) {
      // Group commit: a burst of answers shares commits (see SqliteStore); adapters ack after it.
      const store = new SqliteStore(db, { groupCommit: true });
      made = {
        store,
        queue: new SqlitePostQueue(store),
        installations: new SqliteInstallations(store),
      };
    }
    return made;
  };
  return {
    kind: "sqlite",
    where: path,
    get store() {
      return parts().store;
    },
    get queue() {
      return parts().queue;
    },
    get installations() {
      return parts().installations;
    },
    sqlite: db,
    migrate: async () => migrate(db),
    health: async () => sqliteHealth(db),
    async sizeBytes() {
      const size = (file: string) => (existsSync(file) ? statSync(file).size : 0);
      return size(path) + size(`${path}-wal`);
    },
    checkpointer,
    async close() {
      if (!db.open) return;
      await checkpointer?.stop();
      made?.store.commitNow();
      db.pragma("wal_checkpoint(TRUNCATE)");
      db.close();
    },
  };
}

/**
 * Whether SQLite takes writes: a no-op write, committed. A database that still answers reads
 * but can no longer be written (read-only file or mount, full disk) would fail every command.
 */
export function sqliteHealth(db: Db): { ok: boolean; detail: string } {
  try {
    assertWritable(db);
    return { ok: true, detail: "writable" };
  } catch (error) {
    // Another process writing right now is a busy database, not a broken one.
    if (isBusy(error)) return { ok: true, detail: "writable (busy: another process is writing)" };
    return { ok: false, detail: `not writable: ${messageOf(error)}` };
  }
}

import type pg from "pg";
import type { Library } from "../../src/content/schema.js";
import type { Clock } from "../../src/core/clock.js";
import { silentLogger } from "../../src/core/logger.js";
import type { PostQueue, StudyStore } from "../../src/core/ports.js";
import { seededRandom } from "../../src/core/random.js";
import { Studybot } from "../../src/core/studybot.js";
import { DailyScheduler } from "../../src/scheduler/daily-scheduler.js";
import { Checkpointer } from "../../src/store/checkpointer.js";
import type { Db } from "../../src/store/open.js";
import { PgPostQueue } from "../../src/store/pg-post-queue.js";
import { PgStore } from "../../src/store/pg-store.js";
import { SqlitePostQueue } from "../../src/store/post-queue.js";
import { SqliteStore } from "../../src/store/sqlite-store.js";

/** One store under measurement, with the core and scheduler on top of it, as the bot runs them. */
export interface Side {
  label: "SQLite" | "PostgreSQL";
  bot: Studybot;
  /** What bursts of answers go through: on SQLite a group-commit store, as in production. */
  grouped: Studybot;
  /** The store under `grouped` (a bench path posts its channel question through it). */
  groupedStore: StudyStore;
  /** Resolves once everything `grouped` wrote is committed. */
  committed(): Promise<void>;
  scheduler: DailyScheduler;
  /** What went to the server so far; null for SQLite, which has no round trips. */
  traffic(): Traffic | null;
}

/** Statements sent (a round trip each), and units rolled back (retried after a conflict). */
export interface Traffic {
  statements: number;
  rollbacks: number;
}

const sideOf = (
  label: Side["label"],
  parts: { store: StudyStore; grouped: StudyStore; queue: PostQueue },
  library: Library,
  clock: Clock,
  traffic: () => Traffic | null,
): Side => {
  const bot = new Studybot({
    library,
    store: parts.store,
    clock,
    random: seededRandom(1),
    logger: silentLogger,
  });
  return {
    label,
    bot,
    grouped: new Studybot({
      library,
      store: parts.grouped,
      clock,
      random: seededRandom(2),
      logger: silentLogger,
    }),
    groupedStore: parts.grouped,
    committed: () => parts.grouped.committed(),
    scheduler: new DailyScheduler({
      bot,
      queue: parts.queue,
      posters: new Map(),
      clock,
      logger: silentLogger,
      instanceId: "bench",
    }),
    traffic,
  };
};

/**
 * SQLite as the bot opens it: one connection, whose store's units serialize the writes, and
 * the WAL copied back by the bot's background checkpointer (stopped when the process ends).
 */
export function sqliteSide(db: Db, path: string, library: Library, clock: Clock): Side {
  new Checkpointer(db, path);
  const store = new SqliteStore(db);
  return sideOf(
    "SQLite",
    {
      store,
      grouped: new SqliteStore(db, { groupCommit: true }),
      queue: new SqlitePostQueue(store),
    },
    library,
    clock,
    () => null,
  );
}

/**
 * Counts every statement the pool's connections send from now on, and the ROLLBACKs among them
 * (a unit undone, to be run again): call it before the pool connects, so none escapes the count.
 */
export function countTraffic(pool: pg.Pool): () => Traffic {
  const seen: Traffic = { statements: 0, rollbacks: 0 };
  pool.on("connect", (client) => {
    client.query = new Proxy(client.query, {
      apply(target, self, args: unknown[]) {
        seen.statements++;
        if (args[0] === "ROLLBACK") seen.rollbacks++;
        return Reflect.apply(target, self, args);
      },
    });
  });
  return () => ({ ...seen });
}

/**
 * PostgreSQL as the bot opens it: one pool, every unit a SERIALIZABLE transaction on a connection
 * of its own, so a burst runs as concurrent units (there is no group commit to share).
 */
export function pgSide(
  pool: pg.Pool,
  library: Library,
  clock: Clock,
  traffic: () => Traffic,
): Side {
  const store = new PgStore(pool);
  return sideOf(
    "PostgreSQL",
    { store, grouped: store, queue: new PgPostQueue(pool) },
    library,
    clock,
    traffic,
  );
}

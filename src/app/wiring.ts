import { hostname } from "node:os";
import { loadLibrary } from "../content/load.js";
import type { Clock } from "../core/clock.js";
import { systemClock } from "../core/clock.js";
import type { Logger } from "../core/logger.js";
import type { ChannelPoster } from "../core/platform.js";
import type { Random } from "../core/random.js";
import { type RequestEvent, Studybot } from "../core/studybot.js";
import { DailyScheduler, type TickReport } from "../scheduler/daily-scheduler.js";
import { migrate } from "../store/migrate.js";
import { type Db, openDatabase } from "../store/open.js";
import { SqlitePostQueue } from "../store/post-queue.js";
import { SqliteStore } from "../store/sqlite-store.js";
import type { Config } from "./config.js";

export interface App {
  bot: Studybot;
  db: Db;
  clock: Clock;
  /** Starts the daily-question scheduler with the platforms that can post. */
  startScheduler(
    posters: ReadonlyMap<string, ChannelPoster>,
    onTick?: (report: TickReport) => void,
  ): DailyScheduler;
  close(): void;
}

/**
 * Builds the bot: content first (refusing broken content), then the database (refusing one
 * newer than this code), then the core. Fails loudly: nothing half-starts.
 */
export function createApp(
  config: Pick<Config, "DATABASE_PATH" | "CONTENT_DIR">,
  logger: Logger,
  options: { clock?: Clock; random?: Random; observer?: (event: RequestEvent) => void } = {},
): App {
  const library = loadLibrary(config.CONTENT_DIR);
  const db = openDatabase(config.DATABASE_PATH);
  try {
    const migration = migrate(db);
    if (migration.applied.length > 0)
      logger.info({ applied: migration.applied }, "database migrated");
  } catch (error) {
    db.close();
    throw error;
  }
  const clock = options.clock ?? systemClock;
  // Group commit: a burst of answers shares commits (see SqliteStore); adapters ack after commit.
  const store = new SqliteStore(db, { groupCommit: true });
  const bot = new Studybot({
    library,
    store,
    clock,
    random: options.random ?? cryptoRandom,
    logger,
    ...(options.observer ? { observer: options.observer } : {}),
  });
  return {
    bot,
    db,
    clock,
    startScheduler(posters, onTick) {
      const scheduler = new DailyScheduler({
        bot,
        queue: new SqlitePostQueue(store),
        posters,
        clock,
        logger,
        instanceId: `${hostname()}:${process.pid}`,
        ...(onTick ? { onTick } : {}),
      });
      scheduler.start();
      return scheduler;
    },
    close: () => {
      if (db.open) {
        store.commitNow();
        db.pragma("wal_checkpoint(TRUNCATE)");
        db.close();
      }
    },
  };
}

/** In production ids must not repeat across restarts, so randomness comes from the OS. */
const cryptoRandom: Random = () => crypto.getRandomValues(new Uint32Array(1))[0]! / 2 ** 32;

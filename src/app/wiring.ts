import { hostname } from "node:os";
import { dirname, join } from "node:path";
import { loadLibraryCached } from "../content/cache.js";
import type { Clock } from "../core/clock.js";
import { systemClock } from "../core/clock.js";
import type { Logger } from "../core/logger.js";
import type { ChannelPoster } from "../core/platform.js";
import type { Random } from "../core/random.js";
import { type RequestEvent, Studybot } from "../core/studybot.js";
import { DailyScheduler, type TickReport } from "../scheduler/daily-scheduler.js";
import { type Database, type DatabaseSettings, openDatabaseFrom } from "../store/database.js";
import { isOnDisk } from "../store/open.js";
import type { Config } from "./config.js";

/** The checked decks, as JSON, in the database's folder. */
export const CONTENT_CACHE_FILE = "content-cache.json";

export interface App {
  bot: Studybot;
  database: Database;
  clock: Clock;
  /** Starts the daily-question scheduler with the platforms that can post. */
  startScheduler(
    posters: ReadonlyMap<string, ChannelPoster>,
    onTick?: (report: TickReport) => void,
  ): DailyScheduler;
  close(): Promise<void>;
}

/**
 * Builds the bot: content first (refusing broken content), then the database (SQLite, or
 * PostgreSQL when DATABASE_URL names one; refusing one newer than this code), then the core.
 * Fails loudly: nothing half-starts.
 */
export async function createApp(
  config: Pick<Config, "CONTENT_DIR"> & DatabaseSettings,
  logger: Logger,
  options: { clock?: Clock; random?: Random; observer?: (event: RequestEvent) => void } = {},
): Promise<App> {
  // The checked decks are kept in DATABASE_PATH's folder between starts (loadLibraryCached); that
  // folder is made when SQLite first opens, so a very first start writes the cache only next time.
  const library = isOnDisk(config.DATABASE_PATH)
    ? await loadLibraryCached(
        config.CONTENT_DIR,
        join(dirname(config.DATABASE_PATH), CONTENT_CACHE_FILE),
      )
    : (await import("../content/load.js")).loadLibrary(config.CONTENT_DIR);
  const database = await openDatabaseFrom(config, logger, { backgroundCheckpoints: true });
  try {
    const migration = await database.migrate();
    if (migration.applied.length > 0)
      logger.info({ applied: migration.applied, database: database.where }, "database migrated");
  } catch (error) {
    await database.close();
    throw error;
  }
  const clock = options.clock ?? systemClock;
  const bot = new Studybot({
    library,
    store: database.store,
    clock,
    random: options.random ?? cryptoRandom,
    logger,
    ...(options.observer ? { observer: options.observer } : {}),
  });
  return {
    bot,
    database,
    clock,
    startScheduler(posters, onTick) {
      const scheduler = new DailyScheduler({
        bot,
        queue: database.queue,
        posters,
        clock,
        logger,
        instanceId: `${hostname()}:${process.pid}`,
        ...(onTick ? { onTick } : {}),
      });
      scheduler.start();
      return scheduler;
    },
    close: () => database.close(),
  };
}

/** In production ids must not repeat across restarts, so randomness comes from the OS. */
const cryptoRandom: Random = () => crypto.getRandomValues(new Uint32Array(1))[0]! / 2 ** 32;

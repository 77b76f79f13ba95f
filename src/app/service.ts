import { createServer, type Server } from "node:http";
import type { ScheduledTask } from "node-cron";
import type { Clock } from "../core/clock.js";
import type { Logger } from "../core/logger.js";
import type { ChannelPoster } from "../core/platform.js";
import { randomId } from "../core/random.js";
import type { DailyScheduler } from "../scheduler/daily-scheduler.js";
import { scheduleBackups } from "./backups.js";
import type { Config } from "./config.js";
import { checkHealth } from "./health.js";
import { Metrics } from "./metrics.js";
import { opsHandler } from "./ops-http.js";
import { type RunningPlatforms, startPlatforms } from "./platforms.js";
import { StartupError } from "./startup-errors.js";
import { type App, createApp } from "./wiring.js";

/** How long a stop may take before the process gives up waiting and exits anyway. */
const SHUTDOWN_LIMIT_MS = 10_000;

export interface Service {
  app: App;
  /** The scheduler, where this process runs it (SCHEDULER=on, the default; always in the console). */
  scheduler: DailyScheduler | undefined;
  /** The port of /healthz and /metrics, when they are served. */
  opsPort?: number;
  stop(): Promise<void>;
}

/**
 * Starts what this process's role asks for: the core always; the platforms it serves
 * (PLATFORMS, or none for the console); the scheduler (SCHEDULER); /healthz and /metrics
 * (OPS_HTTP); scheduled backups (BACKUP_CRON); and one log line per interaction. Processes with
 * different roles can share one database. `stop()` undoes it in order: no new ticks, no new
 * requests, in-flight work finishes, platforms disconnect, the database is closed.
 */
export async function startService(
  config: Config,
  logger: Logger,
  options: { console?: { poster: ChannelPoster }; clock?: Clock } = {},
): Promise<Service> {
  let scheduler: DailyScheduler | undefined;
  let app: App | undefined;
  const metrics = new Metrics({
    databaseBytes: () => app?.database.sizeBytes() ?? Promise.resolve(0),
    // Read at each scrape, when the platforms (declared below) have started.
    platforms: () => platforms?.adapters ?? [],
    lastTickAt: () => scheduler?.lastTickAt,
    now: () => new Date(),
  });
  app = await createApp(config, logger, {
    ...(options.clock ? { clock: options.clock } : {}),
    observer: (event) => {
      metrics.request(event);
      // Console requests are the operator's own typing: no need to log each one.
      if (event.platform !== "console") {
        logger.info(
          {
            platform: event.platform,
            workspace: event.workspace,
            command: event.command,
            outcome: event.outcome,
            ms: Math.round(event.ms * 100) / 100,
            ...(event.reference ? { reference: event.reference } : {}),
          },
          "interaction",
        );
      }
    },
  });
  const started = app;
  // The console always runs its scheduler: it is the only process, and its posts are local.
  const runsScheduler = Boolean(options.console) || config.SCHEDULER === "on";
  let platforms: RunningPlatforms | undefined;
  let opsServer: Server | undefined;
  let backups: ScheduledTask | undefined;
  try {
    const ops = opsHandler({
      health: () =>
        checkHealth({
          database: () => started.database.health(),
          adapters: platforms?.adapters ?? [],
          ...(runsScheduler ? { lastTickAt: () => scheduler?.lastTickAt } : {}),
          now: () => new Date(),
        }),
      metrics,
    });
    if (!options.console) {
      platforms = await startPlatforms(config, started.bot, logger, ops, {
        posting: runsScheduler,
        stores: { installations: started.database.installations },
      });
      if (platforms.adapters.length === 0 && !runsScheduler) {
        logger.warn(
          {},
          "this process serves no platform (PLATFORMS) and runs no scheduler (SCHEDULER=off)",
        );
      }
    }
    const wantOps = config.OPS_HTTP === "on" || (config.OPS_HTTP === "auto" && !options.console);
    let opsPort: number | undefined;
    if (wantOps && platforms?.servesOps) {
      opsPort = config.PORT;
    } else if (wantOps) {
      opsServer = createServer((req, res) => {
        if (!ops(req, res)) {
          res.writeHead(404, { "content-type": "text/plain" });
          res.end("not found");
        }
      });
      const server = opsServer;
      // A port in use must fail start-up (the CLI names the port), not crash the process later
      // through an unhandled 'error' event.
      await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(config.PORT, () => {
          server.off("error", reject);
          resolve();
        });
      });
      const address = server.address();
      opsPort = typeof address === "object" && address ? address.port : config.PORT;
      logger.info({ port: opsPort }, "health and metrics listening");
    }
    const posters = options.console
      ? new Map([["console", options.console.poster]])
      : platforms!.posters;
    if (runsScheduler)
      scheduler = started.startScheduler(posters, (report) => metrics.tick(report));
    else
      logger.info({}, "scheduler off (SCHEDULER=off): another process posts the daily questions");
    if (config.BACKUP_CRON) {
      const db = started.database.sqlite;
      if (!db) throw new StartupError(BACKUP_ON_POSTGRES);
      backups = scheduleBackups(
        db,
        { cron: config.BACKUP_CRON, dir: config.BACKUP_DIR, keep: config.BACKUP_KEEP },
        logger,
      );
    }
    const running = scheduler;
    return {
      app: started,
      scheduler: running,
      ...(opsPort !== undefined ? { opsPort } : {}),
      async stop() {
        await backups?.stop();
        await running?.stop();
        await platforms?.stop();
        if (opsServer) {
          const server = opsServer;
          await new Promise<void>((resolve) => server.close(() => resolve()));
        }
        await started.close();
      },
    };
  } catch (error) {
    await scheduler?.stop();
    await platforms?.stop();
    opsServer?.close();
    await started.close();
    throw error;
  }
}

/** BACKUP_CRON copies a SQLite file; PostgreSQL has its own tools. */
export const BACKUP_ON_POSTGRES =
  'BACKUP_CRON backs up the SQLite file, and DATABASE_URL points at PostgreSQL: unset BACKUP_CRON and back up with pg_dump (e.g. `pg_dump --format=custom --file=studybot.dump "$DATABASE_URL"` from cron), or your provider\'s snapshots.';

/**
 * The first SIGTERM or SIGINT from now on. Listened for before start-up, so a signal that comes
 * while the bot starts still stops it cleanly once it has started (its queued log lines
 * flushed), instead of Node's default of dying on the spot.
 */
export function nextStopSignal(): Promise<string> {
  return new Promise((resolve) => {
    process.once("SIGTERM", () => resolve("SIGTERM"));
    process.once("SIGINT", () => resolve("SIGINT"));
  });
}

/** Runs until the stop signal, then stops within ten seconds and exits 0. */
export async function runUntilSignal(
  service: Service,
  logger: Logger,
  stopSignal: Promise<string> = nextStopSignal(),
): Promise<never> {
  const signal = await stopSignal;
  logger.info({ signal }, "stopping");
  const watchdog = setTimeout(() => {
    logger.error({ limitMs: SHUTDOWN_LIMIT_MS }, "shutdown took too long; exiting anyway");
    process.exit(1);
  }, SHUTDOWN_LIMIT_MS);
  watchdog.unref();
  await service.stop();
  clearTimeout(watchdog);
  logger.info({}, "stopped");
  await logger.flush?.();
  // Libraries may leave timers behind (a gateway's reconnect backoff); the work is done and
  // the database closed, so leave now instead of waiting on them.
  process.exit(0);
}

/**
 * One bad request must not take the bot down: an unhandled rejection is logged with a
 * reference id, and the process keeps serving.
 */
export function keepServingOnUnhandledRejections(logger: Logger): void {
  process.on("unhandledRejection", (reason) => {
    const reference = randomId(Math.random, 8).toUpperCase();
    logger.error(
      {
        reference,
        err:
          reason instanceof Error
            ? { message: reason.message, stack: reason.stack }
            : String(reason),
      },
      "unhandled rejection",
    );
  });
}

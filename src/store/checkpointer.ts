import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import type { Logger } from "../core/logger.js";
import type { Db } from "./open.js";

/** SQLite's own threshold (pages in the WAL before a commit checkpoints): put back as a fallback. */
const INLINE_PAGES = 1000;
/**
 * While the worker checkpoints, the bot's connection still checkpoints inline once the WAL holds
 * this many pages (about 80 MB): a safety net if the worker falls behind, never the usual path.
 */
const SAFETY_PAGES = 20_000;
/** How often the worker looks whether the WAL changed. */
const INTERVAL_MS = 250;

/**
 * The worker's whole program, evaluated (not a file): the same text runs under the tests' .ts
 * sources and the built dist/. It opens its own connection and, whenever the WAL changed since
 * its last look, copies what it can back into the database file (PASSIVE: it never waits for
 * the bot's readers or writer, and the bot's writes never wait for it).
 */
const WORKER_SOURCE = `
const { workerData, parentPort } = require("node:worker_threads");
const { statSync } = require("node:fs");
const Database = require(workerData.driver);
const db = new Database(workerData.path, { fileMustExist: true });
db.pragma("busy_timeout = 1000");
let seen = "";
/** Checkpoints when the WAL changed since the last complete look; null when it had not. */
const look = () => {
  let stamp;
  try {
    const s = statSync(workerData.path + "-wal");
    stamp = s.mtimeMs + ":" + s.size;
  } catch {
    return null; // no WAL (yet, or it was just truncated): nothing to copy
  }
  if (stamp === seen) return null;
  const [row] = db.pragma("wal_checkpoint(PASSIVE)");
  // Busy (another process's checkpoint runs) or not all copied (a reader still needs old
  // frames): look again next time, changed or not.
  if (!row.busy && row.checkpointed === row.log) seen = stamp;
  return row;
};
parentPort.on("message", () => {
  const row = look();
  parentPort.postMessage(row ? { log: row.log, checkpointed: row.checkpointed } : { log: 0, checkpointed: 0 });
});
setInterval(look, workerData.intervalMs);
`;

/** What a look asked for reports: zeros when the WAL had not changed since the last one. */
export interface CheckpointReport {
  /** Frames in the WAL. */
  log: number;
  /** Frames of them now copied into the database file. */
  checkpointed: number;
}

/**
 * Copies SQLite's write-ahead log back into the database file from a worker thread, so that no
 * answer's commit pays for it. Left to itself, SQLite checkpoints inside the commit that takes
 * the WAL past 1,000 pages: on the bench database that commit copies ~900 pages and waits for
 * two fsyncs (13–15 ms, about half of it waiting on the disk), so every hundredth answer is
 * that slow and the event loop stalls meanwhile. The worker does the same work on another
 * thread; the bot's connection keeps an inline checkpoint only as a safety net (SAFETY_PAGES),
 * and goes back to SQLite's default if the worker stops or fails.
 */
export class Checkpointer {
  private readonly worker: Worker;
  private stopped = false;
  private readonly listeners = new Set<(report: CheckpointReport) => void>();

  constructor(
    private readonly db: Db,
    path: string,
    private readonly logger?: Logger,
    intervalMs = INTERVAL_MS,
  ) {
    db.pragma(`wal_autocheckpoint = ${SAFETY_PAGES}`);
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        path,
        intervalMs,
        driver: createRequire(import.meta.url).resolve("better-sqlite3"),
      },
      // It only copies pages: a small heap is plenty, and keeps its memory in bounds.
      resourceLimits: { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 2 },
      stdout: false,
      stderr: false,
    });
    this.worker.on("message", (report: CheckpointReport) => {
      for (const listener of this.listeners) listener(report);
    });
    this.worker.on("error", (error) => this.fallBack(error));
    this.worker.on("exit", (code) => {
      if (!this.stopped) this.fallBack(new Error(`the checkpoint worker exited (${code})`));
    });
    // A process ending never waits for the checkpointer. After the listeners: a 'message'
    // listener added later would hold the process open again.
    this.worker.unref();
  }

  /** Asks the worker to look now, and resolves with its report (what the tests wait on). */
  checkpointNow(): Promise<CheckpointReport> {
    return new Promise((resolve) => {
      const listener = (report: CheckpointReport) => {
        this.listeners.delete(listener);
        resolve(report);
      };
      this.listeners.add(listener);
      this.worker.postMessage("look");
    });
  }

  /** Stops the worker; the bot's connection checkpoints inline again, as SQLite does alone. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.restoreInline();
    await this.worker.terminate();
  }

  private fallBack(error: Error): void {
    if (this.stopped) return;
    this.stopped = true;
    this.restoreInline();
    this.logger?.warn(
      { err: error.message },
      "background checkpoints stopped; SQLite checkpoints inside commits again",
    );
  }

  private restoreInline(): void {
    if (this.db.open) this.db.pragma(`wal_autocheckpoint = ${INLINE_PAGES}`);
  }
}

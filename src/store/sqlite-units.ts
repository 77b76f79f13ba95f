import type { Db, Statement } from "./open.js";

/** How long a unit may wait for another process's write lock before it fails. */
const BUSY_LIMIT_MS = 15_000;
/** SQLite's own wait before it says SQLITE_BUSY: short, so the event loop is never held long. */
export const DRIVER_BUSY_TIMEOUT_MS = 25;

/** A write lock held by one unit: its savepoint is released (or rolled back) by `end`. */
export interface WriteLease {
  end(ok: boolean): void;
  /** Undoes what the unit wrote so far; the unit goes on, its savepoint still open. */
  undo(): void;
}

/**
 * Units of work on one SQLite connection, with better-sqlite3's synchronous calls underneath.
 *
 * - A unit takes the write lock at its first write: the in-process lock (units that write never
 *   interleave inside the open transaction), then SQLite's (`BEGIN IMMEDIATE`). When another
 *   process holds SQLite's, the unit waits asynchronously, retrying with backoff, so the event
 *   loop keeps serving everyone else (a unit that only reads never waits).
 * - Each writing unit runs in its own savepoint, so a failing one rolls back alone.
 * - Group commit: units that write one after another share the open transaction, committed as
 *   soon as no unit holds the lock (setImmediate); `committed()` resolves when what was written
 *   so far is durable. Without group commit, each unit commits when it ends.
 */
export class SqliteUnits {
  private readonly tx;
  private queue: Promise<void> = Promise.resolve();
  private batch: { waiters: { resolve: () => void; reject: (e: unknown) => void }[] } | null = null;
  private commitScheduled = false;
  /** Savepoint statements for parts nested in a unit, by depth: prepared once, shared by all. */
  private readonly parts = new Map<
    number,
    { open: Statement; release: Statement; undo: Statement }
  >();

  constructor(
    private readonly db: Db,
    private readonly options: {
      groupCommit: boolean;
      /** Told when a rollback or a failed commit undid writes (caches must forget them). */
      onUndo: () => void;
      sleep?: (ms: number) => Promise<void>;
    },
  ) {
    const p = (text: string): Statement => db.prepare(text);
    // Prepared once: better-sqlite3's db.transaction(fn) builds wrapper functions on every call.
    this.tx = {
      begin: p("BEGIN IMMEDIATE"),
      commit: p("COMMIT"),
      rollback: p("ROLLBACK"),
      savepoint: p("SAVEPOINT unit"),
      release: p("RELEASE unit"),
      rollbackTo: p("ROLLBACK TO unit"),
    };
    db.pragma(`busy_timeout = ${DRIVER_BUSY_TIMEOUT_MS}`);
  }

  /** Takes the write lock (waiting for it as long as it must, within BUSY_LIMIT_MS). */
  async acquire(): Promise<WriteLease> {
    const unlock = await this.lock();
    try {
      await this.openTransaction();
      this.tx.savepoint.run();
    } catch (error) {
      unlock();
      throw error;
    }
    return {
      undo: () => {
        if (this.db.inTransaction) this.tx.rollbackTo.run();
        this.options.onUndo();
      },
      end: (ok) => {
        try {
          if (ok) {
            this.tx.release.run();
          } else if (this.db.inTransaction) {
            this.tx.rollbackTo.run();
            this.tx.release.run();
            this.options.onUndo();
          }
          if (!this.options.groupCommit) this.commitOpen();
          else this.scheduleCommit();
        } finally {
          unlock();
        }
      },
    };
  }

  /** Runs synchronous writes under the write lock, as a unit of their own. */
  async write<T>(work: () => T): Promise<T> {
    const lease = await this.acquire();
    let ok = false;
    try {
      const result = work();
      ok = true;
      return result;
    } finally {
      lease.end(ok);
    }
  }

  /**
   * Runs synchronous writes as a unit of their own, never inside a request's unit, and resolves
   * once they are committed: for the scheduler's queue and the installations, whose callers act
   * on what is durable (a lease, a token).
   */
  async writeCommitted<T>(work: () => T): Promise<T> {
    const result = await this.write(work);
    await this.committed();
    return result;
  }

  /** The statements of a part's savepoint at this nesting depth. */
  savepoint(level: number): { open: Statement; release: Statement; undo: Statement } {
    let part = this.parts.get(level);
    if (!part) {
      part = {
        open: this.db.prepare(`SAVEPOINT part${level}`),
        release: this.db.prepare(`RELEASE part${level}`),
        undo: this.db.prepare(`ROLLBACK TO part${level}`),
      };
      this.parts.set(level, part);
    }
    return part;
  }

  /** Resolves once every write so far is committed; rejects if that commit failed. */
  committed(): Promise<void> {
    const batch = this.batch;
    if (!batch) return Promise.resolve();
    return new Promise((resolve, reject) => batch.waiters.push({ resolve, reject }));
  }

  /** Commits the open transaction now, when no unit holds the lock (before a checkpoint or close). */
  commitNow(): void {
    this.commitOpen();
  }

  /** The in-process lock: resolves with its release once every earlier holder released it. */
  private async lock(): Promise<() => void> {
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const before = this.queue;
    this.queue = before.then(() => held);
    await before;
    return release;
  }

  /** BEGIN IMMEDIATE unless a batch is open; SQLITE_BUSY is retried without blocking. */
  private async openTransaction(): Promise<void> {
    if (this.db.inTransaction) return;
    const started = Date.now();
    for (let attempt = 0; ; attempt++) {
      try {
        this.tx.begin.run();
        this.batch = { waiters: [] };
        return;
      } catch (error) {
        if (!isBusy(error) || Date.now() - started > BUSY_LIMIT_MS) throw error;
        await (this.options.sleep ?? sleep)(Math.min(200, 5 * 2 ** attempt));
      }
    }
  }

  private scheduleCommit(): void {
    if (this.commitScheduled) return;
    this.commitScheduled = true;
    setImmediate(() => {
      // Behind every unit already waiting for the lock: they join this commit.
      void this.lock().then((unlock) => {
        this.commitScheduled = false;
        try {
          this.commitOpen();
        } finally {
          unlock();
        }
      });
    });
  }

  private commitOpen(): void {
    const batch = this.batch;
    this.batch = null;
    if (!batch) return;
    if (!this.db.inTransaction) {
      // Something rolled the transaction back under us (SQLite does on some I/O errors): what
      // the batch wrote is gone, and whoever waits for it must not be told it was saved.
      this.options.onUndo();
      const lost = new Error("the transaction was rolled back before it could commit");
      for (const w of batch.waiters) w.reject(lost);
      return;
    }
    try {
      this.tx.commit.run();
      for (const w of batch.waiters) w.resolve();
    } catch (error) {
      if (this.db.inTransaction) this.tx.rollback.run();
      this.options.onUndo();
      for (const w of batch.waiters) w.reject(error);
    }
  }
}

/** SQLITE_BUSY and its kin: another connection holds the lock; waiting may help. */
export function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && code.startsWith("SQLITE_BUSY");
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

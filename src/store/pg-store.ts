import type pg from "pg";
import type { StudyStore, StudyTx } from "../core/ports.js";
import type { Query } from "./pg-pool.js";
import { KnownWorkspaces, PgTables } from "./pg-tables.js";
import type { MemberRow } from "./rows.js";

/**
 * How many times a unit is tried in all when PostgreSQL aborts it to keep units serializable.
 * With SERIALIZE_AFTER, 500 new members clicking one post at once needed at most 7 here.
 */
const MAX_TRIES = 12;
/**
 * A unit aborted this many times runs again holding one advisory lock that every such unit
 * takes, in every process: they then run one after another, so a burst that conflicts over the
 * same pages (a channel post clicked by hundreds of new members at once) always drains.
 */
const SERIALIZE_AFTER = 3;
/** The advisory lock's key (any 64-bit number no other user of the database takes). */
const RETRY_LOCK_KEY = 0x5374_7564; // "Stud"

/**
 * While units of this process run serialized (SERIALIZE_AFTER), its other units wait before
 * they start: otherwise fresh units keep aborting the serialized one, and under load (the tests'
 * PostgreSQL shared by every file) 81 of 500 clicks on one post still ran out of tries. The
 * wait is before a unit takes a connection, so it can never hold one the others need.
 */
class RetryGate {
  private serialized = 0;
  private waiting: (() => void)[] = [];

  async enter(serialized: boolean): Promise<void> {
    if (serialized) {
      this.serialized++;
      return;
    }
    while (this.serialized > 0) await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  leave(serialized: boolean): void {
    if (!serialized || --this.serialized > 0) return;
    const waiting = this.waiting;
    this.waiting = [];
    for (const resolve of waiting) resolve();
  }
}

/**
 * Statements that only read: a member row read before them is still the unit's, and a part's
 * savepoint waits for the first statement that is not one (savepoints themselves are sent by
 * the unit, not through here).
 */
const READS = /^\s*SELECT\b/i;

/**
 * Units of work on PostgreSQL, each a SERIALIZABLE transaction on a pooled connection of its own.
 *
 * Why SERIALIZABLE: on SQLite, units that write never interleave, and the core relies on that
 * where it reads and then writes (one open session per conversation, a card updated from the
 * state it read, a team found or made). READ COMMITTED would let two such units both read "none
 * yet" and both write. SERIALIZABLE keeps SQLite's promise without a global lock: PostgreSQL
 * aborts one of two units that would conflict (SQLSTATE 40001, or a 40P01 deadlock), and the
 * unit runs again from the start, so the caller never sees it. Every write that accumulates is
 * relative, so a rerun adds once. A unit's work must therefore have no effect outside the
 * database before it ends; the core's units don't (posts go out through the outbox, after).
 *
 * A unit connects at its first statement, so one that never touches the database (a refusal,
 * a lookup) holds no connection.
 */
class PgUnit {
  /**
   * The unit's connection, from its first statement on: a promise, so that statements started
   * together share one connection and one transaction.
   */
  private client: Promise<pg.PoolClient> | null = null;
  /** The parts open now, outermost first, each with its savepoint once that was sent. */
  private readonly parts: { name: string; sent: Promise<unknown> | null }[] = [];
  /** The unit's statements: BEGIN first, on the unit's own connection. */
  readonly query: Query = async (text, params) => {
    if (this.parts.length > 0 && !READS.test(text)) await this.openSavepoints();
    return this.send(text, params);
  };

  private readonly send: Query = async (text, params) => {
    this.client ??= this.begin();
    return (await this.client).query(text, params as unknown[]);
  };

  constructor(
    private readonly pool: pg.Pool,
    /** Run after others that conflicted again and again: one at a time (SERIALIZE_AFTER). */
    private readonly serialized = false,
  ) {}

  private async begin(): Promise<pg.PoolClient> {
    const client = await this.pool.connect();
    try {
      await client.query("BEGIN ISOLATION LEVEL SERIALIZABLE");
      if (this.serialized) await client.query(`SELECT pg_advisory_xact_lock(${RETRY_LOCK_KEY})`);
    } catch (error) {
      client.release(error instanceof Error ? error : true);
      throw error;
    }
    return client;
  }

  /**
   * A part that rolls back alone. Its savepoint is sent just before the part's first write, not
   * when it starts, and never released (COMMIT keeps what it holds; a later part of the same
   * depth reuses the name, and ROLLBACK TO finds the newest): an answer, one part whose reads
   * come first, pays one round trip for it instead of two, and a part refused before it writes
   * pays none. A part that wrote nothing has nothing to undo. (A read that fails in the
   * database before the savepoint was sent leaves the transaction aborted: the unit fails, as
   * it would on any database error it does not catch.)
   */
  async part<T>(work: () => Promise<T>): Promise<T> {
    const part = { name: `part${this.parts.length + 1}`, sent: null as Promise<unknown> | null };
    this.parts.push(part);
    try {
      return await work();
    } catch (error) {
      if (part.sent) {
        await part.sent;
        await this.send(`ROLLBACK TO SAVEPOINT ${part.name}`);
      }
      throw error;
    } finally {
      this.parts.splice(this.parts.indexOf(part), 1);
    }
  }

  /** Sends the savepoints of the open parts that have none yet, outermost first. */
  private async openSavepoints(): Promise<void> {
    for (const part of this.parts) part.sent ??= this.send(`SAVEPOINT ${part.name}`);
    await Promise.all(this.parts.map((part) => part.sent));
  }

  /** Commits (or rolls back) and gives the connection back; a broken one is discarded. */
  async end(ok: boolean): Promise<void> {
    const connecting = this.client;
    this.client = null;
    if (!connecting) return;
    let client: pg.PoolClient;
    try {
      client = await connecting;
    } catch (error) {
      // It never connected (the connection was already released): nothing to end.
      if (ok) throw error;
      return;
    }
    try {
      await client.query(ok ? "COMMIT" : "ROLLBACK");
      client.release();
    } catch (error) {
      client.release(error instanceof Error ? error : true);
      if (ok) throw error;
    }
  }
}

/** What a unit sees: the tables on the unit's connection, and savepoints for its parts. */
class PgTx extends PgTables implements StudyTx {
  constructor(
    private readonly pgUnit: PgUnit,
    workspaces: KnownWorkspaces,
    /** What this unit learned, told to the store once it has committed. */
    learned: (() => void)[],
  ) {
    const members = new Map<number, MemberRow>();
    const query: Query = async (text, params) => {
      if (READS.test(text)) return pgUnit.query(text, params);
      members.clear();
      try {
        return await pgUnit.query(text, params);
      } finally {
        // Again once it is done: a read sent before it may have answered meanwhile.
        members.clear();
      }
    };
    super(query, members, workspaces, (key, entry) =>
      learned.push(() => workspaces.learn(key, entry)),
    );
    this.forgetMembers = () => members.clear();
  }

  private readonly forgetMembers: () => void;

  async transaction<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await this.pgUnit.part(work);
    } catch (error) {
      // Rolled back to before the part: a member row read inside it may be one it changed.
      this.forgetMembers();
      throw error;
    }
  }
}

/**
 * The core's store port on PostgreSQL. Calls made on the store itself run one statement each on
 * any pooled connection (autocommit); `unit()` runs a transaction, tried again when PostgreSQL
 * aborts it for a serialization conflict. Every commit is done when `unit()` resolves, so
 * `committed()` has nothing to wait for.
 */
export class PgStore extends PgTables implements StudyStore {
  private readonly known: KnownWorkspaces;
  private readonly gate = new RetryGate();

  constructor(
    readonly pool: pg.Pool,
    known = new KnownWorkspaces(),
  ) {
    super((text, params) => pool.query(text, params as unknown[]), null, known);
    this.known = known;
  }

  async transaction<T>(_work: () => Promise<T>): Promise<T> {
    throw new Error("store.transaction() runs inside a unit: use store.unit(async (tx) => ...)");
  }

  async unit<T>(work: (tx: StudyTx) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const serialized = attempt > SERIALIZE_AFTER;
      await this.gate.enter(serialized);
      let outcome: { ok: true; value: T } | { ok: false; error: unknown };
      try {
        outcome = { ok: true, value: await this.attempt(work, serialized) };
      } catch (error) {
        outcome = { ok: false, error };
      } finally {
        this.gate.leave(serialized);
      }
      if (outcome.ok) return outcome.value;
      if (!isSerializationFailure(outcome.error) || attempt >= MAX_TRIES) throw outcome.error;
      await backoff(attempt);
    }
  }

  /** One try of a unit: its work, then COMMIT (a conflict found there undoes it all). */
  private async attempt<T>(work: (tx: StudyTx) => Promise<T>, serialized: boolean): Promise<T> {
    const unit = new PgUnit(this.pool, serialized);
    const learned: (() => void)[] = [];
    let result: T;
    try {
      result = await work(new PgTx(unit, this.known, learned));
    } catch (error) {
      await unit.end(false).catch(() => {});
      throw error;
    }
    await unit.end(true);
    for (const learn of learned) learn();
    return result;
  }

  committed(): Promise<void> {
    return Promise.resolve();
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

/** 40001 serialization_failure, 40P01 deadlock_detected: the unit was undone; run it again. */
export function isSerializationFailure(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === "40001" || code === "40P01";
}

/** A few milliseconds, growing and jittered, so two conflicting units do not meet again. */
function backoff(attempt: number): Promise<void> {
  const ms = Math.random() * Math.min(50, 2 * 2 ** attempt);
  return new Promise((resolve) => setTimeout(resolve, ms));
}

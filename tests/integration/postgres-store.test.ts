import pg from "pg";
import { describe, expect, inject, it } from "vitest";
import type { Logger } from "../../src/core/logger.js";
import { silentLogger } from "../../src/core/logger.js";
import type { OutboxItem } from "../../src/core/ports.js";
import { openDatabaseFrom } from "../../src/store/database.js";
import {
  MigrationError,
  migrationLabel,
  migrationsDir,
  readMigrations,
} from "../../src/store/migrate.js";
import { DatabaseError } from "../../src/store/open.js";
import { migratePostgres } from "../../src/store/pg-migrate.js";
import { connectPgPool, createPgPool } from "../../src/store/pg-pool.js";
import { PgPostQueue } from "../../src/store/pg-post-queue.js";
import { PgStore } from "../../src/store/pg-store.js";
import {
  answer,
  ask,
  at,
  dayOf,
  HOUR,
  member,
  postFor,
  sessionFor,
  workspace,
} from "../contract/builders.js";
import { adminQuery, cleanedUpAfterEach } from "../helpers/postgres.js";
import { freePort, startPostgres } from "../helpers/postgres-server.js";

/**
 * The PostgreSQL store on a real server, where SQLite's single writer no longer stands guard:
 * several processes (one pool each) on one database, conflicting units, migrations that start
 * together, a server that restarts, and the refusals an operator sees at start-up.
 */

/** What to undo after each test: pools to end, databases to drop, servers to stop. */
const { defer, database } = cleanedUpAfterEach();

function pool(url: string, options: { max?: number; statementTimeoutMs?: number } = {}) {
  const made = createPgPool({ url, ...options });
  defer(() => made.end());
  return made;
}

/** Resolves for everyone once `parties` callers have arrived: forces units to overlap. */
function barrier(parties: number): () => Promise<void> {
  let arrived = 0;
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return () => {
    if (++arrived === parties) open();
    return opened;
  };
}

const nameOf = (url: string) => new URL(url).pathname.slice(1);
const SLACK = ["slack"];

describe("the PostgreSQL queue, shared by several processes", () => {
  it("hands out each of 30 due messages exactly once to three pools leasing at once", async () => {
    const { url } = await database();
    const store = new PgStore(pool(url, { max: 2 }));
    const ws = await workspace(store, "T1", "slack");
    const askIds = new Set<string>();
    for (let i = 0; i < 30; i++) {
      // One channel each: a scheduled post is one a day per channel.
      const made = await ask(store, ws, { channelId: `c${i}`, askedAt: at(i) });
      expect(await store.claimChannelPost(postFor(made))).toBe(true);
      askIds.add(made.id);
    }

    // Three processes, each with its own pool and three workers leasing until nothing is due.
    const leased: { by: string; item: OutboxItem }[] = [];
    const workers = [0, 1, 2].flatMap((p) => {
      const queue = new PgPostQueue(pool(url, { max: 3 }));
      return [0, 1, 2].map(async (w) => {
        const by = `process-${p}/worker-${w}`;
        for (;;) {
          // The lease runs past "now": a taken message is not due again within this test.
          const item = await queue.lease(at(60), SLACK, 60 * 60_000, by);
          if (!item) return;
          leased.push({ by, item });
        }
      });
    });
    await Promise.all(workers);

    const ids = leased.map((l) => l.item.id);
    expect(ids).toHaveLength(30);
    expect(new Set(ids).size).toBe(30);
    expect(new Set(leased.map((l) => l.item.askId))).toEqual(askIds);
    // Every message went out under exactly one lease, and nothing is left due.
    const { rows } = await pool(url).query<{ tries: number; n: number }>(
      "SELECT tries, COUNT(*) AS n FROM outbox WHERE state = 'sending' GROUP BY tries",
    );
    expect(rows).toEqual([{ tries: 1, n: 30 }]);
    expect(await new PgPostQueue(pool(url)).lease(at(60), SLACK, 60_000, "late")).toBeUndefined();
  });
});

describe("SERIALIZABLE units", () => {
  it("keep one open session when 10 units read 'none open' at once and create one", async () => {
    const { url } = await database();
    const store = new PgStore(pool(url, { max: 10 }));
    const ws = await workspace(store);
    const ann = await member(store, ws, "ann");
    // Every unit reads before any writes: without SERIALIZABLE each would create a session.
    const allRead = barrier(10);
    let runs = 0;
    const outcomes = await Promise.all(
      Array.from({ length: 10 }, () => {
        let first = true;
        return store.unit(async (tx) => {
          runs++;
          const open = await tx.openSession(ann.id, "dm");
          if (first) {
            first = false;
            await allRead();
          }
          if (open) return "found";
          await tx.createSession(sessionFor(ws, ann.id, { channelId: "dm" }));
          return "created";
        });
      }),
    );
    expect(outcomes.filter((o) => o === "created")).toHaveLength(1);
    expect(outcomes.filter((o) => o === "found")).toHaveLength(9);
    expect(runs).toBeGreaterThan(10); // the conflicts were retried, not surfaced
    const { rows } = await pool(url).query<{ n: number }>(
      "SELECT COUNT(*) AS n FROM quiz_sessions WHERE member_id = $1 AND state = 'open'",
      [ann.id],
    );
    expect(rows[0]?.n).toBe(1);
  });

  it("add every point when one member's answers to different asks are saved at once", async () => {
    const { url } = await database();
    const store = new PgStore(pool(url, { max: 6 }));
    const ws = await workspace(store);
    const ann = await member(store, ws, "ann");
    const asks = [];
    for (let i = 0; i < 6; i++) {
      asks.push(await ask(store, ws, { memberId: ann.id, channelId: "dm", questionId: `q${i}` }));
    }
    const allRead = barrier(asks.length);
    let runs = 0;
    const saved = await Promise.all(
      asks.map((made) => {
        let first = true;
        return store.unit(async (tx) => {
          runs++;
          await tx.getMember(ann.id); // every unit's snapshot predates every other's write
          if (first) {
            first = false;
            await allRead();
          }
          return answer(tx, ann, made, { points: 10 });
        });
      }),
    );
    expect(saved).toEqual(asks.map(() => true));
    expect(runs).toBeGreaterThanOrEqual(asks.length + asks.length - 1);
    expect(await store.getMember(ann.id)).toMatchObject({
      totalPoints: 60,
      answered: 6,
      correct: 6,
      streak: 1,
    });
    expect(await store.dayScore(ann.id, dayOf(at(1)))).toEqual({
      points: 60,
      answered: 6,
      correct: 6,
    });
    expect(
      await store.cards(ann.id, { questionIds: new Set(asks.map((a) => a.questionId)) }),
    ).toHaveLength(6);
  });

  it("let 20 members answer the same channel question at once, each once", async () => {
    const { url } = await database();
    const store = new PgStore(pool(url, { max: 10 }));
    const ws = await workspace(store);
    const question = await ask(store, ws, { channelId: "general", closesAt: at(12 * HOUR) });
    const members = [];
    for (let i = 0; i < 20; i++) members.push(await member(store, ws, `m${i}`));
    // As the core answers: read whether this member answered, then save the answer.
    const answered = await Promise.all(
      members.map((who) =>
        store.unit(async (tx) => {
          if (await tx.hasAnswered(question.id, who.id)) return false;
          return answer(tx, who, question, { points: 10 });
        }),
      ),
    );
    expect(answered).toEqual(members.map(() => true));
    expect(await store.answersToAsk(question.id)).toHaveLength(20);
    for (const who of members) {
      expect((await store.getMember(who.id))?.totalPoints, who.displayName).toBe(10);
    }
  });

  it("give up with the serialization error when a unit conflicts on every try", async () => {
    const { url } = await database();
    const store = new PgStore(pool(url, { max: 2 }));
    const other = pool(url, { max: 1 });
    const ws = await workspace(store);
    const ann = await member(store, ws, "ann");
    let runs = 0;
    const unit = store.unit(async (tx) => {
      runs++;
      await tx.getMember(ann.id); // the unit's snapshot
      // Another process changes the row and commits: this unit's write can no longer be ordered.
      await other.query("UPDATE members SET answered = answered + 1 WHERE id = $1", [ann.id]);
      await tx.setMemberTeam(ann.id, null);
    });
    await expect(unit).rejects.toMatchObject({ code: "40001" });
    expect(runs).toBeGreaterThan(1);
    // Each try ran from the start (the other write landed once per try), and none committed.
    expect((await store.getMember(ann.id))?.answered).toBe(runs);
  });

  it("run statements a unit starts together on its one connection, committed together", async () => {
    const { url } = await database();
    const p = pool(url, { max: 4 });
    const store = new PgStore(p);
    const ws = await workspace(store);
    // The unit's first statements start at once: both must join the one transaction.
    await store.unit(async (tx) => {
      await Promise.all([
        tx.createTeam(ws, "Owls", "owls", at(0)),
        tx.createTeam(ws, "Bats", "bats", at(0)),
      ]);
    });
    expect((await store.listTeams(ws)).map((t) => t.name)).toEqual(["Bats", "Owls"]);
    const { rows } = await p.query(
      `SELECT state FROM pg_stat_activity
       WHERE datname = current_database() AND pid <> pg_backend_pid() AND state <> 'idle'`,
    );
    expect(rows).toEqual([]); // no connection left behind in an open transaction
  });

  it("run a unit that fails for another reason once, and roll all of it back", async () => {
    const { url } = await database();
    const store = new PgStore(pool(url, { max: 2 }));
    const ws = await workspace(store);
    let runs = 0;
    const unit = store.unit(async (tx) => {
      runs++;
      await tx.createTeam(ws, "Owls", "owls", at(0));
      throw new Error("the handler failed");
    });
    await expect(unit).rejects.toThrow("the handler failed");
    expect(runs).toBe(1);
    expect(await store.listTeams(ws)).toEqual([]);
  });
});

describe("migrations on PostgreSQL", () => {
  const latest = readMigrations(migrationsDir("postgres"));

  it("run once when four processes start together on an empty database", async () => {
    const { url } = await database({ migrated: false });
    const pools = [0, 1, 2, 3].map(() => pool(url, { max: 1 }));
    const results = await Promise.all(pools.map((p) => migratePostgres(p)));
    expect(results.filter((r) => r.applied.length > 0)).toEqual([
      { from: 0, to: latest.length, applied: latest.map(migrationLabel) },
    ]);
    expect(results.filter((r) => r.applied.length === 0)).toEqual(
      [0, 1, 2].map(() => ({ from: latest.length, to: latest.length, applied: [] })),
    );
    const { rows } = await pools[0]!.query<{ version: number; n: number }>(
      "SELECT version, COUNT(*) AS n FROM schema_migrations GROUP BY version ORDER BY version",
    );
    expect(rows).toEqual(latest.map((m) => ({ version: m.version, n: 1 })));
  });

  it("refuse a database newer than the code, and leave the lock free for the next", async () => {
    const { url } = await database();
    const p = pool(url, { max: 2 });
    await p.query(
      "INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, 'from_the_future', 0)",
    );
    const refusals = await Promise.allSettled([migratePostgres(p), migratePostgres(p)]);
    for (const refusal of refusals) {
      expect(refusal.status).toBe("rejected");
      const reason = refusal.status === "rejected" ? refusal.reason : undefined;
      expect(reason).toBeInstanceOf(MigrationError);
      expect(String(reason)).toMatch(
        /The database is at schema version 99, newer than this Studybot knows/,
      );
    }
    const { rows } = await p.query("SELECT version FROM schema_migrations WHERE version = 99");
    expect(rows).toHaveLength(1);
  });

  it("wait for another process's migration however long the statement timeout is", async () => {
    const { url } = await database({ migrated: false });
    // Another process holds the migration lock for longer than this pool's statement timeout.
    const holder = new pg.Client({ connectionString: url });
    await holder.connect();
    defer(() => holder.end());
    await holder.query("SELECT pg_advisory_lock(7311024002)");
    const p = pool(url, { max: 1, statementTimeoutMs: 200 });
    const waiting = migratePostgres(p);
    waiting.catch(() => {}); // awaited below; a failure must not surface as unhandled meanwhile
    await new Promise((resolve) => setTimeout(resolve, 600));
    await holder.query("SELECT pg_advisory_unlock(7311024002)");
    expect((await waiting).applied).toEqual(latest.map(migrationLabel));
    // The pool's connection has its statement timeout back for requests.
    await expect(p.query("SELECT pg_sleep(2)")).rejects.toMatchObject({ code: "57014" });
  });
});

/**
 * A store on a PostgreSQL server of the test's own (the shared one is never restarted under
 * other test files), migrated, with one workspace, and the warnings its pool logs.
 */
async function onServerOfItsOwn(max: number) {
  const server = await startPostgres();
  defer(() => server.stop());
  await adminQuery(server.url, "CREATE DATABASE studybot");
  const url = new URL(server.url);
  url.pathname = "/studybot";
  const warnings: string[] = [];
  const logger: Logger = { ...silentLogger, warn: (_fields, message) => warnings.push(message) };
  const pool = createPgPool({ url: url.toString(), max, logger });
  defer(() => pool.end());
  await migratePostgres(pool);
  const store = new PgStore(pool);
  return { server, pool, store, ws: await workspace(store), warnings };
}

describe("connections", () => {
  it("are replaced after the server restarts, and the same store works again", async () => {
    const { server, pool: p, store, ws, warnings } = await onServerOfItsOwn(3);
    // Three idle connections in the pool, each about to break.
    await Promise.all(["ann", "bob", "cy"].map((name) => store.unit((tx) => member(tx, ws, name))));
    expect(p.idleCount).toBeGreaterThan(0);

    await server.restart();

    // A broken connection may fail the call that holds it; each is then dropped from the pool.
    let failures = 0;
    let members: number | undefined;
    while (members === undefined && failures <= 3) {
      try {
        members = await store.unit(async (tx) => {
          await member(tx, ws, "dee");
          return (await tx.standings(ws, null, 10)).length + 1;
        });
      } catch {
        failures++;
      }
    }
    expect(members).toBeDefined();
    expect(failures).toBeLessThanOrEqual(3);
    // Calls after that succeed, outside units too; the pool's 'error' events were only logged.
    expect((await store.findMember(ws, "dee"))?.displayName).toBe("dee");
    expect((await store.findMember(ws, "ann"))?.displayName).toBe("ann");
    expect(warnings.length).toBeGreaterThan(0);
    expect(warnings.every((w) => w.includes("broke while"))).toBe(true);
  }, 60_000);

  it("fail the unit under way when the server stops mid-unit, without ending the process", async () => {
    const { server, store, ws, warnings } = await onServerOfItsOwn(2);
    let started!: () => void;
    const inUnit = new Promise<void>((resolve) => {
      started = resolve;
    });
    // A unit holds its connection (checked out, not idle) while the server goes away.
    const unit = store.unit(async (tx) => {
      await member(tx, ws, "ann");
      started();
      await new Promise((resolve) => setTimeout(resolve, 1500));
      return member(tx, ws, "bob");
    });
    await inUnit;
    await server.restart();
    await expect(unit).rejects.toThrow();
    // The process is still here, the broken connection was only logged, and the store works.
    expect(warnings.some((w) => w.includes("broke while in use"))).toBe(true);
    let ok = false;
    for (let tries = 0; !ok && tries < 4; tries++) {
      ok = await store
        .unit((tx) => member(tx, ws, "cy"))
        .then(() => true)
        .catch(() => false);
    }
    expect(ok).toBe(true);
    expect(await store.findMember(ws, "ann")).toBeNull(); // the failed unit left nothing
  }, 60_000);

  it("cancel a statement that runs past the statement timeout (57014)", async () => {
    const { url } = await database();
    const p = pool(url, { max: 1, statementTimeoutMs: 200 });
    await expect(p.query("SELECT pg_sleep(2)")).rejects.toMatchObject({ code: "57014" });
    // The connection is still good for the next statement.
    expect((await p.query<{ one: number }>("SELECT 1 AS one")).rows).toEqual([{ one: 1 }]);
  });
});

describe("health and size", () => {
  it("say writable, then not once the database is read-only; the size is counted", async () => {
    const { url } = await database();
    const writable = await openDatabaseFrom({ DATABASE_PATH: "unused", DATABASE_URL: url });
    defer(() => writable.close());
    expect(writable.kind).toBe("postgres");
    expect(await writable.health()).toEqual({ ok: true, detail: "writable" });
    expect(await writable.sizeBytes()).toBeGreaterThan(0);

    await adminQuery(
      inject("postgresUrl"),
      `ALTER DATABASE ${nameOf(url)} SET default_transaction_read_only = on`,
    );
    // New connections get the setting (the open pool's keep theirs).
    const readOnly = await openDatabaseFrom({ DATABASE_PATH: "unused", DATABASE_URL: url });
    defer(() => readOnly.close());
    expect(await readOnly.health()).toEqual({ ok: false, detail: "not writable: read-only" });
  });
});

describe("start-up refusals", () => {
  const PASSWORD = "s3cret-pass-word";

  const refusal = async (url: string): Promise<DatabaseError> => {
    const error = await connectPgPool({ url }).then(
      () => {
        throw new Error(`connected to ${url}`);
      },
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DatabaseError);
    return error as DatabaseError;
  };

  it("say nothing listens at a port with no server", async () => {
    const port = await freePort();
    const error = await refusal(`postgres://studybot:${PASSWORD}@127.0.0.1:${port}/studybot`);
    expect(error.message).toBe(
      `Cannot connect to PostgreSQL at 127.0.0.1:${port}/studybot: nothing is listening. Check DATABASE_URL and that the server is running.`,
    );
    expect(error.message).not.toContain(PASSWORD);
  });

  it("say the server refused a wrong password, without showing it", async (context) => {
    const url = new URL(inject("postgresUrl"));
    const rightPassword = decodeURIComponent(url.password);
    url.password = PASSWORD;
    const probe = await connectPgPool({ url: url.toString() }).catch(() => undefined);
    if (probe) {
      await probe.end();
      context.skip("this server lets any password in (trust authentication)");
    }
    const error = await refusal(url.toString());
    expect(error.message).toContain(`PostgreSQL at ${url.hostname}:${url.port}/`);
    expect(error.message).toContain("refused the login");
    expect(error.message).toContain("Check the user and password in DATABASE_URL");
    expect(error.message).not.toContain(PASSWORD);
    if (rightPassword) expect(error.message).not.toContain(rightPassword);
  });

  it("say a database that does not exist must be created first", async () => {
    const url = new URL(inject("postgresUrl"));
    const password = decodeURIComponent(url.password);
    url.pathname = "/studybot_no_such_database";
    const error = await refusal(url.toString());
    expect(error.message).toContain('database "studybot_no_such_database" does not exist');
    expect(error.message).toContain("Create it first (createdb)");
    if (password) expect(error.message).not.toContain(password);
  });
});

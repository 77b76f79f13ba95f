import type pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import type { Installation } from "../../../src/core/ports.js";
import { copySqliteToPostgres } from "../../../src/store/copy.js";
import { migrate } from "../../../src/store/migrate.js";
import { DatabaseError, type Db, openDatabase } from "../../../src/store/open.js";
import { PgInstallations } from "../../../src/store/pg-installations.js";
import { createPgPool } from "../../../src/store/pg-pool.js";
import { PgStore } from "../../../src/store/pg-store.js";
import { SqliteInstallations } from "../../../src/store/sqlite-installations.js";
import { SqliteStore } from "../../../src/store/sqlite-store.js";
import {
  answer,
  answerPrivately,
  ask,
  at,
  DAY0,
  HOUR,
  liveRoundFor,
  member,
  postFor,
  scheduleFor,
  session,
  workspace,
} from "../../contract/builders.js";
import { freshPostgresDatabase } from "../../helpers/postgres.js";

/**
 * `copySqliteToPostgres` on a real SQLite database (in memory) and a real PostgreSQL one: what
 * a move from one to the other must keep.
 */

let cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
  cleanups = [];
});

/** A migrated SQLite database with its store. */
function sqlite(): { db: Db; store: SqliteStore } {
  const db = openDatabase(":memory:");
  migrate(db);
  cleanups.push(async () => {
    db.close();
  });
  return { db, store: new SqliteStore(db, { groupCommit: false }) };
}

/** An empty (unmigrated: the copy migrates it) PostgreSQL database, its pool and store. */
async function postgres(): Promise<{ pool: pg.Pool; store: PgStore }> {
  const database = await freshPostgresDatabase({ migrated: false });
  cleanups.push(() => database.drop());
  const pool = createPgPool({ url: database.url, max: 2 });
  cleanups.push(() => pool.end());
  return { pool, store: new PgStore(pool) };
}

/** The tables a copy moves: every one of the SQLite schema but its migration record. */
function tablesOf(db: Db): string[] {
  return db
    .prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'schema_migrations' ORDER BY name",
    )
    .pluck()
    .all() as string[];
}

/** A table's rows on both sides, the SQLite columns only, in one order (not a collation's). */
async function bothSides(db: Db, pool: pg.Pool, table: string) {
  const columns = (db.pragma(`table_info(${table})`) as { name: string }[]).map((c) => c.name);
  const select = `SELECT ${columns.join(", ")} FROM ${table}`;
  const sorted = (rows: unknown[]) =>
    rows.map((r) => JSON.stringify(r)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return {
    sqlite: sorted(db.prepare(select).all()),
    postgres: sorted((await pool.query(select)).rows),
  };
}

const INSTALLATION: Installation = {
  platform: "slack",
  installationId: "T9",
  teamId: "T9",
  enterpriseId: null,
  botToken: "xoxb-copied-token",
  expiresAt: at(12 * HOUR),
  record: JSON.stringify({ team: { id: "T9" }, bot: { token: "xoxb-copied-token" } }),
  updatedAt: at(0),
};

describe("copySqliteToPostgres", () => {
  it("moves every row of every table, ids and all, and reports the counts", async () => {
    const { db, store } = sqlite();
    const ws = await workspace(store, "T1", "slack");
    const other = await workspace(store, "G1", "discord");
    const ann = await member(store, ws, "ann");
    const bob = await member(store, ws, "bob");
    await member(store, other, "cy");
    // An id gap: a team made and removed before the copy.
    const gone = await store.createTeam(ws, "Gone", "gone", at(0));
    const owls = await store.createTeam(ws, "Owls", "owls", at(0));
    await store.setMemberTeam(ann.id, owls.id);
    await store.setMemberTeam(bob.id, gone.id);
    await store.setMemberTeam(bob.id, owls.id);
    await store.deleteEmptyTeams(ws);
    const daily = await ask(store, ws, { channelId: "general" });
    expect(await store.claimChannelPost(postFor(daily))).toBe(true);
    await answer(store, ann, daily, { points: 15 });
    await answerPrivately(store, bob, "q2", { correct: false });
    const exam = await session(store, ws, ann.id, { mode: "exam", channelId: "dm" });
    await store.saveExamResult({
      sessionId: exam.id,
      workspaceId: ws,
      memberId: ann.id,
      startedAt: at(0),
      endedAt: at(30),
      total: 2,
      correct: 1,
      answered: 2,
      scaled: 550,
      passed: false,
      areas: [{ area: "data", total: 2, correct: 1 }],
    });
    await store.saveSchedule(scheduleFor(ws, "general"));
    await new SqliteInstallations(store).saveInstallation(INSTALLATION);
    await store.createReport({
      workspaceId: ws,
      memberId: ann.id,
      askId: daily.id,
      questionId: daily.questionId,
      optionOrder: daily.optionOrder,
      reason: "the key looks wrong",
      createdAt: at(5),
    });
    const round = liveRoundFor(ws, ann.id);
    expect(await store.createLiveRound(round)).toBe(true);
    await store.joinLiveRound(round.id, bob.id, at(1));
    await store.queueLiveMessage({
      workspaceId: ws,
      channelId: round.channelId,
      roundId: round.id,
      step: "start",
      at: at(1),
    });
    await store.setSetting(ws, "live.starters", "admins", at(2));
    await store.setChannelDeck(ws, "general", "aws-cloud-concepts", at(2));
    await store.setMemberDeck(ann.id, "aws-security");
    await store.saveReminder({
      memberId: ann.id,
      workspaceId: ws,
      time: "08:00",
      timezone: "Europe/Berlin",
      days: [1, 2, 3, 4, 5],
      nextRunAt: at(60),
      pausedReason: null,
      updatedAt: at(3),
    });
    await store.claimSeasonClose(ws, { start: "2026-02-01", end: "2026-03-01" }, at(5));
    await store.saveSeasonResults(ws, "2026-02-01", [
      { id: ann.id, name: "ann", points: 15, rank: 1 },
    ]);
    await store.queueNotice({
      workspaceId: ws,
      channelId: ann.externalId,
      subject: `remind:${ann.id}:${DAY0}`,
      toMember: ann.id,
      at: at(4),
    });
    await store.committed();

    const target = await postgres();
    const report = await copySqliteToPostgres(db, target.pool);

    const tables = tablesOf(db);
    // The report names every table of the schema, in an order parents come first.
    expect(report.tables.map((t) => t.table).sort()).toEqual(tables);
    for (const table of tables) {
      const rows = await bothSides(db, target.pool, table);
      expect(rows.postgres, table).toEqual(rows.sqlite);
      expect(report.tables.find((t) => t.table === table)?.rows, table).toBe(rows.sqlite.length);
      expect(rows.sqlite.length, `${table} has rows to copy`).toBeGreaterThan(0);
    }
    // Read back through the PostgreSQL store as the bot would.
    expect(await target.store.getMember(ann.id)).toEqual(await store.getMember(ann.id));
    expect(await target.store.listTeams(ws)).toEqual([
      { id: owls.id, workspaceId: ws, name: "Owls", members: 2 },
    ]);
    expect(await target.store.standings(ws, null, 10)).toEqual(await store.standings(ws, null, 10));
    expect(await target.store.examResults(ann.id, 5)).toEqual(await store.examResults(ann.id, 5));
    expect(await new PgInstallations(target.pool).getInstallation("slack", "T9")).toEqual(
      INSTALLATION,
    );
  });

  it("moves the identity sequences past the copied ids: new rows get fresh ids", async () => {
    const { db, store } = sqlite();
    const ws = await workspace(store);
    const ann = await member(store, ws, "ann");
    const bob = await member(store, ws, "bob");
    const team = await store.createTeam(ws, "Owls", "owls", at(0));
    const daily = await ask(store, ws, { channelId: "general" });
    await store.claimChannelPost(postFor(daily));
    await answer(store, ann, daily);
    await store.committed();
    const target = await postgres();
    await copySqliteToPostgres(db, target.pool);

    const moved = target.store;
    const newWs = await workspace(moved, "w2");
    expect(newWs).toBeGreaterThan(ws);
    const cy = await member(moved, ws, "cy");
    expect(cy.id).toBeGreaterThan(Math.max(ann.id, bob.id));
    expect((await moved.createTeam(ws, "Bats", "bats", at(0))).id).toBeGreaterThan(team.id);
    // Answers, review logs, channel posts and outbox rows too: these inserts would collide.
    expect(await answer(moved, bob, daily)).toBe(true);
    const next = await ask(moved, ws, { channelId: "random" });
    expect(await moved.claimChannelPost(postFor(next))).toBe(true);
    const { rows } = await target.pool.query<{ what: string; n: number; ids: number }>(
      `SELECT 'answers' AS what, COUNT(*) AS n, COUNT(DISTINCT id) AS ids FROM answers
       UNION ALL SELECT 'review_logs', COUNT(*), COUNT(DISTINCT id) FROM review_logs
       UNION ALL SELECT 'channel_posts', COUNT(*), COUNT(DISTINCT id) FROM channel_posts
       UNION ALL SELECT 'outbox', COUNT(*), COUNT(DISTINCT id) FROM outbox`,
    );
    expect(rows).toEqual([
      { what: "answers", n: 2, ids: 2 },
      { what: "review_logs", n: 2, ids: 2 },
      { what: "channel_posts", n: 2, ids: 2 },
      { what: "outbox", n: 2, ids: 2 },
    ]);
  });

  it("keeps the order of asks made at the same instant (SQLite's rowid becomes seq)", async () => {
    const { db, store } = sqlite();
    const ws = await workspace(store);
    const ann = await member(store, ws, "ann");
    // Ids whose sort order is not the order they were made in.
    for (const id of ["ask-z", "ask-a", "ask-m"]) {
      await store.createAsk({
        id,
        workspaceId: ws,
        memberId: null,
        channelId: "general",
        sessionId: null,
        questionId: "q1",
        optionOrder: [0, 1, 2],
        askedAt: at(0),
        closesAt: at(HOUR),
        roundId: null,
      });
    }
    await store.committed();
    const newest = await store.openChannelAsk(ws, ann.id, "general", at(1));
    expect(newest?.id).toBe("ask-m");
    const target = await postgres();
    await copySqliteToPostgres(db, target.pool);

    const { rows } = await target.pool.query<{ id: string }>("SELECT id FROM asks ORDER BY seq");
    expect(rows.map((r) => r.id)).toEqual(["ask-z", "ask-a", "ask-m"]);
    expect((await target.store.openChannelAsk(ws, ann.id, "general", at(1)))?.id).toBe("ask-m");
    // An ask made after the copy comes after the copied ones.
    await ask(target.store, ws, { id: "ask-b", channelId: "general", askedAt: at(0) });
    expect((await target.store.openChannelAsk(ws, ann.id, "general", at(1)))?.id).toBe("ask-b");
  });

  it("copies the WITHOUT ROWID tables (cards, score days) whole", async () => {
    const { db, store } = sqlite();
    const ws = await workspace(store);
    const ann = await member(store, ws, "ann");
    await answerPrivately(store, ann, "q1", { points: 10 });
    await answerPrivately(store, ann, "q2", { points: 20, at: at(25 * HOUR) });
    await store.committed();
    const withoutRowid = db
      .prepare("SELECT name FROM pragma_table_list WHERE wr = 1 AND schema = 'main' ORDER BY name")
      .pluck()
      .all();
    expect(withoutRowid).toEqual([
      "cards",
      "channel_decks",
      "live_players",
      "score_days",
      "season_closes",
      "workspace_settings",
    ]);
    const target = await postgres();
    await copySqliteToPostgres(db, target.pool);

    for (const q of ["q1", "q2"]) {
      expect(await target.store.getCard(ann.id, q)).toEqual(await store.getCard(ann.id, q));
    }
    expect(await target.store.dayScore(ann.id, DAY0)).toEqual({
      points: 10,
      answered: 1,
      correct: 1,
    });
    expect(await target.store.dayScore(ann.id, "2026-03-03")).toEqual({
      points: 20,
      answered: 1,
      correct: 1,
    });
  });

  it("copies tables larger than one batch of rows", async () => {
    const { db, store } = sqlite();
    const ws = await workspace(store);
    const ann = await member(store, ws, "ann");
    await store.committed();
    // review_logs has 13 columns: 2,500 rows take two INSERTs of at most 30,000 parameters.
    const log = db.prepare(
      `INSERT INTO review_logs (member_id, question_id, rating, state, due, stability, difficulty,
         elapsed_days, last_elapsed_days, scheduled_days, learning_steps, review)
       VALUES (?, ?, 3, 2, ?, 1.5, 5.25, 1, 0, 2, 0, ?)`,
    );
    db.transaction(() => {
      for (let i = 0; i < 2500; i++) log.run(ann.id, `q${i % 7}`, i, i);
    })();
    const target = await postgres();
    const report = await copySqliteToPostgres(db, target.pool);
    expect(report.tables.find((t) => t.table === "review_logs")?.rows).toBe(2500);
    const { rows } = await target.pool.query<{ n: number; last: number }>(
      "SELECT COUNT(*) AS n, MAX(id) AS last FROM review_logs",
    );
    expect(rows).toEqual([{ n: 2500, last: 2500 }]);
  });

  it("copies an empty database, and the first rows after it get the first ids", async () => {
    const { db } = sqlite();
    const target = await postgres();
    const report = await copySqliteToPostgres(db, target.pool);
    expect(report.tables.every((t) => t.rows === 0)).toBe(true);
    expect(await workspace(target.store)).toBe(1);
  });

  it("leaves the target empty when a row cannot be copied, and ends the SQLite read", async () => {
    const { db, store } = sqlite();
    const ws = await workspace(store);
    await member(store, ws, "ann");
    await answerPrivately(store, await member(store, ws, "bob"), "q1");
    await store.committed();
    // SQLite keeps what it is given; PostgreSQL's INTEGER refuses it.
    db.prepare("UPDATE members SET streak = 'many' WHERE display_name = 'bob'").run();
    const target = await postgres();
    await expect(copySqliteToPostgres(db, target.pool)).rejects.toMatchObject({ code: "22P02" });
    expect(db.inTransaction).toBe(false);
    for (const table of tablesOf(db)) {
      const { rows } = await target.pool.query(`SELECT 1 FROM ${table} LIMIT 1`);
      expect(rows, table).toEqual([]);
    }
  });

  it("refuses a SQLite table it does not know rather than leave it behind", async () => {
    const { db } = sqlite();
    db.exec("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)");
    db.prepare("INSERT INTO notes (text) VALUES ('keep me')").run();
    const target = await postgres();
    const copy = copySqliteToPostgres(db, target.pool);
    await expect(copy).rejects.toBeInstanceOf(DatabaseError);
    await expect(copy).rejects.toThrow(/does not know the table\(s\) notes/);
    const { rows } = await target.pool.query("SELECT 1 FROM workspaces LIMIT 1");
    expect(rows).toEqual([]);
  });
});

import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { MigrationError, migrate, readMigrations } from "../../../src/store/migrate.js";
import { openDatabase } from "../../../src/store/open.js";

const tempDb = () => join(mkdtempSync(join(tmpdir(), "studybot-")), "test.db");

describe("migrations", () => {
  it("apply from empty, record the version, and are a no-op the second time", () => {
    const db = openDatabase(tempDb());
    const first = migrate(db);
    expect(first.from).toBe(0);
    expect(first.applied[0]).toBe("0001_initial");
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all();
    expect(tables).toEqual(
      expect.arrayContaining(["members", "answers", "cards", "channel_schedules"]),
    );
    const again = migrate(db);
    expect(again.applied).toEqual([]);
    expect(db.prepare("SELECT COUNT(*) FROM schema_migrations").pluck().get()).toBe(
      readMigrations().length,
    );
  });

  it("refuse a database newer than the code, untouched", () => {
    const path = tempDb();
    const db = openDatabase(path);
    migrate(db);
    db.prepare("INSERT INTO schema_migrations VALUES (99, 'from_the_future', 0)").run();
    expect(() => migrate(db)).toThrow(MigrationError);
    expect(() => migrate(db)).toThrow(/newer than this Studybot knows/);
  });

  it("roll back a failing migration as a whole", () => {
    const dir = mkdtempSync(join(tmpdir(), "studybot-migrations-"));
    writeFileSync(join(dir, "0001_one.sql"), "CREATE TABLE one (x);");
    writeFileSync(join(dir, "0002_broken.sql"), "CREATE TABLE two (x); THIS IS NOT SQL;");
    const db = openDatabase(":memory:");
    expect(() => migrate(db, readMigrations(dir))).toThrow();
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all();
    expect(tables).not.toContain("one");
    expect(tables).not.toContain("two");
  });

  it("open with WAL, synchronous NORMAL, foreign keys and a busy timeout", () => {
    const db = openDatabase(tempDb());
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(db.pragma("synchronous", { simple: true })).toBe(1);
    expect(db.pragma("foreign_keys", { simple: true })).toBe(1);
    expect(db.pragma("busy_timeout", { simple: true })).toBe(5000);
  });

  it("use the intended indexes for the minute tick, cards and week boards", () => {
    const db = openDatabase(":memory:");
    migrate(db);
    const plan = (sql: string) =>
      db
        .prepare(`EXPLAIN QUERY PLAN ${sql}`)
        .all()
        .map((r) => (r as { detail: string }).detail)
        .join(" | ");
    expect(plan("SELECT * FROM channel_schedules WHERE paused = 0 AND next_run_at <= 1")).toContain(
      "schedules_due",
    );
    // A member's cards come by the primary key's prefix; week boards by the per-day index.
    expect(plan("SELECT * FROM cards WHERE member_id = 1 AND due <= 5 ORDER BY due")).toMatch(
      /USING PRIMARY KEY \(member_id=\?\)/,
    );
    expect(
      plan("SELECT * FROM score_days WHERE workspace_id = 1 AND day >= '2026-11-01'"),
    ).toContain("score_days_by_workspace");
    // A session's report reads its answers through its asks, never by scanning every ask.
    expect(
      plan(
        "SELECT x.ask_id FROM asks a JOIN answers x ON x.ask_id = a.id WHERE a.session_id = 's'",
      ),
    ).toContain("asks_by_session");
    // The sender's next message comes from the outbox's due index, oldest first.
    expect(
      plan(
        "SELECT id FROM outbox WHERE state IN ('queued', 'sending') AND next_try_at <= 1 ORDER BY next_try_at LIMIT 1",
      ),
    ).toContain("outbox_due");
  });

  it("0004 moves posts still to send into the outbox, and counts one leased mid-send as handed over", () => {
    const db = openDatabase(":memory:");
    const all = readMigrations();
    migrate(db, all.slice(0, 3));
    db.exec(`
      INSERT INTO workspaces (id, platform, external_id, created_at) VALUES (1, 'slack', 'T1', 0);
      INSERT INTO asks (id, workspace_id, channel_id, question_id, option_order, asked_at, closes_at)
        VALUES ('a1', 1, 'C1', 'q', '[]', 0, 9), ('a2', 1, 'C2', 'q', '[]', 0, 9),
               ('a3', 1, 'C3', 'q', '[]', 0, 9), ('a4', 1, 'C4', 'q', '[]', 0, 9);
      INSERT INTO channel_posts (id, workspace_id, channel_id, local_date, kind, ask_id, state, claimed_by, claimed_at, attempts, next_try_at, last_error, closes_at)
        VALUES (1, 1, 'C1', '2026-11-28', 'scheduled', 'a1', 'claimed', 'x', 100, 0, 100, NULL, 9),
               (2, 1, 'C2', '2026-11-28', 'scheduled', 'a2', 'sending', 'x', 100, 1, 500, NULL, 9),
               (3, 1, 'C3', '2026-11-28', 'scheduled', 'a3', 'failed', 'x', 100, 2, 700, 'internal_error', 9),
               (4, 1, 'C4', '2026-11-28', 'scheduled', 'a4', 'posted', 'x', 100, 1, 100, NULL, 9);
    `);
    migrate(db, all);
    expect(
      db
        .prepare(
          "SELECT post_id, kind, state, next_try_at, tries, last_error FROM outbox ORDER BY post_id",
        )
        .all(),
    ).toEqual([
      {
        post_id: 1,
        kind: "question",
        state: "queued",
        next_try_at: 100,
        tries: 0,
        last_error: null,
      },
      {
        post_id: 2,
        kind: "question",
        state: "queued",
        next_try_at: 500,
        tries: 2,
        last_error: null,
      },
      {
        post_id: 3,
        kind: "question",
        state: "queued",
        next_try_at: 700,
        tries: 2,
        last_error: "internal_error",
      },
    ]);
    expect(db.prepare("SELECT state FROM channel_posts ORDER BY id").pluck().all()).toEqual([
      "claimed",
      "claimed",
      "claimed",
      "posted",
    ]);
  });
});

import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { migrate } from "../../../src/store/migrate.js";
import { openDatabase } from "../../../src/store/open.js";
import { SqliteStore } from "../../../src/store/sqlite-store.js";
import { allText, ctx, makeBot, rightLetters } from "../../helpers/bot.js";

function files() {
  const path = join(mkdtempSync(join(tmpdir(), "studybot-group-")), "g.db");
  const writer = openDatabase(path);
  migrate(writer);
  return { path, writer, reader: openDatabase(path) };
}

const insertWorkspace = (store: SqliteStore, id: string) =>
  store.transaction(() =>
    store.ensureWorkspace({ platform: "test", externalId: id, name: id }, new Date(0)),
  );

describe("group commit", () => {
  it("shares one commit among the writes of one turn, visible to others only after it", async () => {
    const { writer, reader } = files();
    const store = new SqliteStore(writer, { groupCommit: true });
    const count = () => reader.prepare("SELECT COUNT(*) FROM workspaces").pluck().get();
    insertWorkspace(store, "a");
    insertWorkspace(store, "b");
    expect(writer.inTransaction).toBe(true);
    expect(count()).toBe(0); // not committed yet: nobody may be told it is saved
    await store.committed();
    expect(count()).toBe(2);
    expect(writer.inTransaction).toBe(false);
    await store.committed(); // nothing open: resolves at once
  });

  it("rolls back a failing unit of work alone", async () => {
    const { writer, reader } = files();
    const store = new SqliteStore(writer, { groupCommit: true });
    insertWorkspace(store, "kept");
    expect(() =>
      store.transaction(() => {
        store.ensureWorkspace({ platform: "test", externalId: "lost" }, new Date(0));
        throw new Error("this request fails");
      }),
    ).toThrow("this request fails");
    insertWorkspace(store, "also kept");
    await store.committed();
    expect(reader.prepare("SELECT external_id FROM workspaces ORDER BY id").pluck().all()).toEqual([
      "kept",
      "also kept",
    ]);
  });

  it("tells every waiter when the commit fails", async () => {
    const { writer } = files();
    const store = new SqliteStore(writer, { groupCommit: true });
    insertWorkspace(store, "doomed");
    writer.exec("ROLLBACK"); // the batch's transaction is gone: COMMIT will fail
    await expect(store.committed()).rejects.toThrow();
  });

  it("answers through the core, and a bot tells the member only after the commit", async () => {
    const harness = makeBot({ groupCommit: true });
    const alice = ctx("alice");
    const question = harness.bot
      .run(alice, { name: "quiz", topic: "kms", count: 1 })
      .find((v) => v.question)!;
    const views = await harness.bot.whenCommitted(
      harness.bot.runText(alice, rightLetters(harness.bot, question)),
    );
    expect(allText(views)).toContain("Right!");
    expect(harness.store.findMember(1, "id-alice")!.answered).toBe(1);
  });

  it("rolls back a failed unit inside another alone, for both kinds of store", async () => {
    for (const groupCommit of [false, true]) {
      const { writer, reader } = files();
      const store = new SqliteStore(writer, { groupCommit });
      store.transaction(() => {
        insertWorkspace(store, "outer");
        try {
          store.transaction(() => {
            insertWorkspace(store, "inner");
            throw new Error("the inner unit fails");
          });
        } catch {
          // the outer unit carries on
        }
      });
      await store.committed();
      expect(reader.prepare("SELECT external_id FROM workspaces").pluck().all()).toEqual(["outer"]);
    }
  });

  it("rolls back a unit inside another with the outer one", async () => {
    const { writer, reader } = files();
    const store = new SqliteStore(writer, { groupCommit: true });
    expect(() =>
      store.transaction(() => {
        insertWorkspace(store, "inner"); // a unit inside a unit: no savepoint of its own
        throw new Error("the outer unit fails");
      }),
    ).toThrow("the outer unit fails");
    await store.committed();
    expect(reader.prepare("SELECT COUNT(*) FROM workspaces").pluck().get()).toBe(0);
  });

  it("forgets a workspace whose creation was rolled back", async () => {
    const { writer } = files();
    const store = new SqliteStore(writer, { groupCommit: true });
    insertWorkspace(store, "doomed");
    writer.exec("ROLLBACK"); // the batch is lost, and the workspace with it
    await expect(store.committed()).rejects.toThrow();
    // Resolving it again creates it again, instead of handing out an id that no longer exists.
    const again = insertWorkspace(store, "doomed");
    await store.committed();
    expect(writer.prepare("SELECT id FROM workspaces").pluck().all()).toEqual([again]);
  });

  it("records one answer per member per ask, whoever asks twice", () => {
    const harness = makeBot({ groupCommit: true });
    const alice = ctx("alice");
    const question = harness.bot
      .run(alice, { name: "quiz", topic: "kms", count: 1 })
      .find((v) => v.question)!;
    harness.bot.runText(alice, rightLetters(harness.bot, question));
    const ask = harness.store.getAsk(question.question!.askId)!;
    const member = harness.store.findMember(1, "id-alice")!;
    const card = harness.store.getCard(member.id, ask.questionId)!;
    const second = harness.store.saveAnswer(
      {
        askId: ask.id,
        workspaceId: 1,
        memberId: member.id,
        questionId: ask.questionId,
        chosen: [0],
        correct: true,
        points: 10,
        answeredAt: harness.clock.now(),
        day: "2026-11-28",
      },
      card,
      { ...card, rating: 3, lastElapsedDays: 0, review: harness.clock.now() },
      { totalPoints: 99, answered: 9, correct: 9, streak: 9, streakDay: "2026-11-28" },
    );
    expect(second).toBe(false);
    expect(harness.store.findMember(1, "id-alice")!.totalPoints).toBe(member.totalPoints);
  });
});

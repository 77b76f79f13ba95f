import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { migrate } from "../../../src/store/migrate.js";
import { openDatabase } from "../../../src/store/open.js";
import { SqliteStore } from "../../../src/store/sqlite-store.js";
import { allText, asked, ctx, makeBot, rightLetters } from "../../helpers/bot.js";
import { holdWriteLock } from "../../helpers/lock-holder.js";

function files() {
  const path = join(mkdtempSync(join(tmpdir(), "studybot-group-")), "g.db");
  const writer = openDatabase(path);
  migrate(writer);
  return { path, writer, reader: openDatabase(path) };
}

const workspace = (id: string) => ({ platform: "test", externalId: id, name: id });

describe("units of work and group commit on SQLite", () => {
  it("shares one commit among the units of one turn, visible to others only after it", async () => {
    const { writer, reader } = files();
    const store = new SqliteStore(writer, { groupCommit: true });
    const count = () => reader.prepare("SELECT COUNT(*) FROM workspaces").pluck().get();
    await Promise.all([
      store.unit((tx) => tx.ensureWorkspace(workspace("a"), new Date(0))),
      store.unit((tx) => tx.ensureWorkspace(workspace("b"), new Date(0))),
    ]);
    expect(writer.inTransaction).toBe(true);
    expect(count()).toBe(0); // not committed yet: nobody may be told it is saved
    await store.committed();
    expect(writer.inTransaction).toBe(false);
    expect(count()).toBe(2);
    await store.committed(); // nothing open: resolves at once
  });

  it("rolls back a failing unit alone, everything it wrote", async () => {
    const { writer, reader } = files();
    const store = new SqliteStore(writer, { groupCommit: true });
    const failing = store.unit(async (tx) => {
      await tx.ensureWorkspace(workspace("lost"), new Date(0));
      const id = await tx.ensureWorkspace(workspace("lost-too"), new Date(0));
      await tx.ensureMember(id, "u1", "Una", new Date(0));
      throw new Error("boom");
    });
    const kept = store.unit((tx) => tx.ensureWorkspace(workspace("kept"), new Date(0)));
    await expect(failing).rejects.toThrow("boom");
    await kept;
    await store.committed();
    expect(reader.prepare("SELECT external_id FROM workspaces").pluck().all()).toEqual(["kept"]);
    expect(reader.prepare("SELECT COUNT(*) FROM members").pluck().get()).toBe(0);
  });

  it("tells every waiter when the commit fails", async () => {
    const { writer } = files();
    const store = new SqliteStore(writer, { groupCommit: true });
    await store.unit((tx) => tx.ensureWorkspace(workspace("x"), new Date(0)));
    writer.exec("ROLLBACK"); // the open batch is gone: its COMMIT fails
    await expect(store.committed()).rejects.toThrow();
  });

  it("answers through the core, and tells the member only after the commit", async () => {
    const harness = makeBot({ groupCommit: true });
    const q = asked(await harness.bot.runText(ctx("alice"), "quiz kms 1"));
    const views = await harness.bot.whenCommitted(
      harness.bot.runText(ctx("alice"), rightLetters(harness.bot, q)),
    );
    expect(allText(views)).toContain("Right!");
    expect(harness.db.inTransaction).toBe(false);
    expect((await harness.store.findMember(1, "id-alice"))!.totalPoints).toBe(12);
  });

  it("rolls back a failed part inside a unit alone, and keeps the rest", async () => {
    for (const groupCommit of [false, true]) {
      const { writer, reader } = files();
      const store = new SqliteStore(writer, { groupCommit });
      await store.unit(async (tx) => {
        await tx.ensureWorkspace(workspace("outer"), new Date(0));
        await expect(
          tx.transaction(async () => {
            await tx.ensureWorkspace(workspace("inner"), new Date(0));
            throw new Error("inner fails");
          }),
        ).rejects.toThrow("inner fails");
      });
      await store.committed();
      expect(reader.prepare("SELECT external_id FROM workspaces").pluck().all()).toEqual(["outer"]);
    }
  });

  it("rolls back a failed part that made its unit's first write, alone: not the batch before it", async () => {
    for (const groupCommit of [false, true]) {
      const { writer, reader } = files();
      const store = new SqliteStore(writer, { groupCommit });
      // An earlier unit whose writes wait in the same open batch (group commit) must keep them.
      await store.unit((tx) => tx.ensureWorkspace(workspace("before"), new Date(0)));
      await store.unit(async (tx) => {
        await expect(
          tx.transaction(async () => {
            await tx.ensureWorkspace(workspace("first part"), new Date(0));
            throw new Error("the part fails");
          }),
        ).rejects.toThrow("the part fails");
        // The unit goes on after the failed part, and what it writes next is kept.
        await tx.ensureWorkspace(workspace("after"), new Date(0));
      });
      await store.committed();
      expect(
        reader.prepare("SELECT external_id FROM workspaces ORDER BY id").pluck().all(),
      ).toEqual(["before", "after"]);
      // The rolled-back workspace's id is not remembered: making it again makes a real row.
      const id = await store.ensureWorkspace(workspace("first part"), new Date(0));
      await store.committed();
      expect(
        reader.prepare("SELECT id FROM workspaces WHERE external_id = ?").pluck().get("first part"),
      ).toBe(id);
    }
  });

  it("forgets a workspace whose creation was rolled back", async () => {
    const { writer } = files();
    const store = new SqliteStore(writer, { groupCommit: false });
    await expect(
      store.unit(async (tx) => {
        await tx.ensureWorkspace(workspace("ghost"), new Date(0));
        throw new Error("rolled back");
      }),
    ).rejects.toThrow();
    // A stale cached id would point at a row that does not exist: the member insert would fail.
    const id = await store.ensureWorkspace(workspace("ghost"), new Date(0));
    await expect(store.ensureMember(id, "u1", "Una", new Date(0))).resolves.toMatchObject({
      displayName: "Una",
    });
  });

  it("records one answer per member per ask, whoever asks twice", async () => {
    const harness = makeBot();
    const q = asked(await harness.bot.runText(ctx("alice"), "quiz kms 1"));
    const letters = rightLetters(harness.bot, q);
    const click = q.question!.options.find((o) => o.letter === letters)!.actionId;
    const [first, second] = await Promise.all([
      harness.bot.runAction(ctx("alice"), click),
      harness.bot.runAction(ctx("alice"), click),
    ]);
    expect([first[0]!.title, second[0]!.text]).toEqual([
      "✅ Right!",
      "You already answered this question; your first answer counts.",
    ]);
    expect((await harness.store.findMember(1, "id-alice"))!.answered).toBe(1);
  });
});

describe("another process holding the write lock (a child process)", () => {
  it("never blocks the event loop: reads answer at once, a write waits and then lands", async () => {
    const { path } = files();
    const harness = makeBot({ dbPath: path, groupCommit: true });
    // Alice is known before the lock is taken, so her lookup needs no write.
    await harness.bot.whenCommitted(harness.bot.runText(ctx("alice"), "help"));
    const q = asked(await harness.bot.runText(ctx("bob"), "quiz kms 1"));
    await harness.store.committed();

    const { released } = await holdWriteLock(path, 1500);
    const started = performance.now();
    const answer = harness.bot.whenCommitted(
      harness.bot.runText(ctx("bob"), rightLetters(harness.bot, q)),
    );
    const lookup = await harness.bot.runText(ctx("alice"), "lookup shield");
    const lookupMs = performance.now() - started;
    expect(allText(lookup)).toContain("AWS Shield");
    // Functional, not a timing target: well before the lock is released.
    expect(lookupMs).toBeLessThan(1000);
    let timerFired = false;
    setTimeout(() => {
      timerFired = true;
    }, 50);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(timerFired).toBe(true); // the event loop kept turning while the write waited

    const answered = await answer;
    expect(performance.now() - started).toBeGreaterThanOrEqual(1400);
    expect(allText(answered)).toContain("Right!");
    await released;
    expect((await harness.store.findMember(1, "id-bob"))!.totalPoints).toBe(12);
  });

  it("a request that only reads takes no write lock", async () => {
    const { path } = files();
    const harness = makeBot({ dbPath: path, groupCommit: false });
    await harness.bot.runText(ctx("alice"), "help");
    const { released } = await holdWriteLock(path, 3000);
    const started = performance.now();
    for (const command of ["lookup ddos", "topics", "leaderboard", "stats", "help"]) {
      const views = await harness.bot.runText(ctx("alice"), command);
      expect(views[0]!.tone, command).not.toBe("error");
    }
    expect(performance.now() - started).toBeLessThan(2000);
    await released;
  });
});

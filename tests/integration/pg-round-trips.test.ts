import type pg from "pg";
import { describe, expect, it } from "vitest";
import { createPgPool } from "../../src/store/pg-pool.js";
import { PgStore } from "../../src/store/pg-store.js";
import { answer, ask, at, member, workspace } from "../contract/builders.js";
import { cleanedUpAfterEach } from "../helpers/postgres.js";

/**
 * What PostgreSQL's store does not send again: every statement is a round trip (about a third of
 * a millisecond here), so a workspace it knows and a member row a unit already read are not read
 * again; and neither shortcut may ever hand back something stale.
 */
const { defer, database } = cleanedUpAfterEach();

/** A store on a fresh database, and the statements its pool's connections are sent. */
async function counted(): Promise<{ store: PgStore; sent: string[]; pool: pg.Pool }> {
  const { url } = await database();
  const pool = createPgPool({ url, max: 4 });
  defer(() => pool.end());
  const sent: string[] = [];
  pool.on("connect", (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as { query: unknown }).query = (...args: unknown[]) => {
      if (typeof args[0] === "string") sent.push(args[0].replace(/\s+/g, " ").trim());
      return query(...args);
    };
  });
  return { store: new PgStore(pool), sent, pool };
}

const ref = { platform: "slack", externalId: "T1", name: "Team one" };

describe("PostgreSQL round trips", () => {
  it("finds a workspace it made or read without asking the server again", async () => {
    const { store, sent } = await counted();
    const id = await store.unit((tx) => tx.ensureWorkspace(ref, at(0)));
    sent.length = 0;
    expect(await store.unit((tx) => tx.ensureWorkspace(ref, at(1)))).toBe(id);
    expect(await store.ensureWorkspace({ platform: "slack", externalId: "T1" }, at(1))).toBe(id);
    expect(sent).toEqual([]);
    // A new name is written (and then known by it).
    await store.unit((tx) => tx.ensureWorkspace({ ...ref, name: "Renamed" }, at(2)));
    expect(sent.some((s) => s.startsWith("INSERT INTO workspaces"))).toBe(true);
    sent.length = 0;
    await store.unit((tx) => tx.ensureWorkspace({ ...ref, name: "Renamed" }, at(3)));
    expect(sent).toEqual([]);
  });

  it("forgets a workspace made by a unit that rolled back", async () => {
    const { store, sent } = await counted();
    await expect(
      store.unit(async (tx) => {
        await tx.ensureWorkspace(ref, at(0));
        throw new Error("the unit fails after making it");
      }),
    ).rejects.toThrow("the unit fails");
    sent.length = 0;
    // Not taken from memory: the row is gone, so it is made again, and usable.
    const id = await store.unit((tx) => tx.ensureWorkspace(ref, at(1)));
    expect(sent.some((s) => s.startsWith("INSERT INTO workspaces"))).toBe(true);
    const ann = await store.unit((tx) => member(tx, id, "ann"));
    expect(ann.workspaceId).toBe(id);
  });

  it("reads a member the unit has just made without asking the server again", async () => {
    const { store, sent } = await counted();
    const ws = await workspace(store);
    const read = await store.unit(async (tx) => {
      const made = await tx.ensureMember(ws, "id-new", "New", at(1));
      sent.length = 0;
      return { made, again: await tx.getMember(made.id) };
    });
    expect(read.again).toEqual(read.made);
    expect(sent.filter((s) => s.startsWith("SELECT * FROM members"))).toEqual([]);
  });

  it("reads a member once in a unit until the unit writes, then reads the new row", async () => {
    const { store, sent } = await counted();
    const ws = await workspace(store);
    const ann = await member(store, ws, "ann");
    const question = await ask(store, ws, { channelId: "general", closesAt: at(600) });
    const seen = await store.unit(async (tx) => {
      await tx.ensureMember(ws, ann.externalId, ann.displayName, at(1));
      sent.length = 0;
      const again = await tx.transaction(() => tx.getMember(ann.id));
      const reads = sent.filter((s) => s.startsWith("SELECT * FROM members")).length;
      await answer(tx, ann, question, { points: 10 });
      const after = await tx.getMember(ann.id);
      return { again, reads, after };
    });
    expect(seen.reads).toBe(0);
    expect(seen.again?.totalPoints).toBe(0);
    // The answer's writes changed the row: it is read anew, with the points.
    expect(seen.after?.totalPoints).toBe(10);
    expect(sent.filter((s) => s.startsWith("SELECT * FROM members WHERE id")).length).toBe(1);
    // Another unit reads it afresh.
    sent.length = 0;
    const later = await store.unit((tx) => tx.getMember(ann.id));
    expect(later?.totalPoints).toBe(10);
    expect(sent.filter((s) => s.startsWith("SELECT * FROM members")).length).toBe(1);
  });

  it("sends a part's savepoint just before the part's first write, and never releases it", async () => {
    const { store, sent } = await counted();
    const ws = await workspace(store);
    const ann = await member(store, ws, "ann");
    const question = await ask(store, ws, { channelId: "general", closesAt: at(600) });
    sent.length = 0;
    // A part that only reads (a refusal found before any write) sends no savepoint at all.
    await store.unit((tx) => tx.transaction(() => tx.getMember(ann.id)));
    expect(sent.filter((s) => /SAVEPOINT/.test(s))).toEqual([]);
    sent.length = 0;
    await store.unit((tx) =>
      tx.transaction(async () => {
        await tx.getCard(ann.id, question.questionId);
        await answer(tx, ann, question);
      }),
    );
    const savepoints = sent.filter((s) => /SAVEPOINT/.test(s));
    expect(savepoints).toEqual(["SAVEPOINT part1"]);
    const at_ = (prefix: string) => sent.findIndex((s) => s.startsWith(prefix));
    expect(at_("SELECT * FROM cards")).toBeLessThan(at_("SAVEPOINT part1"));
    expect(at_("SAVEPOINT part1")).toBeLessThan(at_("INSERT INTO answers"));
    expect(sent.at(-1)).toBe("COMMIT");
  });

  it("after a part rolls back, the unit reads the member row as it was before the part", async () => {
    const { store } = await counted();
    const ws = await workspace(store);
    const ann = await member(store, ws, "ann");
    const question = await ask(store, ws, { channelId: "general", closesAt: at(600) });
    const seen = await store.unit(async (tx) => {
      await tx.getMember(ann.id);
      const part = tx.transaction(async () => {
        await answer(tx, ann, question, { points: 10 });
        // Read inside the part after its write: the unit keeps this row until it writes again.
        expect((await tx.getMember(ann.id))?.totalPoints).toBe(10);
        throw new Error("the part fails");
      });
      await expect(part).rejects.toThrow("the part fails");
      return tx.getMember(ann.id);
    });
    expect(seen?.totalPoints).toBe(0);
    expect((await store.getMember(ann.id))?.totalPoints).toBe(0);
  });
});

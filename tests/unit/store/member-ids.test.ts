import { describe, expect, it } from "vitest";
import { MemberIds } from "../../../src/store/member-ids.js";
import { migrate } from "../../../src/store/migrate.js";
import { openDatabase } from "../../../src/store/open.js";
import { SqliteStore } from "../../../src/store/sqlite-store.js";

describe("remembered member ids", () => {
  it("keeps ids by workspace and platform id, at most its limit, dropping the oldest", () => {
    const ids = new MemberIds(2);
    ids.remember(1, "u1", 10);
    ids.remember(2, "u1", 20); // another workspace's u1 is another member
    expect([ids.get(1, "u1"), ids.get(2, "u1")]).toEqual([10, 20]);
    ids.remember(1, "u2", 11);
    expect(ids.size).toBe(2);
    expect([ids.get(1, "u1"), ids.get(2, "u1"), ids.get(1, "u2")]).toEqual([undefined, 20, 11]);
    ids.forget(2, "u1");
    expect(ids.get(2, "u1")).toBeUndefined();
  });

  it("a member made by a unit that rolled back is made again, as a real row", async () => {
    const db = openDatabase(":memory:");
    migrate(db);
    const store = new SqliteStore(db, { groupCommit: false });
    const ws = await store.ensureWorkspace({ platform: "test", externalId: "w1" }, new Date(0));
    await store.ensureMember(ws, "u0", "Zed", new Date(0)); // takes id 1
    await expect(
      store.unit(async (tx) => {
        await tx.ensureMember(ws, "u1", "Una", new Date(0)); // id 2, then undone
        throw new Error("the request fails");
      }),
    ).rejects.toThrow("the request fails");
    // Someone else now gets id 2; Una, met again, must not be handed their row.
    const bo = await store.ensureMember(ws, "u2", "Bo", new Date(0));
    const una = await store.ensureMember(ws, "u1", "Una", new Date(0));
    expect(una.id).not.toBe(bo.id);
    expect(una).toMatchObject({ externalId: "u1", displayName: "Una" });
    expect((await store.ensureMember(ws, "u1", "Una", new Date(0))).id).toBe(una.id);
  });
});

import { afterEach, describe, expect, it } from "vitest";
import { loadLibrary } from "../../src/content/load.js";
import { encodeAction } from "../../src/core/actions.js";
import { ctx, type Harness, MINI_DECK, makeHarness } from "../helpers/bot.js";

/**
 * The burst a daily question meets: many members who never used the bot click one channel post
 * at the same moment. On PostgreSQL their units are concurrent SERIALIZABLE transactions that
 * all touch the same index pages (new members' keys sit side by side, one ask's answers too),
 * so PostgreSQL aborts many of them; every one must still be recorded once, and nobody may see
 * an error.
 */
const COUNT = 500;
const harnesses: Harness[] = [];
afterEach(async () => {
  for (const h of harnesses.splice(0)) await h.close();
});

describe.each(["sqlite", "postgres"] as const)("one channel post clicked at once (%s)", (kind) => {
  it("records every new member's answer once, and shows nobody an error", async () => {
    const h = await makeHarness({ store: kind });
    harnesses.push(h);
    const now = h.clock.now();
    const workspaceId = await h.store.ensureWorkspace(ctx("u0").workspace, now);
    const question = loadLibrary(MINI_DECK).questions[0]!;
    await h.store.createAsk({
      id: "hotpost",
      workspaceId,
      memberId: null,
      channelId: "C1",
      sessionId: null,
      questionId: question.id,
      optionOrder: question.options.map((_, i) => i),
      askedAt: now,
      closesAt: new Date(now.getTime() + 3_600_000),
      roundId: null,
    });
    await h.store.committed();
    const action = encodeAction({ type: "answer", askId: "hotpost", letters: "A" });
    const members = Array.from({ length: COUNT }, (_, i) => `new${i}`);
    const replies = await Promise.all(
      members.map((m) => h.bot.runAction(ctx(m, { channelId: "C1" }), action)),
    );
    await h.store.committed();
    const errors = replies.flat().filter((v) => v.tone === "error");
    expect(errors.map((v) => v.text)).toEqual([]);
    const count = async (sql: string) => Number((await h.column(sql))[0]);
    expect(await count("SELECT COUNT(*) FROM answers WHERE ask_id = 'hotpost'")).toBe(COUNT);
    expect(await count("SELECT SUM(answered) FROM members")).toBe(COUNT);
  });
});

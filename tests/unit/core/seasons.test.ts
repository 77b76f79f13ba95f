import { describe, expect, it } from "vitest";
import { previousSeason, seasonName, seasonOf } from "../../../src/core/seasons.js";
import {
  allText,
  asked,
  ctx,
  type Harness,
  makeHarness,
  rightLetters,
  STORE_KINDS,
} from "../../helpers/bot.js";
import { makeScheduler, RecordingPoster } from "../../helpers/scheduler.js";

describe("season arithmetic", () => {
  it("finds the season of a day, weekly, monthly and quarterly, with any start", () => {
    expect(seasonOf({ length: "monthly", start: 1 }, "2026-12-02")).toEqual({
      start: "2026-12-01",
      end: "2027-01-01",
    });
    expect(seasonOf({ length: "monthly", start: 15 }, "2026-12-02")).toEqual({
      start: "2026-11-15",
      end: "2026-12-15",
    });
    expect(seasonOf({ length: "quarterly", start: 1 }, "2026-12-02")).toEqual({
      start: "2026-10-01",
      end: "2027-01-01",
    });
    expect(seasonOf({ length: "quarterly", start: 10 }, "2026-01-05")).toEqual({
      start: "2025-10-10",
      end: "2026-01-10",
    });
    // 2 Dec 2026 is a Wednesday; weeks from Monday.
    expect(seasonOf({ length: "weekly", start: 1 }, "2026-12-02")).toEqual({
      start: "2026-11-30",
      end: "2026-12-07",
    });
    const m = { length: "monthly" as const, start: 1 };
    expect(previousSeason(m, seasonOf(m, "2026-01-20"))).toEqual({
      start: "2025-12-01",
      end: "2026-01-01",
    });
    expect(seasonName(m, seasonOf(m, "2026-12-02"))).toBe("Dec 2026");
  });
});

/** `who` scores one right answer now. */
async function scores(h: Harness, who: string) {
  const question = asked(await h.bot.runText(ctx(who), "quiz kms 1"));
  await h.bot.runText(ctx(who), rightLetters(h.bot, question));
}

describe.each(STORE_KINDS)("seasons (%s)", (kind) => {
  it("shows this season's standings with its end, closes it once, announces it, keeps a hall of fame", async () => {
    const h = await makeHarness({ store: kind, now: "2026-11-20T10:00:00Z" });
    const admin = ctx("boss", { isAdmin: true });
    await h.bot.runText(admin, "setup 09:00 UTC");
    await scores(h, "ann");
    await scores(h, "bob");
    h.clock.set("2026-11-21T10:00:00Z");
    await scores(h, "ann");
    const board = allText(await h.bot.runText(ctx("ann"), "leaderboard season"));
    expect(board).toContain("this season (Nov 2026, until 30 Nov 2026)");
    expect(board).toMatch(/🥇 ann: \d+ pts/);
    expect(allText(await h.bot.runText(ctx("ann"), "season"))).toContain(
      "runs 1 Nov 2026 to 30 Nov 2026",
    );
    expect(allText(await h.bot.runText(ctx("ann"), "hall"))).toContain("No season has ended");

    const { scheduler, poster } = makeScheduler(h);
    const other = makeScheduler(h, new RecordingPoster(), "other");
    const second = other.scheduler;
    h.clock.set("2026-12-01T00:05:00Z");
    await Promise.all([scheduler.tick(), second.tick()]);
    await scheduler.tick();
    // Once in all: either scheduler may be the one that claims and sends it.
    const announced = [...poster.posts, ...other.poster.posts].filter((p) =>
      p.view.title?.startsWith("🏆 Season over"),
    );
    expect(announced).toHaveLength(1);
    expect(announced[0]!.channel).toBe("general");
    expect(allText([announced[0]!.view])).toMatch(/🥇 \*\*ann\*\*[\s\S]*🥈 \*\*bob\*\*/);
    const fame = allText(await h.bot.runText(ctx("carl"), "hall"));
    expect(fame).toContain("Nov 2026");
    expect(fame).toMatch(/🥇 ann: \d+ pts/);
    // The new season starts from nothing; the all-time board still has everything.
    expect(allText(await h.bot.runText(ctx("ann"), "leaderboard season"))).toContain(
      "Nobody has points",
    );
    expect(allText(await h.bot.runText(ctx("ann"), "leaderboard all"))).toMatch(/ann: \d+ pts/);
    await scheduler.stop();
    await second.stop();
    await h.close();
  });

  it("lets an admin choose weekly or quarterly seasons and their start, from the answers stored", async () => {
    const h = await makeHarness({ store: kind, now: "2026-12-02T10:00:00Z" });
    await scores(h, "ann");
    expect(allText(await h.bot.runText(ctx("ann"), "season weekly mon"))).toContain(
      "Only workspace admins",
    );
    const admin = ctx("boss", { isAdmin: true });
    expect(allText(await h.bot.runText(admin, "season weekly mon"))).toContain(
      "Seasons are now weekly, from Monday",
    );
    expect(allText(await h.bot.runText(ctx("ann"), "leaderboard season"))).toMatch(
      /week of 30 Nov 2026, until 6 Dec 2026[\s\S]*ann: \d+ pts/,
    );
    await h.bot.runText(admin, "season quarterly 1");
    expect(allText(await h.bot.runText(ctx("ann"), "leaderboard season"))).toMatch(
      /until 31 Dec 2026[\s\S]*ann: \d+ pts/,
    );
    expect(allText(await h.bot.runText(admin, "season monthly 31"))).toContain("from 1 to 28");
    expect(allText(await h.bot.runText(admin, "season yearly"))).toContain(
      "weekly, monthly or quarterly",
    );
    await h.close();
  });
});

import { describe, expect, it } from "vitest";
import { LEAD_MS, MIN_GAP_MS, PAUSE_MS, STALE_MS } from "../../../src/core/live-rounds.js";
import type { Studybot } from "../../../src/core/studybot.js";
import type { View } from "../../../src/core/views.js";
import {
  allText,
  ctx,
  makeHarness,
  rightLetters,
  STORE_KINDS,
  wrongLetters,
} from "../../helpers/bot.js";
import { makeScheduler } from "../../helpers/scheduler.js";

/** Clicks `letters` on a posted question as `who` (a submit for Select TWO). */
function click(bot: Studybot, who: string, view: View, letters: string) {
  const prompt = view.question!;
  if (prompt.kind === "multi") return bot.runAction(ctx(who), prompt.submitActionId!, letters);
  const option = prompt.options.find((o) => o.letter === letters)!;
  return bot.runAction(ctx(who), option.actionId);
}

const SECONDS = 10;

describe.each(STORE_KINDS)("a live round (%s)", (kind) => {
  async function round(line = `live 3 ${SECONDS}`) {
    const h = await makeHarness({ store: kind });
    const { scheduler, poster } = makeScheduler(h);
    const started = await h.bot.runText(ctx("ann"), line);
    await scheduler.tick();
    return { h, scheduler, poster, started };
  }

  it("plays start to final standings: private answers, reveals, standings, summaries", async () => {
    const { h, scheduler, poster, started } = await round();
    try {
      expect(started[0]).toMatchObject({ ephemeral: true, tone: "success" });
      expect(allText(started)).toContain("3 questions");
      expect(poster.posts).toHaveLength(1);
      const start = poster.posts[0]!.view;
      expect(start.title).toContain("Live round");
      const join = start.buttons!.find((b) => b.label === "Join")!;
      await h.bot.runText(ctx("bob"), "team join Owls");
      await h.bot.runText(ctx("ann"), "team join Larks");
      expect(allText(await h.bot.runAction(ctx("bob"), join.actionId))).toContain("You're in");
      expect(allText(await h.bot.runAction(ctx("bob"), join.actionId))).toContain("already in");

      // Nothing before the lead is over.
      h.clock.advance(LEAD_MS - 1);
      await scheduler.tick();
      expect(poster.posts).toHaveLength(1);

      const picked: string[] = [];
      for (let n = 1; n <= 3; n++) {
        h.clock.advance(n === 1 ? 1 : PAUSE_MS);
        await scheduler.tick();
        const question = poster.posts.at(-1)!.view;
        expect(question.title).toContain(`Live ${n}/3`);
        expect(question.ephemeral).toBe(false);
        picked.push(question.question!.askId);
        // Ann is right after 1 s, Bob wrong after 4 s; both are acknowledged privately.
        h.clock.advance(1000);
        const ack = await click(h.bot, "ann", question, rightLetters(h.bot, question));
        expect(ack[0]).toMatchObject({ ephemeral: true });
        expect(allText(ack)).toMatch(/Locked in/);
        expect(allText(ack)).not.toMatch(/right|wrong|✅|❌/i);
        const again = await click(h.bot, "ann", question, rightLetters(h.bot, question));
        expect(allText(again)).toContain("already answered");
        h.clock.advance(3000);
        await click(h.bot, "bob", question, wrongLetters(h.bot, question));
        await scheduler.idle();
        // Everyone who joined answered: the reveal comes now, not at the deadline.
        await scheduler.tick();
        const reveal = poster.posts.at(-1)!.view;
        expect(reveal.title).toContain(`Answer ${n}/3`);
        const text = allText([reveal]);
        expect(text).toContain("How the channel answered (2)");
        expect(text).toContain("50% (1)");
        expect(text).toMatch(/🥇 ann \(1\.0 s\)/);
        expect(text).toContain("Standings");
      }
      expect(new Set(picked).size).toBe(3);

      // The end follows the last reveal after the gap.
      h.clock.advance(MIN_GAP_MS);
      await scheduler.tick();
      const end = poster.posts.at(-1)!.view;
      expect(end.title).toContain("Live round over");
      const final = allText([end]);
      expect(final).toMatch(/🥇 ann: \d+ pts/);
      expect(final).toMatch(/bob: 0 pts/);
      // Team standings, since players are in teams.
      expect(final).toMatch(/Teams[\s\S]*🥇 Larks: \d+ pts \(1 playing\)[\s\S]*🥈 Owls: 0 pts/);
      expect(poster.posts).toHaveLength(1 + 3 * 2 + 1);

      // Points: the sum of ann's answers, on the workspace leaderboard too.
      const points = (await h.column(
        "SELECT SUM(x.points) FROM answers x JOIN members m ON m.id = x.member_id WHERE m.display_name = 'ann'",
      )) as number[];
      expect(final).toContain(`ann: ${points[0]} pts`);
      expect(allText(await h.bot.runText(ctx("carl"), "leaderboard"))).toContain(
        `ann: ${points[0]} pts`,
      );
      // Every answer went into the player's schedule.
      expect(await h.column("SELECT COUNT(*) FROM cards")).toEqual([6]);

      const summaryButton = end.buttons!.find((b) => b.label === "My summary")!;
      const bob = allText(await h.bot.runAction(ctx("bob"), summaryButton.actionId));
      expect(bob).toContain("0 of 3 right");
      expect(bob).toContain("Missed:");
      expect(bob).toMatch(/Practise it: `quiz [a-z-]+`/);
      const ann = allText(await h.bot.runText(ctx("ann"), "live summary"));
      expect(ann).toContain("3 of 3 right");
      expect(ann).toContain("place 1 of 2");
      expect(allText(await h.bot.runText(ctx("dan"), "live summary"))).toContain("did not answer");
    } finally {
      await scheduler.stop();
      await h.close();
    }
  });

  it("scores right answers by difficulty plus a speed bonus falling to 0 at the deadline", async () => {
    const { h, scheduler, poster } = await round(`live 1 ${SECONDS}`);
    try {
      // Everyone joins, so the question stays open until its deadline (dan never gets in).
      for (const who of ["bob", "cat", "dan"]) await h.bot.runText(ctx(who), "live join");
      h.clock.advance(LEAD_MS);
      await scheduler.tick();
      const question = poster.posts.at(-1)!.view;
      await click(h.bot, "ann", question, rightLetters(h.bot, question)); // at 0 s: full bonus
      h.clock.advance(SECONDS * 500);
      await click(h.bot, "bob", question, rightLetters(h.bot, question)); // half-way
      h.clock.advance(SECONDS * 500 - 1);
      const cat = await click(h.bot, "cat", question, rightLetters(h.bot, question)); // at the wire
      expect(allText(cat)).toContain("Locked in");
      h.clock.advance(1);
      expect(allText(await click(h.bot, "dan", question, rightLetters(h.bot, question)))).toContain(
        "Time is up",
      );
      const rows = (await h.column(
        "SELECT x.points FROM answers x JOIN members m ON m.id = x.member_id ORDER BY x.answered_at",
      )) as number[];
      // The first right answer of the day also carries the streak bonus (2 for day one).
      const base = rows[2]! - 2;
      expect([10, 15, 20]).toContain(base);
      expect(rows).toEqual([
        base + 2 + Math.round(base / 2),
        base + 2 + Math.round(base / 4),
        base + 2,
      ]);
    } finally {
      await scheduler.stop();
      await h.close();
    }
  });
});

describe("live rounds, rules and limits", () => {
  it("one round per channel; stopping is for its starter or an admin", async () => {
    const h = await makeHarness();
    const { scheduler, poster } = makeScheduler(h);
    await h.bot.runText(ctx("ann"), "live 2 10");
    expect(allText(await h.bot.runText(ctx("bob"), "live"))).toContain("already running");
    expect(allText(await h.bot.runText(ctx("bob"), "live stop"))).toContain("Only whoever started");
    expect(allText(await h.bot.runText(ctx("boss", { isAdmin: true }), "live stop"))).toContain(
      "Stopped",
    );
    await scheduler.tick();
    h.clock.advance(MIN_GAP_MS);
    await scheduler.tick();
    expect(poster.posts.map((p) => p.view.title)).toEqual([
      expect.stringContaining("Live round: the whole deck"),
      expect.stringContaining("Live round over"),
    ]);
    expect(allText([poster.posts[1]!.view])).toContain("Stopped early");
    // Another round can start now.
    expect((await h.bot.runText(ctx("bob"), "live kms 2"))[0]!.tone).toBe("success");
    await scheduler.stop();
    await h.close();
  });

  it("chooses as the daily question does: across topics, and nothing the channel saw lately", async () => {
    const h = await makeHarness();
    const { scheduler } = makeScheduler(h);
    const admin = ctx("boss", { isAdmin: true });
    await h.bot.runText(admin, "live 3 10");
    const [first] = (await h.column("SELECT question_ids FROM live_rounds")) as string[];
    const firstIds = JSON.parse(first!) as string[];
    const topicOf = (id: string) => h.bot.library.questions.find((q) => q.id === id)!.topic;
    // The mini deck has three topics: three questions, one from each.
    expect(new Set(firstIds.map(topicOf)).size).toBe(3);
    // Its questions are asked (the channel sees them); the next round takes the others.
    await scheduler.tick();
    for (let n = 0; n < 3; n++) {
      h.clock.advance(n === 0 ? LEAD_MS : PAUSE_MS);
      await scheduler.tick();
      h.clock.advance(SECONDS * 1000);
      await scheduler.tick();
    }
    h.clock.advance(MIN_GAP_MS);
    await scheduler.tick();
    await h.bot.runText(admin, "live 2 10");
    const second = (await h.column(
      "SELECT question_ids FROM live_rounds ORDER BY created_at DESC LIMIT 1",
    )) as string[];
    const secondIds = JSON.parse(second[0]!) as string[];
    expect(secondIds).toHaveLength(2);
    expect(secondIds.filter((id) => firstIds.includes(id))).toEqual([]);
    await scheduler.stop();
    await h.close();
  });

  it("an admin can let only admins start rounds", async () => {
    const h = await makeHarness();
    expect(allText(await h.bot.runText(ctx("ann"), "live starters admins"))).toContain(
      "Only workspace admins",
    );
    await h.bot.runText(ctx("boss", { isAdmin: true }), "live starters admins");
    expect(allText(await h.bot.runText(ctx("ann"), "live"))).toContain(
      "only admins can start a live round",
    );
    expect((await h.bot.runText(ctx("boss", { isAdmin: true }), "live"))[0]!.tone).toBe("success");
    await h.bot.runText(ctx("boss", { isAdmin: true }), "live starters everyone");
    await h.bot.runText(ctx("boss", { isAdmin: true }), "live stop");
    expect((await h.bot.runText(ctx("ann"), "live"))[0]!.tone).toBe("success");
    await h.close();
  });

  it("refuses bad sizes, a direct message, and a topic that does not exist, kindly", async () => {
    const h = await makeHarness();
    expect(allText(await h.bot.runText(ctx("ann"), "live 50"))).toContain("1 to 20 questions");
    expect(allText(await h.bot.runText(ctx("ann"), "live 5 5"))).toContain("10 to 60 seconds");
    expect(allText(await h.bot.runText(ctx("ann"), "live kms 5 90s"))).toContain(
      "10 to 60 seconds",
    );
    expect(allText(await h.bot.runText(ctx("ann", { channelId: null }), "live"))).toContain(
      "played in a channel",
    );
    expect(allText(await h.bot.runText(ctx("ann"), "live frobnicate"))).toContain(
      "couldn't find a topic",
    );
    expect(allText(await h.bot.runText(ctx("ann"), "live stop"))).toContain(
      "No live round is running",
    );
    await h.close();
  });

  it("typed letters answer the live question; `daily` never does", async () => {
    const h = await makeHarness();
    const { scheduler, poster } = makeScheduler(h);
    await h.bot.runText(ctx("ann"), "live 1 10");
    await scheduler.tick();
    h.clock.advance(LEAD_MS);
    await scheduler.tick();
    const question = poster.posts.at(-1)!.view;
    expect(allText(await h.bot.runText(ctx("bob"), "daily A"))).toContain(
      "no open question of the day",
    );
    const letters = rightLetters(h.bot, question);
    expect(allText(await h.bot.runText(ctx("bob"), letters))).toContain("Locked in");
    expect(await h.column("SELECT COUNT(*) FROM answers")).toEqual([1]);
    await scheduler.stop();
    await h.close();
  });

  it("a round resumed too late ends with the standings so far", async () => {
    const h = await makeHarness();
    const { scheduler, poster } = makeScheduler(h);
    await h.bot.runText(ctx("ann"), "live 3 10");
    await scheduler.tick();
    h.clock.advance(LEAD_MS);
    await scheduler.tick();
    const question = poster.posts.at(-1)!.view;
    await click(h.bot, "ann", question, rightLetters(h.bot, question));
    h.clock.advance(SECONDS * 1000 + STALE_MS + 1);
    await scheduler.tick();
    const end = poster.posts.at(-1)!.view;
    expect(end.title).toContain("Live round over");
    expect(allText([end])).toContain("away too long");
    expect(allText([end])).toMatch(/🥇 ann: \d+ pts/);
    expect(poster.posts).toHaveLength(3);
    await scheduler.stop();
    await h.close();
  });
});

import { describe, expect, it } from "vitest";
import { encodeAction } from "../../../src/core/actions.js";
import { stripMarkers } from "../../../src/core/user-text.js";
import type { View } from "../../../src/core/views.js";
import {
  asked,
  ctx,
  makeBot,
  allText as marked,
  rightLetters,
  wrongLetters,
} from "../../helpers/bot.js";

/** What the views say, read without the markers around user text (src/core/user-text.ts). */
const allText = (views: View[]) => stripMarkers(marked(views));

import { makeScheduler } from "../../helpers/scheduler.js";

const alice = ctx("alice");
const bob = ctx("bob");

/** Starts a one-question quiz on a topic and returns the question view. */
async function ask(bot: ReturnType<typeof makeBot>["bot"], who = alice, topic = "kms") {
  return asked(await bot.runText(who, `quiz ${topic} 1`));
}

describe("answering", () => {
  it("scores a right answer by difficulty and schedules the card further out than a wrong one", async () => {
    const { bot, store, clock } = makeBot();
    const q = await ask(bot, alice); // kms-01, easy
    const feedback = await bot.runText(alice, rightLetters(bot, q));
    expect(feedback[0]!.title).toContain("Right");
    const aliceMember = (await store.findMember(1, "id-alice"))!;
    // 10 for an easy question, plus a 2-point streak bonus on day one.
    expect(aliceMember.totalPoints).toBe(12);
    expect(aliceMember.answered).toBe(1);

    const qb = await ask(bot, bob);
    const wrong = await bot.runText(bob, wrongLetters(bot, qb));
    expect(wrong[0]!.title).toContain("Not quite");
    expect(allText(wrong)).toContain("No points");
    const bobMember = (await store.findMember(1, "id-bob"))!;
    expect(bobMember.totalPoints).toBe(0);

    const good = (await store.getCard(aliceMember.id, "kms-01"))!;
    const again = (await store.getCard(bobMember.id, "kms-01"))!;
    expect(good.reps).toBe(1);
    expect(again.reps).toBe(1);
    expect(again.lapses).toBe(0);
    expect(good.due.getTime()).toBeGreaterThan(again.due.getTime());
    expect(good.due.getTime()).toBeGreaterThan(clock.now().getTime());
    expect(good.stability).toBeGreaterThan(again.stability);
  });

  it("counts a double answer once, whether clicked or typed", async () => {
    const { bot, store } = makeBot();
    const q = await ask(bot);
    const letter = rightLetters(bot, q);
    const click = q.question!.options.find((o) => o.letter === letter)!.actionId;
    await bot.runAction(alice, click);
    const again = await bot.runAction(alice, click);
    expect(again[0]!.tone).toBe("error");
    expect(again[0]!.text).toContain("already answered");
    const typed = await bot.runText(alice, letter);
    expect(typed[0]!.text).toContain("no open question");
    const member = (await store.findMember(1, "id-alice"))!;
    expect(member.answered).toBe(1);
    expect(member.totalPoints).toBe(12);
  });

  it("marks a Select TWO answer right only with exactly the right pair", async () => {
    const { bot, store } = makeBot();
    const start = await bot.runText(bob, "quiz shield 3");
    let view = asked(start);
    let sawMulti = false;
    for (let i = 0; i < 3; i++) {
      if (view.question!.kind === "multi") {
        sawMulti = true;
        const tooFew = await bot.runText(bob, rightLetters(bot, view).split(" ")[0]!);
        expect(tooFew[0]!.text).toContain("Pick exactly 2");
        const submit = view.question!.submitActionId!;
        const result = await bot.runAction(bob, submit, rightLetters(bot, view).replace(" ", ""));
        expect(result[0]!.title).toContain("Right");
        view = result[1]!;
      } else {
        const result = await bot.runText(bob, rightLetters(bot, view));
        view = result[1]!;
      }
      if (!view.question) break;
    }
    expect(sawMulti).toBe(true);
    expect(allText([view])).toContain("3 of 3 right");
    expect((await store.findMember(1, "id-bob"))!.correct).toBe(3);
  });

  it("refuses a click on another member's question, an expired one and a forged id", async () => {
    const { bot, clock } = makeBot();
    const q = await ask(bot, alice);
    const click = q.question!.options[0]!.actionId;
    expect((await bot.runAction(bob, click))[0]!.text).toContain("belongs to someone else");
    expect((await bot.runAction(alice, "v1:a:doesnotexist:A"))[0]!.text).toContain(
      "no longer available",
    );
    expect((await bot.runAction(alice, "v9:zz:<script>"))[0]!.text).toContain("no longer valid");
    expect((await bot.runAction(alice, "x".repeat(500)))[0]!.text).toContain("no longer valid");
    expect(
      (
        await bot.runAction(
          alice,
          `${encodeAction({ type: "answer", askId: "abc", letters: "A" })}:extra`,
        )
      )[0]!.tone,
    ).toBe("error");
    clock.advanceDays(2);
    expect((await bot.runAction(alice, click))[0]!.text).toContain("closed");
  });

  it("scores a question once a day, and adds the streak bonus on consecutive days", async () => {
    const { bot, store, clock } = makeBot();
    await bot.runText(alice, rightLetters(bot, await ask(bot)));
    expect((await store.findMember(1, "id-alice"))!.totalPoints).toBe(12);
    const repeat = await bot.runText(alice, rightLetters(bot, await ask(bot)));
    expect(allText(repeat)).toContain("already scored for you today");
    expect((await store.findMember(1, "id-alice"))!.totalPoints).toBe(12);

    clock.advanceDays(1);
    await bot.runText(alice, rightLetters(bot, await ask(bot)));
    const member = (await store.findMember(1, "id-alice"))!;
    expect(member.streak).toBe(2);
    expect(member.totalPoints).toBe(12 + 10 + 4);

    clock.advanceDays(3); // a gap breaks the streak
    await bot.runText(alice, rightLetters(bot, await ask(bot)));
    expect((await store.findMember(1, "id-alice"))!.streak).toBe(1);
  });
});

describe("review", () => {
  it("brings back a missed question first once it is due, then new ones", async () => {
    const { bot, clock } = makeBot();
    await bot.runText(alice, wrongLetters(bot, await ask(bot, alice, "waf")));
    clock.advanceDays(3);
    const views = await bot.runText(alice, "review 3");
    expect(views[0]!.title).toContain("1 due");
    expect(asked(views).text).toContain("SQL injection");
  });

  it("says when nothing is left", async () => {
    const { bot } = makeBot();
    for (let i = 0; i < 50; i++) {
      const views = await bot.runText(alice, "review new 1");
      const q = views.find((v) => v.question);
      if (!q) break;
      await bot.runText(alice, rightLetters(bot, q));
    }
    expect((await bot.runText(alice, "review"))[0]!.title).toBe("Nothing to review");
  });
});

describe("leaderboards", () => {
  it("counts points in the week, month and all-time windows", async () => {
    const { bot, clock } = makeBot({ now: "2026-10-01T10:00:00Z" });
    await bot.runText(bob, rightLetters(bot, await ask(bot, bob))); // 40+ days before the final day
    clock.set("2026-11-18T10:00:00Z");
    await bot.runText(alice, rightLetters(bot, await ask(bot, alice))); // 10 days before
    clock.set("2026-11-28T10:00:00Z");
    const carol = ctx("carol");
    await bot.runText(carol, rightLetters(bot, await ask(bot, carol))); // today

    const week = allText(await bot.runText(carol, "leaderboard week"));
    expect(week).toContain("carol");
    expect(week).not.toContain("alice");
    const month = allText(await bot.runText(carol, "leaderboard month"));
    expect(month).toContain("alice");
    expect(month).not.toContain("bob");
    expect(allText(await bot.runText(carol, "leaderboard all"))).toContain("bob");
  });

  it("shows the asker's own rank when outside the top 10", async () => {
    const { bot } = makeBot();
    for (let i = 0; i < 12; i++) {
      const who = ctx(`m${i}`);
      await bot.runText(who, rightLetters(bot, await ask(bot, who, "waf"))); // 15 + 2
    }
    const last = ctx("zed");
    await bot.runText(last, rightLetters(bot, await ask(bot, last, "kms"))); // 10 + 2
    const text = allText(await bot.runText(last, "leaderboard"));
    expect(text.split("\n").filter((l) => l.includes("pts")).length).toBe(11);
    expect(text).toContain("#13 zed: 12 pts (you)");
  });

  it("ranks teams by their members' points", async () => {
    const { bot } = makeBot();
    await bot.runText(alice, "team join Blue Falcons");
    await bot.runText(bob, "team join  blue   FALCONS");
    await bot.runText(ctx("carol"), "team join Red");
    await bot.runText(alice, rightLetters(bot, await ask(bot, alice)));
    await bot.runText(bob, rightLetters(bot, await ask(bot, bob)));
    const text = allText(await bot.runText(alice, "leaderboard teams"));
    expect(text).toMatch(/Blue Falcons \(2 members\): 24 pts/);
    expect(allText(await bot.runText(alice, "team list"))).toContain("**Red**: 1 member");
    await bot.runText(ctx("carol"), "team leave");
    expect(allText(await bot.runText(alice, "team list"))).not.toContain("Red");
    expect(allText(await bot.runText(alice, "team join Blue Falcons"))).toContain("already in");
  });
});

describe("workspaces", () => {
  it("never shows one workspace's members, teams or questions in another", async () => {
    const { bot } = makeBot();
    const other = (name: string) =>
      ctx(name, { workspace: { platform: "test", externalId: "w2" } });
    const q = await ask(bot, alice);
    await bot.runText(alice, rightLetters(bot, q));
    await bot.runText(alice, "team join Secret Squad");

    const mallory = other("mallory");
    expect(allText(await bot.runText(mallory, "leaderboard all"))).not.toContain("alice");
    expect(allText(await bot.runText(mallory, "leaderboard all teams"))).not.toContain("Secret");
    expect(allText(await bot.runText(mallory, "team list"))).toContain("No teams yet");
    expect((await bot.runText(mallory, "stats alice"))[0]!.text).toContain("no stats");
    expect((await bot.runText(mallory, "stats id-alice"))[0]!.text).toContain("no stats");
    // A button id copied from the other workspace is treated as unknown.
    expect((await bot.runAction(mallory, q.question!.options[0]!.actionId))[0]!.text).toContain(
      "no longer available",
    );
    // The same platform user id in another workspace is a different member.
    const aliceElsewhere = other("alice");
    expect(allText(await bot.runText(aliceElsewhere, "stats"))).toMatch(/Points\n0/);
  });
});

describe("stats", () => {
  it("shows answers, accuracy, streak, due cards and mastery per area", async () => {
    const { bot } = makeBot();
    await bot.runText(alice, rightLetters(bot, await ask(bot, alice, "kms")));
    await bot.runText(alice, wrongLetters(bot, await ask(bot, alice, "waf")));
    const text = allText(await bot.runText(alice, "stats"));
    expect(text).toMatch(/Answered\n2/);
    expect(text).toMatch(/Accuracy\n50%/);
    expect(text).toMatch(/Streak\n1 day/);
    expect(text).toMatch(/100% \*\*Data protection\*\* \(1\/1 seen\)/);
    expect(text).toMatch(/\d+% \*\*Network protection\*\* \(1\/4 seen\)/);
    expect(allText(await bot.runText(bob, "stats @alice"))).toContain("Stats: alice");
    // A platform id (adapters turn their mentions into ids before the core sees them).
    expect(allText(await bot.runText(bob, "stats id-alice"))).toContain("Stats: alice");
  });
});

describe("the daily quiz settings", () => {
  const admin = ctx("admin", { isAdmin: true });

  it("is for admins only", async () => {
    const { bot } = makeBot();
    for (const command of ["setup 09:00 UTC", "pause", "resume", "post-now", "status"]) {
      expect((await bot.runText(alice, command))[0]!.text).toContain("Only workspace admins");
    }
  });

  it("validates, stores and reports a schedule in the channel's time zone", async () => {
    const { bot, store } = makeBot({ now: "2026-11-28T10:00:00Z" }); // a Saturday
    expect((await bot.runText(admin, "setup 25:00 UTC"))[0]!.text).toContain("not a time of day");
    expect((await bot.runText(admin, "setup 9am UTC"))[0]!.text).toContain("not a time of day");
    expect((await bot.runText(admin, "setup 09:00 Mars/Olympus"))[0]!.text).toContain(
      "not a time zone",
    );
    expect((await bot.runText(admin, "setup 09:00 UTC nosuchtopic"))[0]!.text).toContain(
      "Unknown topic",
    );
    expect((await bot.runText(admin, "status"))[0]!.text).toContain("no daily question");

    const done = allText(await bot.runText(admin, "setup 9:30 europe/berlin weekdays shield,data"));
    expect(done).toContain("09:30 Europe/Berlin");
    expect(done).toContain("Mon 30 Nov, 09:30 (Europe/Berlin)");
    const schedule = (await store.getSchedule(1, "general"))!;
    expect(schedule.days).toEqual([1, 2, 3, 4, 5]);
    expect(schedule.topics).toEqual(["shield", "data"]);
    expect(schedule.nextRunAt!.toISOString()).toBe("2026-11-30T08:30:00.000Z");

    expect(allText(await bot.runText(admin, "pause"))).toContain("paused");
    expect(allText(await bot.runText(admin, "status"))).toContain("paused by admin");
    expect((await bot.runText(admin, "pause"))[0]!.text).toContain("already paused");
    expect(allText(await bot.runText(admin, "resume"))).toContain("Mon 30 Nov, 09:30");
    expect((await bot.runText(admin, "setup 09:00 UTC"))[0]!.tone).toBe("success");
    expect(
      (await bot.runText({ ...admin, channelId: null }, "setup 09:00 UTC"))[0]!.text,
    ).toContain("in the channel");
  });

  it("post-now queues a channel question that every member answers once", async () => {
    const harness = makeBot();
    const { bot, store } = harness;
    const { scheduler, poster } = makeScheduler(harness);
    expect((await bot.runText(admin, "post-now"))[0]!.text).toContain("on its way");
    await scheduler.tick();
    const post = poster.posts[0]!.view;
    expect(post.ephemeral).toBe(false);
    // Typed letters answer only a private question on screen; the channel's is `daily <letters>`.
    expect((await bot.runText(alice, rightLetters(bot, post)))[0]!.text).toContain(
      "no open question",
    );
    expect((await bot.runText(alice, `daily ${rightLetters(bot, post)}`))[0]!.title).toContain(
      "Right",
    );
    expect((await bot.runText(bob, `daily ${wrongLetters(bot, post)}`))[0]!.title).toContain(
      "Not quite",
    );
    expect((await bot.runAction(bob, post.question!.options[0]!.actionId))[0]!.text).toContain(
      "already answered",
    );
    expect((await store.findMember(1, "id-alice"))!.answered).toBe(1);
    // Another channel does not see this channel's question.
    expect((await bot.runText({ ...alice, channelId: "random" }, "daily A"))[0]!.text).toContain(
      "no open question of the day here",
    );
  });
});

describe("bad input", () => {
  it("answers everything with a clear message and never throws", async () => {
    const { bot } = makeBot();
    const cases: [string, string][] = [
      ["", "Studybot help"],
      ["   ", "Studybot help"],
      ["frobnicate", "don't know the command"],
      [`lookup ${"x".repeat(10_000)}`, "too long"],
      [`quiz ${"y".repeat(10_000)}`, "too long"],
      [`team join ${"z".repeat(300)}`, "at most 32"],
      ["quiz nosuchthingatall", "couldn't find a topic"],
      ["quiz shield 0", "a whole number from 1 to 20"],
      ["quiz shield 999", "a whole number from 1 to 20"],
      ["leaderboard yesterday", "can't read"],
      ["team join <@evil>", "letters, digits"],
      ["team dance", "team join <name>"],
      ["A", "no open question"],
      ["stats nobody", "no stats"],
      ["topics nosucharea", "no area"],
      ["lookup zzqqxx", "closest topics"],
    ];
    for (const [input, expected] of cases) {
      const views = await bot.runText(alice, input);
      expect(views.length, input).toBeGreaterThan(0);
      expect(allText(views), input.slice(0, 40)).toContain(expected);
    }
  });

  it("shows an unexpected failure as a reference id, not a stack trace", async () => {
    const { bot, db } = makeBot();
    db.close(); // every store call now throws
    const views = await bot.runText(alice, "stats");
    expect(views[0]!.text).toMatch(/went wrong on our side \(reference [A-Z0-9]{8}\)/);
    expect(allText(views)).not.toMatch(/\n\s+at /);
  });
});

describe("lookup", () => {
  it("finds topics by alias and typo, and offers a quiz", async () => {
    const { bot } = makeBot();
    const card = (await bot.runText(alice, "lookup ddos"))[0]!;
    expect(card.title).toBe("AWS Shield");
    expect(card.buttons?.[0]?.command).toBe("quiz shield");
    expect((await bot.runText(alice, "lookup sheild"))[0]!.title).toBe("AWS Shield");
    expect((await bot.autocompleteTopics("w")).map((s) => s.value)).toContain("waf");
    expect((await bot.autocompleteTopics("")).length).toBeLessThanOrEqual(25);
  });
});

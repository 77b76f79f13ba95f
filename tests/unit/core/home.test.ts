import { describe, expect, it } from "vitest";
import { decodeAction } from "../../../src/core/actions.js";
import { allText, asked, ctx, makeBot, rightLetters } from "../../helpers/bot.js";

const alice = ctx("alice");
const admin = ctx("admin", { isAdmin: true });

describe("the home screen", () => {
  it("shows a new member where to start, and no admin part", async () => {
    const { bot } = makeBot();
    const views = await bot.home(alice);
    expect(views).toHaveLength(1);
    const text = allText(views);
    expect(text).toContain("Your study, alice");
    expect(text).toContain("no points yet · none this week yet");
    expect(views[0]!.buttons?.map((b) => [b.label, decodeAction(b.actionId)])).toEqual([
      ["Learn something new", { type: "control", control: "review-new" }],
    ]);
  });

  it("shows rank, progress and a review button with what is due once the member has answered", async () => {
    const { bot, clock } = makeBot();
    const question = asked(await bot.runText(alice, "quiz 1"));
    await bot.runText(alice, rightLetters(bot, question));
    clock.advanceDays(10); // the card comes due
    const views = await bot.home(alice);
    const text = allText(views);
    expect(text).toMatch(/#1 all time/);
    expect(text).toContain("Readiness");
    const review = views[0]!.buttons![0]!;
    expect(review.label).toBe("Review now (1 due)");
    // The button does what `review` does.
    const started = await bot.runAction(alice, review.actionId);
    expect(started.some((v) => v.question)).toBe(true);
  });

  it("lists the workspace's daily-question channels for admins, paused ones with why", async () => {
    const { bot } = makeBot();
    await bot.runText({ ...admin, channelId: "general" }, "setup 09:00 UTC");
    await bot.runText({ ...admin, channelId: "random" }, "setup 18:30 Europe/Berlin");
    await bot.runText({ ...admin, channelId: "random" }, "pause");
    const views = await bot.home({ ...admin, formatChannel: (id) => `<#${id}>` });
    expect(views).toHaveLength(2);
    const channels = allText([views[1]!]);
    expect(channels).toContain("Daily question channels");
    expect(channels).toMatch(/<#general>: 09:00 UTC · next /);
    expect(channels).toMatch(/<#random>: 18:30 Europe\/Berlin · paused/);
    expect(allText(await bot.home(alice))).not.toContain("Daily question channels");
  });

  it("leaves the admin part out when the admin check cannot tell", async () => {
    const { bot } = makeBot();
    const views = await bot.home(
      ctx("bob", {
        isAdmin: async () => {
          throw new Error("Slack did not answer");
        },
      }),
    );
    expect(views).toHaveLength(1);
    expect(views[0]!.tone).not.toBe("error");
  });
});

import { describe, expect, it } from "vitest";
import { decodeAction } from "../../../src/core/actions.js";
import { allText, asked, ctx, makeBot, rightLetters } from "../../helpers/bot.js";

const alice = ctx("alice");
const bob = ctx("bob");
const admin = ctx("admin", { isAdmin: true });

/** Alice answers one question; the feedback view, and the button that reports it. */
async function answered(bot: ReturnType<typeof makeBot>["bot"]) {
  const question = asked(await bot.runText(alice, "quiz 1"));
  const [feedback] = await bot.runText(alice, rightLetters(bot, question));
  const button = feedback!.buttons!.find((b) => b.label === "Report a problem")!;
  return { question, feedback: feedback!, button };
}

describe("reporting a question", () => {
  it("puts a Report button under every answer's feedback, naming that ask", async () => {
    const { bot } = makeBot();
    const { question, button } = await answered(bot);
    expect(decodeAction(button.actionId)).toEqual({
      type: "report",
      askId: question.question!.askId,
    });
  });

  it("records a report from the button or typed, once, and the admins see it with the shown key", async () => {
    const { bot, db } = makeBot();
    const { question, button } = await answered(bot);
    const thanks = allText(await bot.runAction(alice, button.actionId));
    expect(thanks).toContain("your report on question");
    expect(thanks).toContain("went to this workspace's admins");
    // Typed, with a reason: the same ask (the last one answered here), so it is a repeat.
    expect(allText(await bot.runText(alice, "report the key is wrong"))).toContain(
      "already reported this question",
    );
    const rows = db.prepare("SELECT ask_id, reason FROM question_reports").all();
    expect(rows).toEqual([{ ask_id: question.question!.askId, reason: null }]);
    const list = allText(await bot.runText(admin, "reports"));
    expect(list).toMatch(/\*\*#1\*\* `[a-z0-9-]+` .* \(shown key [A-H]+\) · alice/);
    expect(list).toContain(rightLetters(bot, question).replace(/ /g, ""));
  });

  it("takes a typed reason, and says what to do when there is nothing to report", async () => {
    const { bot } = makeBot();
    expect(allText(await bot.runText(alice, "report"))).toContain(
      "There is no question you answered here to report yet.",
    );
    await answered(bot);
    await bot.runText(alice, "report option C is also right");
    expect(allText(await bot.runText(admin, "reports"))).toContain("“option C is also right”");
  });

  it("lets no one report another member's private question, or see or close reports without admin rights", async () => {
    const { bot } = makeBot();
    const { button } = await answered(bot);
    expect(allText(await bot.runAction(bob, button.actionId))).toContain(
      "You can only report questions you were asked.",
    );
    await bot.runAction(alice, button.actionId);
    expect(allText(await bot.runText(alice, "reports"))).toContain("Only workspace admins");
    expect(allText(await bot.runText(alice, "reports close 1"))).toContain("Only workspace admins");
    expect(allText(await bot.runText(admin, "reports close 1"))).toContain("Report #1 is closed.");
    expect(allText(await bot.runText(admin, "reports"))).toContain("No open reports.");
    expect(allText(await bot.runText(admin, "reports close 1"))).toContain(
      "There is no open report #1",
    );
    expect(allText(await bot.runText(admin, "reports close x"))).toContain(
      "That is not a reports command.",
    );
  });

  it("keeps workspaces apart: another workspace's admins neither see nor close the report", async () => {
    const { bot } = makeBot();
    const { button } = await answered(bot);
    await bot.runAction(alice, button.actionId);
    const otherAdmin = ctx("admin2", {
      isAdmin: true,
      workspace: { platform: "test", externalId: "w2" },
    });
    expect(allText(await bot.runText(otherAdmin, "reports"))).toContain("No open reports.");
    expect(allText(await bot.runText(otherAdmin, "reports close 1"))).toContain(
      "There is no open report #1",
    );
    expect(allText(await bot.runText(admin, "reports"))).toContain("#1");
  });
});

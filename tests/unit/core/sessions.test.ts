import { describe, expect, it } from "vitest";
import { decodeAction } from "../../../src/core/actions.js";
import type { View } from "../../../src/core/views.js";
import { allText, asked, ctx, makeBot, rightLetters, wrongLetters } from "../../helpers/bot.js";
import { makeScheduler } from "../../helpers/scheduler.js";

const REAL_DECK = "content";
const alice = ctx("alice");

/** How many answers and cards the member has for these questions. */
async function recorded(harness: ReturnType<typeof makeBot>, who: string, questionIds: string[]) {
  const member = (await harness.store.findMember(1, `id-${who}`))!;
  const answers = harness.db
    .prepare(
      "SELECT COUNT(*) FROM answers WHERE member_id = ? AND question_id IN (SELECT value FROM json_each(?))",
    )
    .pluck()
    .get(member.id, JSON.stringify(questionIds)) as number;
  let cards = 0;
  for (const id of questionIds) if ((await harness.store.getCard(member.id, id)) !== null) cards++;
  return { answers, cards };
}

const questionOf = async (harness: ReturnType<typeof makeBot>, view: View) =>
  (await harness.store.getAsk(view.question!.askId))!.questionId;

describe("one question on screen per member and conversation", () => {
  it("a stray letter never answers the question of an abandoned quiz (the issue's reproduction)", async () => {
    const harness = makeBot({ contentDir: REAL_DECK });
    const { bot } = harness;
    const kms = asked(await bot.runText(alice, "quiz kms 3"));
    const kmsQuestion = await questionOf(harness, kms);
    const shieldStart = await bot.runText(alice, "quiz shield 1");
    expect(allText(shieldStart)).toMatch(/Your [^\n]*KMS[^\n]* quiz \(3 of 3 left\) was closed\./);
    const shield = asked(shieldStart);
    const first = await bot.runText(alice, "A");
    expect(first[0]!.title).toMatch(/Right|Not quite/);
    expect(allText(first)).toContain("quiz finished");
    expect(await questionOf(harness, shield)).not.toBe(kmsQuestion);

    const stray = await bot.runText(alice, "A");
    expect(stray[0]!.tone).toBe("error");
    expect(stray[0]!.text).toContain("no open question");
    expect(await recorded(harness, "alice", [kmsQuestion])).toEqual({ answers: 0, cards: 0 });
    // A click on the closed quiz's question is refused too.
    const click = kms.question!.options[0]!.actionId;
    expect((await bot.runAction(alice, click))[0]!.text).toContain("been closed");
    expect(await recorded(harness, "alice", [kmsQuestion])).toEqual({ answers: 0, cards: 0 });
  });

  it("after a restart of the console, a letter does not answer the question shown before", async () => {
    const harness = makeBot();
    const before = { ...alice, screen: "run-1" };
    const after = { ...alice, screen: "run-2" };
    const q = asked(await harness.bot.runText(before, "quiz shield 1"));
    const stray = await harness.bot.runText(after, rightLetters(harness.bot, q));
    expect(stray[0]!.text).toContain("not on this screen");
    expect(allText(stray)).toContain("repeat");
    expect((await recorded(harness, "alice", [await questionOf(harness, q)])).answers).toBe(0);
    // `repeat` shows it on this screen; then the letter answers it.
    const again = asked(await harness.bot.runText(after, "repeat"));
    expect(again.question!.askId).toBe(q.question!.askId);
    expect(
      (await harness.bot.runText(after, rightLetters(harness.bot, again)))[0]!.title,
    ).toContain("Right");
  });

  it("a channel post that arrives mid-quiz does not take the member's next letter", async () => {
    const harness = makeBot();
    const admin = ctx("admin", { isAdmin: true });
    const { scheduler, poster } = makeScheduler(harness);
    const q = asked(await harness.bot.runText(alice, "quiz kms 1"));
    await harness.bot.runText(admin, "post-now");
    await scheduler.tick();
    const post = poster.questions()[0]!.view;
    const views = await harness.bot.runText(alice, rightLetters(harness.bot, q));
    expect(views[0]!.title).toContain("Right");
    expect(
      await harness.store.hasAnswered(
        post.question!.askId,
        (await harness.store.findMember(1, "id-alice"))!.id,
      ),
    ).toBe(false);
    // The channel's question is answered with its buttons, or explicitly with `daily`.
    const daily = await harness.bot.runText(alice, `daily ${rightLetters(harness.bot, post)}`);
    expect(daily[0]!.title).toContain("Right");
  });
});

describe("session controls", () => {
  it("skip scores nothing, rates nothing, and brings the question back at the end", async () => {
    const harness = makeBot();
    const first = asked(await harness.bot.runText(alice, "quiz shield 3"));
    const skippedId = await questionOf(harness, first);
    const afterSkip = await harness.bot.runText(alice, "skip");
    expect(allText(afterSkip)).toContain("comes back at the end");
    const second = asked(afterSkip);
    expect(await questionOf(harness, second)).not.toBe(skippedId);
    expect(await recorded(harness, "alice", [skippedId])).toEqual({ answers: 0, cards: 0 });
    const third = asked(await harness.bot.runText(alice, rightLetters(harness.bot, second)));
    const last = asked(await harness.bot.runText(alice, rightLetters(harness.bot, third)));
    expect(await questionOf(harness, last)).toBe(skippedId);
    expect(last.title).toContain("3 of 3");
    expect((await harness.bot.runText(alice, "skip"))[0]!.text).toContain("last question left");
  });

  it("quit ends the session with its report; repeat shows the current question again", async () => {
    const harness = makeBot();
    const q = asked(await harness.bot.runText(alice, "quiz shield 3"));
    expect(asked(await harness.bot.runText(alice, "repeat")).question!.askId).toBe(
      q.question!.askId,
    );
    await harness.bot.runText(alice, wrongLetters(harness.bot, q));
    const report = await harness.bot.runText(alice, "quit");
    expect(report[0]!.title).toMatch(/Shield.* quiz ended$/);
    expect(allText(report)).toContain("You answered 1 of 3 and got 0 right");
    expect((await harness.bot.runText(alice, "A"))[0]!.text).toContain("no open question");
    expect((await harness.bot.runText(alice, "repeat"))[0]!.text).toContain("no open question");
  });

  it("answer <letters>, true and false answer the question on screen", async () => {
    const harness = makeBot();
    // shield-03 is the mini deck's true/false question: quiz until it comes up.
    let view = asked(await harness.bot.runText(alice, "quiz shield 3"));
    for (let i = 0; i < 3 && view.question!.kind !== "truefalse"; i++) {
      view = asked(await harness.bot.runText(alice, `answer ${rightLetters(harness.bot, view)}`));
    }
    expect(view.question!.kind).toBe("truefalse");
    const truth = rightLetters(harness.bot, view) === "A" ? "true" : "false";
    expect((await harness.bot.runText(alice, truth))[0]!.title).toContain("Right");
  });

  it("buttons for skip and quit come with every session question", async () => {
    const harness = makeBot();
    const q = asked(await harness.bot.runText(alice, "quiz shield 2"));
    const controls = (q.buttons ?? []).map((b) => decodeAction(b.actionId));
    expect(controls).toEqual([
      { type: "control", control: "skip" },
      { type: "control", control: "quit" },
    ]);
    const next = asked(await harness.bot.runAction(alice, q.buttons![0]!.actionId));
    expect(next.question!.askId).not.toBe(q.question!.askId);
  });
});

describe("reports that teach", () => {
  it("ends with points, each question missed with why and topic, the weakest topic, and a retry", async () => {
    const harness = makeBot({ contentDir: REAL_DECK });
    const { bot } = harness;
    let view = asked(await bot.runText(alice, "quiz network 4"));
    const missed: string[] = [];
    let report: View[] = [];
    for (let i = 0; i < 4; i++) {
      const wrong = i % 2 === 0;
      if (wrong) missed.push(await questionOf(harness, view));
      const views = await bot.runText(
        alice,
        wrong ? wrongLetters(bot, view) : rightLetters(bot, view),
      );
      if (i < 3) view = asked(views);
      else report = views;
    }
    const summary = report.at(-1)!;
    const text = allText([summary]);
    expect(summary.title).toContain("quiz finished");
    expect(text).toMatch(/You got 2 of 4 right · \+\d+ points/);
    expect(text).toContain("Missed (2)");
    for (const id of missed) {
      const q = bot.library.questions.find((x) => x.id === id)!;
      expect(text).toContain(bot.library.topics.find((t) => t.id === q.topic)!.title);
    }
    expect(text).toMatch(/Weakest topic this time[\s\S]*quiz [a-z0-9-]+/);
    const retryButton = summary.buttons!.find((b) => b.command === "retry")!;
    expect(retryButton.label).toBe("Retry the 2 missed");
    const retried = await bot.runAction(alice, retryButton.actionId);
    expect(retried[0]!.title).toContain("2 questions");
    expect(missed).toContain(await questionOf(harness, asked(retried)));
  });

  it("review with nothing due says when the next card is due and asks before new questions", async () => {
    const harness = makeBot();
    const q = asked(await harness.bot.runText(alice, "quiz kms 1"));
    await harness.bot.runText(alice, rightLetters(harness.bot, q));
    const nothing = await harness.bot.runText(alice, "review");
    expect(nothing[0]!.title).toBe("Nothing due");
    expect(nothing[0]!.text).toContain("Your next card comes due");
    expect(nothing.some((v) => v.question)).toBe(false);
    const start = nothing[0]!.buttons!.find((b) => b.command === "review new")!;
    expect(asked(await harness.bot.runAction(alice, start.actionId)).question).toBeDefined();
  });

  it("review <topic> reviews only that topic's due cards", async () => {
    const harness = makeBot();
    for (const topic of ["kms", "waf"]) {
      const q = asked(await harness.bot.runText(alice, `quiz ${topic} 1`));
      await harness.bot.runText(alice, wrongLetters(harness.bot, q));
    }
    harness.clock.advanceDays(3);
    const review = await harness.bot.runText(alice, "review waf");
    expect(review[0]!.title).toContain("1 due");
    expect(await questionOf(harness, asked(review))).toBe("waf-01");
  });
});

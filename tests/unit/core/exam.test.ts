import { describe, expect, it } from "vitest";
import { Decks } from "../../../src/core/decks.js";
import { examDefaults, scaledScore } from "../../../src/core/exam.js";
import type { View } from "../../../src/core/views.js";
import { allText, asked, ctx, makeBot, rightLetters, wrongLetters } from "../../helpers/bot.js";

const REAL_DECK = "content";
const alice = ctx("alice");

function examSession(harness: ReturnType<typeof makeBot>) {
  return harness.db
    .prepare(
      "SELECT question_ids, state, expires_at, created_at FROM quiz_sessions WHERE mode = 'exam'",
    )
    .get() as { question_ids: string; state: string; expires_at: number; created_at: number };
}

async function results(harness: ReturnType<typeof makeBot>) {
  const member = (await harness.store.findMember(1, "id-alice"))!;
  return await harness.store.examResults(member.id, 10);
}

describe("exam mode", () => {
  it("defaults to the deck's share of CLF-C02: 30% of 65 questions and 90 minutes", async () => {
    const harness = makeBot({ contentDir: REAL_DECK });
    // The default deck, aws-security: domain 2, 30% of the exam.
    const security = new Decks(harness.bot.library).default.library;
    expect(examDefaults(security)).toMatchObject({ questions: 20, minutes: 27 });
    const start = await harness.bot.runText(alice, "exam");
    expect(start[0]!.title).toBe("Exam: 20 questions, 27 minutes");
    const session = examSession(harness);
    expect(session.expires_at - session.created_at).toBe(27 * 60_000);
  });

  it("draws questions across the areas in proportion to their weights", async () => {
    const harness = makeBot({ contentDir: REAL_DECK });
    await harness.bot.runText(alice, "exam 20");
    const ids = JSON.parse(examSession(harness).question_ids) as string[];
    expect(new Set(ids).size).toBe(20);
    const { library } = harness.bot;
    const areaOf = (id: string) => {
      const q = library.questions.find((x) => x.id === id)!;
      return library.topics.find((t) => t.id === q.topic)!.area;
    };
    const counts: Record<string, number> = {};
    for (const id of ids) counts[areaOf(id)] = (counts[areaOf(id)] ?? 0) + 1;
    // Weights 35, 25, 13, 10, 15 (of 98) of 20 questions: 7.1, 5.1, 2.7, 2.0, 3.1 -> largest
    // remainders.
    expect(counts).toEqual({
      responsibility: 7,
      identity: 5,
      network: 3,
      "data-protection": 2,
      detection: 3,
    });
  });

  it("gives no feedback and no points, but updates each card once; the result teaches", async () => {
    const harness = makeBot({ contentDir: REAL_DECK });
    let view = asked(await harness.bot.runText(alice, "exam 3 10"));
    expect(view.text).toContain("Time is up");
    const answers = [true, false, true];
    let last: View[] = [];
    for (const [i, right] of answers.entries()) {
      last = await harness.bot.runText(
        alice,
        right ? rightLetters(harness.bot, view) : wrongLetters(harness.bot, view),
      );
      expect(allText(last)).not.toMatch(/Right!|Not quite/);
      if (i < 2) {
        expect(last[0]!.text).toBe(`Answer recorded (${i + 1} of 3).`);
        view = asked(last);
      }
    }
    const member = (await harness.store.findMember(1, "id-alice"))!;
    expect(member.totalPoints).toBe(0);
    expect(member.answered).toBe(3);
    const cards = await harness.store.cards(member.id, {
      questionIds: new Set(JSON.parse(examSession(harness).question_ids)),
    });
    expect(cards.map((c) => c.reps)).toEqual([1, 1, 1]);

    const [, result, ...review] = last;
    // 2 of 3 right: 100 + 900 x 2/3 = 700, the pass mark.
    expect(result!.title).toBe("Exam result: 700 of 1000 · PASS");
    expect(allText([result!])).toContain("By area");
    expect(review).toHaveLength(1);
    expect(review[0]!.title).toBe("What to review");
    expect(review[0]!.text).toContain("Answer: **");
    expect(await results(harness)).toMatchObject([
      { total: 3, correct: 2, answered: 3, scaled: 700, passed: true },
    ]);
  });

  it("hands itself in when time is up, even if the member never comes back", async () => {
    const harness = makeBot({ contentDir: REAL_DECK });
    const view = asked(await harness.bot.runText(alice, "exam 4 5"));
    await harness.bot.runText(alice, rightLetters(harness.bot, view));
    harness.clock.set("2026-11-28T10:04:00Z");
    expect(await harness.bot.closeExpiredExams()).toBe(0);
    harness.clock.set("2026-11-28T10:06:00Z");
    expect(await harness.bot.closeExpiredExams()).toBe(1);
    expect(examSession(harness).state).toBe("finished");
    expect(await results(harness)).toMatchObject([
      { total: 4, correct: 1, answered: 1, scaled: scaledScore(1, 4), passed: false },
    ]);
    expect((await results(harness))[0]!.endedAt.toISOString()).toBe("2026-11-28T10:05:00.000Z");
    expect(await harness.bot.closeExpiredExams()).toBe(0);
    // A letter after the deadline answers nothing.
    expect((await harness.bot.runText(alice, "A"))[0]!.text).toContain("no open question");
  });

  it("a letter after the deadline hands the exam in and shows the result", async () => {
    const harness = makeBot({ contentDir: REAL_DECK });
    asked(await harness.bot.runText(alice, "exam 2 1"));
    harness.clock.set("2026-11-28T10:02:00Z");
    const late = await harness.bot.runText(alice, "A");
    expect(late[0]!.title).toBe(`Exam result: 100 of 1000 · not yet a pass`);
    expect(allText(late)).toContain("2 not answered, counted wrong");
    expect(await results(harness)).toHaveLength(1);
  });

  it("hand in (quit) or a new session ends an exam with its result kept", async () => {
    const harness = makeBot({ contentDir: REAL_DECK });
    const view = asked(await harness.bot.runText(alice, "exam 2 10"));
    await harness.bot.runText(alice, rightLetters(harness.bot, view));
    const handedIn = await harness.bot.runText(alice, "quit");
    expect(handedIn[0]!.title).toBe(`Exam result: ${scaledScore(1, 2)} of 1000 · not yet a pass`);
    await harness.bot.runText(alice, "exam 2 10");
    const replaced = await harness.bot.runText(alice, "quiz identity 1");
    expect(allText(replaced)).toContain("Your Exam (2 of 2 left) was closed.");
    expect((await results(harness)).map((r) => r.answered)).toEqual([0, 1]);
  });
});

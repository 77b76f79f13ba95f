import { describe, expect, it } from "vitest";
import type { Question } from "../../../src/content/schema.js";
import { type CardState, deckKey, type Member } from "../../../src/core/ports.js";
import {
  dueForecast,
  examTrend,
  guessChance,
  readiness,
  weakestTopics,
} from "../../../src/core/progress.js";
import { currentStreak, freezesOn, streakOn } from "../../../src/core/scoring.js";
import { newCard, retrievability } from "../../../src/core/srs.js";
import type { Studybot } from "../../../src/core/studybot.js";
import { stripMarkers } from "../../../src/core/user-text.js";
import type { View } from "../../../src/core/views.js";
import { allText, asked, ctx, makeBot, rightLetters, wrongLetters } from "../../helpers/bot.js";

const alice = ctx("alice");
const bob = ctx("bob");
const DAY = 86_400_000;

type Harness = ReturnType<typeof makeBot>;

/** The question a view asks (its text ends with the prompt). */
function questionOf(bot: Studybot, view: View): Question {
  const question = bot.library.questions.find((q) => (view.text ?? "").endsWith(q.prompt));
  if (!question) throw new Error(`no question matches ${view.text}`);
  return question;
}

/** Runs a quiz, answering right or wrong in the order given; returns who got what. */
async function quiz(h: Harness, who: typeof alice, topic: string, answers: boolean[]) {
  let view = asked(await h.bot.runText(who, `quiz ${topic} ${answers.length}`));
  const right: string[] = [];
  const wrong: string[] = [];
  for (const [i, correct] of answers.entries()) {
    (correct ? right : wrong).push(questionOf(h.bot, view).id);
    const letters = correct ? rightLetters(h.bot, view) : wrongLetters(h.bot, view);
    const views = await h.bot.runText(who, letters);
    expect(views[0]!.title).toContain(correct ? "Right" : "Not quite");
    if (i < answers.length - 1) view = asked(views);
  }
  return { right, wrong };
}

async function member(h: Harness, who = alice): Promise<Member> {
  return (await h.store.findMember(1, who.user.id))!;
}

async function cardsOf(h: Harness, who = alice): Promise<CardState[]> {
  return await h.store.cards(
    (await member(h, who)).id,
    deckKey(h.bot.library.questions.map((q) => q.id)),
  );
}

/** The value of one field of the stats view, as a person reads it. */
async function statsField(h: Harness, name: string, who = alice): Promise<string> {
  const view = (await h.bot.runText(who, "stats"))[0]!;
  expect(view.ephemeral).toBe(true);
  const field = view.fields?.find((f) => f.name.startsWith(name));
  if (!field) throw new Error(`no field ${name} in ${allText([view])}`);
  return stripMarkers(field.value);
}

describe("due forecast", () => {
  it("counts cards due now, later today, tomorrow and this week as the clock moves", async () => {
    const h = makeBot({ now: "2026-11-28T10:00:00Z" });
    const { right, wrong } = await quiz(h, alice, "shield", [true, false, false]);
    const due = new Map((await cardsOf(h)).map((c) => [c.questionId, c.due]));
    // FSRS with same-day steps off: a wrong answer comes back the next day, a right one later.
    for (const id of wrong) expect(due.get(id)!.toISOString()).toBe("2026-11-29T10:00:00.000Z");
    const rightDue = due.get(right[0]!)!;
    expect(rightDue.getTime()).toBeGreaterThan(Date.parse("2026-11-30T00:00:00Z"));
    expect(rightDue.getTime()).toBeLessThanOrEqual(Date.parse("2026-12-05T10:00:00Z"));

    expect(await statsField(h, "Due for review")).toBe(
      "**0** now · **2** tomorrow · **3** this week",
    );

    h.clock.set("2026-11-29T09:00:00Z");
    expect(dueForecast(await cardsOf(h), h.clock.now())).toEqual({
      now: 0,
      laterToday: 2,
      tomorrow: 0,
      week: 3,
    });
    expect(await statsField(h, "Due for review")).toContain("**2** later today");

    h.clock.set("2026-11-29T10:00:00Z");
    expect(await statsField(h, "Due for review")).toBe(
      "**2** now · **0** tomorrow · **1** this week",
    );
    expect((await h.bot.runText(alice, "stats"))[0]!.footer).toContain("2 cards due");

    // Noon of the day before the right card is due: it is tomorrow's.
    h.clock.set(
      new Date(Date.parse(`${rightDue.toISOString().slice(0, 10)}T12:00:00Z`) - DAY).toISOString(),
    );
    expect(dueForecast(await cardsOf(h), h.clock.now())).toEqual({
      now: 2,
      laterToday: 0,
      tomorrow: 1,
      week: 1,
    });

    h.clock.set("2026-12-06T10:00:00Z");
    expect(await statsField(h, "Due for review")).toBe(
      "**3** now · **0** tomorrow · **0** this week",
    );
  });

  it("puts each boundary instant in its bucket", () => {
    const now = new Date("2026-11-28T10:00:00Z");
    const card = (iso: string): CardState => ({ ...newCard(1, "q", now), due: new Date(iso) });
    const at = (iso: string) => dueForecast([card(iso)], now);
    expect(at("2026-11-28T10:00:00Z").now).toBe(1);
    expect(at("2026-11-20T00:00:00Z").now).toBe(1);
    expect(at("2026-11-28T23:59:59Z")).toEqual({ now: 0, laterToday: 1, tomorrow: 0, week: 1 });
    expect(at("2026-11-29T00:00:00Z")).toEqual({ now: 0, laterToday: 0, tomorrow: 1, week: 1 });
    expect(at("2026-11-29T23:59:59Z").tomorrow).toBe(1);
    expect(at("2026-11-30T00:00:00Z")).toEqual({ now: 0, laterToday: 0, tomorrow: 0, week: 1 });
    expect(at("2026-12-05T10:00:00Z").week).toBe(1);
    expect(at("2026-12-05T10:00:01Z").week).toBe(0);
  });
});

describe("weakest topics", () => {
  it("lists only seen topics, weakest first, with the command to practise each", async () => {
    const h = makeBot({ now: "2026-11-28T10:00:00Z" });
    expect(await statsField(h, "Weakest topics")).toContain("none yet");

    await quiz(h, alice, "kms", [true]);
    await quiz(h, alice, "shield", [true, false, false]);
    expect(weakestTopics(h.bot, await cardsOf(h), h.clock.now(), 5).map((t) => t.topic.id)).toEqual(
      ["kms", "shield"],
    ); // waf is unseen, so it is not listed at all; just after answering, every recall is 1

    await quiz(h, alice, "waf", [false]);
    h.clock.advanceDays(2);
    const now = h.clock.now();
    const cards = await cardsOf(h);
    const weakest = weakestTopics(h.bot, cards, now, 5);
    // One wrong answer forgets fastest, two wrong of three next, one right answer keeps best.
    expect(weakest.map((t) => t.topic.id)).toEqual(["waf", "shield", "kms"]);
    const shieldCards = cards.filter((c) => c.questionId.startsWith("shield-"));
    const mean = shieldCards.reduce((s, c) => s + retrievability(c, now), 0) / shieldCards.length;
    expect(weakest[1]!.recall).toBeCloseTo(mean, 10);
    expect(weakest[1]).toMatchObject({ seen: 3, questions: 3 });
    expect(weakestTopics(h.bot, cards, now, 2).map((t) => t.topic.id)).toEqual(["waf", "shield"]);

    const lines = (await statsField(h, "Weakest topics")).split("\n");
    expect(lines).toHaveLength(3);
    expect(lines[0]).toContain(`${Math.round(weakest[0]!.recall * 100)}% **AWS WAF** (1/1 seen)`);
    expect(lines[0]).toContain("`quiz waf`");
    expect(lines[1]).toContain("`quiz shield`");
    expect(lines[2]).toContain("`quiz kms`");
  });
});

describe("readiness", () => {
  it("is the guessing chance for an unseen deck and rises with right answers", async () => {
    const h = makeBot({ now: "2026-11-28T10:00:00Z" });
    const byId = new Map(h.bot.library.questions.map((q) => [q.id, q]));
    expect(guessChance(byId.get("shield-01")!)).toBe(1 / 4); // single: one of four
    expect(guessChance(byId.get("shield-02")!)).toBe(1 / 10); // Select TWO of five: C(5,2)
    expect(guessChance(byId.get("shield-03")!)).toBe(1 / 2); // true or false
    const multi = byId.get("shield-02")!;
    if (multi.kind !== "multi") throw new Error("shield-02 is the mini deck's Select TWO");
    // Two of four would be C(4,2) = 6 ways: the chance is one over the ways, not over options.
    expect(guessChance({ ...multi, options: multi.options.slice(0, 4) })).toBe(1 / 6);

    // Network: shield-01, -02, -03 and waf-01; data: kms-01.
    const network = (1 / 4 + 1 / 10 + 1 / 2 + 1 / 4) / 4;
    const before = readiness(h.bot, [], h.clock.now());
    expect(before.map((a) => [a.area.id, a.seen, a.questions])).toEqual([
      ["network", 0, 4],
      ["data", 0, 1],
    ]);
    expect(before[0]!.readiness).toBeCloseTo(network, 10);
    expect(before[1]!.readiness).toBeCloseTo(1 / 4, 10);
    const field = await statsField(h, "Readiness");
    expect(field).toContain("28% **Network protection** (0/4 seen)");
    expect(field).toContain("25% **Data protection** (0/1 seen)");
    expect(field).toContain("**26%** overall"); // both areas weigh 1: (27.5 + 25) / 2
    const view = (await h.bot.runText(alice, "stats"))[0]!;
    expect(view.fields!.map((f) => f.name)).toContain(
      "Readiness (an estimate: expected share right on an exam today)",
    );
    expect(view.fields!.some((f) => f.name.startsWith("Mastery"))).toBe(false);

    await quiz(h, alice, "kms", [true]);
    await quiz(h, alice, "shield", [true, true, true]);
    h.clock.advanceDays(1);
    const now = h.clock.now();
    const cards = await cardsOf(h);
    const after = readiness(h.bot, cards, now);
    const recall = new Map(cards.map((c) => [c.questionId, retrievability(c, now)]));
    // A seen question counts as recalled, or else guessed; the unseen waf-01 at a guess's chance.
    const seen = (id: string, guess: number) => recall.get(id)! + (1 - recall.get(id)!) * guess;
    const expected =
      (seen("shield-01", 1 / 4) + seen("shield-02", 1 / 10) + seen("shield-03", 1 / 2) + 1 / 4) / 4;
    expect(after[0]!.readiness).toBeCloseTo(expected, 10);
    expect(after[0]!.readiness).toBeGreaterThan(network);
    expect(after[1]!.readiness).toBeCloseTo(seen("kms-01", 1 / 4), 10);
    expect(after[1]!.readiness).toBeGreaterThan(0.8);
    expect(await statsField(h, "Readiness")).toContain(
      `${Math.round(after[1]!.readiness * 100)}% **Data protection** (1/1 seen)`,
    );
  });
});

describe("last exams", () => {
  async function saveExam(h: Harness, who: typeof alice, endedAt: string, scaled: number) {
    const m = await member(h, who);
    const ended = new Date(endedAt);
    const started = new Date(ended.getTime() - 30 * 60_000);
    const id = `exam-${who.user.id}-${endedAt}`;
    const total = 20;
    const correct = Math.round(((scaled - 100) / 900) * total);
    await h.store.createSession({
      id,
      workspaceId: m.workspaceId,
      memberId: m.id,
      mode: "exam",
      questionIds: [],
      position: 0,
      correct,
      createdAt: started,
      expiresAt: ended,
      channelId: "general",
      screen: null,
      state: "finished",
      currentAskId: null,
      label: "Exam",
      endedAt: ended,
    });
    await h.store.saveExamResult({
      sessionId: id,
      workspaceId: m.workspaceId,
      memberId: m.id,
      startedAt: started,
      endedAt: ended,
      total,
      correct,
      answered: total,
      scaled,
      passed: scaled >= 700,
      areas: [],
    });
  }

  it("shows the last five, newest first, with passes marked and the trend", async () => {
    const h = makeBot({ now: "2026-12-01T12:00:00Z" });
    expect(await statsField(h, "Last exams")).toBe("no exams yet: try `exam`");
    await h.bot.runText(bob, "stats"); // bob exists, so his exam can be saved
    await saveExam(h, bob, "2026-11-30T09:00:00Z", 990); // another member's: never in alice's stats

    await saveExam(h, alice, "2026-11-25T09:00:00Z", 650);
    expect(await statsField(h, "Last exams")).toBe("650 (25 Nov)"); // one exam: no trend yet
    await saveExam(h, alice, "2026-11-28T09:00:00Z", 744);
    await saveExam(h, alice, "2026-12-01T09:00:00Z", 812);
    expect(await statsField(h, "Last exams")).toBe(
      "812 ✅ (1 Dec), 744 ✅ (28 Nov), 650 (25 Nov) · trend: up 162 over 3 exams",
    );

    await saveExam(h, alice, "2026-12-02T09:00:00Z", 640);
    await saveExam(h, alice, "2026-12-03T09:00:00Z", 620);
    await saveExam(h, alice, "2026-12-04T09:00:00Z", 600);
    const line = await statsField(h, "Last exams");
    expect(line.split(", ")).toHaveLength(5);
    expect(line).toMatch(/^600 \(4 Dec\), 620 \(3 Dec\), 640 \(2 Dec\), 812 ✅ \(1 Dec\), 744 ✅/);
    expect(line).not.toContain("25 Nov");
    expect(line).not.toContain("990");
    expect(line).toContain("trend: down 144 over 5 exams"); // 600 now against 744 five exams ago
  });

  it("calls an unchanged score level", () => {
    const result = (scaled: number) => ({
      sessionId: "s",
      workspaceId: 1,
      memberId: 1,
      startedAt: new Date(0),
      endedAt: new Date(0),
      total: 1,
      correct: 1,
      answered: 1,
      scaled,
      passed: true,
      areas: [],
    });
    expect(examTrend([result(700)])).toBeNull();
    expect(examTrend([result(700), result(800), result(700)])).toEqual({ change: 0, over: 3 });
  });
});

describe("streak freezes, as the core reads them", () => {
  const member = (streak: number, streakDay: string | null, freezes: number, freezesUsed = 0) => ({
    streak,
    streakDay,
    freezes,
    freezesUsed,
  });

  it("keeps a streak alive over days its freezes cover, and ends it after a longer gap", () => {
    expect(currentStreak(member(9, "2026-12-01", 0), "2026-12-02")).toBe(9); // yesterday
    expect(currentStreak(member(9, "2026-11-29", 2), "2026-12-02")).toBe(9); // 2 missed, 2 held
    expect(currentStreak(member(9, "2026-11-29", 1), "2026-12-02")).toBe(0); // 2 missed, 1 held
    expect(streakOn(member(9, "2026-11-29", 2), "2026-12-02")).toBe(10);
    expect(streakOn(member(9, "2026-11-29", 1), "2026-12-02")).toBe(1);
    expect(streakOn(member(9, "2026-12-02", 0), "2026-12-02")).toBe(9);
  });

  it("shows the freezes a missed day will use as used already", () => {
    expect(freezesOn(member(9, "2026-11-30", 2, 1), "2026-12-02")).toEqual({ held: 1, used: 2 });
    expect(freezesOn(member(9, "2026-12-02", 2, 1), "2026-12-02")).toEqual({ held: 2, used: 1 });
    // A streak already over keeps its freezes for the next one.
    expect(freezesOn(member(9, "2026-11-20", 2, 1), "2026-12-02")).toEqual({ held: 2, used: 1 });
  });
});

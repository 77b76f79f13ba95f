import { describe, expect, it } from "vitest";
import { allText, asked, ctx, makeHarness } from "../../helpers/bot.js";
import { makeScheduler } from "../../helpers/scheduler.js";

const CONTENT = "content";
const admin = ctx("boss", { isAdmin: true });
const concepts = (h: { bot: { library: { topics: { id: string; deck: string }[] } } }) =>
  new Set(h.bot.library.topics.filter((t) => t.deck === "aws-cloud-concepts").map((t) => t.id));

/** The deck a question belongs to, by its topic. */
function deckOfQuestion(
  h: Awaited<ReturnType<typeof makeHarness>>,
  questionId: string,
): string | undefined {
  const q = h.bot.library.questions.find((x) => x.id === questionId);
  return h.bot.library.topics.find((t) => t.id === q?.topic)?.deck;
}

describe("decks of their own", () => {
  it("shows the deck studied here, lists the others, and lets an admin set the channel's", async () => {
    const h = await makeHarness({ contentDir: CONTENT });
    const info = allText(await h.bot.runText(ctx("ann"), "deck"));
    expect(info).toContain("Deck here: AWS Security and Compliance");
    expect(info).toContain("it is the default");
    expect(info).toContain("`aws-cloud-concepts`");
    expect(allText(await h.bot.runText(ctx("ann"), "deck aws-cloud-concepts"))).toContain(
      "Only workspace admins",
    );
    expect(allText(await h.bot.runText(admin, "deck aws-cloud-concepts"))).toContain(
      "This channel now studies **AWS Cloud Concepts**",
    );
    expect(allText(await h.bot.runText(ctx("ann"), "deck"))).toContain(
      "an admin chose it for this channel",
    );
    // help and topics say which deck is active.
    expect(allText(await h.bot.runText(ctx("ann"), "help"))).toContain(
      "Deck: **AWS Cloud Concepts**",
    );
    expect(allText(await h.bot.runText(ctx("ann"), "topics"))).toContain(
      "Topics: AWS Cloud Concepts",
    );
    // Another channel keeps the default.
    expect(allText(await h.bot.runText(ctx("ann", { channelId: "random" }), "deck"))).toContain(
      "Deck here: AWS Security and Compliance",
    );
    expect(allText(await h.bot.runText(admin, "deck frobnicate"))).toContain(
      'There is no deck called "frobnicate"',
    );
    await h.bot.runText(admin, "deck default");
    expect(allText(await h.bot.runText(ctx("ann"), "deck"))).toContain("it is the default");
    await h.close();
  });

  it("a member's own deck applies in DMs and channels without one; a channel's deck wins", async () => {
    const h = await makeHarness({ contentDir: CONTENT });
    const dm = ctx("ann", { channelId: null });
    expect(allText(await h.bot.runText(dm, "deck use aws-cloud-concepts"))).toContain(
      "You now study **AWS Cloud Concepts**",
    );
    const quiz = asked(await h.bot.runText(dm, "quiz 3"));
    const ask = await h.store.getAsk(quiz.question!.askId);
    expect(
      concepts(h).has(h.bot.library.questions.find((q) => q.id === ask!.questionId)!.topic),
    ).toBe(true);
    await h.bot.runText(admin, "deck aws-security");
    expect(allText(await h.bot.runText(ctx("ann"), "deck"))).toContain("Deck here: AWS Security");
    expect(allText(await h.bot.runText(ctx("ann", { channelId: "random" }), "deck"))).toContain(
      "you chose it",
    );
    expect(allText(await h.bot.runText(ctx("ann"), "deck use aws-cloud-concepts"))).toContain(
      "This channel has its own deck (AWS Security and Compliance)",
    );
    expect(allText(await h.bot.runText(dm, "deck use default"))).toContain(
      "You are back on the default deck",
    );
    await h.close();
  });

  it("quizzes, reviews, exams, lookups and autocomplete stay inside the deck studied here", async () => {
    const h = await makeHarness({ contentDir: CONTENT });
    await h.bot.runText(admin, "deck aws-cloud-concepts");
    const ids = concepts(h);
    for (let i = 0; i < 3; i++) {
      const view = asked(await h.bot.runText(ctx(`m${i}`), "quiz 5"));
      const ask = await h.store.getAsk(view.question!.askId);
      expect(deckOfQuestion(h, ask!.questionId)).toBe("aws-cloud-concepts");
    }
    // The exam rehearses this deck's share of CLF-C02: 24% of 65 questions and 90 minutes.
    expect(asked(await h.bot.runText(ctx("eve"), "exam")).title).toBeDefined();
    expect(allText(await h.bot.runText(ctx("fay"), "exam"))).toContain(
      "Exam: 16 questions, 22 minutes",
    );
    // Lookup answers from this deck; from another only when nothing here matches, and says so.
    const here = (await h.bot.runText(ctx("ann"), "lookup lift and shift"))[0]!;
    expect(here.title).toBe("Rehost (lift and shift)");
    expect(here.footer).not.toContain("From the");
    const there = (await h.bot.runText(ctx("ann"), "lookup guardduty"))[0]!;
    expect(there.title).toBe("Amazon GuardDuty");
    expect(there.footer).toContain("From the AWS Security and Compliance deck");
    const suggestions = await h.bot.autocompleteTopics("", {
      workspace: { platform: "test", externalId: "w1" },
      channelId: "general",
      userId: "id-ann",
    });
    expect(suggestions.every((s) => ids.has(s.value))).toBe(true);
    expect((await h.bot.autocompleteTopics("")).every((s) => !ids.has(s.value))).toBe(true);
    // A quiz may name another deck, or one of its topics, wherever it is typed.
    const named = asked(await h.bot.runText(ctx("gus"), "quiz aws-security 2"));
    const namedAsk = await h.store.getAsk(named.question!.askId);
    expect(deckOfQuestion(h, namedAsk!.questionId)).toBe("aws-security");
    await h.close();
  });

  it("the daily question and live rounds come from the channel's deck", async () => {
    const h = await makeHarness({ contentDir: CONTENT, now: "2026-11-28T08:00:00Z" });
    const { scheduler, poster } = makeScheduler(h);
    await h.bot.runText(admin, "deck aws-cloud-concepts");
    await h.bot.runText(admin, "setup 09:00 UTC daily");
    h.clock.set("2026-11-28T09:00:00Z");
    await scheduler.tick();
    const daily = poster.questions()[0]!.view;
    const dailyAsk = await h.store.getAsk(daily.question!.askId);
    expect(deckOfQuestion(h, dailyAsk!.questionId)).toBe("aws-cloud-concepts");
    await h.bot.runText(ctx("ann"), "live 5 10");
    const [ids] = (await h.column("SELECT question_ids FROM live_rounds")) as string[];
    for (const id of JSON.parse(ids!) as string[])
      expect(deckOfQuestion(h, id)).toBe("aws-cloud-concepts");
    await scheduler.stop();
    await h.close();
  });

  it("a schedule's filter may name another deck, or its area", async () => {
    const h = await makeHarness({ contentDir: CONTENT, now: "2026-11-28T08:00:00Z" });
    const { scheduler, poster } = makeScheduler(h);
    // A channel on the default (security) deck whose daily question comes from Cloud Concepts.
    expect((await h.bot.runText(admin, "setup 09:00 UTC daily aws-cloud-concepts"))[0]!.tone).toBe(
      "success",
    );
    await h.bot.runText(
      ctx("boss", { isAdmin: true, channelId: "pillars" }),
      "setup 09:00 UTC daily well-architected",
    );
    h.clock.set("2026-11-28T09:00:00Z");
    await scheduler.tick();
    const decks = await Promise.all(
      poster.questions().map(async (p) => {
        const ask = await h.store.getAsk(p.view.question!.askId);
        const q = h.bot.library.questions.find((x) => x.id === ask!.questionId)!;
        return [
          p.channel,
          h.bot.library.topics.find((t) => t.id === q.topic)!.area,
          deckOfQuestion(h, q.id),
        ];
      }),
    );
    expect(decks.sort()).toEqual([
      ["general", expect.any(String), "aws-cloud-concepts"],
      ["pillars", "well-architected", "aws-cloud-concepts"],
    ]);
    await scheduler.stop();
    await h.close();
  });

  it("leaderboard is the workspace's across decks; leaderboard deck counts this deck's points", async () => {
    const h = await makeHarness({ contentDir: CONTENT });
    const answerRight = async (who: string, channelId: string) => {
      const view = asked(await h.bot.runText(ctx(who, { channelId }), "quiz 1"));
      const ask = await h.store.getAsk(view.question!.askId);
      const q = h.bot.library.questions.find((x) => x.id === ask!.questionId)!;
      const letters = ask!.optionOrder
        .map((o, i) => (q.options[o]!.correct ? "ABCDE"[i] : ""))
        .join(" ")
        .trim();
      await h.bot.runText(ctx(who, { channelId }), letters);
    };
    await h.bot.runText(admin, "deck aws-cloud-concepts");
    await answerRight("ann", "general"); // a Cloud Concepts answer
    await answerRight("bob", "random"); // a security answer
    const overall = allText(await h.bot.runText(ctx("ann"), "leaderboard"));
    expect(overall).toMatch(/ann: \d+ pts/);
    expect(overall).toMatch(/bob: \d+ pts/);
    const deck = allText(await h.bot.runText(ctx("ann"), "leaderboard deck"));
    expect(deck).toContain("Leaderboard · AWS Cloud Concepts");
    expect(deck).toMatch(/ann: \d+ pts \(you\)/);
    expect(deck).not.toContain("bob");
    const other = allText(
      await h.bot.runText(ctx("bob", { channelId: "random" }), "leaderboard deck"),
    );
    expect(other).toContain("AWS Security and Compliance");
    expect(other).not.toContain("ann");
    await h.close();
  });
});

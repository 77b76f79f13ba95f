import { describe, expect, it } from "vitest";
import { suggestCommand } from "../../../src/core/suggest.js";
import { clip } from "../../../src/core/text.js";
import {
  renderMarked,
  stripMarkers,
  USER_CLOSE,
  USER_OPEN,
  userText,
} from "../../../src/core/user-text.js";
import { ctx, makeBot, markedText as marked, rightLetters } from "../../helpers/bot.js";
import { makeScheduler } from "../../helpers/scheduler.js";

const OPEN = USER_OPEN;
const CLOSE = USER_CLOSE;

/** Every open marker has its close, in order, with no marker inside a span. */
function balanced(text: string): boolean {
  return /^(?:[^\uE000\uE001]|\uE000[^\uE000\uE001]*\uE001)*$/.test(text);
}

describe("marking user text", () => {
  it("wraps it in the two markers, without markers or line breaks of its own", () => {
    expect(userText("Bob")).toBe(`${OPEN}Bob${CLOSE}`);
    // A name cannot close its span early and have the rest read as the core's markup.
    expect(userText(`a${CLOSE}[x](https://evil.example)${OPEN}b`)).toBe(
      `${OPEN}a[x](https://evil.example)b${CLOSE}`,
    );
    expect(userText("one\n# two\r\nthree")).toBe(`${OPEN}one # two three${CLOSE}`);
    expect(stripMarkers(`x ${userText("y")} z${OPEN}`)).toBe("x y z");
  });

  it("is never cut in half by clip, at any length", () => {
    const text = `Stats: ${userText("n".repeat(30))} and ${userText("m".repeat(30))} done`;
    for (let max = 0; max <= text.length + 1; max++) {
      const cut = clip(text, max);
      expect(cut.length, `max ${max}`).toBeLessThanOrEqual(Math.max(max, 1));
      expect(balanced(cut), `max ${max}: ${JSON.stringify(cut)}`).toBe(true);
    }
    expect(clip(`ab${userText("cdefgh")}`, 6)).toBe(`ab${OPEN}c${CLOSE}…`);
  });

  it("renders spans with the escape, the rest with the markup, and drops stray markers", () => {
    const seen: { span: string; inCode: boolean; lineStart: boolean }[] = [];
    const out = renderMarked(
      `${userText("*a*")} **b** \`run ${userText("c")}\`\n${userText("d")} ${CLOSE}e${OPEN}`,
      (span, place) => {
        seen.push({ span, ...place });
        return `<${span}>`;
      },
      (core) => core.replace(/\*\*(.+?)\*\*/g, "B($1)"),
    );
    // The markup never saw the user's asterisks; the escape saw every span in its place.
    expect(out).toBe("<*a*> B(b) `run <c>`\n<d> e");
    expect(seen).toEqual([
      { span: "*a*", inCode: false, lineStart: true },
      { span: "c", inCode: true, lineStart: false },
      { span: "d", inCode: false, lineStart: true },
    ]);
  });

  it("fills a suggestion with what was typed, even when it looks like a replace pattern", () => {
    expect(suggestCommand("search", "$& $1 $$")).toBe("lookup $& $1 $$");
  });
});

describe("the core marks what people supplied", () => {
  const hostile = "[Claim Nitro](https://evil.example) @everyone";

  it("marks display names, team names and echoed queries in its views", async () => {
    const { bot } = makeBot();
    const evil = ctx("evil", { user: { id: "id-evil", name: hostile } });
    const joined = marked(await bot.runText(evil, "team join Reds"));
    expect(joined).toContain(`${userText(hostile)} joined team **${userText("Reds")}**.`);
    expect(marked(await bot.runText(evil, "leaderboard teams"))).toContain(userText("Reds"));
    expect(marked(await bot.runText(ctx("bob"), "stats @id-evil"))).toContain(
      `Stats: ${userText(hostile)}`,
    );
    expect(marked(await bot.runText(evil, "lookup [x](https://evil.example)"))).toContain(
      `No topic matches "${userText("[x](https://evil.example)")}"`,
    );
    expect(marked(await bot.runText(evil, "search <@123> *x*"))).toContain(
      `\`lookup ${userText("<@123> *x*")}\``,
    );
    expect(marked(await bot.runText(evil, "frobnicate"))).toContain(`"${userText("frobnicate")}"`);
    expect(marked(await bot.runText(evil, "leaderboard @here"))).toContain(userText("@here"));
    const admin = ctx("admin", { isAdmin: true });
    expect(marked(await bot.runText(admin, "setup 9pm@here UTC"))).toContain(userText("9pm@here"));
    expect(marked(await bot.runText(admin, "setup 09:00 <!channel>"))).toContain(
      userText("<!channel>"),
    );
    expect(marked(await bot.runText(admin, "setup 09:00 UTC <b>"))).toContain(userText("<b>"));
  });

  it("marks who was right in the reveal of a channel question", async () => {
    const harness = makeBot();
    const { scheduler, poster } = makeScheduler(harness);
    const evil = ctx("evil", { user: { id: "id-evil", name: hostile } });
    await harness.bot.runText(ctx("admin", { isAdmin: true }), "post-now");
    await scheduler.tick();
    const post = poster.posts[0]!.view;
    await harness.bot.runText(evil, `daily ${rightLetters(harness.bot, post)}`);
    const reveal = (await harness.bot.revealView(post.question!.askId))!;
    expect(marked([reveal])).toContain(`1. ${userText(hostile)}`);
  });

  it("takes the markers out of names and typed text where they enter", async () => {
    const { bot, store } = makeBot();
    const sneaky = ctx("sneaky", {
      user: { id: "id-sneaky", name: `Sam${CLOSE}[x](https://evil.example)${OPEN}` },
    });
    await bot.runText(sneaky, "stats");
    expect((await store.findMember(1, "id-sneaky"))!.displayName).toBe(
      "Sam[x](https://evil.example)",
    );
    const typed = marked(await bot.runText(sneaky, `lookup a${CLOSE}[x](y)${OPEN}b`));
    expect(typed).toContain(`No topic matches "${userText("a[x](y)b")}"`);
    const command = marked(await bot.run(sneaky, { name: "lookup", term: `q${CLOSE}*z*${OPEN}` }));
    expect(command).toContain(`No topic matches "${userText("q*z*")}"`);
    expect(balanced(typed) && balanced(command)).toBe(true);
  });
});

import { describe, expect, it } from "vitest";
import { loadLibrary } from "../../../src/content/load.js";
import { deckQuality, missedAims, qualityLines } from "../../../src/content/quality.js";
import type { Library } from "../../../src/content/schema.js";
import { MINI_DECK } from "../../helpers/bot.js";

/** The mini deck with its option texts and prompts set to what a case needs. */
function deck(edit: (library: Library) => void): Library {
  const library = structuredClone(loadLibrary(MINI_DECK));
  edit(library);
  return library;
}

const byId = (library: Library, id: string) => library.questions.find((q) => q.id === id)!;

/** Sets a question's option texts in order; the right one keeps its place. */
function setTexts(library: Library, id: string, texts: string[]): void {
  byId(library, id).options.forEach((o, i) => {
    o.text = texts[i]!;
  });
}

describe("deck quality", () => {
  it("counts single-answer questions whose right option is the unique longest", () => {
    const library = deck((l) => {
      for (const id of ["kms-01", "shield-01", "waf-01"]) {
        const right = byId(l, id).options.findIndex((o) => o.correct);
        setTexts(
          l,
          id,
          [0, 1, 2, 3].map((i) => (i === right ? "the right one, longest by far" : "short")),
        );
      }
      // A tie for longest is not "unique longest".
      const right = byId(l, "waf-01").options.findIndex((o) => o.correct);
      byId(l, "waf-01").options[(right + 1) % 4]!.text = "a wrong one of the same length";
    });
    const [quality] = deckQuality(library);
    expect(quality).toMatchObject({ questions: 5, single: 3, longestRight: 2 });
    expect(qualityLines(quality!)[0]).toMatchObject({
      text: expect.stringContaining("67% of single-answer questions (2 of 3"),
      over: true,
    });
  });

  it("reports true/false share and keys, Select TWO's share, twin options and twin prompts", () => {
    const library = deck((l) => {
      byId(l, "kms-01").options[1]!.text = byId(l, "kms-01").options[0]!.text.toUpperCase();
      byId(l, "waf-01").prompt = "Which service protects web applications from SQL injection?";
      byId(l, "shield-01").prompt =
        "Which service protects web applications from SQL injection attacks?";
    });
    const [quality] = deckQuality(library);
    expect(quality).toMatchObject({ trueFalse: 1, multi: 1, duplicateOptions: ["kms-01"] });
    expect(quality!.nearDuplicatePrompts).toEqual([["shield-01", "waf-01"]]);
    const trueRight = byId(library, "shield-03").options.find((o) => o.correct)!.text === "True";
    expect(quality!.trueRight).toBe(trueRight ? 1 : 0);
    const lines = qualityLines(quality!);
    expect(lines.map((l) => l.over)).toEqual([lines[0]!.over, true, false, true, true]);
  });
});

describe("the aims content lint enforces", () => {
  /** A library of `n` true/false questions, `trueKeys` of them answered "True". */
  function trueFalseDeck(n: number, trueKeys: number): Library {
    return deck((l) => {
      const template = byId(l, "shield-03");
      l.questions = Array.from({ length: n }, (_, i) => {
        const q = structuredClone(template);
        q.id = `shield-${String(i + 10)}`;
        q.prompt = `fact${i}a fact${i}b fact${i}c fact${i}d`; // no two alike
        q.options.forEach((o) => {
          o.correct = (o.text === "True") === i < trueKeys;
        });
        return q;
      });
    });
  }

  it("wants true/false keys balanced once there are six or more", () => {
    const balanced = qualityLines(deckQuality(trueFalseDeck(10, 5))[0]!)[1]!;
    const leaning = qualityLines(deckQuality(trueFalseDeck(10, 2))[0]!)[1]!;
    expect(leaning.text).toContain('"True" right in 2 of them (aim: 35% to 65%)');
    // Both are over on the share (the whole deck is true/false); only keys tell them apart.
    expect(deckQuality(trueFalseDeck(10, 5))[0]!.trueRight).toBe(5);
    expect([balanced.over, leaning.over]).toEqual([true, true]);
    const few = qualityLines(deckQuality(trueFalseDeck(4, 0))[0]!)[1]!;
    expect(few.text).toContain('"True" right in 0 of them');
  });

  it("lists every missed aim with its deck, and none for a deck that meets them", () => {
    const missed = missedAims(trueFalseDeck(10, 2));
    // All true/false: too many of them, their keys lean, and no Select TWO at all.
    expect(missed.map((m) => [m.deck, m.text.split(" ").slice(0, 3).join(" ")])).toEqual([
      ["mini", "true/false is 100%"],
      ["mini", "Select TWO is"],
    ]);
    expect(missedAims(loadLibrary("content"))).toEqual([]);
  });
});

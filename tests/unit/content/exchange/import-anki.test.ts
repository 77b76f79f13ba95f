import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { importDeck } from "../../../../src/content/exchange/import.js";
import { loadLibrary } from "../../../../src/content/load.js";
import { FIXTURES, lintProblems, tempDir } from "./helpers.js";

const SAMPLE = join(FIXTURES, "notes.txt");

describe("content import: Anki notes in plain text", () => {
  it("turns notes into cards and generated questions that load and pass lint", () => {
    const out = tempDir();
    const result = importDeck({
      file: SAMPLE,
      deckId: "geography",
      title: "Geography",
      outDir: out,
    });
    expect(result.problems).toEqual([
      { line: 12, message: 'the front "france" repeats the note on line 5: left out' },
      { line: 13, message: "a cloze note: only front/back notes can be imported" },
      { line: 14, message: "the front is empty (media and HTML are left out)" },
    ]);
    expect(result.warnings).toContainEqual({
      line: 9,
      message:
        "the back is 197 characters, longer than an option may be (160): a topic card only, no question",
    });
    expect(result).toMatchObject({ format: "anki", topics: 7, questions: 6 });
    expect(lintProblems(out)).toEqual([]);

    const library = loadLibrary(out);
    // `#deck column` gives the areas; Anki's subdeck names are their titles.
    expect(library.decks[0]?.areas).toEqual([
      { id: "geography-capitals", title: "Geography::Capitals", weight: 1 },
      { id: "geography-rivers", title: "Geography::Rivers", weight: 1 },
    ]);
    const topic = (id: string) => library.topics.find((t) => t.id === id)!;
    // HTML stripped, entities decoded, <br> and the quoted line break joined into one line.
    expect(topic("the-longest-river-in-africa")).toMatchObject({
      title: "The <longest> river in Africa",
      summary: "The Nile, about 6,650 km through eleven countries",
      area: "geography-rivers",
    });
    expect(topic("japan").summary).toBe("Tokyo");
    expect(topic("japan").keyPoints).toEqual([
      "Front of the card: Japan",
      "Back of the card: Tokyo",
      "Anki tags: asia",
    ]);
    expect(topic("canada").summary).toBe("Ottawa & nothing else");
    // The long back: a card (its summary within the limit), no question.
    const australia = topic("why-is-australia-s-capital-not-sydney");
    expect(australia.title).toBe("Why is Australia's capital not Sydney?");
    expect(library.questions.some((q) => q.topic === australia.id)).toBe(false);

    const backs = new Map(
      ["france", "japan", "kenya", "peru", "the-longest-river-in-africa", "canada"].map((id) => [
        topic(id).summary,
        topic(id).title,
      ]),
    );
    expect(library.questions).toHaveLength(6);
    for (const q of library.questions) {
      const own = topic(q.topic);
      expect(q).toMatchObject({ kind: "single", difficulty: "easy" });
      expect(q.prompt).toBe(`${own.title} → which answer is right?`);
      expect(q.explanation).toBe(
        `The card "${own.title}" has "${own.summary}" on its back. (Generated from an Anki card.)`,
      );
      const right = q.options.filter((o) => o.correct);
      expect(right.map((o) => o.text)).toEqual([own.summary]);
      expect(right[0]?.why).toBe(`This is the back of the card for "${own.title}".`);
      const texts = q.options.map((o) => o.text);
      expect(new Set(texts).size).toBe(4);
      for (const o of q.options.filter((x) => !x.correct)) {
        // Every distractor is another card's back, and its reason names that card.
        expect(backs.has(o.text)).toBe(true);
        expect(o.text).not.toBe(own.summary);
        expect(o.why).toBe(`That answer belongs to the card for "${backs.get(o.text)}".`);
      }
    }
  });

  it("chooses the same distractors for the same seed", () => {
    const read = (seed: number) => {
      const out = tempDir();
      importDeck({ file: SAMPLE, deckId: "geo", outDir: out, seed });
      return readFileSync(join(out, "geo/questions/france.yaml"), "utf8");
    };
    expect(read(7)).toBe(read(7));
    const seeds = [1, 2, 3, 4, 5].map(read);
    expect(new Set(seeds).size).toBeGreaterThan(1);
  });

  it("makes no questions from fewer than four usable cards, and says so", () => {
    const dir = tempDir();
    const file = join(dir, "few.txt");
    writeFileSync(file, '#separator:Semicolon\n#html:false\nOne;1\nTwo;2\n"Three; or 3";3\n');
    const result = importDeck({ file, deckId: "few", outDir: dir });
    expect(result.problems).toEqual([]);
    expect(result).toMatchObject({ topics: 3, questions: 0 });
    expect(result.warnings).toContainEqual({
      line: 0,
      message:
        "only 3 distinct usable backs: a question needs 3 other cards' backs as distractors, so no questions were made",
    });
    const library = loadLibrary(join(dir, "few"));
    expect(library.topics.map((t) => t.title).sort()).toEqual(["One", "Three; or 3", "Two"]);
  });

  it("is chosen by content when the extension says nothing", () => {
    const dir = tempDir();
    const file = join(dir, "export");
    writeFileSync(file, readFileSync(SAMPLE));
    expect(importDeck({ file, deckId: "geo", outDir: dir }).format).toBe("anki");
  });
});

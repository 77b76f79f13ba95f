import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { exportDeck, exportTarget } from "../../../../src/content/exchange/export.js";
import { importDeck } from "../../../../src/content/exchange/import.js";
import { loadContent, loadLibrary } from "../../../../src/content/load.js";
import type { Library } from "../../../../src/content/schema.js";
import { CONTENT, lintProblems, tempDir } from "./helpers.js";

const DECK = "aws-security";

/** A deck's questions and topics as a deck folder holds them, for comparing two decks. */
function contentsOf(library: Library, deckId: string) {
  const topics = library.topics.filter((t) => t.deck === deckId);
  const ids = new Set(topics.map((t) => t.id));
  const deck = library.decks.find((d) => d.id === deckId)!;
  const areaTitle = new Map(deck.areas.map((a) => [a.id, a.title]));
  return {
    topics: topics.map((t) => ({
      id: t.id,
      title: t.title,
      area: t.area,
      areaTitle: areaTitle.get(t.area),
      aliases: t.aliases,
      // Only references inside the deck survive an import of the deck on its own.
      related: t.related.filter((r) => ids.has(r)),
      confused_with: t.confused_with.filter((c) => ids.has(c.topic)),
      summary: t.summary,
      keyPoints: t.keyPoints,
      example: t.example,
    })),
    questions: library.questions
      .filter((q) => ids.has(q.topic))
      .map((q) => ({
        id: q.id,
        topic: q.topic,
        kind: q.kind,
        select: q.kind === "multi" ? q.select : undefined,
        difficulty: q.difficulty,
        prompt: q.prompt,
        options: q.options.map((o) => ({ text: o.text, correct: o.correct, why: o.why })),
        explanation: q.explanation,
      })),
  };
}

describe("content export --csv, then import", () => {
  it(`round-trips ${DECK} to an equivalent deck`, () => {
    // The whole content folder, as the bot loads it: references may cross decks.
    const { library } = loadContent(CONTENT);
    const original = contentsOf(library, DECK);
    expect(original.questions.length).toBeGreaterThan(100);

    const exported = exportDeck({ library, deckId: DECK, csv: true });
    expect(exported.problems).toEqual([]);
    expect(exported.rows).toBe(original.questions.length);
    const dir = tempDir();
    const file = join(dir, `${DECK}.csv`);
    writeFileSync(file, exported.csv);

    const out = join(dir, "content");
    const title = library.decks.find((d) => d.id === DECK)!.title;
    const imported = importDeck({ file, deckId: DECK, title, outDir: out });
    expect(imported.problems).toEqual([]);
    // Nothing generated, no id changed: only references to other decks may be left out.
    expect(
      imported.warnings.filter((w) => !/not a topic of this import|quality aim/.test(w.message)),
    ).toEqual([]);
    expect(lintProblems(out)).toEqual([]);

    const again = contentsOf(loadLibrary(out), DECK);
    expect(again.topics).toEqual(original.topics);
    expect(again.questions).toEqual(original.questions);

    // And the export of the import is the same CSV.
    const second = exportDeck({ deckDir: join(out, DECK) });
    expect(second.csv).toBe(exported.csv);
  });

  it("writes the CSV to a file and reports a deck it cannot load", () => {
    const dir = tempDir();
    const target = join(dir, "out/deck.csv");
    const done = exportDeck({ deckDir: join(CONTENT, DECK), out: target });
    if (lintProblems(join(CONTENT, DECK)).length === 0) {
      expect(done.written).toEqual([target]);
      const header = readFileSync(target, "utf8").split("\r\n")[0];
      expect(header).toBe(
        "id,topic,topic_title,area,area_title,kind,difficulty,prompt,options,correct,why,explanation,summary,key_points,example,aliases,related,confused_with",
      );
    }
    // The CLI's <deck>: a deck folder, or an id in the content folder.
    expect(exportTarget(join(CONTENT, DECK), CONTENT)).toEqual({ deckDir: join(CONTENT, DECK) });
    expect(exportTarget(DECK, CONTENT)).toEqual({ deckDir: CONTENT, deckId: DECK });
    const missing = exportDeck({ deckDir: join(dir, "nowhere") });
    expect(missing.csv).toBe("");
    expect(missing.problems[0]?.message).toMatch(/does not exist/);
    expect(
      exportDeck({ library: { decks: [], topics: [], questions: [] }, deckId: "x" }).problems,
    ).toEqual([{ line: 0, message: 'no deck "x" (decks: none)' }]);
  });
});

import { cpSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { stringifyCsv } from "../../../../src/content/exchange/csv.js";
import { importDeck } from "../../../../src/content/exchange/import.js";
import { loadLibrary } from "../../../../src/content/load.js";
import { MINI_DECK } from "../../../helpers/bot.js";
import { lintProblems, tempDir } from "./helpers.js";

const HEADER = [
  "id",
  "topic",
  "prompt",
  "options",
  "correct",
  "why",
  "explanation",
  "related",
  "confused_with",
];
const row = (id: string, topic: string, prompt: string, extra: string[] = ["", ""]) => [
  id,
  topic,
  prompt,
  "One|Two|Three|Four",
  "A",
  "Right.|Wrong.|Wrong.|Wrong.",
  "One is right.",
  ...extra,
];

describe("content import: ids and references", () => {
  it("keeps valid ids, numbers the rest, and avoids the ids of decks already in the folder", () => {
    const out = tempDir();
    cpSync(MINI_DECK, out, { recursive: true }); // the mini deck: topics kms, shield, waf
    const file = join(out, "..", `${out.split("/").pop()}-ids.csv`);
    writeFileSync(
      file,
      stringifyCsv([
        HEADER,
        row("", "Key rotation", "Which is first?"), // 2: no id: numbered after the ids rows give
        row("Bad Id", "Key rotation", "Which is second?"), // 3: invalid: generated
        row("key-rotation-01", "Key rotation", "Which is third?"), // 4: kept, so 2 takes -02
        row("key-rotation-01", "Key rotation", "Which is fourth?"), // 5: used: generated
        row("kms-01", "Key rotation", "Which is fifth?"), // 6: the mini deck's: generated
        row("", "Key rotation", "Which is sixth?", [
          "envelope-encryption|nowhere",
          "envelope-encryption: one wraps keys, the other rotates them|bad entry",
        ]),
        row("", "Envelope encryption", "Which is seventh?", ["key-rotation", ""]),
        ["", "Key rotation", "Which has no options?", "", "A", "", "x"],
      ]),
    );
    const result = importDeck({ file, deckId: "keys", outDir: out });
    expect(result.problems).toEqual([
      {
        line: 9,
        message: "no options: give them |-separated (only a truefalse question may leave them out)",
      },
    ]);
    expect(result.warnings).toEqual(
      expect.arrayContaining([
        { line: 3, message: expect.stringMatching(/^id "Bad Id" is not a valid id/) },
        {
          line: 5,
          message: 'id "key-rotation-01" is already used by another row: a new one is generated',
        },
        {
          line: 6,
          message: 'id "kms-01" is already used by the deck mini: a new one is generated',
        },
        {
          line: 7,
          message: expect.stringMatching(
            /^confused_with "bad entry" is not "topic-id: the difference"/,
          ),
        },
        {
          line: 2,
          message:
            'topic "key-rotation" names "nowhere", which is not a topic of this import: left out',
        },
      ]),
    );
    // Both decks together still pass lint: no id is used twice.
    expect(lintProblems(out)).toEqual([]);
    const library = loadLibrary(out);
    const ids = library.questions
      .filter((q) => q.topic === "key-rotation")
      .map((q) => [q.prompt, q.id]);
    expect(ids).toEqual([
      ["Which is first?", "key-rotation-02"],
      ["Which is second?", "key-rotation-03"],
      ["Which is third?", "key-rotation-01"],
      ["Which is fourth?", "key-rotation-04"],
      ["Which is fifth?", "key-rotation-05"],
      ["Which is sixth?", "key-rotation-06"],
    ]);
    const topic = library.topics.find((t) => t.id === "key-rotation")!;
    expect(topic.related).toEqual(["envelope-encryption"]);
    expect(topic.confused_with).toEqual([
      { topic: "envelope-encryption", difference: "one wraps keys, the other rotates them" },
    ]);
  });

  it("warns when a topic id is one another deck in the folder already has", () => {
    const out = tempDir();
    cpSync(MINI_DECK, out, { recursive: true });
    const file = join(out, "..", `${out.split("/").pop()}-kms.csv`);
    writeFileSync(file, stringifyCsv([HEADER, row("", "kms", "Which manages keys here?")]));
    const result = importDeck({ file, deckId: "keys", outDir: out });
    expect(result.warnings).toContainEqual({
      line: 2,
      message:
        'topic id "kms" is also used by the deck mini: content lint reports ids used twice across decks',
    });
  });

  it("takes --format over the extension, and never writes card text that would read as a heading", () => {
    const dir = tempDir();
    const file = join(dir, "cards.txt");
    writeFileSync(
      file,
      stringifyCsv([
        ["topic", "summary", "key_points", "example"],
        ["Headings", "## Not a heading", "One fact.|Another fact.", "An example."],
      ]),
    );
    const result = importDeck({ file, deckId: "md", outDir: dir, format: "csv" });
    expect(result.format).toBe("csv");
    expect(result.warnings).toContainEqual({
      line: 2,
      message: 'topic "headings": its summary starts like a Markdown heading ("## "): not used',
    });
    expect(lintProblems(join(dir, "md"))).toEqual([]);
    const [topic] = loadLibrary(join(dir, "md")).topics;
    expect(topic?.summary).toMatch(/^Headings\. Imported from cards\.txt/);
    expect(topic?.keyPoints).toEqual(["One fact.", "Another fact."]);
  });
});

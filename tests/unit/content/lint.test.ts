import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ContentError, loadContent, loadLibrary } from "../../../src/content/load.js";
import { MINI_DECK } from "../../helpers/bot.js";

/** A copy of the mini deck that a test may break. */
function brokenCopy(edit: (deck: string) => void): string {
  const root = mkdtempSync(join(tmpdir(), "studybot-content-"));
  cpSync(MINI_DECK, root, { recursive: true });
  edit(join(root, "mini"));
  return root;
}

function replaceIn(file: string, from: string, to: string): void {
  const text = readFileSync(file, "utf8");
  if (!text.includes(from)) throw new Error(`${from} not in ${file}`);
  writeFileSync(file, text.replace(from, to));
}

describe("content lint", () => {
  it("accepts the mini deck", () => {
    const { problems, library } = loadContent(MINI_DECK);
    expect(problems).toEqual([]);
    expect(library.questions).toHaveLength(5);
  });

  it("reports every problem with file, line and field", () => {
    const root = brokenCopy((deck) => {
      // line 13: a second correct option in a single question
      replaceIn(
        join(deck, "questions/shield.yaml"),
        "    - text: WAF\n      why: It filters requests.",
        "    - text: WAF\n      correct: true\n      why: It filters requests.",
      );
      // a multi with three right options
      replaceIn(
        join(deck, "questions/shield.yaml"),
        "    - text: Key rotation\n",
        "    - text: Key rotation\n      correct: true\n",
      );
      // an option without a reason
      replaceIn(join(deck, "questions/kms.yaml"), "      why: It stops DDoS.\n", "");
      // an unknown topic and a duplicate id
      replaceIn(join(deck, "questions/waf.yaml"), "  topic: waf", "  topic: wafff");
      replaceIn(join(deck, "questions/waf.yaml"), "- id: waf-01", "- id: shield-03");
      // a topic whose related list names nothing
      replaceIn(join(deck, "topics/kms.md"), "related: []", "related: [hsm]");
    });
    const { problems } = loadContent(root);
    const lines = problems.map(
      (p) => `${p.file.replace(/.*mini\//, "")}:${p.line}: ${p.field}: ${p.message}`,
    );
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^questions\/shield\.yaml:\d+: question 1: options: needs exactly 1 correct option, found 2$/,
        ),
        expect.stringMatching(
          /^questions\/shield\.yaml:\d+: question 2: options: needs exactly 2 correct options, found 3$/,
        ),
        expect.stringMatching(
          /^questions\/kms\.yaml:\d+: question 1: options\[2\]\.why: is missing$/,
        ),
        expect.stringMatching(
          /^questions\/waf\.yaml:1: question 1: id: duplicate question id "shield-03"/,
        ),
        expect.stringMatching(/^topics\/kms\.md:6: related\[0\]: unknown topic "hsm"$/),
      ]),
    );
    const shieldLine = problems.find((p) => p.message.includes("found 2"))!;
    expect(shieldLine.line).toBe(7); // the options list
    expect(() => loadLibrary(root)).toThrow(ContentError);
  });

  it("reports YAML syntax errors and bad front matter with their lines", () => {
    const root = brokenCopy((deck) => {
      writeFileSync(join(deck, "questions/waf.yaml"), "- id: waf-01\n  prompt: a: b: c\n");
      replaceIn(join(deck, "topics/waf.md"), "area: network", "area: nowhere");
      replaceIn(join(deck, "topics/shield.md"), "## Example", "## Trivia");
    });
    const { problems } = loadContent(root);
    expect(problems.find((p) => p.file.endsWith("waf.yaml"))).toMatchObject({
      line: 2,
      field: "yaml",
    });
    expect(problems.find((p) => p.file.endsWith("topics/waf.md"))).toMatchObject({
      line: 4,
      field: "area",
    });
    expect(
      problems.find((p) => p.file.endsWith("topics/shield.md") && p.field === "body")?.line,
    ).toBe(14);
  });
});

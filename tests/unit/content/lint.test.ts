import { cpSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { loadContent, loadLibrary } from "../../../src/content/load.js";
import { ContentError, formatProblem } from "../../../src/content/problems.js";
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

/** What `content lint` prints for `root`, with paths relative to `base` (the deck by default). */
function lint(root: string, base = join(root, "mini")): string[] {
  const prefix = `${relative(process.cwd(), base)}/`;
  return loadContent(root).problems.map((p) => formatProblem(p).replaceAll(prefix, ""));
}

/** Deletes `line` (with its newline) from a file of the deck. */
function removeLine(deck: string, file: string, line: string): void {
  replaceIn(join(deck, file), `${line}\n`, "");
}

describe("content lint messages", () => {
  describe("a required field left out says it is missing", () => {
    it.each([
      [
        "questions/kms.yaml",
        "- id: kms-01\n  topic: kms",
        "- topic: kms",
        "questions/kms.yaml:1: question 1: id: is missing",
      ],
      [
        "questions/kms.yaml",
        "  topic: kms\n",
        "",
        "questions/kms.yaml:1: question 1: topic: is missing",
      ],
      [
        "questions/kms.yaml",
        "  kind: single\n",
        "",
        "questions/kms.yaml:1: question 1: kind: is missing",
      ],
      [
        "questions/kms.yaml",
        "  difficulty: easy\n",
        "",
        "questions/kms.yaml:1: question 1: difficulty: is missing",
      ],
      [
        "questions/kms.yaml",
        "  prompt: Which service manages encryption keys?\n",
        "",
        "questions/kms.yaml:1: question 1: prompt: is missing",
      ],
      [
        "questions/kms.yaml",
        "  explanation: KMS manages encryption keys.\n",
        "",
        "questions/kms.yaml:1: question 1: explanation: is missing",
      ],
      [
        "questions/kms.yaml",
        "    - text: Shield\n      why",
        "    - why",
        "questions/kms.yaml:12: question 1: options[2].text: is missing",
      ],
      [
        "questions/kms.yaml",
        "      why: It stops DDoS.\n",
        "",
        "questions/kms.yaml:12: question 1: options[2].why: is missing",
      ],
      [
        "questions/shield.yaml",
        "  select: 2\n",
        "",
        "questions/shield.yaml:17: question 2: select: is missing",
      ],
      [
        "questions/shield.yaml",
        '    - text: "True"\n      why',
        "    - why",
        "questions/shield.yaml:43: question 3: options[0].text: is missing",
      ],
      [
        "questions/shield.yaml",
        "      why: It is a paid service.\n",
        "",
        "questions/shield.yaml:43: question 3: options[0].why: is missing",
      ],
      ["topics/kms.md", "id: kms\n", "", "topics/kms.md:2: id: is missing"],
      ["topics/kms.md", "title: AWS KMS\n", "", "topics/kms.md:2: title: is missing"],
      ["topics/kms.md", "area: data\n", "", "topics/kms.md:2: area: is missing"],
      [
        "topics/kms.md",
        "related: []",
        "related: []\nconfused_with:\n  - topic: waf",
        "topics/kms.md:8: confused_with[0].difference: is missing",
      ],
      [
        "topics/kms.md",
        "AWS KMS is a test topic about encryption keys.\n",
        "",
        "topics/kms.md:8: summary: is missing",
      ],
      ["topics/kms.md", "## Key points\n", "", "topics/kms.md:13: ## Key points: is missing"],
      [
        "topics/kms.md",
        "\n## Example\nA company uses AWS KMS.",
        "",
        "topics/kms.md:12: ## Example: is missing",
      ],
      ["deck.yaml", "    title: Data protection\n", "", "deck.yaml:7: areas[1].title: is missing"],
    ])("%s without %j", (file, from, to, expected) => {
      const root = brokenCopy((deck) => replaceIn(join(deck, file), from, to));
      expect(lint(root)).toEqual([expected]);
    });

    it("keeps the messages for a field that is there but wrong", () => {
      const root = brokenCopy((deck) => {
        replaceIn(
          join(deck, "questions/waf.yaml"),
          "      why: It absorbs DDoS floods.",
          "      why:",
        );
        replaceIn(join(deck, "questions/kms.yaml"), "  kind: single", "  kind: singel");
        replaceIn(
          join(deck, "questions/shield.yaml"),
          "  difficulty: hard",
          "  difficulty: tricky",
        );
        replaceIn(join(deck, "questions/shield.yaml"), "  select: 2", "  select: 2\n  hint: two");
        replaceIn(join(deck, "topics/kms.md"), "A company uses AWS KMS.", "");
        removeLine(
          deck,
          "questions/shield.yaml",
          '    - text: "False"\n      correct: true\n      why: It costs extra.',
        );
      });
      expect(lint(root)).toEqual([
        'questions/kms.yaml:3: question 1: kind: Invalid option: expected one of "single"|"multi"|"truefalse"',
        "questions/shield.yaml:21: question 2: hint: is not a known field",
        'questions/shield.yaml:41: question 3: difficulty: Invalid option: expected one of "easy"|"medium"|"hard"',
        'questions/shield.yaml:44: question 3: options: a true/false question has exactly 2 options, "True" then "False"',
        "questions/waf.yaml:11: question 1: options[1].why: must not be empty",
        "topics/kms.md:14: ## Example: must not be empty",
      ]);
    });
  });

  describe("a YAML syntax error is one line with a reason", () => {
    it.each([
      [
        "questions/kms.yaml",
        "  prompt: Which service",
        "  prompt: Note: which service",
        'questions/kms.yaml:5: yaml: a value holding ": " must be in quotes',
      ],
      [
        "questions/kms.yaml",
        "  difficulty: easy",
        "    difficulty: easy",
        "questions/kms.yaml:4: yaml: this line is indented further than the line above",
      ],
      [
        "questions/kms.yaml",
        "  difficulty: easy",
        "\tdifficulty: easy",
        "questions/kms.yaml:4: yaml: this line is indented with a tab; indent with spaces",
      ],
      [
        "questions/kms.yaml",
        "  difficulty: easy",
        "  difficulty easy",
        'questions/kms.yaml:4: yaml: this line needs a ": " after its field name',
      ],
      [
        "questions/kms.yaml",
        "  prompt: Which",
        '  prompt: "Which',
        'questions/kms.yaml:5: yaml: the " quote opened here is never closed',
      ],
      [
        "questions/kms.yaml",
        "  prompt: Which service",
        "  prompt: 'It's which service",
        "questions/kms.yaml:5: yaml: unexpected text after the closing quote (inside '...' write a ' as '')",
      ],
      [
        "questions/kms.yaml",
        "  difficulty: easy",
        "  difficulty: easy\n  difficulty: hard",
        'questions/kms.yaml:5: yaml: "difficulty" appears twice',
      ],
      [
        "topics/kms.md",
        "title: AWS KMS",
        "title: AWS: KMS",
        'topics/kms.md:3: yaml: a value holding ": " must be in quotes',
      ],
      [
        "topics/kms.md",
        "aliases: [encryption keys]",
        "aliases: [encryption keys",
        "topics/kms.md:5: yaml: the [ opened here needs a closing ]",
      ],
      [
        "deck.yaml",
        "title: Mini deck",
        'title: "Mini deck',
        'deck.yaml:2: yaml: the " quote opened here is never closed',
      ],
    ])("%s: %j", (file, from, to, expected) => {
      const root = brokenCopy((deck) => replaceIn(join(deck, file), from, to));
      expect(lint(root)).toEqual([expected]);
    });
  });

  describe("one missing topic is one problem", () => {
    it("reports a misspelt topic once per id, with the closest ids", () => {
      const root = brokenCopy((deck) => {
        const file = join(deck, "questions/shield.yaml");
        writeFileSync(
          file,
          readFileSync(file, "utf8").replaceAll("topic: shield", "topic: sheild"),
        );
      });
      expect(lint(root)).toEqual([
        'questions/shield.yaml:2: question 1: topic: unknown topic "sheild" (closest: "shield"); also named at questions/shield.yaml:18, questions/shield.yaml:38',
      ]);
    });

    it("reports a topic file never written once, however many places name it", () => {
      const root = brokenCopy((deck) => {
        rmSync(join(deck, "topics/waf.md"));
        replaceIn(join(deck, "topics/kms.md"), "related: []", "related: [waf]");
        replaceIn(join(deck, "topics/shield.md"), "related: []", "related: [waf, kms]");
      });
      expect(lint(root)).toEqual([
        'questions/waf.yaml:2: question 1: topic: unknown topic "waf"; also named at topics/kms.md:6, topics/shield.md:6',
      ]);
    });

    it.each([
      [
        "title: AWS WAF",
        "title: AWS: WAF",
        'topics/waf.md:3: yaml: a value holding ": " must be in quotes',
      ],
      ["title: AWS WAF\n", "", "topics/waf.md:2: title: is missing"],
      [
        "- Second point about AWS WAF.\n",
        "",
        "topics/waf.md:10: ## Key points: needs at least two key points",
      ],
      ["---\nid: waf", "id: waf", "topics/waf.md:1: front matter: must start with a --- line"],
      [
        "id: waf",
        "id: web-firewall",
        'topics/waf.md:2: id: "web-firewall" must match the file name "waf.md"',
      ],
    ])("reports only the topic file when it is broken: %j", (from, to, expected) => {
      const root = brokenCopy((deck) => {
        replaceIn(join(deck, "topics/waf.md"), from, to);
        replaceIn(join(deck, "topics/kms.md"), "related: []", "related: [waf]");
      });
      expect(lint(root)).toEqual([expected]);
    });

    it("reports only deck.yaml when it is broken, not what other decks name in it", () => {
      const root = brokenCopy((deck) => {
        const other = join(deck, "../other");
        cpSync(deck, other, { recursive: true });
        rmSync(join(other, "questions"), { recursive: true });
        rmSync(join(other, "topics/kms.md"));
        rmSync(join(other, "topics/shield.md"));
        replaceIn(join(other, "deck.yaml"), "id: mini", "id: other");
        replaceIn(join(other, "topics/waf.md"), "id: waf", "id: firewall");
        replaceIn(join(other, "topics/waf.md"), "related: []", "related: [kms]");
        renameSync(join(other, "topics/waf.md"), join(other, "topics/firewall.md"));
        replaceIn(join(deck, "deck.yaml"), "title: Mini deck", "title: Mini: deck");
      });
      expect(lint(root, root)).toEqual([
        'mini/deck.yaml:2: yaml: a value holding ": " must be in quotes',
      ]);
    });
  });

  describe("a duplicate id names both places", () => {
    it("within a file and across files", () => {
      const root = brokenCopy((deck) => {
        replaceIn(join(deck, "questions/shield.yaml"), "- id: shield-03", "- id: shield-01");
        replaceIn(join(deck, "questions/waf.yaml"), "- id: waf-01", "- id: kms-01");
      });
      expect(lint(root)).toEqual([
        'questions/shield.yaml:37: question 3: id: duplicate question id "shield-01", already used at questions/shield.yaml:1',
        'questions/waf.yaml:1: question 1: id: duplicate question id "kms-01", already used at questions/kms.yaml:1',
      ]);
    });

    it("across decks, for topics and questions", () => {
      const root = brokenCopy((deck) => {
        const other = join(deck, "../other");
        cpSync(deck, other, { recursive: true });
        replaceIn(join(other, "deck.yaml"), "id: mini", "id: other");
        rmSync(join(other, "questions/kms.yaml"));
        rmSync(join(other, "questions/shield.yaml"));
        rmSync(join(other, "topics/kms.md"));
        rmSync(join(other, "topics/shield.md"));
      });
      expect(lint(root, root)).toEqual([
        'other/questions/waf.yaml:1: question 1: id: duplicate question id "waf-01", already used at mini/questions/waf.yaml:1',
        'other/topics/waf.md:2: id: duplicate topic id "waf", already used at mini/topics/waf.md:2',
      ]);
    });
  });
});

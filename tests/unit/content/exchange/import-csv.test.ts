import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { importDeck } from "../../../../src/content/exchange/import.js";
import { loadLibrary } from "../../../../src/content/load.js";
import { FIXTURES, lintProblems, tempDir } from "./helpers.js";

const SAMPLE = join(FIXTURES, "questions.csv");

describe("content import: CSV", () => {
  it("imports the sample into a deck that loads and passes lint, reporting each bad row by line", () => {
    const out = tempDir();
    const result = importDeck({
      file: SAMPLE,
      deckId: "networking",
      title: "Networking",
      outDir: out,
    });

    // The physical line each bad row starts on: row 3 spans lines 3-4 (a line break in quotes).
    expect(result.problems).toEqual([
      { line: 7, message: "correct letter E but only 4 options" },
      { line: 8, message: "no reasons (why): give one per option, |-separated" },
      { line: 9, message: "a single question has exactly 4 options, found 3" },
      { line: 10, message: "option B is 179 characters (at most 160)" },
      { line: 11, message: 'kind "essay" is not single, multi or truefalse' },
      { line: 12, message: "no topic: every row names its topic (an id or a title)" },
      { line: 15, message: 'options A and B are the same ("addresses")' },
      { line: 16, message: "15 fields but the header names 13 columns (a comma outside quotes?)" },
    ]);
    expect(result).toMatchObject({ format: "csv", topics: 3, questions: 5 });
    expect(result.written.map((f) => f.slice(out.length + 1)).sort()).toEqual([
      "networking/deck.yaml",
      "networking/questions/dhcp.yaml",
      "networking/questions/dns.yaml",
      "networking/topics/dhcp.md",
      "networking/topics/dns.md",
      "networking/topics/nat.md",
    ]);
    expect(lintProblems(out)).toEqual([]);

    const library = loadLibrary(out);
    expect(library.decks.map((d) => [d.id, d.title, d.areas.map((a) => a.id)])).toEqual([
      ["networking", "Networking", ["networking"]],
    ]);
    const q = (id: string) => library.questions.find((x) => x.id === id)!;
    // Quoted commas and "" quotes, the BOM gone from the first column's name.
    expect(q("dns-01").prompt).toBe(
      "Which service turns names, like example.com, into IP addresses?",
    );
    expect(q("dns-01").explanation).toBe(
      'DNS, the Domain Name System, answers "what is the address of this name?" queries.',
    );
    // Select TWO from "A, B"; the line break inside the quoted explanation kept.
    expect(q("dns-02")).toMatchObject({ kind: "multi", select: 2, difficulty: "medium" });
    expect(
      q("dns-02")
        .options.filter((o) => o.correct)
        .map((o) => o.text),
    ).toEqual(["A", "AAAA"]);
    expect(q("dns-02").explanation).toBe(
      "A and AAAA records hold addresses.\nMX, TXT and CNAME records hold other things.",
    );
    // True/false with the options left out and the answer given as a word; "dns" is "DNS".
    expect(q("dns-03")).toMatchObject({ kind: "truefalse", topic: "dns" });
    expect(q("dns-03").options.map((o) => [o.text, o.correct])).toEqual([
      ["True", true],
      ["False", false],
    ]);
    // No id: the next free <topic>-NN; a valid id is kept; \| is a | in the text.
    expect(q("dhcp-01").options.find((o) => o.correct)?.text).toBe("DHCP");
    expect(q("dhcp-07")).toMatchObject({ kind: "multi", select: 2, difficulty: "hard" });
    expect(q("dhcp-07").options[4]?.text).toBe("The MAC address | hardware id");

    const topic = (id: string) => library.topics.find((t) => t.id === id)!;
    expect(topic("dns")).toMatchObject({
      title: "DNS",
      aliases: ["domain name system", "name resolution"],
      keyPoints: [
        "DNS maps names to IP addresses.",
        "Resolvers cache answers for the record's TTL.",
      ],
    });
    // A new topic with no card text: generated from its questions, and the summary says so.
    expect(topic("dhcp").summary).toMatch(/^DHCP\. Imported from questions\.csv.*generated/);
    expect(topic("dhcp").keyPoints).toContain(
      "DHCP leases an IP address and network settings to each host that asks.",
    );
    expect(topic("dhcp").example).toMatch(/generated on import: Which protocol gives/);
    // A row with a topic and no question describes the topic only.
    expect(topic("nat").example).toMatch(/^A home router/);
    expect(library.questions.filter((x) => x.topic === "nat")).toEqual([]);

    expect(result.warnings).toContainEqual({
      line: 6,
      message:
        'topic "dhcp": no summary, key points, example given: generated (the summary says so)',
    });
    // Quality aims are reported, not enforced: a fresh import rarely meets them.
    expect(
      result.warnings.some((w) => w.line === 0 && w.message.startsWith("quality aim missed")),
    ).toBe(true);
  });

  it("writes YAML that the deck's own files would: key order, quoting, no `correct: false`", () => {
    const out = tempDir();
    importDeck({ file: SAMPLE, deckId: "networking", outDir: out });
    const yaml = readFileSync(join(out, "networking/questions/dns.yaml"), "utf8");
    expect(yaml).toMatch(
      /^- id: dns-01\n {2}topic: dns\n {2}kind: single\n {2}difficulty: easy\n {2}prompt: /,
    );
    expect(yaml).toContain('    - text: "True"\n      correct: true\n');
    expect(yaml).not.toContain("correct: false");
    const card = readFileSync(join(out, "networking/topics/dns.md"), "utf8");
    expect(card).toMatch(
      /^---\nid: dns\ntitle: DNS\narea: networking\naliases: \[domain name system, name resolution\]\nrelated: \[\]\n---\n/,
    );
  });

  it("refuses to replace a deck unless told to, and then leaves no stale file", () => {
    const out = tempDir();
    expect(importDeck({ file: SAMPLE, deckId: "net", outDir: out }).problems).toHaveLength(8);
    const stale = join(out, "net/topics/stale.md");
    writeFileSync(stale, "not a card");
    const again = importDeck({ file: SAMPLE, deckId: "net", outDir: out });
    expect(again.written).toEqual([]);
    expect(again.problems).toEqual([
      {
        line: 0,
        message: `${join(out, "net")} already exists: choose another deck id, or overwrite it`,
      },
    ]);
    expect(existsSync(stale)).toBe(true);
    const forced = importDeck({ file: SAMPLE, deckId: "net", outDir: out, overwrite: true });
    expect(forced.questions).toBe(5);
    expect(existsSync(stale)).toBe(false);
    expect(lintProblems(out)).toEqual([]);
  });

  it("refuses every row when the why column is missing, and then writes nothing", () => {
    const dir = tempDir();
    const file = join(dir, "no-why.csv");
    writeFileSync(
      file,
      "topic,prompt,options,correct,explanation\nKMS,Which service manages keys?,KMS|IAM|WAF|VPC,A,KMS manages keys.\n",
    );
    const result = importDeck({ file, deckId: "keys", outDir: join(dir, "out") });
    expect(result.problems).toEqual([
      { line: 2, message: "no why column: our format needs one reason per option, |-separated" },
      { line: 0, message: "nothing to import: no row or note could be used" },
    ]);
    expect(result.written).toEqual([]);
    expect(existsSync(join(dir, "out/keys"))).toBe(false);
  });

  it("refuses a file without a header and reports an unclosed quote", () => {
    const dir = tempDir();
    const file = join(dir, "bad.csv");
    writeFileSync(file, "KMS,Which service manages keys?\n");
    const noHeader = importDeck({ file, deckId: "keys", outDir: dir });
    expect(noHeader.problems).toEqual([
      {
        line: 1,
        message: expect.stringMatching(
          /^the first row must be the header, naming at least a "topic" column/,
        ),
      },
      { line: 0, message: "nothing to import: no row or note could be used" },
    ]);
    expect(noHeader.warnings[0]).toEqual({
      line: 1,
      message: 'column "KMS" is not a known column: ignored',
    });
    expect(noHeader.written).toEqual([]);

    writeFileSync(
      file,
      'topic,kind,prompt,correct,why,explanation\nt,truefalse,Keys rotate.,A,Yes.|No.,They do.\nt,truefalse,"Never closed,A,Yes.|No.,x\n',
    );
    const unclosed = importDeck({ file, deckId: "keys", outDir: dir });
    expect(unclosed.problems).toEqual([
      { line: 3, message: "the quoted field opened on line 3 is never closed" },
    ]);
    expect(unclosed.questions).toBe(1);
    expect(lintProblems(join(dir, "keys"))).toEqual([]);
  });

  it("never throws on a file it cannot read or a bad deck id", () => {
    const dir = tempDir();
    expect(
      importDeck({ file: join(dir, "missing.csv"), deckId: "x", outDir: dir }).problems[0]?.message,
    ).toMatch(/^cannot read/);
    expect(
      importDeck({ file: SAMPLE, deckId: "Not An Id", outDir: dir }).problems[0]?.message,
    ).toMatch(/^deck id "Not An Id"/);
  });
});

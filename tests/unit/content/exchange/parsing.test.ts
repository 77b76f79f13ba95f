import { describe, expect, it } from "vitest";
import { parseCsv, stringifyCsv } from "../../../../src/content/exchange/csv.js";
import { decodeEntities, htmlToText } from "../../../../src/content/exchange/html-text.js";
import { nextQuestionId, slugify } from "../../../../src/content/exchange/ids.js";
import { detectFormat } from "../../../../src/content/exchange/import.js";
import { joinList, splitList } from "../../../../src/content/exchange/pipe-list.js";

describe("parseCsv", () => {
  it("reads quoted commas, quotes and line breaks, with the line each record starts on", () => {
    const text = '\uFEFFa,b\r\n"x, y","say ""hi"""\r\n\r\n"two\r\nlines",z\nlast,"q"\rcr,only\n';
    const { records, problems } = parseCsv(text);
    expect(problems).toEqual([]);
    expect(records).toEqual([
      { line: 1, fields: ["a", "b"] },
      { line: 2, fields: ["x, y", 'say "hi"'] },
      { line: 4, fields: ["two\nlines", "z"] },
      { line: 6, fields: ["last", "q"] },
      { line: 7, fields: ["cr", "only"] },
    ]);
  });

  it("reports an unclosed quote and text after a closing quote, never throws", () => {
    const bad = parseCsv('a,b\n"ok"x,y\nfine,row\n"open,z\nmore\n');
    expect(bad.records).toEqual([
      { line: 1, fields: ["a", "b"] },
      { line: 3, fields: ["fine", "row"] },
    ]);
    expect(bad.problems).toEqual([
      { line: 2, message: expect.stringContaining("after a closing quote") },
      { line: 4, message: "the quoted field opened on line 4 is never closed" },
    ]);
  });

  it("skips comment lines when asked, keeping them", () => {
    const { records, comments } = parseCsv('#separator:tab\na\t"#not a comment"\n', {
      delimiter: "\t",
      comment: "#",
    });
    expect(comments).toEqual([{ line: 1, text: "separator:tab" }]);
    expect(records).toEqual([{ line: 2, fields: ["a", "#not a comment"] }]);
  });

  it("writes what it reads", () => {
    const rows = [
      ["id", "text"],
      ["a", 'with "quotes", commas\nand lines'],
      ["b", " padded "],
    ];
    expect(parseCsv(stringifyCsv(rows)).records.map((r) => r.fields)).toEqual(rows);
  });
});

describe("| lists", () => {
  it("escape | and \\ so that any text round-trips", () => {
    const items = ["a | b", "C:\\temp", "ends with \\", "plain"];
    expect(joinList(items)).toBe("a \\| b|C:\\\\temp|ends with \\\\|plain");
    expect(splitList(joinList(items))).toEqual(items);
    expect(splitList("C:\\temp|x")).toEqual(["C:\\temp", "x"]);
    expect(splitList("")).toEqual([]);
    expect(splitList("a||b")).toEqual(["a", "", "b"]);
  });
});

describe("htmlToText", () => {
  it("strips tags, decodes entities, turns breaks into lines and drops media", () => {
    expect(htmlToText("<div>Tokyo&nbsp;<b>&amp;</b> Kyoto</div><div>2<br/>3</div>")).toBe(
      "Tokyo & Kyoto\n2\n3",
    );
    expect(htmlToText('a &lt;b&gt; &#39;c&#x27; <img src="x.png">[sound:x.mp3]')).toBe("a <b> 'c'");
    expect(htmlToText("<style>.x{}</style>x < y")).toBe("x < y");
    expect(decodeEntities("&unknown; &#0;")).toBe("&unknown; &#0;");
  });
});

describe("ids", () => {
  it("makes ids from titles and numbers questions", () => {
    expect(slugify("AWS Shield (Standard) & WAF")).toBe("aws-shield-standard-and-waf");
    expect(slugify("Café Crème")).toBe("cafe-creme");
    expect(slugify("日本語")).toBe("");
    expect(slugify("word ".repeat(30)).length).toBeLessThanOrEqual(60);
    expect(nextQuestionId("dns", new Set(["dns-01"]))).toBe("dns-02");
  });
});

describe("detectFormat", () => {
  it("goes by extension, then by content", () => {
    expect(detectFormat("a.csv", "#separator:tab")).toBe("csv");
    expect(detectFormat("a.txt", "topic,prompt")).toBe("anki");
    expect(detectFormat("a", "#separator:tab\nx\ty")).toBe("anki");
    expect(detectFormat("a", "front\tback")).toBe("anki");
    expect(detectFormat("a", "topic,prompt")).toBe("csv");
  });
});

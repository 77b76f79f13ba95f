import { describe, expect, it } from "vitest";
import {
  type AnswerChartData,
  answerAltText,
  renderAnswerChart,
} from "../../../src/charts/index.js";
import { THEME } from "../../../src/charts/theme.js";
import { countNear, decode, distinctColours, inkSpans, pngSize, shareUnlike } from "./pixels.js";

// Where a row is drawn (src/charts/answers/render.ts): 60 px a row below a 60 px heading.
const rowTop = (i: number) => 60 + i * 60;
const textBand = (i: number) => ({ x: 68, y: rowTop(i) + 6, width: 560, height: 18 });
const barLine = (i: number) => ({ x: 68, y: rowTop(i) + 38, width: 562, height: 1 });
const numbers = (i: number) => ({ x: 640, y: rowTop(i) + 32, width: 150, height: 20 });

function options(n: number, correct: number[] = [1]): AnswerChartData["options"] {
  return Array.from({ length: n }, (_, i) => ({
    letter: "ABCDEFGHIJKL"[i]!,
    text: `Option number ${i + 1}`,
    count: 0,
    correct: correct.includes(i),
  }));
}

/** Columns of one pixel row near a colour. */
function width(
  pixels: Awaited<ReturnType<typeof decode>>,
  hex: string,
  line: ReturnType<typeof barLine>,
) {
  return countNear(pixels, hex, line, 12);
}

describe("renderAnswerChart", () => {
  it("draws 5 options with no answers, the right one marked by more than colour", async () => {
    const chart = await renderAnswerChart({ answered: 0, options: options(5) });
    expect(pngSize(chart.png)).toEqual({ width: 800, height: 360 });
    expect([chart.width, chart.height]).toEqual([800, 360]);
    const pixels = await decode(chart.png);
    expect(distinctColours(pixels)).toBeGreaterThan(20);
    expect(shareUnlike(pixels, THEME.background)).toBeGreaterThan(0.8);
    for (let i = 0; i < 5; i++) {
      // Every option's text drew, and no bar is filled: nobody answered.
      expect(countNear(pixels, THEME.text, textBand(i), 60)).toBeGreaterThan(30);
      expect(width(pixels, THEME.right, barLine(i)) + width(pixels, THEME.wrong, barLine(i))).toBe(
        0,
      );
      // The letter's badge, the check mark and the word "right" in green, only for B.
      const badge = countNear(
        pixels,
        THEME.right,
        { x: 22, y: rowTop(i) + 14, width: 28, height: 28 },
        10,
      );
      expect(badge > 300).toBe(i === 1);
      const marks = countNear(pixels, THEME.right, numbers(i), 30);
      if (i === 1) expect(marks).toBeGreaterThan(40);
      else expect(marks).toBe(0);
    }
    expect(chart.alt).toContain("nobody answered");
    expect(chart.alt).toContain("Right: B (0%).");
    expect(chart.alt).toContain("B. Option number 2: 0 (0%, right)");
  });

  it("draws bars as long as each option's share of the people who answered", async () => {
    const chart = await renderAnswerChart({
      title: "Question of the day · KMS",
      answered: 30,
      options: [
        { letter: "A", text: "Customer managed keys", count: 12, correct: true },
        { letter: "B", text: "S3 bucket policy", count: 10, correct: false },
        { letter: "C", text: "IAM", count: 3, correct: false },
      ],
    });
    expect(pngSize(chart.png)).toEqual({ width: 800, height: 240 });
    const pixels = await decode(chart.png);
    // 562 px of track: 40% is about 225 px, 33% about 187, 10% about 56.
    expect(width(pixels, THEME.right, barLine(0))).toBeGreaterThan(215);
    expect(width(pixels, THEME.right, barLine(0))).toBeLessThan(235);
    expect(width(pixels, THEME.wrong, barLine(1))).toBeGreaterThan(177);
    expect(width(pixels, THEME.wrong, barLine(1))).toBeLessThan(197);
    expect(width(pixels, THEME.wrong, barLine(2))).toBeGreaterThan(46);
    expect(width(pixels, THEME.wrong, barLine(2))).toBeLessThan(66);
    expect(chart.alt).toBe(
      "Question of the day · KMS: how the channel answered, 30 people answered. Right: A (40%). " +
        "A. Customer managed keys: 12 (40%, right); B. S3 bucket policy: 10 (33%); C. IAM: 3 (10%).",
    );
  });

  it("cuts long option texts short of the numbers, and draws at most 8 options", async () => {
    const long = options(12).map((o) => ({
      ...o,
      text: `${o.text} ${"very long words ".repeat(20)}`,
      count: 2,
    }));
    const chart = await renderAnswerChart({ title: "T".repeat(500), answered: 4, options: long });
    expect(pngSize(chart.png)).toEqual({ width: 800, height: 60 + 8 * 60 });
    const pixels = await decode(chart.png);
    for (let i = 0; i < 8; i++) {
      // The option's text and its numbers: two stretches of ink with a gap between them.
      const band = { x: 60, y: rowTop(i) + 6, width: 730, height: 22 };
      const spans = inkSpans(pixels, band, THEME.panel, 16);
      expect(spans).toHaveLength(2);
      expect(spans[0]![1]).toBeLessThanOrEqual(630);
      expect(spans[0]![1]).toBeGreaterThan(560);
    }
    expect(chart.alt.length).toBeLessThanOrEqual(1000);
    expect(chart.alt).toContain("H. Option number 8");
    expect(chart.alt).not.toContain("Option number 9");
  });

  it("draws a question without options as a note, never an error", async () => {
    const chart = await renderAnswerChart({ answered: 3, options: [] });
    expect(pngSize(chart.png)).toEqual({ width: 800, height: 120 });
    const pixels = await decode(chart.png);
    expect(
      countNear(pixels, THEME.muted, { x: 300, y: 70, width: 200, height: 40 }, 40),
    ).toBeGreaterThan(20);
    expect(answerAltText({ answered: 3, options: [] })).toBe(
      "How the channel answered: no options.",
    );
  });

  it("never shows more picks of an option than people answered", () => {
    const alt = answerAltText({
      answered: 1,
      options: [{ letter: "A", text: "x", count: 4, correct: true }],
    });
    expect(alt).toContain("4 people answered");
    expect(alt).toContain("A. x: 4 (100%, right)");
  });
});

import { describe, expect, it } from "vitest";
import { leaderboardAltText, renderLeaderboardCard } from "../../../src/charts/index.js";
import { THEME } from "../../../src/charts/theme.js";
import { countNear, decode, distinctColours, inkSpans, pngSize, shareUnlike } from "./pixels.js";

// Where a row is drawn (src/charts/leaderboard/render.ts): 52 px a row below a 76 px heading.
const rowTop = (i: number) => 76 + i * 52;

function rows(n: number) {
  return Array.from({ length: n }, (_, i) => ({
    rank: i + 1,
    name: `Member ${i + 1}`,
    points: 500 - i * 20,
  }));
}

describe("renderLeaderboardCard", () => {
  it("draws ten rows, each with its name, the first three in medal colours", async () => {
    const card = await renderLeaderboardCard({ title: "This week", rows: rows(10) });
    expect(pngSize(card.png)).toEqual({ width: 800, height: 76 + 10 * 52 + 16 });
    const pixels = await decode(card.png);
    expect(distinctColours(pixels)).toBeGreaterThan(20);
    expect(shareUnlike(pixels, THEME.background)).toBeGreaterThan(0.5);
    expect(
      countNear(pixels, THEME.text, { x: 28, y: 24, width: 160, height: 34 }, 60),
    ).toBeGreaterThan(100);
    for (let i = 0; i < 10; i++) {
      const name = { x: 80, y: rowTop(i) + 14, width: 200, height: 24 };
      expect(countNear(pixels, THEME.text, name, 60)).toBeGreaterThan(40);
      const points = { x: 680, y: rowTop(i) + 14, width: 92, height: 24 };
      expect(countNear(pixels, THEME.text, points, 60)).toBeGreaterThan(40);
    }
    const badge = (i: number) => ({ x: 30, y: rowTop(i) + 10, width: 32, height: 32 });
    expect(countNear(pixels, THEME.gold, badge(0), 10)).toBeGreaterThan(200);
    expect(countNear(pixels, THEME.silver, badge(1), 10)).toBeGreaterThan(200);
    expect(countNear(pixels, THEME.bronze, badge(2), 10)).toBeGreaterThan(200);
    expect(countNear(pixels, THEME.gold, badge(3), 10)).toBe(0);
    expect(card.alt).toMatch(
      /^This week, top 10: 1\. Member 1, 500 points; 2\. Member 2, 480 points;/,
    );
    expect(card.alt).toContain("10. Member 10, 320 points.");
  });

  it("draws at most ten rows", async () => {
    const card = await renderLeaderboardCard({ rows: rows(25) });
    expect(pngSize(card.png)).toEqual({ width: 800, height: 612 });
    expect(card.alt).toContain("Leaderboard, top 10:");
    expect(card.alt).not.toContain("Member 11");
  });

  it("draws names as plain text, long ones ellipsised short of the points", async () => {
    const names = [
      "**Bold** <@123> @everyone",
      `The Incredibly Long Team Name ${"Of People Who Study ".repeat(10)}`,
      "\u202Eright-to-left\nand a line",
    ];
    const card = await renderLeaderboardCard({
      title: "Team leaderboard",
      rows: names.map((name, i) => ({ rank: i + 1, name, points: 100 - i, members: 3 })),
    });
    expect(pngSize(card.png)).toEqual({ width: 800, height: 76 + 3 * 52 + 16 });
    const pixels = await decode(card.png);
    // The long name, its team size and its points: three stretches of ink, none overlapping.
    const band = { x: 76, y: rowTop(1) + 12, width: 700, height: 28 };
    const spans = inkSpans(pixels, band, THEME.panel, 14);
    expect(spans).toHaveLength(3);
    expect(spans[0]![1]).toBeGreaterThan(450);
    // Markup stays as typed (alt text is plain); control and direction characters are gone.
    expect(card.alt).toContain("1. **Bold** <@123> @everyone (3 members), 100 points;");
    expect(card.alt).toContain("3. right-to-left and a line (3 members), 98 points.");
    expect(card.alt).toContain("2. The Incredibly Long Team Name Of People Who…");
  });

  it("draws an empty board as a friendly note", async () => {
    const card = await renderLeaderboardCard({ title: "All time", rows: [] });
    expect(pngSize(card.png)).toEqual({ width: 800, height: 144 });
    const pixels = await decode(card.png);
    expect(
      countNear(pixels, THEME.muted, { x: 250, y: 80, width: 300, height: 44 }, 40),
    ).toBeGreaterThan(50);
    expect(leaderboardAltText({ title: "All time", rows: [] })).toBe(
      "All time: nobody has points yet.",
    );
  });
});

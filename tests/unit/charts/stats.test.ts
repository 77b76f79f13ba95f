import { describe, expect, it } from "vitest";
import { renderStatsChart, type StatsChartData, statsAltText } from "../../../src/charts/index.js";
import { THEME } from "../../../src/charts/theme.js";
import {
  countNear,
  decode,
  distinctColours,
  ink,
  inkSpans,
  pngSize,
  rowRuns,
  shareUnlike,
} from "./pixels.js";

const TODAY = "2024-12-03";

function day(offset: number): string {
  return new Date(Date.parse(`${TODAY}T00:00:00Z`) + offset * 86_400_000)
    .toISOString()
    .slice(0, 10);
}

function stats(overrides: Partial<StatsChartData> = {}): StatsChartData {
  return {
    memberName: "Ana",
    today: TODAY,
    days: [],
    studyDays: [],
    streak: 0,
    forecast: [],
    areas: [],
    ...overrides,
  };
}

/** 12 days studied, 340 points, 50 answers of which 39 right (78%). */
const TWELVE_DAYS = Array.from({ length: 12 }, (_, i) => ({
  day: day(-i * 2),
  points: i === 0 ? 10 : 30,
  answered: i < 2 ? 5 : 4,
  correct: i < 2 || i === 11 ? 4 : 3,
}));

/** 23 due in the next 14 days, most (7) tomorrow, Dec 4; one day past the window is not counted. */
const FORECAST = [
  { day: day(0), due: 5 },
  { day: day(1), due: 7 },
  { day: day(7), due: 6 },
  { day: day(13), due: 5 },
  { day: day(14), due: 100 },
];

const AREAS = [
  { title: "Identity and access", mastery: 0.41 },
  { title: "Storage", mastery: 0.9 },
];

// Where things are drawn (src/charts/stats/render.ts): the title line, the two columns.
const TITLE = { x: 16, y: 12, width: 300, height: 34 };
const DAILY_PLOT = { x: 66, y: 122, width: 470, height: 238 };
const MASTERY = { x: 600, y: 330, width: 390, height: 350 };

async function expectPicture(data: StatsChartData) {
  const chart = await renderStatsChart(data);
  expect(pngSize(chart.png)).toEqual({ width: 1000, height: 700 });
  expect({ width: chart.width, height: chart.height }).toEqual({ width: 1000, height: 700 });
  const pixels = await decode(chart.png);
  expect(distinctColours(pixels)).toBeGreaterThan(40);
  // Panels, text and bars: far from a blank background.
  expect(shareUnlike(pixels, THEME.background)).toBeGreaterThan(0.5);
  expect(ink(pixels, TITLE, THEME.background)).toBeGreaterThan(150);
  expect(chart.alt.length).toBeGreaterThan(20);
  expect(chart.alt.length).toBeLessThanOrEqual(1000);
  return { chart, pixels };
}

describe("renderStatsChart", () => {
  it("draws a new member with no data as a friendly picture of empty panels", async () => {
    const { chart, pixels } = await expectPicture(stats({ memberName: "Newbie" }));
    // The header's note sits at the right of the title line.
    expect(
      ink(pixels, { x: 640, y: 18, width: 344, height: 24 }, THEME.background),
    ).toBeGreaterThan(100);
    expect(countNear(pixels, THEME.points, DAILY_PLOT)).toBe(0);
    expect(chart.alt).toBe(
      "Study progress of Newbie: nothing yet. No answers, study days, due cards or areas so far.",
    );
  });

  it("draws a single day: one bar and one accuracy dot", async () => {
    const { chart, pixels } = await expectPicture(
      stats({
        days: [{ day: TODAY, points: 20, answered: 2, correct: 1 }],
        studyDays: [TODAY],
        streak: 1,
      }),
    );
    expect(countNear(pixels, THEME.points, DAILY_PLOT, 10)).toBeGreaterThan(100);
    expect(countNear(pixels, THEME.accuracy, DAILY_PLOT, 10)).toBeGreaterThan(10);
    expect(chart.alt).toContain("1 day studied, 20 points, 2 answers, accuracy 50%.");
    expect(chart.alt).toContain("Streak 1 day.");
  });

  it("draws 30 days of bars and says the key numbers in the alt text", async () => {
    const thirty = Array.from({ length: 30 }, (_, i) => ({
      day: day(-i),
      points: 10 + i,
      answered: 2,
      correct: 1,
    }));
    const { pixels } = await expectPicture(stats({ days: thirty, streak: 30 }));
    // Thirty separate bars along a line just above the axis.
    const base = { x: DAILY_PLOT.x, y: 350, width: DAILY_PLOT.width, height: 1 };
    expect(columnRuns(pixels, THEME.points, base)).toBe(30);

    const alt = statsAltText(
      stats({ days: TWELVE_DAYS, streak: 5, forecast: FORECAST, areas: AREAS }),
    );
    expect(alt).toContain("12 days studied, 340 points, 50 answers, accuracy 78%.");
    expect(alt).toContain("Streak 5 days.");
    expect(alt).toContain("23 cards due in the next 14 days, most on Dec 4 (7).");
    expect(alt).toContain("Weakest area: Identity and access (41%)");
    expect(alt).toContain("strongest: Storage (90%)");
  });

  it("draws 20 areas as 20 bars, and no more than 20 of 25", async () => {
    const areas = Array.from({ length: 25 }, (_, i) => ({
      title: `Area ${i + 1} with a name long enough to need cutting short somewhere`,
      mastery: 0.1 + (i % 9) / 10,
    }));
    const { chart, pixels } = await expectPicture(stats({ areas }));
    expect(rowRuns(pixels, [THEME.points, THEME.accuracy], MASTERY, 10)).toBe(20);
    expect(chart.alt).toContain("Mastery across 20 areas.");
    // Names are ellipsised: no label runs into the bars' column.
    expect(
      ink(pixels, { x: 762, y: MASTERY.y, width: 3, height: MASTERY.height }, THEME.panel),
    ).toBe(0);
  });

  it("keeps a long member name on its line and the alt text within 1000 characters", async () => {
    const name = `Ana ${"Łukasz-Привет ".repeat(40)}`;
    const { chart, pixels } = await expectPicture(
      stats({
        memberName: name,
        days: TWELVE_DAYS,
        areas: Array.from({ length: 20 }, (_, i) => ({
          title: `${"Long area ".repeat(20)}${i}`,
          mastery: 0.5,
        })),
      }),
    );
    expect(chart.alt.length).toBeLessThanOrEqual(1000);
    // The title is cut short of the note at the right of its line: two stretches of text with a
    // clear gap between them, the title's running almost up to it.
    const spans = inkSpans(pixels, { x: 16, y: 12, width: 972, height: 34 }, THEME.background, 12);
    expect(spans).toHaveLength(2);
    const [title, note] = spans as [[number, number], [number, number]];
    expect(title[0]).toBeLessThan(20);
    expect(title[1]).toBeGreaterThan(800);
    expect(note[1]).toBeGreaterThan(980);
  });

  it("survives input that is wrong in every way", async () => {
    const junk = {
      memberName: "\u202Eevil\nname\u0000",
      today: "not a day",
      days: [
        { day: "2024-02-30", points: 5, answered: 1, correct: 1 },
        { day: TODAY, points: Number.NaN, answered: -3, correct: 99 },
        ...Array.from({ length: 5000 }, () => ({ day: TODAY, points: 1, answered: 1, correct: 1 })),
      ],
      studyDays: ["yesterday", ...Array.from({ length: 5000 }, (_, i) => day(-i))],
      streak: Number.POSITIVE_INFINITY,
      forecast: [{ day: "x", due: 3 }],
      areas: [{ title: "", mastery: 7 }],
    };
    const { chart } = await expectPicture(junk);
    expect(chart.alt).toContain("Study progress of evil name,");
    expect(chart.alt).toContain("Weakest area: (untitled) (100%)");
  });
});

/** Runs of consecutive columns in a one-pixel-high region near a colour: bars side by side. */
function columnRuns(
  pixels: Awaited<ReturnType<typeof decode>>,
  hex: string,
  region: { x: number; y: number; width: number; height: number },
): number {
  let runs = 0;
  let inRun = false;
  for (let x = region.x; x < region.x + region.width; x++) {
    const hit = countNear(pixels, hex, { x, y: region.y, width: 1, height: 1 }, 10) > 0;
    if (hit && !inRun) runs++;
    inRun = hit;
  }
  return runs;
}

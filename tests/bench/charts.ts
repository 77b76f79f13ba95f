/**
 * What a picture costs: each chart drawn many times (uncached, the data of a busy member), the
 * time per render with its spread over repeats, the CPU it takes (all threads: drawing on the
 * main one, PNG encoding on the pool's), and the memory a run of renders leaves.
 */
import {
  renderAnswerChart,
  renderLeaderboardCard,
  renderStatsChart,
} from "../../src/charts/index.js";
import type {
  AnswerChartData,
  LeaderboardCardData,
  StatsChartData,
} from "../../src/core/chart-data.js";
import { spread } from "./measure.js";

const RENDERS = 40;
const REPEATS = 3;

function day(offset: number): string {
  return new Date(Date.UTC(2026, 10, 28) + offset * 86_400_000).toISOString().slice(0, 10);
}

/** A member who studied most days for 12 weeks, with 20 areas: the largest stats picture. */
const stats: StatsChartData = {
  memberName: "A member with a rather long display name",
  today: day(0),
  days: Array.from({ length: 30 }, (_, i) => ({
    day: day(i - 29),
    points: 20 + ((i * 37) % 80),
    answered: 3 + (i % 9),
    correct: 2 + (i % 7),
  })),
  studyDays: Array.from({ length: 84 }, (_, i) => day(-i)).filter((_, i) => i % 5 !== 3),
  streak: 12,
  forecast: Array.from({ length: 14 }, (_, i) => ({ day: day(i), due: (i * 5) % 11 })),
  areas: Array.from({ length: 20 }, (_, i) => ({
    title: `Area ${i + 1} of the deck`,
    mastery: ((i * 7) % 100) / 100,
  })),
};
const answers: AnswerChartData = {
  title: "How the channel answered · AWS Shield",
  answered: 240,
  options: ["A", "B", "C", "D", "E"].map((letter, i) => ({
    letter,
    text: `An option that is about as long as the deck's options are, number ${i + 1}`,
    count: [120, 60, 30, 20, 10][i]!,
    correct: i === 0,
  })),
};
const leaderboard: LeaderboardCardData = {
  title: "Leaderboard: the last 7 days",
  rows: Array.from({ length: 10 }, (_, i) => ({
    rank: i + 1,
    name: `Player number ${i + 1}`,
    points: 500 - i * 37,
  })),
};

const CHARTS = [
  { name: "stats (1000×700)", render: () => renderStatsChart(stats) },
  { name: "answers (5 options)", render: () => renderAnswerChart(answers) },
  { name: "leaderboard (10 rows)", render: () => renderLeaderboardCard(leaderboard) },
];

export interface ChartCost {
  name: string;
  /** Milliseconds per render, wall clock: median and range over repeats. */
  ms: ReturnType<typeof spread>;
  /** CPU milliseconds per render, all threads. */
  mainMs: ReturnType<typeof spread>;
  bytes: number;
}

/** Renders every chart RENDERS times per repeat, repeats interleaved between the charts. */
export async function benchCharts(): Promise<{
  costs: ChartCost[];
  rssMb: { before: number; after: number };
}> {
  for (const chart of CHARTS) await chart.render(); // fonts, canvas and JIT warm
  const rssBefore = process.memoryUsage().rss;
  const runs = CHARTS.map(() => ({ ms: [] as number[], main: [] as number[], bytes: 0 }));
  for (let repeat = 0; repeat < REPEATS; repeat++) {
    for (const [i, chart] of CHARTS.entries()) {
      let busy = 0;
      const started = performance.now();
      for (let n = 0; n < RENDERS; n++) {
        const cpu = process.cpuUsage();
        const image = await chart.render();
        const used = process.cpuUsage(cpu);
        // The process's CPU time, every thread (drawing on the main one, PNG encoding on the
        // pool's): what a render costs the machine, beside the wall time it takes.
        busy += (used.user + used.system) / 1000;
        runs[i]!.bytes = image.png.length;
      }
      runs[i]!.ms.push((performance.now() - started) / RENDERS);
      runs[i]!.main.push(busy / RENDERS);
    }
  }
  const rssAfter = process.memoryUsage().rss;
  return {
    costs: CHARTS.map((chart, i) => ({
      name: chart.name,
      ms: spread(runs[i]!.ms),
      mainMs: spread(runs[i]!.main),
      bytes: runs[i]!.bytes,
    })),
    rssMb: { before: rssBefore / 2 ** 20, after: rssAfter / 2 ** 20 },
  };
}

/** The charts' table for the report. */
export function chartsTable(result: Awaited<ReturnType<typeof benchCharts>>): string[] {
  const f = (s: ReturnType<typeof spread>) =>
    `${s.median.toFixed(1)} (${s.min.toFixed(1)}–${s.max.toFixed(1)})`;
  return [
    `Pictures: ${RENDERS} renders a repeat, ${REPEATS} repeats, uncached`,
    "| chart | ms per render | CPU ms per render (all threads) | PNG KB |",
    "|---|---:|---:|---:|",
    ...result.costs.map(
      (c) => `| ${c.name} | ${f(c.ms)} | ${f(c.mainMs)} | ${(c.bytes / 1024).toFixed(0)} |`,
    ),
    `RSS ${result.rssMb.before.toFixed(0)} MB before the timed renders, ${result.rssMb.after.toFixed(0)} MB after ${RENDERS * REPEATS * CHARTS.length}.`,
  ];
}

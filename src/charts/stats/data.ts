import type { StatsChartData } from "../../core/chart-data.js";

export type { StatsChartData };

import { count, head, LIMITS, share } from "../bounds.js";
import { addDays, daysEnding, isDay, weekdayMondayFirst } from "../days.js";
import { plain } from "../text.js";

export interface DayBar {
  day: string;
  points: number;
  answered: number;
  correct: number;
}

/** The chart's input cut to what is drawn, with the figures the picture and alt text share. */
export interface StatsSummary {
  memberName: string;
  today: string;
  /** The last 30 days, oldest first, zeros where nothing was scored. */
  days: DayBar[];
  /** The calendar: whole weeks, Monday first, the last one holding today. */
  calendar: { day: string; studied: boolean; future: boolean }[][];
  streak: number;
  /** The next 14 days from today. */
  forecast: { day: string; due: number }[];
  areas: { title: string; mastery: number }[];
  /** Days with an answer among the last 30. */
  daysStudied: number;
  points: number;
  answered: number;
  correct: number;
  /** Right answers over answers in the last 30 days; null with no answers. */
  accuracy: number | null;
  dueTotal: number;
  /** The forecast day with most cards due (the first such); null when none are due. */
  busiest: { day: string; due: number } | null;
  /** The area with the lowest mastery; null with no areas. */
  weakest: { title: string; mastery: number } | null;
  /** Nothing at all to draw: a member who has not started. */
  empty: boolean;
}

/** Cuts the input to what the chart draws and works out its figures; never throws. */
export function summarize(data: StatsChartData): StatsSummary {
  const today = isDay(data.today) ? data.today : newestDay(data);
  const scored = new Map<string, DayBar>();
  for (const d of head(data.days, LIMITS.input)) {
    if (!isDay(d?.day)) continue;
    const answered = count(d.answered);
    scored.set(d.day, {
      day: d.day,
      points: count(d.points),
      answered,
      correct: Math.min(count(d.correct), answered),
    });
  }
  const days = daysEnding(today, LIMITS.days).map(
    (day) => scored.get(day) ?? { day, points: 0, answered: 0, correct: 0 },
  );

  const studied = new Set(head(data.studyDays, LIMITS.input).filter(isDay));
  for (const d of days) if (d.answered > 0) studied.add(d.day);

  // The calendar ends with the week (Monday to Sunday) that holds today.
  const lastSunday = addDays(today, 6 - weekdayMondayFirst(today));
  const calendarDays = daysEnding(lastSunday, LIMITS.weeks * 7);
  const calendar = Array.from({ length: LIMITS.weeks }, (_, w) =>
    calendarDays
      .slice(w * 7, w * 7 + 7)
      .map((day) => ({ day, studied: studied.has(day) && day <= today, future: day > today })),
  );

  const due = new Map<string, number>();
  for (const f of head(data.forecast, LIMITS.input)) {
    if (isDay(f?.day)) due.set(f.day, (due.get(f.day) ?? 0) + count(f.due));
  }
  const forecast = Array.from({ length: LIMITS.forecastDays }, (_, i) => {
    const day = addDays(today, i);
    return { day, due: due.get(day) ?? 0 };
  });

  const areas = head(data.areas, LIMITS.areas)
    .filter((a) => a && typeof a.title === "string")
    .map((a) => ({ title: plain(a.title) || "(untitled)", mastery: share(a.mastery) }));

  const answered = sum(days.map((d) => d.answered));
  const correct = sum(days.map((d) => d.correct));
  const dueTotal = sum(forecast.map((f) => f.due));
  const busiest = forecast.reduce<{ day: string; due: number } | null>(
    (best, f) => (f.due > (best?.due ?? 0) ? f : best),
    null,
  );
  const weakest = areas.reduce<{ title: string; mastery: number } | null>(
    (low, a) => (low === null || a.mastery < low.mastery ? a : low),
    null,
  );
  const daysStudied = days.filter((d) => studied.has(d.day)).length;
  const points = sum(days.map((d) => d.points));
  const streak = count(data.streak);
  return {
    memberName: plain(typeof data.memberName === "string" ? data.memberName : ""),
    today,
    days,
    calendar,
    streak,
    forecast,
    areas,
    daysStudied,
    points,
    answered,
    correct,
    accuracy: answered > 0 ? correct / answered : null,
    dueTotal,
    busiest,
    weakest,
    empty:
      studied.size === 0 && points === 0 && dueTotal === 0 && areas.length === 0 && streak === 0,
  };
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

/** With no valid `today`, the newest day the data mentions, so the picture still draws. */
function newestDay(data: StatsChartData): string {
  const seen = [
    ...head(data.days, LIMITS.input).map((d) => d?.day),
    ...head(data.studyDays, LIMITS.input),
  ].filter(isDay);
  return seen.sort().at(-1) ?? "2000-01-01";
}

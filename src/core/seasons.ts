import { addDays, weekdayOf } from "./time.js";

/** How long a workspace's seasons run. */
export type SeasonLength = "weekly" | "monthly" | "quarterly";

export interface SeasonSettings {
  length: SeasonLength;
  /** Weekly: the weekday it starts (0 Sunday … 6 Saturday). Monthly, quarterly: the day of the month (1–28). */
  start: number;
}

export const DEFAULT_SEASON: SeasonSettings = { length: "monthly", start: 1 };
export const SEASON_LENGTH_SETTING = "season.length";
export const SEASON_START_SETTING = "season.start";

/** A season: its first UTC day, and the first day after it. */
export interface Season {
  start: string;
  end: string;
}

/** The settings as stored (workspace settings), or the default where unset or unreadable. */
export function seasonSettings(length: string | null, start: string | null): SeasonSettings {
  const l = length === "weekly" || length === "monthly" || length === "quarterly" ? length : null;
  if (!l) return DEFAULT_SEASON;
  const n = Number(start);
  const fallback = l === "weekly" ? 1 : 1;
  const ok = Number.isInteger(n) && (l === "weekly" ? n >= 0 && n <= 6 : n >= 1 && n <= 28);
  return { length: l, start: ok ? n : fallback };
}

/** The season a UTC day falls in. Pure: the same settings and day give the same season. */
export function seasonOf(settings: SeasonSettings, day: string): Season {
  if (settings.length === "weekly") {
    const back = (weekdayOf(day) - settings.start + 7) % 7;
    const start = addDays(day, -back);
    return { start, end: addDays(start, 7) };
  }
  const months = settings.length === "monthly" ? 1 : 3;
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  // Months counted from year 0; quarterly seasons start in January, April, July and October.
  let index = y * 12 + (m - 1);
  if (d < settings.start) index -= 1;
  index -= ((index % months) + months) % months;
  const at = (i: number) =>
    `${String(Math.floor(i / 12)).padStart(4, "0")}-${String((i % 12) + 1).padStart(2, "0")}-${String(settings.start).padStart(2, "0")}`;
  return { start: at(index), end: at(index + months) };
}

/** The season just before this one. */
export function previousSeason(settings: SeasonSettings, season: Season): Season {
  return seasonOf(settings, addDays(season.start, -1));
}

/** "Nov 2026", "Q4 2026", "week of 30 Nov 2026": a season as people name it. */
export function seasonName(settings: SeasonSettings, season: Season): string {
  const date = new Date(`${season.start}T00:00:00Z`);
  const month = date.toLocaleString("en-GB", { month: "short", timeZone: "UTC" });
  const year = date.getUTCFullYear();
  if (settings.length === "weekly") return `week of ${date.getUTCDate()} ${month} ${year}`;
  if (settings.length === "quarterly")
    return `the quarter from ${date.getUTCDate()} ${month} ${year}`;
  return settings.start === 1
    ? `${month} ${year}`
    : `the month from ${date.getUTCDate()} ${month} ${year}`;
}

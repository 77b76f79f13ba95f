import type { Weekday } from "./commands.js";
import type { Schedule } from "./ports.js";
import { addDays, localDay, weekdayOf, zonedInstant } from "./time.js";

/** The default time a daily question stays open for answers. */
export const DEFAULT_OPEN_HOURS = 12;

/**
 * The first posting instant strictly after `after`: the schedule's local time on its next
 * local day that is one of its weekdays. Works in local dates, so a clock change neither skips
 * nor doubles a day.
 */
export function nextRunAfter(
  schedule: Pick<Schedule, "time" | "timezone" | "days">,
  after: Date,
): Date {
  const days = new Set<Weekday>(schedule.days);
  let day = localDay(after, schedule.timezone);
  for (let i = 0; i < 9; i++, day = addDays(day, 1)) {
    if (!days.has(weekdayOf(day) as Weekday)) continue;
    const at = zonedInstant(day, schedule.time, schedule.timezone);
    if (at > after) return at;
  }
  throw new Error("a schedule must have at least one weekday");
}

const WEEKDAY_NAMES = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

export function describeDays(days: readonly Weekday[]): string {
  const set = [...new Set(days)].sort().join("");
  if (set === "0123456") return "every day";
  if (set === "12345") return "weekdays";
  if (set === "06") return "weekends";
  return [...new Set(days)]
    .sort()
    .map((d) => WEEKDAY_NAMES[d])
    .join(", ");
}

/** "Mon 30 Nov, 09:00 (Europe/Berlin)": an instant as the channel's clock shows it. */
export function formatLocal(instant: Date, timeZone: string): string {
  const text = new Intl.DateTimeFormat("en-GB", {
    timeZone,
    weekday: "short",
    day: "numeric",
    month: "short",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).format(instant);
  return `${text} (${timeZone})`;
}

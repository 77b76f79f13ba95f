/** Calendar arithmetic for UTC instants, local dates and IANA time zones, without a library. */

const MINUTE = 60_000;
export const DAY_MS = 86_400_000;

/** The UTC calendar date of an instant, as YYYY-MM-DD. */
export function utcDay(instant: Date): string {
  return instant.toISOString().slice(0, 10);
}

/** A YYYY-MM-DD date moved by `days` (negative goes back). */
export function addDays(day: string, days: number): string {
  return utcDay(new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS));
}

/** 0 = Sunday ... 6 = Saturday, for a YYYY-MM-DD date. */
export function weekdayOf(day: string): number {
  return new Date(`${day}T00:00:00Z`).getUTCDay();
}

let zoneNames: Map<string, string> | undefined;

/** The canonical IANA name for a zone typed in any letter case, or null when there is none. */
export function canonicalTimeZone(input: string): string | null {
  const wanted = input.trim();
  if (!wanted || wanted.length > 64) return null;
  zoneNames ??= new Map(
    [...Intl.supportedValuesOf("timeZone"), "UTC"].map((z) => [z.toLowerCase(), z]),
  );
  const known = zoneNames.get(wanted.toLowerCase());
  if (known) return known;
  try {
    // Aliases such as "Asia/Calcutta" are valid but not listed; Intl resolves them.
    return new Intl.DateTimeFormat("en-US", { timeZone: wanted }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

/** Zone names starting with (or containing) the text, for autocomplete. */
export function suggestTimeZones(text: string, limit = 25): string[] {
  canonicalTimeZone("UTC");
  const wanted = text.trim().toLowerCase();
  const all = [...(zoneNames?.values() ?? [])];
  const starts = all.filter((z) => z.toLowerCase().startsWith(wanted));
  const contains = all.filter((z) => !starts.includes(z) && z.toLowerCase().includes(wanted));
  return [...starts, ...contains].slice(0, limit);
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall-clock reading of an instant in a zone, as if it were a UTC instant (ms). */
function wallClock(instantMs: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(instantMs))) {
    if (p.type !== "literal") parts[p.type] = Number(p.value);
  }
  return Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!);
}

/** The local calendar date (YYYY-MM-DD) of an instant in a zone. */
export function localDay(instant: Date, timeZone: string): string {
  if (timeZone === "UTC") return utcDay(instant);
  return new Date(wallClock(instant.getTime(), timeZone)).toISOString().slice(0, 10);
}

/**
 * The instant at which a zone's clocks read `time` on `day`. When that reading happens twice
 * (clocks go back) the earlier one; when it never happens (clocks go forward) the first minute
 * after the gap, so a post set inside the gap still goes out that day.
 */
export function zonedInstant(day: string, time: string, timeZone: string): Date {
  const target = Date.parse(`${day}T${time}:00Z`);
  if (timeZone === "UTC") return new Date(target); // the common case needs no Intl
  const offsetAt = (ms: number) => wallClock(ms, timeZone) - Math.floor(ms / MINUTE) * MINUTE;
  const offsets = new Set([offsetAt(target - DAY_MS), offsetAt(target), offsetAt(target + DAY_MS)]);
  const exact = [...offsets]
    .map((offset) => target - offset)
    .filter((ms) => wallClock(ms, timeZone) === target)
    .sort((a, b) => a - b);
  if (exact[0] !== undefined) return new Date(exact[0]);

  // Inside a gap: find the first minute whose wall clock has passed the target.
  let low = target - Math.max(...offsets);
  let high = target - Math.min(...offsets);
  while (high - low > MINUTE) {
    const mid = low + Math.floor((high - low) / 2 / MINUTE) * MINUTE;
    if (wallClock(mid, timeZone) >= target) high = mid;
    else low = mid;
  }
  return new Date(high);
}

/** Parses "7:05" or "07:05" into "07:05"; null when it is not a time of day. */
export function parseTimeOfDay(text: string): string | null {
  const match = /^(\d{1,2}):(\d{2})$/.exec(text.trim());
  if (!match) return null;
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  if (hours > 23 || minutes > 59) return null;
  return `${String(hours).padStart(2, "0")}:${match[2]}`;
}

/** "1 Dec 2026": a UTC day as people read it. */
export function formatDay(day: string): string {
  return new Intl.DateTimeFormat("en-GB", {
    timeZone: "UTC",
    day: "numeric",
    month: "short",
    year: "numeric",
  }).format(new Date(`${day}T00:00:00Z`));
}

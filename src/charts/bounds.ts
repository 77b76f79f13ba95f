/**
 * How much any chart draws, whatever it is given: the render's time and memory stay bounded,
 * and a picture stays readable.
 */
export const LIMITS = {
  /** Days of points and accuracy (the last 30, ending today). */
  days: 30,
  /** Weeks in the study-day calendar. */
  weeks: 12,
  /** Days of the due forecast, from today on. */
  forecastDays: 14,
  areas: 20,
  options: 8,
  rows: 10,
  /** Entries of any input list read at all; the rest is ignored unread. */
  input: 1000,
  /** Alt text, in characters: what the platforms take for an image description. */
  alt: 1000,
} as const;

/** A count to draw: a whole number, 0 for anything negative or not a number. */
export function count(n: number): number {
  return Number.isFinite(n) && n > 0 ? Math.min(Math.floor(n), 1e9) : 0;
}

/** A share to draw: clamped to 0..1, 0 for anything not a number. */
export function share(n: number): number {
  return Number.isFinite(n) ? Math.min(1, Math.max(0, n)) : 0;
}

/** The first `limit` entries of a list that may be missing or huge. */
export function head<T>(list: readonly T[] | undefined, limit: number): T[] {
  return Array.isArray(list) ? list.slice(0, limit) : [];
}

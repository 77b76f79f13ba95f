import type { SKRSContext2D } from "@napi-rs/canvas";

/** Longest text measured for a label: longer input is cut first, so measuring stays cheap. */
const MAX_LABEL_CHARS = 120;

// Control characters, bidi overrides and isolates (a name could reverse the text after it),
// and the core's private-use markers of user text (src/core/user-text.ts) with their range.
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\ue000-\ue0ff]/g;

/**
 * Text a person supplied, made safe to draw: one line, no control or direction characters.
 * Canvas text is never markup, so nothing else needs escaping.
 */
export function plain(text: string): string {
  return text
    .replace(/[\r\n\t\u2028\u2029]+/g, " ")
    .replace(UNSAFE, "")
    .replace(/\s{2,}/g, " ")
    .trim()
    .slice(0, MAX_LABEL_CHARS * 2);
}

const graphemes = new Intl.Segmenter("en", { granularity: "grapheme" });

/**
 * The text as drawn in `maxWidth` pixels with the context's current font: whole, or cut at a
 * grapheme (never inside an emoji or accent) and ended with "…".
 */
export function ellipsize(ctx: SKRSContext2D, text: string, maxWidth: number): string {
  if (maxWidth <= 0) return "";
  const all = Array.from(graphemes.segment(text.slice(0, MAX_LABEL_CHARS * 2)), (s) => s.segment);
  if (all.length <= MAX_LABEL_CHARS && all.join("") === text) {
    if (ctx.measureText(text).width <= maxWidth) return text;
  }
  const parts = all.slice(0, MAX_LABEL_CHARS);
  const head = (n: number) => `${parts.slice(0, n).join("").trimEnd()}…`;
  // The longest head that fits with its ellipsis, by binary search: labels are measured a
  // handful of times, not once per character.
  let low = 0;
  let high = parts.length;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (ctx.measureText(head(mid)).width <= maxWidth) low = mid;
    else high = mid - 1;
  }
  return head(low);
}

/** A count with its noun: "1 day", "3 days". */
export function plural(n: number, noun: string, many = `${noun}s`): string {
  return `${n} ${n === 1 ? noun : many}`;
}

/** A share 0..1 as a whole percent: 0.784 is 78. */
export function percent(share: number): number {
  return Math.round(share * 100);
}

const shortDay = new Intl.DateTimeFormat("en-US", {
  timeZone: "UTC",
  month: "short",
  day: "numeric",
});

/** "Dec 4" for "2024-12-04"; days are UTC calendar dates, as the bot counts them. */
export function formatDay(day: string): string {
  return shortDay.format(new Date(`${day}T00:00:00Z`));
}

/**
 * Text cut to at most `max` characters, at a sentence or word where it can be, never inside a
 * surrogate pair.
 */
export function clampText(text: string, max: number): string {
  if (text.length <= max) return text;
  let head = "";
  for (const char of text) {
    if (head.length + char.length > max - 1) break;
    head += char;
  }
  const sentence = head.lastIndexOf(". ");
  if (sentence > max / 2) return head.slice(0, sentence + 1);
  const word = head.lastIndexOf(" ");
  return `${head.slice(0, word > max / 2 ? word : head.length)}…`;
}

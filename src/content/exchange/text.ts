/** Small text helpers shared by the import steps. */

/** Joins a text's lines with single spaces, as the topic card reader joins a paragraph. */
export function oneLine(text: string): string {
  return text
    .split(/\r\n?|\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .join(" ");
}

/**
 * `text` cut to at most `max` characters at a word boundary, with an ellipsis, so that a
 * generated line never breaks a schema limit. Shorter text comes back unchanged.
 */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const room = text.slice(0, max - 1);
  const space = room.lastIndexOf(" ");
  const cut = space > max / 2 ? room.slice(0, space) : room;
  return `${cut.replace(/[\s,;:.–—-]+$/, "")}…`;
}

/** The first sentence of `text` (up to the first ". ", "! " or "? "), or all of it. */
export function firstSentence(text: string): string {
  const match = /^.*?[.!?](?=\s|$)/s.exec(text.trim());
  return (match?.[0] ?? text).trim();
}

export const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

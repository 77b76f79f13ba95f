import { endsInsideSpan, USER_CLOSE } from "./user-text.js";

/**
 * Cuts text to at most `max` characters, ending with an ellipsis when it had to cut; never fails.
 * A cut inside a marked span of user text (user-text.ts) closes the span before the ellipsis, so
 * no marker is left without its pair.
 */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const head = text.slice(0, Math.max(0, max - 1));
  if (!endsInsideSpan(head)) return `${head}…`;
  const shorter = text.slice(0, Math.max(0, max - 2));
  return `${shorter}${endsInsideSpan(shorter) ? USER_CLOSE : ""}…`;
}

/**
 * Edits between two strings: inserting, deleting or changing a character, or swapping two
 * neighbours ("qiuz"), each count one.
 */
export function editDistance(a: string, b: string): number {
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d = Math.min(d, before[j - 2]! + 1);
      current.push(d);
    }
    before = previous;
    previous = current;
  }
  return previous[b.length]!;
}

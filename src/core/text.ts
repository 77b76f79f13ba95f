/** Cuts text to at most `max` characters, ending with an ellipsis when it had to cut; never fails. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}

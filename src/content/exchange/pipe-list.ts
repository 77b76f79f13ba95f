/**
 * The `|`-separated lists inside one CSV field (options, why, key_points, aliases, related,
 * confused_with). A `|` that belongs to the text is written `\|`, and a backslash `\\`; any
 * other backslash is kept as it is, so `C:\temp` needs no escaping by hand.
 */

/** Splits on unescaped `|`, trims each item. An empty field is an empty list. */
export function splitList(field: string): string[] {
  if (field.trim() === "") return [];
  const items: string[] = [];
  let current = "";
  for (let i = 0; i < field.length; i++) {
    const c = field[i];
    const next = field[i + 1];
    if (c === "\\" && (next === "|" || next === "\\")) {
      current += next;
      i++;
    } else if (c === "|") {
      items.push(current.trim());
      current = "";
    } else {
      current += c;
    }
  }
  items.push(current.trim());
  return items;
}

/** The inverse of splitList: every backslash and pipe escaped, so any text round-trips. */
export function joinList(items: readonly string[]): string {
  return items.map((item) => item.replace(/\\/g, "\\\\").replace(/\|/g, "\\|")).join("|");
}

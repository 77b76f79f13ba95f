import { renderMarked, stripMarkers } from "../../core/user-text.js";
import type { View } from "../../core/views.js";

/** Turns a view into plain terminal text: markdown marks stripped, options and buttons listed. */
export function renderText(view: View): string {
  const out: string[] = [];
  const icon = { info: "", success: "", warning: "⚠ ", error: "✖ " }[view.tone];
  // Titles carry their own mark (✅, ❌); the tone's icon is for bare messages such as errors.
  if (view.title) out.push(plain(view.title), "─".repeat(Math.min(60, plain(view.title).length)));
  if (view.text) out.push(view.title ? plain(view.text) : `${icon}${plain(view.text)}`);
  if (view.question) {
    for (const option of view.question.options)
      out.push(`  ${option.letter}) ${plain(option.text)}`);
  }
  for (const field of view.fields ?? []) {
    const value = plain(field.value);
    // Short values sit beside their name; lists and paragraphs go underneath.
    if (field.inline && !value.includes("\n")) out.push(`${plain(field.name)}: ${value}`);
    else out.push("", `${plain(field.name)}:`, indent(value));
  }
  if (view.buttons && view.buttons.length > 0) {
    out.push(
      "",
      view.buttons.map((b) => `[${plain(b.label)}: ${stripMarkers(b.command)}]`).join("  "),
    );
  }
  if (view.footer) out.push(plain(view.footer));
  return out.join("\n");
}

/** The core's marks stripped; user text shown exactly as typed, its own asterisks included. */
function plain(text: string): string {
  return renderMarked(
    text,
    (span) => span,
    (core) =>
      core
        .replace(/\*\*(.+?)\*\*/g, "$1")
        .replace(/`([^`]+)`/g, "$1")
        .replace(/(^|\s)_([^_\n]+)_(?=\s|$|[.,;:!?])/g, "$1$2"),
  );
}

function indent(text: string): string {
  return text
    .split("\n")
    .map((line) => `  ${line}`)
    .join("\n");
}

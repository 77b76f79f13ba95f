import { parseCsv } from "./csv.js";
import { htmlToText, looksLikeHtml, withoutMedia } from "./html-text.js";
import { oneLine } from "./text.js";
import type { ImportProblem } from "./types.js";

/** One Anki note as plain text: its first field is the front, the second the back. */
export interface AnkiNote {
  line: number;
  front: string;
  back: string;
  /** The note's Anki deck (`#deck column:`), or the file's (`#deck:`). */
  deck?: string;
  tags: string[];
}

export interface AnkiParse {
  notes: AnkiNote[];
  problems: ImportProblem[];
}

const SEPARATORS: Record<string, string> = {
  tab: "\t",
  comma: ",",
  semicolon: ";",
  space: " ",
  pipe: "|",
  colon: ":",
};

/** The `#key:value` lines at the top of the file, as Anki writes and reads them. */
interface Headers {
  separator: string;
  html: boolean | null;
  columns: string[] | null;
  deckColumn?: number;
  tagsColumn?: number;
  guidColumn?: number;
  notetypeColumn?: number;
  deck?: string;
  tags: string[];
}

function readHeaders(text: string): Headers {
  const headers: Headers = { separator: "", html: null, columns: null, tags: [] };
  const lines = text.replace(/^\uFEFF/, "").split(/\r\n?|\n/);
  let columns: string | null = null;
  for (const raw of lines) {
    if (!raw.startsWith("#")) break; // headers are only at the top, as in Anki
    const colon = raw.indexOf(":");
    if (colon < 0) continue;
    const key = raw.slice(1, colon).trim().toLowerCase();
    const value = raw.slice(colon + 1);
    const n = Number.parseInt(value.trim(), 10);
    if (key === "separator") {
      const name = value.trim().toLowerCase();
      headers.separator = SEPARATORS[name] ?? (value.length === 1 ? value : headers.separator);
    } else if (key === "html") headers.html = value.trim().toLowerCase() === "true";
    else if (key === "columns") columns = value;
    else if (key === "deck") headers.deck = value.trim();
    else if (key === "tags") headers.tags = value.trim().split(/\s+/).filter(Boolean);
    else if (key === "deck column" && n > 0) headers.deckColumn = n;
    else if (key === "tags column" && n > 0) headers.tagsColumn = n;
    else if (key === "guid column" && n > 0) headers.guidColumn = n;
    else if (key === "notetype column" && n > 0) headers.notetypeColumn = n;
  }
  if (!headers.separator) {
    // No #separator: Anki guesses from the data; tab first, as its own exports use.
    const data = lines.find((l) => l.trim() !== "" && !l.startsWith("#")) ?? "";
    headers.separator = [..."\t;,"].find((s) => data.includes(s)) ?? "\t";
  }
  if (columns !== null) headers.columns = columns.split(headers.separator).map((c) => c.trim());
  return headers;
}

/**
 * Reads an Anki "Notes in Plain Text" export: `#` headers, then one note per record (fields
 * quoted as in CSV when they hold the separator, a quote or a line break). A note with no
 * front or back, or a cloze note (it has no back to quiz), is reported and left out.
 */
export function parseAnki(text: string): AnkiParse {
  const headers = readHeaders(text);
  const parsed = parseCsv(text, { delimiter: headers.separator, comment: "#" });
  const problems = [...parsed.problems];
  const meta = new Set(
    [headers.deckColumn, headers.tagsColumn, headers.guidColumn, headers.notetypeColumn]
      .filter((n): n is number => n !== undefined)
      .map((n) => n - 1),
  );
  const html = headers.html ?? parsed.records.some((r) => r.fields.some((f) => looksLikeHtml(f)));
  const clean = (field: string) => oneLine(html ? htmlToText(field) : withoutMedia(field));
  const [frontColumn, backColumn] = fieldColumns(
    headers,
    meta,
    parsed.records[0]?.fields.length ?? 0,
  );

  const notes: AnkiNote[] = [];
  for (const { line, fields } of parsed.records) {
    const rawFront = fields[frontColumn] ?? "";
    const front = clean(rawFront);
    const back = clean(fields[backColumn] ?? "");
    if (/\{\{c\d+::/.test(rawFront)) {
      problems.push({ line, message: "a cloze note: only front/back notes can be imported" });
      continue;
    }
    if (!front || !back) {
      const side = !front && !back ? "front and back are" : !front ? "front is" : "back is";
      problems.push({
        line,
        message: `the ${side} empty${fields.length < 2 ? ` (one field only: is the separator right? this file's is ${JSON.stringify(headers.separator)})` : " (media and HTML are left out)"}`,
      });
      continue;
    }
    const deck = headers.deckColumn ? oneLine(fields[headers.deckColumn - 1] ?? "") : headers.deck;
    const tags = headers.tagsColumn
      ? (fields[headers.tagsColumn - 1] ?? "").split(/\s+/).filter(Boolean)
      : headers.tags;
    notes.push({ line, front, back, ...(deck ? { deck } : {}), tags });
  }
  return { notes, problems };
}

/** Which fields are the front and back: named Front/Back in `#columns:`, else the first two. */
function fieldColumns(headers: Headers, meta: Set<number>, width: number): [number, number] {
  const named = (name: string) =>
    headers.columns?.findIndex((c, i) => !meta.has(i) && c.toLowerCase() === name) ?? -1;
  const front = named("front");
  const back = named("back");
  if (front >= 0 && back >= 0) return [front, back];
  const fields: number[] = [];
  for (let i = 0; i < Math.max(width, headers.columns?.length ?? 0, 2 + meta.size); i++) {
    if (!meta.has(i)) fields.push(i);
  }
  return [fields[0] ?? 0, fields[1] ?? 1];
}

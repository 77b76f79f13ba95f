import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { loadContent } from "../load.js";
import { formatProblem } from "../problems.js";
import type { Library, Question } from "../schema.js";
import { stringifyCsv } from "./csv.js";
import { type Column, CSV_COLUMNS } from "./csv-columns.js";
import { joinList } from "./pipe-list.js";
import type { ImportProblem } from "./types.js";

export interface ExportOptions {
  /** A deck folder (holding deck.yaml), or a content folder with `deckId` naming the deck. */
  deckDir?: string;
  /** An already loaded library, with `deckId`: for callers that have loaded the content. */
  library?: Library;
  deckId?: string;
  /** Write the CSV here; without it, it is only returned. */
  out?: string;
  /** The only format so far; here so that the CLI's `--csv` reads as what it asks for. */
  csv?: true;
}

export interface ExportResult {
  csv: string;
  rows: number;
  written: string[];
  problems: ImportProblem[];
}

/**
 * What the CLI's `content export <deck>` names: a folder holding deck.yaml, or else the id of
 * a deck in `contentDir`, loaded with the rest of the content (references may cross decks).
 */
export function exportTarget(deck: string, contentDir: string): ExportOptions {
  return existsSync(join(deck, "deck.yaml"))
    ? { deckDir: deck }
    : { deckDir: contentDir, deckId: deck };
}

/** Exports a deck as the CSV that importDeck reads, so that import(export(deck)) is the deck. */
export function exportDeck(options: ExportOptions): ExportResult {
  const empty: ExportResult = { csv: "", rows: 0, written: [], problems: [] };
  let library = options.library;
  if (!library) {
    if (!options.deckDir) return { ...empty, problems: [{ line: 0, message: "no deck given" }] };
    const loaded = loadContent(options.deckDir);
    if (loaded.problems.length > 0) {
      // A deck with problems would export as a CSV that imports as something else.
      return {
        ...empty,
        problems: loaded.problems.map((p) => ({ line: 0, message: formatProblem(p) })),
      };
    }
    library = loaded.library;
  }
  const deckId = options.deckId ?? (library.decks.length === 1 ? library.decks[0]?.id : undefined);
  if (!deckId || !library.decks.some((d) => d.id === deckId)) {
    const known = library.decks.map((d) => d.id).join(", ") || "none";
    const message = deckId
      ? `no deck "${deckId}" (decks: ${known})`
      : `name one deck (decks: ${known})`;
    return { ...empty, problems: [{ line: 0, message }] };
  }
  const { csv, rows } = deckToCsv(library, deckId);
  if (!options.out) return { ...empty, csv, rows };
  mkdirSync(dirname(options.out), { recursive: true });
  writeFileSync(options.out, csv);
  return { ...empty, csv, rows, written: [options.out] };
}

/**
 * One row per question, topics in the library's order and each topic's card columns on
 * every row of it (a topic without questions gets a row with no prompt), so that the CSV
 * holds everything a deck folder does except deck.yaml's description, exam and weights.
 */
export function deckToCsv(library: Library, deckId: string): { csv: string; rows: number } {
  const deck = library.decks.find((d) => d.id === deckId);
  const areaTitle = new Map(deck?.areas.map((a) => [a.id, a.title]) ?? []);
  const columns = CSV_COLUMNS.map((c) => c.name);
  const rows: string[][] = [columns];
  for (const topic of library.topics.filter((t) => t.deck === deckId)) {
    const card: Partial<Record<Column, string>> = {
      topic: topic.id,
      topic_title: topic.title,
      area: topic.area,
      area_title: areaTitle.get(topic.area) ?? "",
      summary: topic.summary,
      key_points: joinList(topic.keyPoints),
      example: topic.example,
      aliases: joinList(topic.aliases),
      related: joinList(topic.related),
      confused_with: joinList(topic.confused_with.map((c) => `${c.topic}: ${c.difference}`)),
    };
    const questions = library.questions.filter((q) => q.topic === topic.id);
    if (questions.length === 0) rows.push(columns.map((c) => card[c] ?? ""));
    for (const q of questions) {
      const row: Partial<Record<Column, string>> = { ...card, ...questionColumns(q) };
      rows.push(columns.map((c) => row[c] ?? ""));
    }
  }
  return { csv: stringifyCsv(rows), rows: rows.length - 1 };
}

function questionColumns(q: Question): Partial<Record<Column, string>> {
  return {
    id: q.id,
    kind: q.kind,
    difficulty: q.difficulty,
    prompt: q.prompt,
    options: joinList(q.options.map((o) => o.text)),
    correct: q.options
      .flatMap((o, i) => (o.correct ? [String.fromCharCode(65 + i)] : []))
      .join(" "),
    why: joinList(q.options.map((o) => o.why)),
    explanation: q.explanation,
  };
}

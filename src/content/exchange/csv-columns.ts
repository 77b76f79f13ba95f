import type { ImportProblem } from "./types.js";

/**
 * The columns of Studybot's question CSV, in the order `content export` writes them. On
 * import they may come in any order, names case-insensitive ("Key points" = key_points);
 * only `topic` is required in the header. `list` columns are `|`-separated (pipe-list.ts).
 */
export const CSV_COLUMNS = [
  { name: "id", list: false, doc: "question id; kept when valid and unused, else <topic-id>-NN" },
  { name: "topic", list: false, doc: "topic id or title (required); new topics are created" },
  { name: "topic_title", list: false, doc: "the topic's title, when `topic` is an id" },
  { name: "area", list: false, doc: "area id or title; default: one area named after the deck" },
  { name: "area_title", list: false, doc: "the area's title, when `area` is an id" },
  { name: "kind", list: false, doc: "single | multi | truefalse" },
  { name: "difficulty", list: false, doc: "easy | medium | hard (default medium)" },
  { name: "prompt", list: false, doc: "the question; empty for a row that only describes a topic" },
  { name: "options", list: true, doc: "the options, |-separated; truefalse: none or True|False" },
  { name: "correct", list: false, doc: "the right letters: B, or B D / B,D for multi" },
  { name: "why", list: true, doc: "one reason per option, |-separated (required)" },
  { name: "explanation", list: false, doc: "one to three sentences (required)" },
  { name: "summary", list: false, doc: "the topic card's summary" },
  { name: "key_points", list: true, doc: "the card's key points, |-separated (2 to 8)" },
  { name: "example", list: false, doc: "the card's example" },
  { name: "aliases", list: true, doc: "what people type to find the topic, |-separated" },
  { name: "related", list: true, doc: "related topic ids, |-separated" },
  { name: "confused_with", list: true, doc: "`topic-id: the difference` entries, |-separated" },
] as const;

export type Column = (typeof CSV_COLUMNS)[number]["name"];

/** Other names people give these columns in their own spreadsheets. */
const SYNONYMS: Record<string, Column> = {
  question: "prompt",
  type: "kind",
  answer: "correct",
  answers: "correct",
  reason: "why",
  reasons: "why",
  title: "topic_title",
  keypoints: "key_points",
  confused: "confused_with",
};

const KNOWN = new Set<string>(CSV_COLUMNS.map((c) => c.name));

export function normalizeColumn(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, "_");
}

export interface Header {
  /** Column name -> index of its field. */
  index: Map<Column, number>;
  width: number;
}

/** Reads the header row: problems mean no row can be read (nothing is imported). */
export function readHeader(
  fields: readonly string[],
  line: number,
): { header: Header | null; problems: ImportProblem[]; warnings: ImportProblem[] } {
  const index = new Map<Column, number>();
  const problems: ImportProblem[] = [];
  const warnings: ImportProblem[] = [];
  fields.forEach((raw, i) => {
    const name = normalizeColumn(raw);
    if (name === "") return;
    const column = (KNOWN.has(name) ? name : SYNONYMS[name]) as Column | undefined;
    if (!column) {
      warnings.push({ line, message: `column "${raw.trim()}" is not a known column: ignored` });
      return;
    }
    if (index.has(column)) {
      problems.push({ line, message: `the header names the column "${column}" twice` });
      return;
    }
    index.set(column, i);
  });
  if (!index.has("topic")) {
    problems.push({
      line,
      message: `the first row must be the header, naming at least a "topic" column (known columns: ${CSV_COLUMNS.map((c) => c.name).join(", ")})`,
    });
  }
  return {
    header: problems.length > 0 ? null : { index, width: fields.length },
    problems,
    warnings,
  };
}

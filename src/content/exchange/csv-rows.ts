import type { CsvRecord } from "./csv.js";
import { type RowTopic, readTopicFields } from "./csv-card.js";
import type { Column, Header } from "./csv-columns.js";
import { readQuestion } from "./csv-question.js";
import type { DraftQuestion, ImportProblem } from "./types.js";

export interface CsvRow {
  line: number;
  topic: RowTopic;
  question?: Omit<DraftQuestion, "topic">;
}

export interface RowResult {
  row: CsvRow | null;
  problems: ImportProblem[];
  warnings: ImportProblem[];
}

/**
 * Reads one data row. A row whose question breaks a rule of our format is refused whole
 * (`row: null`), with every reason; card text that breaks a limit is left out and reported,
 * and the row's question is still used.
 */
export function readRow(record: CsvRecord, header: Header): RowResult {
  const { line, fields } = record;
  const problems: string[] = [];
  const warnings: ImportProblem[] = [];
  const has = (c: Column) => header.index.has(c);
  const get = (c: Column) => {
    const i = header.index.get(c);
    return i === undefined ? "" : (fields[i] ?? "").trim();
  };
  const refuse = (): RowResult => ({
    row: null,
    problems: problems.map((message) => ({ line, message })),
    warnings,
  });

  const extra = fields.slice(header.width).filter((f) => f.trim() !== "");
  if (extra.length > 0) {
    problems.push(
      `${fields.length} fields but the header names ${header.width} columns (a comma outside quotes?)`,
    );
    return refuse();
  }

  const topic = readTopicFields(get, problems, warnings, line);
  if (!topic) return refuse();

  const questionColumns: Column[] = ["prompt", "options", "correct", "why", "explanation", "kind"];
  if (questionColumns.every((c) => get(c) === "")) {
    return {
      row: { line, topic },
      problems: problems.map((message) => ({ line, message })),
      warnings,
    };
  }
  const cardProblems = problems.length;
  const question = readQuestion(get, has, problems, warnings, line);
  if (!question || problems.length > cardProblems) return refuse();
  return {
    row: { line, topic, question },
    problems: problems.map((message) => ({ line, message })),
    warnings,
  };
}

import { existsSync, readFileSync } from "node:fs";
import { basename, extname, join } from "node:path";
import { missedAims } from "../quality.js";
import { parseAnki } from "./anki.js";
import { ankiToDraft } from "./anki-deck.js";
import { assembleDeck } from "./assemble.js";
import { csvToDraft } from "./csv-import.js";
import { isId } from "./ids.js";
import { LIMITS } from "./limits.js";
import { renderDeck } from "./render.js";
import { siblingIds } from "./siblings.js";
import { clip, plural } from "./text.js";
import type { DeckDraft, DraftArea, ImportProblem } from "./types.js";
import { writeDeckFolder } from "./write.js";

export type ImportFormat = "csv" | "anki";

export interface ImportOptions {
  file: string;
  deckId: string;
  title?: string;
  /** The folder that holds decks (the content folder); the deck goes to `<outDir>/<deckId>/`. */
  outDir: string;
  format?: ImportFormat;
  overwrite?: boolean;
  /** Picks the Anki questions' distractors and right-answer places; same seed, same deck. */
  seed?: number;
}

export interface ImportResult {
  format: ImportFormat | null;
  deckDir: string;
  written: string[];
  topics: number;
  questions: number;
  /** Rows or notes not used, and reasons nothing was written (line 0: the file as a whole). */
  problems: ImportProblem[];
  /** What was changed or generated on the way in, and the quality aims the deck misses. */
  warnings: ImportProblem[];
}

/**
 * Imports a CSV or an Anki "Notes in Plain Text" export as a deck folder. Never throws on
 * bad input: what it cannot use is in `problems`, and the rest is written, once the real
 * loader accepts it.
 */
export function importDeck(options: ImportOptions): ImportResult {
  const { file, deckId, outDir } = options;
  const deckDir = join(outDir, deckId);
  const result: ImportResult = {
    format: null,
    deckDir,
    written: [],
    topics: 0,
    questions: 0,
    problems: [],
    warnings: [],
  };
  const refuse = (message: string) => {
    result.problems.push({ line: 0, message });
    return result;
  };
  if (!isId(deckId)) {
    return refuse(
      `deck id "${deckId}": use lowercase letters, digits and single hyphens (at most 64)`,
    );
  }
  if (existsSync(join(outDir, "deck.yaml"))) {
    return refuse(`${outDir} is a deck folder itself: give the folder that holds decks`);
  }
  if (existsSync(deckDir) && !options.overwrite) {
    return refuse(`${deckDir} already exists: choose another deck id, or overwrite it`);
  }
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    return refuse(`cannot read ${file}: ${(error as Error).message}`);
  }
  const format = options.format ?? detectFormat(file, text);
  result.format = format;

  const source = basename(file);
  const title = options.title?.trim() || deckId;
  const defaultArea = { id: deckId, title: clip(title, LIMITS.areaTitle) };
  const draft = readDraft(format, text, defaultArea, source, options.seed ?? 1);

  const kind = format === "csv" ? "CSV" : "Anki notes";
  const { built, problems, warnings } = assembleDeck({
    deck: {
      id: deckId,
      title: clip(title, 120),
      description: "",
    },
    draft,
    source,
    taken: siblingIds(outDir, deckId),
  });
  result.problems.push(...problems);
  result.warnings.push(...warnings);
  if (built.topics.length === 0) return refuse("nothing to import: no row or note could be used");
  // Set once the deck is built: it counts what is written, not what the file held.
  built.deck.description = `Imported from ${clip(source, 200)} (${kind}): ${plural(built.topics.length, "topic")}, ${plural(built.questions.length, "question")}.`;

  const rendered = renderDeck(built);
  if (rendered.problems.length > 0) {
    for (const p of rendered.problems) refuse(`${p}: nothing written`);
    return result;
  }
  let write: ReturnType<typeof writeDeckFolder>;
  try {
    write = writeDeckFolder(outDir, deckId, rendered.files, options.overwrite === true);
  } catch (error) {
    return refuse(`cannot write ${deckDir}: ${(error as Error).message}`);
  }
  if (write.problems.length > 0) {
    for (const p of write.problems) refuse(`the written deck would not pass lint: ${p}`);
    return result;
  }
  result.written = write.written;
  result.topics = built.topics.length;
  result.questions = built.questions.length;
  // Quality aims are the deck's to meet later: a fresh import is reported, not refused.
  if (write.library) {
    for (const aim of missedAims(write.library)) {
      result.warnings.push({ line: 0, message: `quality aim missed: ${aim.text}` });
    }
  }
  return result;
}

function readDraft(
  format: ImportFormat,
  text: string,
  defaultArea: DraftArea,
  source: string,
  seed: number,
): DeckDraft {
  if (format === "csv") return csvToDraft(text, defaultArea);
  const anki = parseAnki(text);
  const draft = ankiToDraft(anki.notes, { defaultArea, source, seed });
  draft.problems.push(...anki.problems);
  draft.problems.sort((a, b) => a.line - b.line);
  return draft;
}

/** By extension (.csv; .txt or .tsv for Anki), else by content: Anki headers or tabs. */
export function detectFormat(file: string, text: string): ImportFormat {
  const ext = extname(file).toLowerCase();
  if (ext === ".csv") return "csv";
  if (ext === ".txt" || ext === ".tsv") return "anki";
  const first =
    text
      .replace(/^\uFEFF/, "")
      .split(/\r\n?|\n/)
      .find((l) => l.trim() !== "") ?? "";
  if (/^#(separator|html|columns|deck|notetype|tags|guid)\b/i.test(first)) return "anki";
  return first.includes("\t") && !first.includes(",") ? "anki" : "csv";
}

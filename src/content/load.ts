import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { basename, join, relative } from "node:path";
import type { z } from "zod";
import {
  deckSchema,
  type Library,
  type Question,
  questionSchema,
  topicBodySchema,
  topicFrontMatterSchema,
} from "./schema.js";
import { parseTopicFile } from "./topic-file.js";
import { YamlSource } from "./yaml-source.js";

/** One thing wrong with the content, pointing at the file, line and field to fix. */
export interface ContentProblem {
  file: string;
  line: number;
  field: string;
  message: string;
}

export interface LoadResult {
  library: Library;
  problems: ContentProblem[];
}

/** Thrown at start-up when the content has problems: the bot refuses to run on a broken deck. */
export class ContentError extends Error {
  constructor(readonly problems: ContentProblem[]) {
    super(
      `The content has ${problems.length} problem${problems.length === 1 ? "" : "s"}:\n${problems
        .map(formatProblem)
        .join("\n")}`,
    );
    this.name = "ContentError";
  }
}

export function formatProblem(p: ContentProblem): string {
  return `${p.file}:${p.line}: ${p.field}: ${p.message}`;
}

/** Loads and validates content, throwing ContentError when anything is wrong. */
export function loadLibrary(dir: string): Library {
  const { library, problems } = loadContent(dir);
  if (problems.length > 0) throw new ContentError(problems);
  return library;
}

/**
 * Loads every deck under `dir` (or `dir` itself when it holds a deck.yaml), collecting every
 * problem instead of stopping at the first, so that lint can report them all at once.
 */
export function loadContent(dir: string): LoadResult {
  const problems: ContentProblem[] = [];
  const library: Library = { decks: [], topics: [], questions: [] };
  const show = (file: string) => relative(process.cwd(), file) || file;

  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    problems.push({ file: show(dir), line: 1, field: "directory", message: "does not exist" });
    return { library, problems };
  }
  const deckDirs = existsSync(join(dir, "deck.yaml"))
    ? [dir]
    : readdirSync(dir, { withFileTypes: true })
        .filter((e) => e.isDirectory())
        .map((e) => join(dir, e.name))
        .sort();
  if (deckDirs.length === 0) {
    problems.push({ file: show(dir), line: 1, field: "directory", message: "holds no deck" });
  }

  // Where each id was defined, to report duplicates and to point cross-reference errors home.
  const topicHome = new Map<string, string>();
  const questionHome = new Map<string, string>();
  const references: { file: string; source: YamlSource; path: PropertyKey[]; id: string }[] = [];
  const areaRefs: { file: string; source: YamlSource; area: string; areas: Set<string> }[] = [];

  for (const deckDir of deckDirs) {
    const deckFile = join(deckDir, "deck.yaml");
    if (!existsSync(deckFile)) {
      problems.push({ file: show(deckDir), line: 1, field: "deck.yaml", message: "is missing" });
      continue;
    }
    const deckSource = new YamlSource(readFileSync(deckFile, "utf8"));
    const deck = validate(deckSchema, deckSource, show(deckFile), problems);
    if (!deck) continue;
    library.decks.push(deck);
    const areas = new Set(deck.areas.map((a) => a.id));

    for (const file of listFiles(join(deckDir, "topics"), ".md")) {
      const parsed = parseTopicFile(readFileSync(file, "utf8"));
      for (const p of parsed.problems) problems.push({ file: show(file), ...p });
      if (!parsed.frontMatter) continue;
      const front = validate(topicFrontMatterSchema, parsed.frontMatter, show(file), problems);
      const bodyResult = topicBodySchema.safeParse({
        summary: parsed.summary,
        keyPoints: parsed.keyPoints,
        example: parsed.example,
      });
      if (!bodyResult.success) {
        for (const issue of bodyResult.error.issues) {
          const field = String(issue.path[0] ?? "body") as keyof typeof parsed.lines;
          const section = { summary: "summary", keyPoints: "## Key points", example: "## Example" };
          problems.push({
            file: show(file),
            line: parsed.lines[field] ?? 1,
            field: section[field] ?? field,
            message: issue.message,
          });
        }
      }
      if (!front || !bodyResult.success) continue;
      const expected = basename(file, ".md");
      if (front.id !== expected) {
        problems.push({
          file: show(file),
          line: parsed.frontMatter.lineOf(["id"]),
          field: "id",
          message: `"${front.id}" must match the file name "${expected}.md"`,
        });
      }
      if (duplicate(topicHome, front.id, show(file), parsed.frontMatter, problems, "topic")) {
        continue;
      }
      areaRefs.push({ file: show(file), source: parsed.frontMatter, area: front.area, areas });
      front.related.forEach((id, i) => {
        references.push({
          file: show(file),
          source: parsed.frontMatter!,
          path: ["related", i],
          id,
        });
      });
      front.confused_with.forEach((c, i) => {
        references.push({
          file: show(file),
          source: parsed.frontMatter!,
          path: ["confused_with", i, "topic"],
          id: c.topic,
        });
      });
      library.topics.push({ ...front, ...bodyResult.data, deck: deck.id });
    }

    for (const file of listFiles(join(deckDir, "questions"), ".yaml")) {
      const source = new YamlSource(readFileSync(file, "utf8"));
      for (const e of source.syntaxErrors) {
        problems.push({ file: show(file), line: e.line, field: "yaml", message: e.message });
      }
      if (source.syntaxErrors.length > 0) continue;
      const items = source.toJS();
      if (!Array.isArray(items)) {
        problems.push({ file: show(file), line: 1, field: "questions", message: "must be a list" });
        continue;
      }
      items.forEach((item, index) => {
        const result = questionSchema.safeParse(item);
        if (!result.success) {
          for (const issue of result.error.issues) {
            pushIssue(problems, show(file), source, [index, ...issue.path], issue.message);
          }
          return;
        }
        const q: Question = result.data;
        if (duplicate(questionHome, q.id, show(file), source, problems, "question", [index])) {
          return;
        }
        const texts = new Set<string>();
        q.options.forEach((o, i) => {
          const key = o.text.toLowerCase();
          if (texts.has(key)) {
            pushIssue(problems, show(file), source, [index, "options", i, "text"], "repeats");
          }
          texts.add(key);
        });
        references.push({ file: show(file), source, path: [index, "topic"], id: q.topic });
        library.questions.push(q);
      });
    }
  }

  for (const ref of areaRefs) {
    if (!ref.areas.has(ref.area)) {
      pushIssue(
        problems,
        ref.file,
        ref.source,
        ["area"],
        `"${ref.area}" is not an area of the deck`,
      );
    }
  }
  for (const ref of references) {
    if (!topicHome.has(ref.id)) {
      pushIssue(problems, ref.file, ref.source, ref.path, `unknown topic "${ref.id}"`);
    }
  }
  problems.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
  return { library, problems };
}

function validate<T extends z.ZodType>(
  schema: T,
  source: YamlSource,
  file: string,
  problems: ContentProblem[],
): z.infer<T> | null {
  for (const e of source.syntaxErrors) problems.push({ file, field: "yaml", ...e });
  if (source.syntaxErrors.length > 0) return null;
  const result = schema.safeParse(source.toJS() ?? {});
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    pushIssue(problems, file, source, issue.path, issue.message);
  }
  return null;
}

function pushIssue(
  problems: ContentProblem[],
  file: string,
  source: YamlSource,
  path: readonly PropertyKey[],
  message: string,
): void {
  // zod says "expected string, received undefined" for a missing field; authors read "is missing".
  const friendly = /received undefined$/.test(message) ? "is missing" : message;
  problems.push({ file, line: source.lineOf(path), field: fieldName(path), message: friendly });
}

/** `[3, "options", 1, "why"]` -> `question 4: options[1].why`, as an author would look for it. */
function fieldName(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += out ? `[${key}]` : `question ${key + 1}:`;
    else out += out && !out.endsWith(":") ? `.${String(key)}` : `${out ? " " : ""}${String(key)}`;
  }
  return out || "(file)";
}

function duplicate(
  seen: Map<string, string>,
  id: string,
  file: string,
  source: YamlSource,
  problems: ContentProblem[],
  what: string,
  prefix: PropertyKey[] = [],
): boolean {
  const first = seen.get(id);
  if (first) {
    pushIssue(
      problems,
      file,
      source,
      [...prefix, "id"],
      `duplicate ${what} id "${id}" (first in ${first})`,
    );
    return true;
  }
  seen.set(id, file);
  return false;
}

function listFiles(dir: string, extension: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith(extension))
    .sort()
    .map((name) => join(dir, name));
}

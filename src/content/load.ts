import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { basename, join, relative } from "node:path";
import type { z } from "zod";
import { ContentError, type ContentProblem } from "./problems.js";
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

export interface LoadResult {
  library: Library;
  problems: ContentProblem[];
}

/** Loads and validates content, throwing ContentError when anything is wrong. */
export function loadLibrary(dir: string): Library {
  const { library, problems } = loadContent(dir);
  if (problems.length > 0) throw new ContentError(problems);
  return library;
}

/** Where an id was defined or named: the file and line an author would open. */
interface Place {
  file: string;
  line: number;
}

/** An id named in a field: a topic (`topic`, `related`, `confused_with`) or an area. */
interface Reference extends Place {
  field: string;
  id: string;
}

/** What loading collects across every deck, for the checks that span decks. */
interface Loading {
  library: Library;
  problems: ContentProblem[];
  show: (file: string) => string;
  topicHome: Map<string, Place>;
  questionHome: Map<string, Place>;
  /**
   * Ids of topic files that exist but did not load. Their own problems say why; references to
   * them stay quiet, since "unknown topic" would only repeat that once per question.
   */
  brokenTopics: Set<string>;
  references: Reference[];
  areaRefs: (Reference & { areas: Set<string> })[];
}

/**
 * Loads every deck under `dir` (or `dir` itself when it holds a deck.yaml), collecting every
 * problem instead of stopping at the first, so that lint can report them all at once.
 */
export function loadContent(dir: string): LoadResult {
  const ctx: Loading = {
    library: { decks: [], topics: [], questions: [] },
    problems: [],
    show: (file: string) => relative(process.cwd(), file) || file,
    topicHome: new Map(),
    questionHome: new Map(),
    brokenTopics: new Set(),
    references: [],
    areaRefs: [],
  };
  const { library, problems, show } = ctx;

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

  for (const deckDir of deckDirs) {
    const deckFile = join(deckDir, "deck.yaml");
    const topicFiles = listFiles(join(deckDir, "topics"), ".md");
    if (!existsSync(deckFile)) {
      problems.push({ file: show(deckDir), line: 1, field: "deck.yaml", message: "is missing" });
      for (const file of topicFiles) ctx.brokenTopics.add(basename(file, ".md"));
      continue;
    }
    const deckSource = new YamlSource(readFileSync(deckFile, "utf8"));
    const deck = validate(deckSchema, deckSource, show(deckFile), problems);
    if (!deck) {
      for (const file of topicFiles) ctx.brokenTopics.add(basename(file, ".md"));
      continue;
    }
    library.decks.push(deck);
    const areas = new Set(deck.areas.map((a) => a.id));
    for (const file of topicFiles) loadTopicFile(ctx, file, deck.id, areas);
    for (const file of listFiles(join(deckDir, "questions"), ".yaml")) loadQuestionFile(ctx, file);
  }

  for (const ref of ctx.areaRefs) {
    if (!ref.areas.has(ref.id)) {
      problems.push({ ...place(ref), message: `"${ref.id}" is not an area of the deck` });
    }
  }
  reportUnknownTopics(ctx);
  problems.sort(byPlace);
  return { library, problems };
}

function loadTopicFile(ctx: Loading, file: string, deck: string, areas: Set<string>): void {
  const { problems } = ctx;
  const shown = ctx.show(file);
  const expected = basename(file, ".md");
  const parsed = parseTopicFile(readFileSync(file, "utf8"));
  for (const p of parsed.problems) problems.push({ file: shown, ...p });
  const source = parsed.frontMatter;
  if (!source) {
    ctx.brokenTopics.add(expected);
    return;
  }
  const front = validate(topicFrontMatterSchema, source, shown, problems);
  // A section without its heading is left out, so that it reads "is missing", not "is empty".
  const body = {
    summary: parsed.summary || undefined,
    keyPoints: parsed.headings.keyPoints ? parsed.keyPoints : undefined,
    example: parsed.headings.example ? parsed.example : undefined,
  };
  const bodyResult = topicBodySchema.safeParse(body);
  if (!bodyResult.success) {
    const section = { summary: "summary", keyPoints: "## Key points", example: "## Example" };
    for (const issue of bodyResult.error.issues) {
      for (const e of explainIssue(issue, body)) {
        const part = String(e.path[0] ?? "summary") as keyof typeof section;
        problems.push({
          file: shown,
          line: parsed.lines[part] ?? parsed.lines.summary,
          field: section[part] ?? part,
          message: e.message,
        });
      }
    }
  }
  if (!front || !bodyResult.success) {
    ctx.brokenTopics.add(expected);
    const id = idIn(source.syntaxError ? undefined : source.toJS());
    if (id) ctx.brokenTopics.add(id);
    return;
  }
  if (front.id !== expected) {
    problems.push({
      file: shown,
      line: source.lineOf(["id"]),
      field: "id",
      message: `"${front.id}" must match the file name "${expected}.md"`,
    });
    // Whatever names the topic by its file name is right or wrong with the id: one problem.
    ctx.brokenTopics.add(expected);
  }
  const home = { file: shown, line: source.lineOf(["id"]) };
  if (duplicate(ctx.topicHome, front.id, home, problems, "topic", "id")) return;
  const ref = (path: PropertyKey[], id: string) => ({
    file: shown,
    line: source.lineOf(path),
    field: fieldName(path),
    id,
  });
  ctx.areaRefs.push({ ...ref(["area"], front.area), areas });
  front.related.forEach((id, i) => {
    ctx.references.push(ref(["related", i], id));
  });
  front.confused_with.forEach((c, i) => {
    ctx.references.push(ref(["confused_with", i, "topic"], c.topic));
  });
  ctx.library.topics.push({ ...front, ...bodyResult.data, deck });
}

function loadQuestionFile(ctx: Loading, file: string): void {
  const { problems } = ctx;
  const shown = ctx.show(file);
  const source = new YamlSource(readFileSync(file, "utf8"));
  const syntax = source.syntaxError;
  if (syntax) {
    problems.push({ file: shown, field: "yaml", ...syntax });
    return;
  }
  const items = source.toJS();
  if (!Array.isArray(items)) {
    problems.push({ file: shown, line: 1, field: "questions", message: "must be a list" });
    return;
  }
  const at = (path: PropertyKey[]) => ({
    file: shown,
    line: source.lineOf(path),
    field: fieldName(path),
  });
  items.forEach((item: unknown, index) => {
    const result = questionSchema.safeParse(item);
    if (!result.success) {
      for (const issue of result.error.issues) {
        for (const e of explainIssue(issue, item)) {
          problems.push({ ...at([index, ...e.path]), message: e.message });
        }
      }
      return;
    }
    const q: Question = result.data;
    const home = { file: shown, line: source.lineOf([index, "id"]) };
    if (duplicate(ctx.questionHome, q.id, home, problems, "question", fieldName([index, "id"]))) {
      return;
    }
    const texts = new Set<string>();
    q.options.forEach((o, i) => {
      const key = o.text.toLowerCase();
      if (texts.has(key))
        problems.push({ ...at([index, "options", i, "text"]), message: "repeats" });
      texts.add(key);
    });
    ctx.references.push({ ...at([index, "topic"]), id: q.topic });
    ctx.library.questions.push(q);
  });
}

/**
 * One problem per unknown topic id, at the first place that names it: a misspelt `topic` that
 * every question of a file repeats, or a topic file never written, is one thing to fix.
 */
function reportUnknownTopics(ctx: Loading): void {
  const unknown = new Map<string, Reference[]>();
  for (const ref of ctx.references) {
    if (ctx.topicHome.has(ref.id) || ctx.brokenTopics.has(ref.id)) continue;
    unknown.set(ref.id, [...(unknown.get(ref.id) ?? []), ref]);
  }
  const known = [...new Set([...ctx.topicHome.keys(), ...ctx.brokenTopics])];
  for (const [id, refs] of unknown) {
    const [first, ...rest] = refs.sort(byPlace);
    if (!first) continue;
    let message = `unknown topic "${id}"`;
    const close = closestIds(id, known);
    if (close.length > 0) message += ` (closest: ${close.map((c) => `"${c}"`).join(", ")})`;
    if (rest.length > 0) {
      const shown = rest.slice(0, 3).map((r) => `${r.file}:${r.line}`);
      if (rest.length > 3) shown.push(`${rest.length - 3} more`);
      message += `; also named at ${shown.join(", ")}`;
    }
    ctx.problems.push({ ...place(first), message });
  }
}

/** Up to three ids near enough to `id` to be what the author meant, nearest first. */
function closestIds(id: string, known: string[]): string[] {
  return known
    .map((k) => ({ k, d: editDistance(id, k) }))
    .filter(
      ({ k, d }) =>
        d <= Math.floor(Math.max(id.length, k.length) / 2) ||
        k.startsWith(`${id}-`) ||
        id.startsWith(`${k}-`),
    )
    .sort((a, b) => a.d - b.d || a.k.localeCompare(b.k))
    .slice(0, 3)
    .map(({ k }) => k);
}

/** Edits (insert, delete, replace, swap two neighbours) that turn `a` into `b`. */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  const at = (i: number, j: number) => d[i]?.[j] ?? Number.POSITIVE_INFINITY;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, at(i - 2, j - 2) + 1);
      }
      const row = d[i];
      if (row) row[j] = best;
    }
  }
  return at(a.length, b.length);
}

function validate<T extends z.ZodType>(
  schema: T,
  source: YamlSource,
  file: string,
  problems: ContentProblem[],
): z.infer<T> | null {
  const syntax = source.syntaxError;
  if (syntax) {
    problems.push({ file, field: "yaml", ...syntax });
    return null;
  }
  const input = source.toJS() ?? {};
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    for (const e of explainIssue(issue, input)) {
      problems.push({
        file,
        line: source.lineOf(e.path),
        field: fieldName(e.path),
        message: e.message,
      });
    }
  }
  return null;
}

type Issue = z.ZodError["issues"][number];

/**
 * A zod issue as the author should read it: a field left out "is missing" whatever type it
 * should have had (zod says "Invalid option" for an enum, "expected string, received undefined"
 * for text), and each unknown key is its own problem on its own line.
 */
function explainIssue(issue: Issue, input: unknown): { path: PropertyKey[]; message: string }[] {
  const path = [...issue.path];
  if (issue.code === "unrecognized_keys") {
    return issue.keys.map((key) => ({ path: [...path, key], message: "is not a known field" }));
  }
  const value = valueAt(input, path);
  if (path.length > 0 && value === undefined) return [{ path, message: "is missing" }];
  // `why:` with nothing after it is YAML's null: the same mistake as `why: ""`.
  if (value === null && issue.code === "invalid_type" && issue.expected === "string") {
    return [{ path, message: "must not be empty" }];
  }
  return [{ path, message: issue.message }];
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (typeof value !== "object" || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function idIn(value: unknown): string | undefined {
  if (typeof value !== "object" || value === null || !("id" in value)) return undefined;
  return typeof value.id === "string" ? value.id : undefined;
}

function place(ref: Reference): Omit<ContentProblem, "message"> {
  return { file: ref.file, line: ref.line, field: ref.field };
}

function byPlace(a: Place, b: Place): number {
  return a.file.localeCompare(b.file) || a.line - b.line;
}

/** `[3, "options", 1, "why"]` -> `question 4: options[1].why`, as an author would look for it. */
function fieldName(path: readonly PropertyKey[]): string {
  const [head, ...rest] = path;
  if (typeof head === "number") {
    return rest.length > 0 ? `question ${head + 1}: ${fieldName(rest)}` : `question ${head + 1}`;
  }
  let out = "";
  for (const key of path) {
    out += typeof key === "number" ? `[${key}]` : `${out ? "." : ""}${String(key)}`;
  }
  return out || "(file)";
}

/** Records `id` at `home`, or reports it as a duplicate naming where it was first used. */
function duplicate(
  seen: Map<string, Place>,
  id: string,
  home: Place,
  problems: ContentProblem[],
  what: string,
  field: string,
): boolean {
  const first = seen.get(id);
  if (first) {
    problems.push({
      ...home,
      field,
      message: `duplicate ${what} id "${id}", already used at ${first.file}:${first.line}`,
    });
    return true;
  }
  seen.set(id, home);
  return false;
}

function listFiles(dir: string, extension: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith(extension))
    .sort()
    .map((name) => join(dir, name));
}

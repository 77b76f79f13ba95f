import { parseCsv } from "./csv.js";
import type { RowTopic } from "./csv-card.js";
import { readHeader } from "./csv-columns.js";
import { type CsvRow, readRow } from "./csv-rows.js";
import { isId, slugify, uniqueId } from "./ids.js";
import type { DeckDraft, DraftArea, DraftTopic } from "./types.js";

/**
 * Reads our question CSV into a deck draft: rows into questions, the topics and areas they
 * name (created as they first appear), every unusable row reported with its line.
 */
export function csvToDraft(text: string, defaultArea: DraftArea): DeckDraft {
  const draft: DeckDraft = { areas: [], topics: [], questions: [], problems: [], warnings: [] };
  const parsed = parseCsv(text);
  draft.problems.push(...parsed.problems);
  const [first, ...records] = parsed.records;
  if (!first) {
    draft.problems.push({ line: 0, message: "the file holds no rows" });
    return draft;
  }
  const { header, problems, warnings } = readHeader(first.fields, first.line);
  draft.problems.push(...problems);
  draft.warnings.push(...warnings);
  if (!header) return draft;

  const rows: CsvRow[] = [];
  for (const record of records) {
    const result = readRow(record, header);
    draft.problems.push(...result.problems);
    draft.warnings.push(...result.warnings);
    if (result.row) rows.push(result.row);
  }
  const topics = new Topics(draft, defaultArea);
  for (const row of rows) {
    const topic = topics.add(row.topic, row.line);
    if (row.question) draft.questions.push({ ...row.question, topic: topic.id });
  }
  draft.problems.sort((a, b) => a.line - b.line);
  return draft;
}

/** Names to ids: an id is used as it is; a title becomes one (numbered when it has no letters). */
class Names {
  private readonly byKey = new Map<string, string>();
  private readonly taken = new Set<string>();

  constructor(private readonly fallback: string) {}

  id(ref: string): string {
    const key = isId(ref) ? ref : ref.toLowerCase();
    const known = this.byKey.get(key) ?? this.byKey.get(slugify(ref));
    if (known) return known;
    // An id is used as given; a title that slugifies to a known id names that same thing.
    const slug = isId(ref) ? ref : slugify(ref);
    const id = slug || uniqueId(`${this.fallback}-${this.taken.size + 1}`, this.taken);
    this.taken.add(id);
    this.byKey.set(key, id);
    this.byKey.set(id, id);
    return id;
  }
}

class Topics {
  private readonly byId = new Map<string, DraftTopic>();
  private readonly topicNames = new Names("topic");
  private readonly areaNames = new Names("area");
  private readonly areas = new Map<string, DraftArea>();
  /** Topics named only by id so far: a later row's title replaces the id as their title. */
  private readonly untitled = new Set<string>();

  constructor(
    private readonly draft: DeckDraft,
    private readonly defaultArea: DraftArea,
  ) {}

  add(fields: RowTopic, line: number): DraftTopic {
    const id = this.topicNames.id(fields.ref);
    const title = fields.title ?? (isId(fields.ref) ? undefined : fields.ref);
    const area = this.area(fields);
    let topic = this.byId.get(id);
    if (!topic) {
      topic = {
        line,
        id,
        title: title ?? id,
        area,
        aliases: fields.aliases ?? [],
        related: fields.related ?? [],
        confusedWith: fields.confusedWith ?? [],
      };
      if (fields.summary) topic.summary = fields.summary;
      if (fields.keyPoints) topic.keyPoints = fields.keyPoints;
      if (fields.example) topic.example = fields.example;
      if (!title) this.untitled.add(id);
      this.byId.set(id, topic);
      this.draft.topics.push(topic);
      return topic;
    }
    // Later rows of a topic fill in what earlier ones left empty; what differs is reported.
    const differs = (what: string) =>
      this.draft.warnings.push({
        line,
        message: `topic "${id}" already has a different ${what} (line ${topic.line}): kept the first`,
      });
    if (title && this.untitled.delete(id)) topic.title = title;
    else if (title && title !== topic.title) differs("title");
    if ((fields.area || fields.areaTitle) && area !== topic.area) differs("area");
    const card = topic;
    const fill = <
      K extends "summary" | "keyPoints" | "example" | "aliases" | "related" | "confusedWith",
    >(
      key: K,
      value: DraftTopic[K] | undefined,
      name: string,
    ) => {
      if (value === undefined || (Array.isArray(value) && value.length === 0)) return;
      const current = card[key];
      if (current === undefined || (Array.isArray(current) && current.length === 0))
        card[key] = value;
      else if (JSON.stringify(current) !== JSON.stringify(value)) differs(name);
    };
    fill("summary", fields.summary, "summary");
    fill("keyPoints", fields.keyPoints, "key_points");
    fill("example", fields.example, "example");
    fill("aliases", fields.aliases, "aliases");
    fill("related", fields.related, "related");
    fill("confusedWith", fields.confusedWith, "confused_with");
    return topic;
  }

  private area(fields: RowTopic): string {
    const ref = fields.area ?? (fields.areaTitle ? fields.areaTitle : undefined);
    const chosen = ref
      ? { id: this.areaNames.id(ref), title: fields.areaTitle ?? ref }
      : this.defaultArea;
    if (!this.areas.has(chosen.id)) {
      this.areas.set(chosen.id, chosen);
      this.draft.areas.push(chosen);
    }
    return chosen.id;
  }
}

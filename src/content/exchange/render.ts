import { isDeepStrictEqual } from "node:util";
import { Document, parse, YAMLSeq } from "yaml";
import {
  type Question,
  questionSchema,
  topicBodySchema,
  topicFrontMatterSchema,
} from "../schema.js";
import { parseTopicFile } from "../topic-file.js";
import type { BuiltDeck, TopicCard } from "./types.js";

/** The files of a deck folder, by path inside it. Pure: writing them is write.ts's job. */
export function renderDeck(built: BuiltDeck): { files: Map<string, string>; problems: string[] } {
  const files = new Map<string, string>();
  const problems: string[] = [];
  files.set("deck.yaml", renderDeckYaml(built.deck));
  for (const topic of built.topics) {
    const path = `topics/${topic.id}.md`;
    const text = renderTopic(topic);
    if (!topicReadsBack(text, topic)) problems.push(`${path} would not read back as written`);
    files.set(path, text);
    const questions = built.questions.filter((q) => q.topic === topic.id);
    if (questions.length === 0) continue;
    const qpath = `questions/${topic.id}.yaml`;
    const qtext = renderQuestions(questions);
    if (!questionsReadBack(qtext, questions))
      problems.push(`${qpath} would not read back as written`);
    files.set(qpath, qtext);
  }
  return { files, problems };
}

// Lines are kept whole, never folded: a folded line in front matter could read as the closing
// `---`, and the deck's own files keep options and reasons on one line however long.
const OPTIONS = { lineWidth: 0, flowCollectionPadding: false } as const;

export function renderDeckYaml(deck: BuiltDeck["deck"]): string {
  const doc = new Document({
    id: deck.id,
    title: deck.title,
    description: deck.description,
    areas: deck.areas.map((a) => ({ id: a.id, title: a.title })),
  });
  return doc.toString(OPTIONS);
}

/** Front matter in the key order of the deck's cards, aliases and related as [a, b] lists. */
export function renderTopic(topic: TopicCard): string {
  const doc = new Document({
    id: topic.id,
    title: topic.title,
    area: topic.area,
    aliases: topic.aliases,
    related: topic.related,
    ...(topic.confused_with.length > 0
      ? {
          confused_with: topic.confused_with.map((c) => ({
            topic: c.topic,
            difference: c.difference,
          })),
        }
      : {}),
  });
  for (const key of ["aliases", "related"]) {
    const node = doc.get(key, true);
    if (node instanceof YAMLSeq) node.flow = true;
  }
  return [
    "---",
    doc.toString(OPTIONS).trimEnd(),
    "---",
    topic.summary,
    "",
    "## Key points",
    ...topic.keyPoints.map((p) => `- ${p}`),
    "",
    "## Example",
    topic.example,
    "",
  ].join("\n");
}

/** A question list, one blank line between questions, fields in the deck's usual order. */
export function renderQuestions(questions: readonly Question[]): string {
  return questions
    .map((q) => {
      const doc = new Document([
        {
          id: q.id,
          topic: q.topic,
          kind: q.kind,
          ...(q.kind === "multi" ? { select: q.select } : {}),
          difficulty: q.difficulty,
          prompt: q.prompt,
          options: q.options.map((o) => ({
            text: o.text,
            ...(o.correct ? { correct: true } : {}),
            why: o.why,
          })),
          explanation: q.explanation,
        },
      ]);
      return doc.toString(OPTIONS);
    })
    .join("\n");
}

function topicReadsBack(text: string, topic: TopicCard): boolean {
  const parsed = parseTopicFile(text);
  if (!parsed.frontMatter || parsed.frontMatter.syntaxError || parsed.problems.length > 0) {
    return false;
  }
  const front = topicFrontMatterSchema.safeParse(parsed.frontMatter.toJS());
  const body = topicBodySchema.safeParse({
    summary: parsed.summary,
    keyPoints: parsed.keyPoints,
    example: parsed.example,
  });
  return front.success && body.success && isDeepStrictEqual({ ...front.data, ...body.data }, topic);
}

function questionsReadBack(text: string, questions: readonly Question[]): boolean {
  try {
    const items = parse(text) as unknown[];
    return (
      Array.isArray(items) &&
      items.length === questions.length &&
      items.every((item, i) => {
        const result = questionSchema.safeParse(item);
        return result.success && isDeepStrictEqual(result.data, questions[i]);
      })
    );
  } catch {
    return false;
  }
}

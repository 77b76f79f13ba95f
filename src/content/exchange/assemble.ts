import { questionSchema, topicBodySchema, topicFrontMatterSchema } from "../schema.js";
import { completeCard } from "./card.js";
import { nextQuestionId } from "./ids.js";
import type { SiblingIds } from "./siblings.js";
import type { BuiltDeck, DeckDraft, DraftQuestion, ImportProblem, TopicCard } from "./types.js";

export interface AssembleInput {
  deck: { id: string; title: string; description: string };
  draft: DeckDraft;
  /** The source file's name, for the generated text that says where a card came from. */
  source: string;
  /** Ids other decks in the target folder already use, with the deck that uses each. */
  taken?: SiblingIds;
}

export interface Assembled {
  built: BuiltDeck;
  problems: ImportProblem[];
  warnings: ImportProblem[];
}

const NONE: SiblingIds = { topics: new Map(), questions: new Map() };

/**
 * Settles ids, completes the cards, drops references to topics the deck does not have, and
 * checks every part against the real schema: what still fails is reported, not written.
 */
export function assembleDeck({ deck, draft, source, taken = NONE }: AssembleInput): Assembled {
  const problems = [...draft.problems];
  const warnings = [...draft.warnings];
  const topicIds = new Set(draft.topics.map((t) => t.id));
  for (const t of draft.topics) {
    const other = taken.topics.get(t.id);
    if (other) {
      warnings.push({
        line: t.line,
        message: `topic id "${t.id}" is also used by the deck ${other}: content lint reports ids used twice across decks`,
      });
    }
  }

  // Ids the source gave come first, so that a generated id never takes one a later row names.
  const used = new Set<string>(taken.questions.keys());
  const withIds: (DraftQuestion & { id: string })[] = [];
  const pending: DraftQuestion[] = [];
  for (const q of draft.questions) {
    if (q.id && !used.has(q.id)) {
      used.add(q.id);
      withIds.push({ ...q, id: q.id });
    } else {
      if (q.id) {
        const where = taken.questions.get(q.id);
        warnings.push({
          line: q.line,
          message: `id "${q.id}" is already used${where ? ` by the deck ${where}` : " by another row"}: a new one is generated`,
        });
      }
      pending.push(q);
    }
  }
  for (const q of pending) withIds.push({ ...q, id: nextQuestionId(q.topic, used) });
  withIds.sort((a, b) => a.line - b.line);

  const questions = [];
  for (const q of withIds) {
    const result = questionSchema.safeParse(toQuestion(q));
    if (result.success) questions.push(result.data);
    else problems.push(...issues(q.line, result.error.issues));
  }

  const topics: TopicCard[] = [];
  for (const t of draft.topics) {
    const own = withIds.filter((q) => q.topic === t.id);
    const card = completeCard(t, own, source);
    warnings.push(...card.warnings);
    const dropped = [...t.related, ...t.confusedWith.map((c) => c.topic)].filter(
      (id) => !topicIds.has(id) || id === t.id,
    );
    for (const id of new Set(dropped)) {
      warnings.push({
        line: t.line,
        message: `topic "${t.id}" names "${id}", which is not a topic of this import: left out`,
      });
    }
    const keep = (id: string) => topicIds.has(id) && id !== t.id;
    const front = topicFrontMatterSchema.safeParse({
      id: t.id,
      title: t.title,
      area: t.area,
      aliases: t.aliases,
      related: t.related.filter(keep),
      confused_with: t.confusedWith.filter((c) => keep(c.topic)),
    });
    const body = topicBodySchema.safeParse({
      summary: card.summary,
      keyPoints: card.keyPoints,
      example: card.example,
    });
    if (front.success && body.success) topics.push({ ...front.data, ...body.data });
    else {
      problems.push(
        ...issues(t.line, [...(front.error?.issues ?? []), ...(body.error?.issues ?? [])]),
      );
    }
  }
  const written = new Set(topics.map((t) => t.id));
  const kept = questions.filter((q) => written.has(q.topic));
  for (const q of withIds.filter((x) => !written.has(x.topic))) {
    problems.push({
      line: q.line,
      message: `its topic "${q.topic}" could not be written: left out`,
    });
  }
  const areas = draft.areas.filter((a) => topics.some((t) => t.area === a.id));
  problems.sort((a, b) => a.line - b.line);
  return {
    built: { deck: { ...deck, areas }, topics, questions: kept },
    problems,
    warnings,
  };
}

function toQuestion(q: DraftQuestion & { id: string }): unknown {
  const right = q.options.filter((o) => o.correct).length;
  return {
    id: q.id,
    topic: q.topic,
    kind: q.kind,
    ...(q.kind === "multi" ? { select: right } : {}),
    difficulty: q.difficulty,
    prompt: q.prompt,
    options: q.options,
    explanation: q.explanation,
  };
}

function issues(
  line: number,
  list: readonly { path: readonly PropertyKey[]; message: string }[],
): ImportProblem[] {
  return list.map((issue) => ({
    line,
    message: `${issue.path.map(String).join(".") || "value"}: ${issue.message}`,
  }));
}

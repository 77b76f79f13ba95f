import type { AnkiNote } from "./anki.js";
import { slugify, uniqueId } from "./ids.js";
import { LIMITS } from "./limits.js";
import { clip } from "./text.js";
import type { DeckDraft, DraftArea, DraftOption, DraftQuestion, DraftTopic } from "./types.js";

/** Three wrong options and the right one: a single-answer question needs four. */
const OPTIONS = 4;
const GENERATED = "(Generated from an Anki card.)";

/**
 * Anki notes into a deck draft: each note a topic card (title = front, summary = back), and,
 * when there are enough cards, a single-answer question whose right option is its back and
 * whose distractors are other cards' backs. Every generated text says what it is.
 */
export function ankiToDraft(
  notes: readonly AnkiNote[],
  options: { defaultArea: DraftArea; source: string; seed: number },
): DeckDraft {
  const draft: DeckDraft = { areas: [], topics: [], questions: [], problems: [], warnings: [] };
  const { defaultArea, source, seed } = options;
  const topicIds = new Set<string>();
  const areaIds = new Map<string, DraftArea>();
  const fronts = new Map<string, number>();
  const cards: { note: AnkiNote; topic: DraftTopic }[] = [];

  for (const note of notes) {
    const key = note.front.toLowerCase();
    const first = fronts.get(key);
    if (first !== undefined) {
      draft.problems.push({
        line: note.line,
        message: `the front "${clip(note.front, 60)}" repeats the note on line ${first}: left out`,
      });
      continue;
    }
    fronts.set(key, note.line);
    const area = areaOf(note, defaultArea, areaIds, draft);
    const id = uniqueId(slugify(note.front) || `card-${cards.length + 1}`, topicIds);
    if (note.front.length > LIMITS.title) {
      draft.warnings.push({
        line: note.line,
        message: `the front is longer than a title may be (${LIMITS.title} characters): the card's title is cut`,
      });
    }
    if (note.back.length > LIMITS.summary) {
      draft.warnings.push({
        line: note.line,
        message: `the back is longer than a summary may be (${LIMITS.summary} characters): the card's summary is cut`,
      });
    }
    const points = [`Front of the card: ${note.front}`, `Back of the card: ${note.back}`];
    if (note.tags.length > 0) points.push(`Anki tags: ${note.tags.join(", ")}`);
    const topic: DraftTopic = {
      line: note.line,
      id,
      title: clip(note.front, LIMITS.title),
      area,
      aliases: [],
      related: [],
      confusedWith: [],
      summary: clip(note.back, LIMITS.summary),
      keyPoints: points.map((p) => clip(p, LIMITS.keyPoint)),
      example: `Generated on import from the Anki note on line ${note.line} of ${clip(source, 120)}: Anki notes have no example of their own.`,
    };
    draft.topics.push(topic);
    cards.push({ note, topic });
  }

  // A back longer than an option may be cannot be one: that card is a topic card only.
  const usable = cards.filter(({ note }) => note.back.length <= LIMITS.option);
  for (const { note } of cards) {
    if (note.back.length > LIMITS.option) {
      draft.warnings.push({
        line: note.line,
        message: `the back is ${note.back.length} characters, longer than an option may be (${LIMITS.option}): a topic card only, no question`,
      });
    }
  }
  // Distractors are distinct backs, each named once, with the card it belongs to.
  const backs = new Map<string, { text: string; front: string }>();
  for (const { note } of usable) {
    const key = note.back.toLowerCase();
    if (!backs.has(key)) backs.set(key, { text: note.back, front: note.front });
  }
  if (backs.size < OPTIONS) {
    draft.warnings.push({
      line: 0,
      message: `only ${backs.size} distinct usable backs: a question needs 3 other cards' backs as distractors, so no questions were made`,
    });
    return draft;
  }
  for (const { note, topic } of usable) {
    draft.questions.push(question(note, topic, [...backs.values()], seed));
  }
  return draft;
}

function question(
  note: AnkiNote,
  topic: DraftTopic,
  backs: readonly { text: string; front: string }[],
  seed: number,
): DraftQuestion {
  const random = seeded(`${seed}:${topic.id}`);
  const others = shuffle(
    backs.filter((b) => b.text.toLowerCase() !== note.back.toLowerCase()),
    random,
  ).slice(0, OPTIONS - 1);
  const front = clip(note.front, 180);
  const options: DraftOption[] = others.map((b) => ({
    text: b.text,
    correct: false,
    why: `That answer belongs to the card for "${clip(b.front, 180)}".`,
  }));
  const right = Math.floor(random() * OPTIONS);
  options.splice(right, 0, {
    text: note.back,
    correct: true,
    why: `This is the back of the card for "${front}".`,
  });
  const ask = " → which answer is right?";
  return {
    line: note.line,
    topic: topic.id,
    kind: "single",
    difficulty: "easy",
    prompt: `${clip(note.front, LIMITS.prompt - ask.length)}${ask}`,
    options,
    explanation: `The card "${front}" has "${note.back}" on its back. ${GENERATED}`,
  };
}

function areaOf(
  note: AnkiNote,
  fallback: DraftArea,
  areas: Map<string, DraftArea>,
  draft: DeckDraft,
): string {
  const name = note.deck;
  const area =
    name && slugify(name) ? { id: slugify(name), title: clip(name, LIMITS.areaTitle) } : fallback;
  if (!areas.has(area.id)) {
    areas.set(area.id, area);
    draft.areas.push(area);
  }
  return area.id;
}

/** A small seeded generator (mulberry32 over an FNV-1a hash): same seed, same deck. */
export function seeded(key: string): () => number {
  let h = 2166136261;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  let state = h >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

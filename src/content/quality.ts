import type { Library, Question } from "./schema.js";

/**
 * What makes a deck guessable rather than learnable, measured per deck (issue #19): the right
 * option standing out as the unique longest, true/false questions (the exam has none) and how
 * their keys lean, Select TWO's share, options that say the same thing twice, and prompts asked
 * twice in other words. `content lint` reports these; the limits are the deck's aims.
 */
export interface DeckQuality {
  deck: string;
  questions: number;
  single: number;
  /** Single-answer questions whose right option is the one unique longest. */
  longestRight: number;
  trueFalse: number;
  /** True/false questions whose answer is "True". */
  trueRight: number;
  multi: number;
  /** Questions with two options of the same text. */
  duplicateOptions: string[];
  /** Pairs of questions whose prompts share nearly all their words. */
  nearDuplicatePrompts: [string, string][];
}

export const QUALITY_LIMITS = {
  /** At most this share of single-answer questions may have the unique longest right option. */
  longestRightShare: 0.3,
  /** At most this share of the deck may be true/false. */
  trueFalseShare: 0.05,
  /**
   * True/false keys are balanced when "True" is right in this share of them, give or take:
   * checked from six questions on (with fewer, one question swings the share too far).
   */
  trueKeyShare: [0.35, 0.65],
  trueKeyFrom: 6,
  /** At least this share of the deck is Select TWO (or more). */
  multiShare: 0.2,
  /** Word overlap (Jaccard) from which two prompts count as the same question. */
  nearDuplicate: 0.85,
} as const;

/** Every aim a deck misses, as report lines: `content lint` fails on any, and so does the deck test. */
export function missedAims(library: Library): { deck: string; text: string }[] {
  return deckQuality(library).flatMap((q) =>
    qualityLines(q)
      .filter((line) => line.over)
      .map((line) => ({ deck: q.deck, text: line.text })),
  );
}

export function deckQuality(library: Library): DeckQuality[] {
  const deckOf = new Map(library.topics.map((t) => [t.id, t.deck]));
  return library.decks.map((deck) => {
    const questions = library.questions.filter((q) => deckOf.get(q.topic) === deck.id);
    const single = questions.filter((q) => q.kind === "single");
    const trueFalse = questions.filter((q) => q.kind === "truefalse");
    return {
      deck: deck.id,
      questions: questions.length,
      single: single.length,
      longestRight: single.filter(rightIsUniqueLongest).length,
      trueFalse: trueFalse.length,
      trueRight: trueFalse.filter((q) => q.options.find((o) => o.correct)?.text === "True").length,
      multi: questions.filter((q) => q.kind === "multi").length,
      duplicateOptions: questions.filter(hasDuplicateOptions).map((q) => q.id),
      nearDuplicatePrompts: nearDuplicates(questions),
    };
  });
}

/** The report's lines for one deck, each a measure with its aim; `over` marks one missed. */
export function qualityLines(q: DeckQuality): { text: string; over: boolean }[] {
  const share = (n: number, of: number) => (of === 0 ? 0 : n / of);
  const percent = (x: number) => `${Math.round(x * 100)}%`;
  const longest = share(q.longestRight, q.single);
  const tf = share(q.trueFalse, q.questions);
  const multi = share(q.multi, q.questions);
  const pairs = q.nearDuplicatePrompts.map(([a, b]) => `${a} ~ ${b}`);
  const [low, high] = QUALITY_LIMITS.trueKeyShare;
  const trueKeys = share(q.trueRight, q.trueFalse);
  const keysBalanced =
    q.trueFalse < QUALITY_LIMITS.trueKeyFrom || (trueKeys >= low && trueKeys <= high);
  return [
    {
      text: `the right option is the unique longest in ${percent(longest)} of single-answer questions (${q.longestRight} of ${q.single}; aim: at most ${percent(QUALITY_LIMITS.longestRightShare)})`,
      over: longest > QUALITY_LIMITS.longestRightShare,
    },
    {
      text: `true/false is ${percent(tf)} of the deck (${q.trueFalse}; aim: at most ${percent(QUALITY_LIMITS.trueFalseShare)}), "True" right in ${q.trueRight} of them (aim: ${percent(low)} to ${percent(high)})`,
      over: tf > QUALITY_LIMITS.trueFalseShare || !keysBalanced,
    },
    {
      text: `Select TWO is ${percent(multi)} of the deck (${q.multi}; aim: at least ${percent(QUALITY_LIMITS.multiShare)})`,
      over: multi < QUALITY_LIMITS.multiShare,
    },
    {
      text: `${q.duplicateOptions.length} question(s) with two options alike${q.duplicateOptions.length ? `: ${q.duplicateOptions.join(", ")}` : ""}`,
      over: q.duplicateOptions.length > 0,
    },
    {
      text: `${pairs.length} pair(s) of near-identical prompts${pairs.length ? `: ${pairs.slice(0, 10).join(", ")}${pairs.length > 10 ? ", …" : ""}` : ""}`,
      over: pairs.length > 0,
    },
  ];
}

function rightIsUniqueLongest(q: Question): boolean {
  const lengths = q.options.map((o) => o.text.trim().length);
  const longest = Math.max(...lengths);
  const right = q.options.findIndex((o) => o.correct);
  return lengths[right] === longest && lengths.filter((n) => n === longest).length === 1;
}

function hasDuplicateOptions(q: Question): boolean {
  const texts = q.options.map((o) => o.text.trim().toLowerCase());
  return new Set(texts).size < texts.length;
}

const words = (text: string) =>
  new Set(
    text
      .toLowerCase()
      .replace(/[^a-z0-9\s]/g, " ")
      .split(/\s+/)
      .filter((w) => w.length > 2),
  );

function nearDuplicates(questions: readonly Question[]): [string, string][] {
  const sets = questions.map((q) => ({ id: q.id, words: words(q.prompt) }));
  const pairs: [string, string][] = [];
  for (let i = 0; i < sets.length; i++) {
    for (let j = i + 1; j < sets.length; j++) {
      const a = sets[i]!;
      const b = sets[j]!;
      let shared = 0;
      for (const w of a.words) if (b.words.has(w)) shared++;
      const union = a.words.size + b.words.size - shared;
      if (union > 0 && shared / union >= QUALITY_LIMITS.nearDuplicate) pairs.push([a.id, b.id]);
    }
  }
  return pairs;
}

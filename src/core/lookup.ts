import MiniSearch, { type SearchResult } from "minisearch";
import type { Topic } from "../content/schema.js";
import { editDistance } from "./text.js";

/**
 * Plain English words that carry no meaning in what people type ("what is the ..."). A deck adds
 * its own in deck.yaml (`lookup.stop_words`: "aws" and "amazon" in an AWS deck).
 */
const ENGLISH_STOP_WORDS =
  "a an and are about can do does for how i in is it me my of on or s the to what which who with".split(
    " ",
  );

export interface LookupSettings {
  /** Words ignored in queries, on top of plain English ones. */
  stopWords?: readonly string[];
  /** A word people type -> the words the deck's cards use for it. */
  synonyms?: Readonly<Record<string, string>>;
}

export interface LookupResult {
  /** The best topic, or null on a miss. */
  topic: Topic | null;
  /** Other likely topics (on a hit), or the closest ones (on a miss). */
  others: Topic[];
}

/** Finds topics by title, id, aliases and text: fuzzy, prefix-aware and typo-tolerant. */
export class TopicIndex {
  private readonly search: MiniSearch<Topic>;
  private readonly byId: Map<string, Topic>;
  private readonly byName = new Map<string, Topic>();
  private readonly stopWords: ReadonlySet<string>;
  private readonly synonyms: ReadonlyMap<string, string>;

  constructor(
    private readonly topics: readonly Topic[],
    settings: LookupSettings = {},
  ) {
    this.stopWords = new Set([...ENGLISH_STOP_WORDS, ...(settings.stopWords ?? [])]);
    this.synonyms = new Map(Object.entries(settings.synonyms ?? {}));
    const stopWords = this.stopWords;
    this.byId = new Map(topics.map((t) => [t.id, t]));
    for (const t of topics) {
      for (const name of [t.id, t.title, ...t.aliases]) this.byName.set(normalize(name), t);
    }
    this.search = new MiniSearch<Topic>({
      fields: ["title", "aliasText", "idText", "summary", "pointsText"],
      storeFields: [],
      extractField: (topic, field) => {
        if (field === "id") return topic.id;
        switch (field) {
          case "aliasText":
            return topic.aliases.join(" ");
          case "idText":
            return topic.id.replace(/-/g, " ");
          case "pointsText":
            return topic.keyPoints.join(" ");
          case "summary":
            return topic.summary;
          default:
            return topic.title;
        }
      },
      processTerm: (term) => {
        const word = term.toLowerCase();
        return stopWords.has(word) ? null : word;
      },
      searchOptions: {
        boost: { title: 4, aliasText: 4, idText: 3, summary: 1, pointsText: 0.5 },
        prefix: (term) => term.length >= 3,
        fuzzy: (term) => (term.length >= 5 ? 0.25 : term.length >= 4 ? 1 : 0),
        combineWith: "OR",
      },
    });
    this.search.addAll(topics);
  }

  get(id: string): Topic | undefined {
    return this.byId.get(id);
  }

  /** The topic a person most likely means by `term`. */
  lookup(term: string): LookupResult {
    const query = this.withSynonyms(term);
    return this.versus(query) ?? this.single(query);
  }

  /** The query with each word the deck knows another name for replaced by that name. */
  private withSynonyms(term: string): string {
    if (this.synonyms.size === 0) return term;
    return term
      .split(/(\s+)/)
      .map((word) => this.synonyms.get(word.toLowerCase()) ?? word)
      .join("");
  }

  /**
   * "X vs Y" (or "versus", "or", "compared to"): each side found on its own, and the card that
   * explains the difference wins (the side whose confusions name the other; X when both do),
   * with the other side offered first. Searching both names as one query would favour whichever
   * card's short title words match more, not the card that tells them apart.
   */
  private versus(term: string): LookupResult | null {
    const sides = term.split(/\s+(?:vs\.?|versus|compared to|or)\s+/i);
    if (sides.length !== 2) return null;
    const [a, b] = sides.map((side) => this.single(side).topic);
    if (!a || !b || a.id === b.id) return null;
    const explains = (x: Topic, y: Topic) => x.confused_with.some((c) => c.topic === y.id);
    const [topic, other] = explains(a, b) || !explains(b, a) ? [a, b] : [b, a];
    const rest = this.rank(term).filter((t) => t.id !== topic.id && t.id !== other.id);
    return { topic, others: [other, ...rest].slice(0, 3) };
  }

  private single(term: string): LookupResult {
    // A name, typed as it is or inside a question ("what is iam").
    const exact =
      this.byName.get(normalize(term)) ?? this.byName.get(meaningful(term, this.stopWords));
    const hits = this.rank(term);
    if (exact) {
      return { topic: exact, others: hits.filter((t) => t.id !== exact.id).slice(0, 3) };
    }
    if (hits.length > 0) return { topic: hits[0]!, others: hits.slice(1, 4) };
    return { topic: null, others: this.closest(term) };
  }

  /** Up to `limit` topics for a prefix, best first: for slash-command autocomplete. */
  autocomplete(prefix: string, limit = 25): Topic[] {
    const text = normalize(prefix);
    if (!text)
      return [...this.topics].sort((a, b) => a.title.localeCompare(b.title)).slice(0, limit);
    const starts = this.topics.filter(
      (t) => normalize(t.title).startsWith(text) || t.id.startsWith(text.replace(/ /g, "-")),
    );
    const seen = new Set(starts.map((t) => t.id));
    const rest = this.rank(prefix).filter((t) => !seen.has(t.id));
    return [...starts, ...rest].slice(0, limit);
  }

  private rank(term: string): Topic[] {
    const results: SearchResult[] = this.search.search(term.slice(0, 200));
    return results
      .map((r) => this.byId.get(String(r.id)))
      .filter((t): t is Topic => t !== undefined);
  }

  /** On a miss: the topics whose names are nearest by edit distance. */
  private closest(term: string): Topic[] {
    const text = normalize(term);
    const scored = this.topics.map((t) => ({
      topic: t,
      distance: Math.min(
        ...[t.title, t.id, ...t.aliases].map((n) => editDistance(text, normalize(n))),
      ),
    }));
    return scored
      .sort((a, b) => a.distance - b.distance)
      .slice(0, 3)
      .map((s) => s.topic);
  }
}

/** The words of a query that carry meaning, normalized. */
function meaningful(text: string, stopWords: ReadonlySet<string>): string {
  return normalize(text)
    .split(" ")
    .filter((word) => !stopWords.has(word))
    .join(" ");
}

export function normalize(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

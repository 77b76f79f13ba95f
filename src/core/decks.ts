import type { Deck, Library, Question, Topic } from "../content/schema.js";
import { TopicIndex } from "./lookup.js";
import { type DeckKey, deckKey } from "./ports.js";

/** One deck as the core studies it: its own library, lookup index and question ids. */
export interface DeckView {
  deck: Deck;
  /** This deck alone: its areas, topics and questions. */
  library: Library;
  index: TopicIndex;
  /** Its question ids, which store reads of cards filter by. */
  key: DeckKey;
}

/**
 * Every deck the bot teaches, each with its own topics, questions and lookup, and which one a
 * channel or member studies when nobody chose: the deck that says `default: true`, else the
 * first. Topic and question ids are unique across decks, so a question or topic names its deck.
 */
export class Decks {
  readonly all: readonly DeckView[];
  readonly default: DeckView;
  private readonly byId: ReadonlyMap<string, DeckView>;
  private readonly byTopic: ReadonlyMap<string, DeckView>;

  constructor(library: Library) {
    this.all = library.decks.map((deck) => {
      const topics = library.topics.filter((t) => t.deck === deck.id);
      const ids = new Set(topics.map((t) => t.id));
      const questions = library.questions.filter((q) => ids.has(q.topic));
      return {
        deck,
        library: { decks: [deck], topics, questions },
        index: new TopicIndex(topics, {
          stopWords: deck.lookup.stop_words,
          synonyms: deck.lookup.synonyms,
        }),
        key: deckKey(questions.map((q) => q.id)),
      };
    });
    if (this.all.length === 0) throw new Error("no deck to teach");
    this.default = this.all.find((d) => d.deck.default) ?? this.all[0]!;
    this.byId = new Map(this.all.map((d) => [d.deck.id, d]));
    this.byTopic = new Map(this.all.flatMap((d) => d.library.topics.map((t) => [t.id, d])));
  }

  /** A deck by id; undefined for one that is not (or no longer) in the content. */
  get(id: string): DeckView | undefined {
    return this.byId.get(id);
  }

  /** The deck chosen, or the default when none was (or it is gone). */
  chosen(id: string | null | undefined): DeckView {
    return (id ? this.byId.get(id) : undefined) ?? this.default;
  }

  ofTopic(topic: Pick<Topic, "id"> | string): DeckView | undefined {
    return this.byTopic.get(typeof topic === "string" ? topic : topic.id);
  }

  ofQuestion(question: Pick<Question, "topic">): DeckView | undefined {
    return this.byTopic.get(question.topic);
  }
}

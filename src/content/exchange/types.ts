import type { z } from "zod";
import type {
  deckSchema,
  Question,
  QuestionKind,
  topicBodySchema,
  topicFrontMatterSchema,
} from "../schema.js";

/**
 * Something an import could not use, or changed on the way in. `line` is the physical line
 * (1-based, the header included) where the row or note starts; 0 means the file as a whole.
 */
export interface ImportProblem {
  line: number;
  message: string;
}

export type Difficulty = Question["difficulty"];

export interface DraftOption {
  text: string;
  correct: boolean;
  why: string;
}

/** A question read from a row or made from a note, before ids are settled and it is checked. */
export interface DraftQuestion {
  line: number;
  topic: string;
  /** The id the source gave, when it was a valid one; otherwise one is generated. */
  id?: string;
  kind: QuestionKind;
  difficulty: Difficulty;
  prompt: string;
  options: DraftOption[];
  explanation: string;
}

export interface ConfusedWith {
  topic: string;
  difference: string;
}

/** A topic as the source describes it; the card parts it leaves out are generated later. */
export interface DraftTopic {
  line: number;
  id: string;
  title: string;
  area: string;
  aliases: string[];
  related: string[];
  confusedWith: ConfusedWith[];
  summary?: string;
  keyPoints?: string[];
  example?: string;
}

export interface DraftArea {
  id: string;
  title: string;
}

/** What a parser makes of a source file: the deck's parts, and what it could not use. */
export interface DeckDraft {
  areas: DraftArea[];
  topics: DraftTopic[];
  questions: DraftQuestion[];
  problems: ImportProblem[];
  warnings: ImportProblem[];
}

/** A topic card as written to topics/<id>.md: front matter and body, without the deck. */
export type TopicCard = z.output<typeof topicFrontMatterSchema> & z.output<typeof topicBodySchema>;

/** A deck ready to write: every part has passed the schema. */
export interface BuiltDeck {
  deck: z.input<typeof deckSchema>;
  topics: TopicCard[];
  questions: Question[];
}

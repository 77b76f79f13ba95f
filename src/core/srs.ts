import {
  type Card,
  createEmptyCard,
  type FSRS,
  fsrs,
  generatorParameters,
  Rating,
  type ReviewLog,
} from "ts-fsrs";
import type { CardState, ReviewLogEntry } from "./ports.js";

/**
 * Spaced repetition with FSRS (ts-fsrs). A once-a-day bot has no use for same-day learning
 * steps, so short-term scheduling is off: every review moves a card by whole days.
 */
export const scheduler: FSRS = fsrs(
  generatorParameters({ enable_short_term: false, enable_fuzz: true }),
);

export type AnswerRating = Rating.Again | Rating.Hard | Rating.Good | Rating.Easy;

/** Wrong -> Again, right -> Good: the rating follows from the answer. */
export function ratingFor(correct: boolean): AnswerRating {
  return correct ? Rating.Good : Rating.Again;
}

export function newCard(memberId: number, questionId: string, now: Date): CardState {
  return fromFsrs(memberId, questionId, createEmptyCard(now));
}

/** The card after one review, and the log of that review. Pure: `now` is an argument. */
export function review(
  card: CardState,
  rating: AnswerRating,
  now: Date,
): { card: CardState; log: ReviewLogEntry } {
  const result = scheduler.next(toFsrs(card), now, rating);
  return {
    card: fromFsrs(card.memberId, card.questionId, result.card),
    log: logEntry(card.memberId, card.questionId, result.log),
  };
}

/** The chance (0..1) that the member would answer right now; 0 for a card never reviewed. */
export function retrievability(card: CardState, now: Date): number {
  if (card.reps === 0) return 0;
  return scheduler.get_retrievability(toFsrs(card), now, false);
}

function toFsrs(card: CardState): Card {
  return {
    due: card.due,
    stability: card.stability,
    difficulty: card.difficulty,
    elapsed_days: card.elapsedDays,
    scheduled_days: card.scheduledDays,
    learning_steps: card.learningSteps,
    reps: card.reps,
    lapses: card.lapses,
    state: card.state,
    ...(card.lastReview ? { last_review: card.lastReview } : {}),
  };
}

function fromFsrs(memberId: number, questionId: string, c: Card): CardState {
  return {
    memberId,
    questionId,
    due: c.due,
    stability: c.stability,
    difficulty: c.difficulty,
    elapsedDays: c.elapsed_days,
    scheduledDays: c.scheduled_days,
    learningSteps: c.learning_steps,
    reps: c.reps,
    lapses: c.lapses,
    state: c.state,
    lastReview: c.last_review ?? null,
  };
}

function logEntry(memberId: number, questionId: string, log: ReviewLog): ReviewLogEntry {
  return {
    memberId,
    questionId,
    rating: log.rating,
    state: log.state,
    due: log.due,
    stability: log.stability,
    difficulty: log.difficulty,
    elapsedDays: log.elapsed_days,
    lastElapsedDays: log.last_elapsed_days,
    scheduledDays: log.scheduled_days,
    learningSteps: log.learning_steps,
    review: log.review,
  };
}

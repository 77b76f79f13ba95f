import type { AnswerRecord, CardState, QuizSession, ReviewLogEntry } from "../core/ports.js";

/**
 * The values an answer's statements bind, by position, in both stores' column order: the
 * answers row (ask_id, workspace_id, member_id, question_id, chosen, correct, points,
 * answered_at), the card and the review log (their columns in the order the types list them),
 * and the session's update (question_ids, position, correct, screen, state, current_ask_id,
 * ended_at, then the id it is for).
 * Positional: no parameter object to build and read back by name, on the busiest path.
 */
export function answerParams(
  a: AnswerRecord,
): [string, number, number, string, string, number, number, number] {
  return [
    a.askId,
    a.workspaceId,
    a.memberId,
    a.questionId,
    JSON.stringify(a.chosen),
    a.correct ? 1 : 0,
    a.points,
    a.answeredAt.getTime(),
  ];
}

export function cardParams(c: CardState): (string | number | null)[] {
  return [
    c.memberId,
    c.questionId,
    c.due.getTime(),
    c.stability,
    c.difficulty,
    c.elapsedDays,
    c.scheduledDays,
    c.learningSteps,
    c.reps,
    c.lapses,
    c.state,
    c.lastReview?.getTime() ?? null,
  ];
}

export function logParams(l: ReviewLogEntry): (string | number)[] {
  return [
    l.memberId,
    l.questionId,
    l.rating,
    l.state,
    l.due.getTime(),
    l.stability,
    l.difficulty,
    l.elapsedDays,
    l.lastElapsedDays,
    l.scheduledDays,
    l.learningSteps,
    l.review.getTime(),
  ];
}

export function sessionUpdateParams(
  s: QuizSession,
): [string, number, number, string | null, string, string | null, number | null, string] {
  return [
    JSON.stringify(s.questionIds),
    s.position,
    s.correct,
    s.screen,
    s.state,
    s.currentAskId,
    s.endedAt?.getTime() ?? null,
    s.id,
  ];
}

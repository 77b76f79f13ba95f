import { requiredPicks } from "../../content/schema.js";
import type { Env, Requester } from "../env.js";
import { UserError } from "../errors.js";
import type { Ask } from "../ports.js";
import { feedbackView } from "../question-view.js";
import { scoreAnswer } from "../scoring.js";
import { newCard, ratingFor, review } from "../srs.js";
import { utcDay, zonedInstant } from "../time.js";
import { LETTERS, type View } from "../views.js";
import { askSessionQuestion } from "./quiz.js";

/**
 * Records an answer: the member's card and review log, points and streak, all in one
 * transaction; a second answer to the same ask changes nothing. With no ask id (typed letters),
 * it answers the member's newest open question.
 */
export function answer(env: Env, r: Requester, letters: string, askId?: string): View[] {
  const ask = askId
    ? findAsk(env, r, askId)
    : env.store.latestOpenAsk(r.workspaceId, r.member.id, r.ctx.channelId, r.now);
  if (!ask) {
    throw new UserError(
      "You have no open question right now.",
      `Start one with ${r.cmd("quiz")} or ${r.cmd("review")}.`,
    );
  }
  if (ask.memberId !== null && ask.memberId !== r.member.id) {
    throw new UserError(
      "That quiz belongs to someone else.",
      `Start your own with ${r.cmd("quiz")}.`,
    );
  }
  const question = env.questions.get(ask.questionId);
  if (!question)
    throw new UserError("That question was retired from the deck.", `Try ${r.cmd("quiz")}.`);
  if (r.now >= ask.closesAt) {
    throw new UserError("That question has closed.", `Try a fresh one with ${r.cmd("quiz")}.`);
  }
  if (env.store.hasAnswered(ask.id, r.member.id)) {
    throw new UserError("You already answered this question; your first answer counts.");
  }
  const chosen = readLetters(letters, ask, requiredPicks(question), r);

  // Points, streaks and the once-a-day rule count UTC days, wherever the answer was given: one
  // calendar per member, so a daily answer and a practice answer never disagree about "today".
  const day = utcDay(r.now);
  const outcome = env.store.transaction(() => {
    // A second answer racing this one is refused by saveAnswer (one answer per member per ask).
    const member = env.store.getMember(r.member.id) ?? r.member;
    const rightOptions = question.options.flatMap((o, i) => (o.correct ? [i] : []));
    const correct =
      rightOptions.length === chosen.length && rightOptions.every((i) => chosen.includes(i));
    const startOfDay = zonedInstant(day, "00:00", "UTC");
    const card = env.store.getCard(member.id, question.id);
    const score = scoreAnswer({
      member,
      question,
      correct,
      day,
      // The card's last review says whether this question was already answered today.
      repeatToday: card?.lastReview != null && card.lastReview >= startOfDay,
      rightAnswerToday: env.store.dayScore(member.id, day).correct > 0,
    });
    const before = card ?? newCard(member.id, question.id, r.now);
    const reviewed = review(before, ratingFor(correct), r.now);
    const saved = env.store.saveAnswer(
      {
        askId: ask.id,
        workspaceId: r.workspaceId,
        memberId: member.id,
        questionId: question.id,
        chosen,
        correct,
        points: score.points,
        answeredAt: r.now,
        day,
      },
      reviewed.card,
      reviewed.log,
      score.progress,
    );
    if (!saved) return null;
    let next: View | null = null;
    let summary: View | null = null;
    if (ask.sessionId) {
      const session = env.store.getSession(ask.sessionId);
      if (session) {
        const position = session.position + 1;
        const right = session.correct + (correct ? 1 : 0);
        env.store.updateSessionProgress(session.id, position, right);
        if (position < session.questionIds.length) {
          next = askSessionQuestion(env, r, session, position);
        } else {
          summary = {
            ephemeral: true,
            tone: "info",
            title: "Quiz finished",
            text: `You got ${right} of ${session.questionIds.length} right. ${r.cmd("review")} brings back what you missed when it is due; ${r.cmd("leaderboard")} shows where you stand.`,
          };
        }
      }
    }
    return { correct, score, card: reviewed.card, next, summary };
  });
  if (!outcome) {
    throw new UserError("You already answered this question; your first answer counts.");
  }
  const feedback = feedbackView(
    env,
    r,
    ask,
    question,
    chosen,
    outcome.correct,
    outcome.score,
    outcome.card.due,
  );
  return [
    feedback,
    ...(outcome.next ? [outcome.next] : []),
    ...(outcome.summary ? [outcome.summary] : []),
  ];
}

/** An ask by id, treating one from another workspace exactly like one that does not exist. */
function findAsk(env: Env, r: Requester, askId: string): Ask {
  const ask = env.store.getAsk(askId);
  if (!ask || ask.workspaceId !== r.workspaceId) {
    throw new UserError(
      "That question is no longer available.",
      `Start a new one with ${r.cmd("quiz")}.`,
    );
  }
  return ask;
}

/** Shown letters -> the question's own option indexes, checking count and range. */
function readLetters(letters: string, ask: Ask, picks: number, r: Requester): number[] {
  const shown = [...new Set(letters.toUpperCase().replace(/[^A-Z]/g, ""))];
  const valid = LETTERS.slice(0, ask.optionOrder.length);
  const bad = shown.filter((l) => !valid.includes(l));
  if (bad.length > 0 || shown.length === 0) {
    throw new UserError(
      `Options go from A to ${valid.at(-1)}.`,
      picks > 1
        ? `Pick ${picks}, like ${r.cmd("B D")}.`
        : `Answer with one letter, like ${r.cmd("B")}.`,
    );
  }
  if (shown.length !== picks) {
    throw new UserError(
      picks === 1 ? "Pick just one option." : `Pick exactly ${picks} options.`,
      picks > 1
        ? `For example ${r.cmd(valid.slice(0, picks).split("").join(" "))}.`
        : `For example ${r.cmd("B")}.`,
    );
  }
  return shown.map((l) => ask.optionOrder[valid.indexOf(l)]!);
}

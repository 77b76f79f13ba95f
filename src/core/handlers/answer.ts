import type { Question } from "../../content/schema.js";
import { requiredPicks } from "../../content/schema.js";
import type { Env, Requester } from "../env.js";
import { UserError } from "../errors.js";
import { lockedInView } from "../live-views.js";
import type { Ask, QuizSession } from "../ports.js";
import { feedbackView } from "../question-view.js";
import { scoreAnswer, speedBonus } from "../scoring.js";
import { advance, checkClickedAsk, openSession, typedTarget } from "../sessions.js";
import { newCard, ratingFor, review } from "../srs.js";
import { utcDay, zonedInstant } from "../time.js";
import { LETTERS, type View } from "../views.js";

/**
 * Records an answer: the member's card and review log, points and streak, all in one
 * transaction; a second answer to the same ask changes nothing. A click (`askId`) answers that
 * ask; typed letters answer only the question on screen: the current one of the member's open
 * session in this conversation. An exam answer gets no feedback and scores no points.
 */
export async function answer(
  env: Env,
  r: Requester,
  letters: string,
  options: { askId?: string; truth?: boolean } = {},
): Promise<View[]> {
  if (options.askId) return answerClick(env, r, options.askId, letters, options.truth);
  // A letter typed in a channel during a live round's question is for the round.
  const live = await openLiveAsk(env, r);
  if (live && !live.answered) return record(env, r, live.ask, null, letters, options.truth);
  if (live && !(await openSession(env, r))) throw alreadyAnswered();
  const target = await typedTarget(env, r);
  if ("ended" in target) return target.ended;
  return record(env, r, target.ask, target.session, letters, options.truth);
}

/** A click on an ask's button: that ask, if it is the member's to answer now. */
async function answerClick(
  env: Env,
  r: Requester,
  askId: string,
  letters: string,
  truth: boolean | undefined,
): Promise<View[]> {
  const ask = await findAsk(env, r, askId);
  if (ask.memberId !== null && ask.memberId !== r.member.id) {
    throw new UserError(
      "That quiz belongs to someone else.",
      `Start your own with ${r.cmd("quiz")}.`,
    );
  }
  try {
    const session = await checkClickedAsk(env, ask);
    return await record(env, r, ask, session, letters, truth);
  } catch (error) {
    // A second click on an answered question says so, whatever became of its session. Asked
    // only once the click is refused: a first click, by far the most common, reads nothing
    // more (the answers' unique key refuses a second answer that gets through).
    if (error instanceof UserError && (await env.store.hasAnswered(ask.id, r.member.id))) {
      throw alreadyAnswered();
    }
    throw error;
  }
}

/** The open question of the channel's live round, and whether this member answered it. */
async function openLiveAsk(
  env: Env,
  r: Requester,
): Promise<{ ask: Ask; answered: boolean } | null> {
  if (!r.ctx.channelId) return null;
  const round = await env.store.activeLiveRound(r.workspaceId, r.ctx.channelId);
  if (round?.phase !== "question") return null;
  const ask = await env.store.getAsk(round.askIds[round.position] ?? "");
  if (!ask || r.now >= ask.closesAt) return null;
  return { ask, answered: await env.store.hasAnswered(ask.id, r.member.id) };
}

/** `daily B`: the channel's open question of the day, answered by typing. */
export async function dailyAnswer(env: Env, r: Requester, letters: string): Promise<View[]> {
  const ask = r.ctx.channelId
    ? await env.store.openChannelAsk(r.workspaceId, r.member.id, r.ctx.channelId, r.now)
    : null;
  if (!ask) {
    throw new UserError(
      "There is no open question of the day here for you to answer.",
      `Practise with ${r.cmd("quiz")} instead.`,
    );
  }
  return record(env, r, ask, null, letters);
}

async function record(
  env: Env,
  r: Requester,
  ask: Ask,
  session: QuizSession | null,
  letters: string,
  truth?: boolean,
): Promise<View[]> {
  const question = env.questions.get(ask.questionId);
  if (!question)
    throw new UserError("That question was retired from the deck.", `Try ${r.cmd("quiz")}.`);
  if (session?.mode === "exam" && r.now >= session.expiresAt) {
    throw new UserError("Time is up for that exam.", `Its result is in ${r.cmd("stats")}.`);
  }
  if (r.now >= ask.closesAt) {
    if (ask.roundId) throw new UserError("Time is up for that question: the answer is on its way.");
    throw new UserError("That question has closed.", `Try a fresh one with ${r.cmd("quiz")}.`);
  }
  // No "already answered" read here: a click checked it, a typed answer goes to a question not
  // yet answered (the session's current one, or an open daily one the member has not answered),
  // and saveAnswer's unique key refuses a racing second answer anyway.
  const chosen =
    truth !== undefined || (question.kind === "truefalse" && /^[TF]$/i.test(letters))
      ? [truthOption(question, truth ?? /^t$/i.test(letters), r)]
      : readLetters(letters, ask, requiredPicks(question), r);
  const exam = session?.mode === "exam";

  // Points, streaks and the once-a-day rule count UTC days, wherever the answer was given: one
  // calendar per member, so a daily answer and a practice answer never disagree about "today".
  const day = utcDay(r.now);
  const outcome = await env.store.transaction(async () => {
    // A second answer racing this one is refused by saveAnswer (one answer per member per ask).
    const member = (await env.store.getMember(r.member.id)) ?? r.member;
    const rightOptions = question.options.flatMap((o, i) => (o.correct ? [i] : []));
    const correct =
      rightOptions.length === chosen.length && rightOptions.every((i) => chosen.includes(i));
    const startOfDay = zonedInstant(day, "00:00", "UTC");
    const card = await env.store.getCard(member.id, question.id);
    const score = scoreAnswer({
      member,
      question,
      correct,
      day,
      // The card's last review says whether this question was already answered today.
      repeatToday: card?.lastReview != null && card.lastReview >= startOfDay,
      rightAnswerToday: (await env.store.dayScore(member.id, day)).correct > 0,
      scored: !exam,
    });
    // A live round's right answers earn a bonus for speed, on top of the usual points.
    const bonus = ask.roundId
      ? speedBonus(
          score.base,
          r.now.getTime() - ask.askedAt.getTime(),
          ask.closesAt.getTime() - ask.askedAt.getTime(),
        )
      : 0;
    const before = card ?? newCard(member.id, question.id, r.now);
    const reviewed = review(before, ratingFor(correct), r.now);
    const saved = await env.store.saveAnswer(
      {
        askId: ask.id,
        workspaceId: r.workspaceId,
        memberId: member.id,
        questionId: question.id,
        chosen,
        correct,
        points: score.points + bonus,
        answeredAt: r.now,
        day,
      },
      reviewed.card,
      reviewed.log,
    );
    if (!saved) return null;
    if (ask.roundId) await env.store.joinLiveRound(ask.roundId, member.id, r.now);
    const next = session ? await advance(env, r, session, correct) : [];
    return { correct, score, card: reviewed.card, next };
  });
  if (!outcome) throw alreadyAnswered();
  if (ask.roundId) {
    env.onLiveAnswer?.(ask.roundId);
    const shown = chosen.map((i) => LETTERS[ask.optionOrder.indexOf(i)]!).sort();
    return [lockedInView(shown.join(" "), ask.closesAt, r.deadline)];
  }
  if (exam && session) {
    const recorded: View = {
      ephemeral: true,
      tone: "info",
      replacesQuestion: true,
      text: `Answer recorded (${session.position} of ${session.questionIds.length}).`,
    };
    return [recorded, ...outcome.next];
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
  return [feedback, ...outcome.next];
}

function alreadyAnswered(): UserError {
  return new UserError("You already answered this question; your first answer counts.");
}

/** The option a true/false answer means, by its text ("True" or "False"). */
function truthOption(question: Question, truth: boolean, r: Requester): number {
  if (question.kind !== "truefalse") {
    throw new UserError(
      "This question is not true or false.",
      `Answer with a letter, like ${r.cmd("B")}.`,
    );
  }
  const index = question.options.findIndex((o) => /^true$/i.test(o.text.trim()) === truth);
  return index >= 0 ? index : truth ? 0 : 1;
}

/** An ask by id, treating one from another workspace exactly like one that does not exist. */
async function findAsk(env: Env, r: Requester, askId: string): Promise<Ask> {
  const ask = await env.store.getAsk(askId);
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

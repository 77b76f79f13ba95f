import type { Question } from "../../content/schema.js";
import { newAsk } from "../asks.js";
import { QUIZ_DEFAULT_COUNT, REVIEW_DEFAULT_COUNT } from "../commands.js";
import type { Env, Requester } from "../env.js";
import { questionsOfTopics, resolveTopics } from "../env.js";
import type { CardState, QuizSession, SessionMode } from "../ports.js";
import { questionView } from "../question-view.js";
import { randomId, shuffled } from "../random.js";
import { retrievability } from "../srs.js";
import { utcDay } from "../time.js";
import type { View } from "../views.js";

/** How long a private question and its session stay answerable. */
export const PRIVATE_ASK_HOURS = 24;

/** A practice quiz: the member's least-known questions of a topic (or area, or the deck). */
export function quiz(
  env: Env,
  r: Requester,
  topicTerm?: string,
  count = QUIZ_DEFAULT_COUNT,
): View[] {
  const scope = topicTerm ? resolveTopics(env, topicTerm, r) : null;
  const pool = scope ? questionsOfTopics(env, scope.ids) : env.library.questions;
  if (pool.length === 0) {
    return [
      {
        ephemeral: true,
        tone: "warning",
        text: `There are no questions on ${scope?.label ?? "this deck"} yet.`,
      },
    ];
  }
  // Least known first: unseen and faded questions before ones the member remembers well.
  const known = new Map(
    env.store.cards(r.member.id, env.deck).map((c) => [c.questionId, retrievability(c, r.now)]),
  );
  const picked = shuffled(pool, env.random)
    .map((q) => ({ q, recall: known.get(q.id) ?? 0 }))
    .sort((a, b) => a.recall - b.recall)
    .slice(0, count)
    .map((x) => x.q);
  return startSession(env, r, "practice", shuffled(picked, env.random), scope?.label ?? "Practice");
}

/** A review: due cards first, then new questions from the member's weakest topics. */
export function review(env: Env, r: Requester, count = REVIEW_DEFAULT_COUNT): View[] {
  const due = env.store
    .dueCards(r.member.id, r.now, count, env.deck)
    .map((c) => env.questions.get(c.questionId))
    .filter((q): q is Question => q !== undefined);
  const chosen = [...due];
  // All of a member's cards cost a row each, so they are read only when the due ones fall short.
  let cards: CardState[] = [];
  if (chosen.length < count) {
    cards = env.store.cards(r.member.id, env.deck);
    const seen = new Set(cards.map((c) => c.questionId));
    const recallByTopic = topicRecall(env, cards, r.now);
    const fresh = shuffled(
      env.library.questions.filter((q) => !seen.has(q.id)),
      env.random,
    ).sort((a, b) => (recallByTopic.get(a.topic) ?? 0) - (recallByTopic.get(b.topic) ?? 0));
    chosen.push(...fresh.slice(0, count - chosen.length));
  }
  if (chosen.length === 0) {
    // Nothing chosen means the due cards fell short: `cards` holds them all.
    const next = cards.sort((a, b) => a.due.getTime() - b.due.getTime())[0];
    return [
      {
        ephemeral: true,
        tone: "success",
        title: "Nothing to review",
        text: `You have seen every question and none is due.${
          next ? ` The next one comes due on ${utcDay(next.due)}.` : ""
        } Practise any topic with ${r.cmd("quiz <topic>")}.`,
      },
    ];
  }
  const label = due.length > 0 ? `Review (${due.length} due)` : "Review (new questions)";
  return startSession(env, r, "review", chosen, label);
}

/** Average recall per topic over the cards the member has; topics never seen count as 0. */
function topicRecall(
  env: Env,
  cards: ReturnType<Env["store"]["cards"]>,
  now: Date,
): Map<string, number> {
  const sums = new Map<string, { total: number; n: number }>();
  for (const card of cards) {
    const q = env.questions.get(card.questionId);
    if (!q) continue;
    const s = sums.get(q.topic) ?? { total: 0, n: 0 };
    s.total += retrievability(card, now);
    s.n += 1;
    sums.set(q.topic, s);
  }
  const perTopic = new Map<string, number>();
  for (const [topic, s] of sums) {
    const questionsInTopic = env.library.questions.filter((q) => q.topic === topic).length;
    perTopic.set(topic, s.total / Math.max(questionsInTopic, s.n));
  }
  return perTopic;
}

function startSession(
  env: Env,
  r: Requester,
  mode: SessionMode,
  questions: Question[],
  label: string,
): View[] {
  const session: QuizSession = {
    id: randomId(env.random),
    workspaceId: r.workspaceId,
    memberId: r.member.id,
    mode,
    questionIds: questions.map((q) => q.id),
    position: 0,
    correct: 0,
    createdAt: r.now,
    expiresAt: new Date(r.now.getTime() + PRIVATE_ASK_HOURS * 3_600_000),
  };
  env.store.createSession(session);
  return [
    {
      ephemeral: true,
      tone: "info",
      title: `${label}: ${questions.length} question${questions.length === 1 ? "" : "s"}`,
      text:
        mode === "review"
          ? "Questions your memory schedule picked for you."
          : "Options are shuffled; take your time.",
    },
    askSessionQuestion(env, r, session, 0),
  ];
}

/** Asks question `position` of a session: a new ask with freshly shuffled options. */
export function askSessionQuestion(
  env: Env,
  r: Requester,
  session: QuizSession,
  position: number,
): View {
  const question = env.questions.get(session.questionIds[position]!);
  if (!question) {
    return {
      ephemeral: true,
      tone: "warning",
      text: "That question was retired from the deck. Start a new quiz.",
    };
  }
  const ask = newAsk(env, question, {
    workspaceId: r.workspaceId,
    memberId: r.member.id,
    channelId: r.ctx.channelId,
    sessionId: session.id,
    now: r.now,
    openHours: PRIVATE_ASK_HOURS,
  });
  const heading = `${session.mode === "review" ? "Review" : "Question"} ${position + 1} of ${session.questionIds.length}`;
  return questionView(env, r, ask, question, heading);
}

import type { Question } from "../../content/schema.js";
import { QUIZ_DEFAULT_COUNT, REVIEW_DEFAULT_COUNT } from "../commands.js";
import type { Env, Requester } from "../env.js";
import { questionsOfTopics, resolveTopics } from "../env.js";
import { type CardState, deckKey } from "../ports.js";
import { shuffled } from "../random.js";
import { control, startSession } from "../sessions.js";
import { retrievability } from "../srs.js";
import { utcDay } from "../time.js";
import type { View } from "../views.js";

/** A practice quiz: the member's least-known questions of a topic (or area, or the deck). */
export async function quiz(
  env: Env,
  r: Requester,
  topicTerm?: string,
  count = QUIZ_DEFAULT_COUNT,
): Promise<View[]> {
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
    (await env.store.cards(r.member.id, env.deck)).map((c) => [
      c.questionId,
      retrievability(c, r.now),
    ]),
  );
  const picked = shuffled(pool, env.random)
    .map((q) => ({ q, recall: known.get(q.id) ?? 0 }))
    .sort((a, b) => a.recall - b.recall)
    .slice(0, count)
    .map((x) => x.q);
  return startSession(env, r, {
    mode: "practice",
    questions: shuffled(picked, env.random),
    label: scope?.label ?? "Practice",
    intro: "Options are shuffled; take your time.",
  });
}

/**
 * A review: the member's due cards first (of one topic or area, when named), then new questions
 * from their weakest topics. With nothing due it says when the next card comes due and asks
 * before starting new questions (`review new`, or its button).
 */
export async function review(
  env: Env,
  r: Requester,
  options: { topic?: string; count?: number; fresh?: boolean } = {},
): Promise<View[]> {
  const count = options.count ?? REVIEW_DEFAULT_COUNT;
  const scope = options.topic ? resolveTopics(env, options.topic, r) : null;
  const pool = scope ? questionsOfTopics(env, scope.ids) : env.library.questions;
  const deck = scope ? deckKey(pool.map((q) => q.id)) : env.deck;
  const due = (await env.store.dueCards(r.member.id, r.now, count, deck))
    .map((c) => env.questions.get(c.questionId))
    .filter((q): q is Question => q !== undefined);
  const chosen = [...due];
  // All of a member's cards cost a row each, so they are read only when the due ones fall short.
  let cards: CardState[] = [];
  let fresh: Question[] = [];
  if (chosen.length < count) {
    cards = await env.store.cards(r.member.id, deck);
    const seen = new Set(cards.map((c) => c.questionId));
    const recallByTopic = topicRecall(env, cards, r.now);
    fresh = shuffled(
      pool.filter((q) => !seen.has(q.id)),
      env.random,
    ).sort((a, b) => (recallByTopic.get(a.topic) ?? 0) - (recallByTopic.get(b.topic) ?? 0));
  }
  const where = scope ? ` in ${scope.label}` : "";
  if (due.length === 0 && !options.fresh) {
    // `cards` holds every card in scope here: the due ones fell short.
    const next = cards.sort((a, b) => a.due.getTime() - b.due.getTime())[0];
    const when = next ? ` Your next card comes due ${r.time(next.due)} (${utcDay(next.due)}).` : "";
    return [
      {
        ephemeral: true,
        tone: "success",
        title: fresh.length > 0 ? "Nothing due" : "Nothing to review",
        text:
          fresh.length > 0
            ? `Nothing is due for review${where}.${when} There are ${fresh.length} questions${where} you have not seen yet: start ${Math.min(count, fresh.length)} of them?`
            : `Nothing is due${where}, and you have seen every question.${when} Practise any topic with ${r.cmd("quiz <topic>")}.`,
        ...(fresh.length > 0 ? { buttons: [control("Start new questions", "review-new")] } : {}),
        footer:
          fresh.length > 0 ? `Or type ${r.cmd(scope ? `review new` : "review new")}.` : undefined,
      },
    ];
  }
  chosen.push(...fresh.slice(0, count - chosen.length));
  if (chosen.length === 0) {
    return [
      {
        ephemeral: true,
        tone: "success",
        title: "Nothing to review",
        text: `You have seen every question${where} and none is due. Practise any topic with ${r.cmd("quiz <topic>")}.`,
      },
    ];
  }
  const label = due.length > 0 ? `Review (${due.length} due)` : "Review (new questions)";
  return startSession(env, r, {
    mode: "review",
    questions: chosen,
    label: scope ? `${label}: ${scope.label}` : label,
    intro: "Questions your memory schedule picked for you.",
  });
}

/** Average recall per topic over the cards the member has; topics never seen count as 0. */
function topicRecall(env: Env, cards: readonly CardState[], now: Date): Map<string, number> {
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
    const questionsInTopic = questionsOfTopics(env, new Set([topic])).length;
    perTopic.set(topic, s.total / Math.max(questionsInTopic, s.n));
  }
  return perTopic;
}

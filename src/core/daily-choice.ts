import type { Question } from "../content/schema.js";
import { deckIdOf, type Env, questionsOfTopics } from "./env.js";
import type { CardState } from "./ports.js";
import { shuffled } from "./random.js";
import { retrievability } from "./srs.js";
import { DAY_MS } from "./time.js";

/** A channel question is not repeated within this many days (when the filter allows). */
export const NO_REPEAT_DAYS = 14;
/** Members who answered a channel question in this window count as the channel's active members. */
export const ACTIVE_MEMBER_DAYS = 30;

export interface ChannelChoice {
  question: Question;
  /** Why this question, for logs and tests. */
  reason: "due" | "new" | "oldest";
  /** For "due": how many active members have it due, of how many. */
  due?: number;
  active?: number;
}

/**
 * The channel's next question, as the README states it: when questions posted here before have
 * come due for at least a third of the channel's active members, the one due for the most of
 * them; otherwise a question the channel has not seen, from the topic it knows least. Never one
 * posted here in the last 14 days, and always within the topic filter.
 */
export async function chooseChannelQuestion(
  env: Env,
  where: ChannelWhere,
): Promise<ChannelChoice | null> {
  return (await chooseChannelQuestions(env, where, 1))[0] ?? null;
}

interface ChannelWhere {
  workspaceId: number;
  channelId: string;
  topics: readonly string[];
  now: Date;
}

/**
 * `count` different questions for the channel (a live round's), each chosen by the same rule as
 * the daily question's, as if the ones before it had just been posted. Fewer when the filter
 * holds fewer questions.
 */
export async function chooseChannelQuestions(
  env: Env,
  where: ChannelWhere,
  count: number,
): Promise<ChannelChoice[]> {
  const { workspaceId, channelId, now } = where;
  const inScope = questionsInFilter(env, where.topics);
  if (inScope.length === 0) return [];

  // Newest first: the position of a question's first appearance is how recently it ran.
  const history = await env.store.channelQuestionsSince(workspaceId, channelId, new Date(0));
  const lastPosted = new Map<string, number>();
  history.forEach((id, i) => {
    if (!lastPosted.has(id)) lastPosted.set(id, i);
  });
  const recent = new Set(
    await env.store.channelQuestionsSince(
      workspaceId,
      channelId,
      new Date(now.getTime() - NO_REPEAT_DAYS * DAY_MS),
    ),
  );
  const active = await env.store.channelActiveMembers(
    workspaceId,
    channelId,
    new Date(now.getTime() - ACTIVE_MEMBER_DAYS * DAY_MS),
  );
  const cards = await env.store.cardsOfMembers(active);
  const known = topicKnowledge(env, cards, active.length, now);
  const dueCounts = new Map<string, number>();
  for (const card of cards) {
    if (card.due <= now && lastPosted.has(card.questionId)) {
      dueCounts.set(card.questionId, (dueCounts.get(card.questionId) ?? 0) + 1);
    }
  }

  const chosen: ChannelChoice[] = [];
  const taken = new Set<string>();
  while (chosen.length < Math.min(count, inScope.length)) {
    const choice = pick();
    chosen.push(choice);
    taken.add(choice.question.id);
  }
  return chosen;

  function pick(): ChannelChoice {
    const left = inScope.filter((q) => !taken.has(q.id));
    const eligible = left.filter((q) => !recent.has(q.id));
    if (active.length > 0) {
      const best = eligible
        .filter((q) => lastPosted.has(q.id))
        .map((q) => ({ q, due: dueCounts.get(q.id) ?? 0 }))
        .sort((a, b) => b.due - a.due)[0];
      if (best && best.due * 3 >= active.length) {
        return { question: best.q, reason: "due", due: best.due, active: active.length };
      }
    }
    const unseen = eligible.filter((q) => !lastPosted.has(q.id));
    if (unseen.length > 0) {
      const byTopic = new Map<string, Question[]>();
      for (const q of shuffled(unseen, env.random))
        byTopic.set(q.topic, [...(byTopic.get(q.topic) ?? []), q]);
      // Of topics the channel knows equally little, the one chosen from least so far in this
      // pick, so a round of ten spreads over topics instead of draining one.
      const drawn = (topic: string) => chosen.filter((c) => c.question.topic === topic).length;
      const weakest = shuffled([...byTopic.keys()], env.random).sort(
        (a, b) => drawn(a) - drawn(b) || (known.get(a) ?? 0) - (known.get(b) ?? 0),
      )[0]!;
      return { question: byTopic.get(weakest)![0]!, reason: "new" };
    }
    // Everything in the filter has run here: the one that ran longest ago.
    const pool = eligible.length > 0 ? eligible : left;
    const oldest = [...pool].sort(
      (a, b) => (lastPosted.get(b.id) ?? 0) - (lastPosted.get(a.id) ?? 0),
    )[0]!;
    return { question: oldest, reason: "oldest" };
  }
}

/**
 * The questions a channel's filter covers: none named, the channel's deck; else the topics, the
 * areas and the decks it names. Area ids are unique only within a deck: an area of the channel's
 * deck means that one; an area it does not have means that area in the decks that do (a
 * schedule set up before its area moved to another deck keeps working).
 */
export function questionsInFilter(env: Env, topics: readonly string[]): Question[] {
  if (topics.length === 0) return env.library.questions;
  const filter = new Set(topics);
  const active = deckIdOf(env);
  const ownAreas = new Set(env.library.decks[0]!.areas.map((a) => a.id));
  return [...env.questions.values()].filter((q) => {
    const deck = env.decks.ofQuestion(q)?.deck.id;
    const area = env.topics.get(q.topic)?.area ?? "";
    return (
      filter.has(q.topic) ||
      (deck !== undefined && filter.has(deck)) ||
      (filter.has(area) && (deck === active || !ownAreas.has(area)))
    );
  });
}

/** How well the channel knows each topic: mean recall over active members and the topic's questions. */
export function topicKnowledge(
  env: Env,
  cards: readonly CardState[],
  members: number,
  now: Date,
): Map<string, number> {
  const sums = new Map<string, number>();
  for (const card of cards) {
    const q = env.questions.get(card.questionId);
    if (q) sums.set(q.topic, (sums.get(q.topic) ?? 0) + retrievability(card, now));
  }
  const known = new Map<string, number>();
  for (const [topic, sum] of sums) {
    const size = questionsOfTopics(env, new Set([topic])).length;
    known.set(topic, sum / Math.max(1, size * members));
  }
  return known;
}

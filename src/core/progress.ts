import { type Area, type Question, requiredPicks, type Topic } from "../content/schema.js";
import type { Env } from "./env.js";
import type { CardState, ExamResult } from "./ports.js";
import { retrievability } from "./srs.js";
import { DAY_MS, utcDay } from "./time.js";

/**
 * What `stats` reports about a member's progress, computed from their FSRS cards and exam
 * results. Pure: the cards and `now` are arguments, nothing is read from the store here.
 */

export interface DueForecast {
  /** Due by now: what `review` would ask. */
  now: number;
  /** Not due yet, but due before the UTC day ends. */
  laterToday: number;
  /** Due during the next UTC day. */
  tomorrow: number;
  /** Due within 7 days from now, not counting those due now (so it includes the two above). */
  week: number;
}

export interface TopicRecall {
  topic: Topic;
  /** Mean retrievability (0..1) over the topic's questions the member has seen. */
  recall: number;
  seen: number;
  questions: number;
}

export interface AreaReadiness {
  area: Area;
  /** Expected share (0..1) of the area's questions answered right on an exam today. */
  readiness: number;
  seen: number;
  questions: number;
}

/** How many cards come due now, later today, tomorrow (UTC) and within the week. */
export function dueForecast(cards: readonly CardState[], now: Date): DueForecast {
  const tomorrowStart = Date.parse(`${utcDay(now)}T00:00:00Z`) + DAY_MS;
  const weekEnd = now.getTime() + 7 * DAY_MS;
  const forecast: DueForecast = { now: 0, laterToday: 0, tomorrow: 0, week: 0 };
  for (const card of cards) {
    const due = card.due.getTime();
    if (due <= now.getTime()) {
      forecast.now += 1;
      continue;
    }
    if (due < tomorrowStart) forecast.laterToday += 1;
    else if (due < tomorrowStart + DAY_MS) forecast.tomorrow += 1;
    if (due <= weekEnd) forecast.week += 1;
  }
  return forecast;
}

/** The `n` topics with the lowest mean recall over their seen questions, weakest first. */
export function weakestTopics(
  env: Pick<Env, "library">,
  cards: readonly CardState[],
  now: Date,
  n: number,
): TopicRecall[] {
  const recall = recallByQuestion(cards, now);
  const byTopic = new Map<string, Question[]>();
  for (const q of env.library.questions) {
    const list = byTopic.get(q.topic);
    if (list) list.push(q);
    else byTopic.set(q.topic, [q]);
  }
  const topics: TopicRecall[] = [];
  for (const topic of env.library.topics) {
    const questions = byTopic.get(topic.id) ?? [];
    const seen = questions.flatMap((q) => recall.get(q.id) ?? []);
    if (seen.length === 0) continue; // nothing to say about a topic never practised
    const mean = seen.reduce((sum, r) => sum + r, 0) / seen.length;
    topics.push({ topic, recall: mean, seen: seen.length, questions: questions.length });
  }
  // Stable sort: equal recall keeps the deck's order, so the list does not shuffle between views.
  return topics.sort((a, b) => a.recall - b.recall).slice(0, n);
}

/** Per area, the expected share right on an exam today: recall if seen, else a guess's chance. */
export function readiness(
  env: Pick<Env, "library">,
  cards: readonly CardState[],
  now: Date,
): AreaReadiness[] {
  const recall = recallByQuestion(cards, now);
  const areaOfTopic = new Map(env.library.topics.map((t) => [t.id, t.area]));
  return env.library.decks
    .flatMap((d) => d.areas)
    .map((area) => {
      const questions = env.library.questions.filter((q) => areaOfTopic.get(q.topic) === area.id);
      let seen = 0;
      let sum = 0;
      for (const q of questions) {
        const r = recall.get(q.id);
        if (r !== undefined) seen += 1;
        // Recalled, or else guessed: someone who has forgotten can still guess right, so a seen
        // question never counts for less than an unseen one.
        const guess = guessChance(q);
        sum += r === undefined ? guess : r + (1 - r) * guess;
      }
      const share = questions.length > 0 ? sum / questions.length : 0;
      return { area, readiness: share, seen, questions: questions.length };
    });
}

/** The areas' readiness weighted as an exam draws them (by area weight); null with no questions. */
export function overallReadiness(areas: readonly AreaReadiness[]): number | null {
  const counted = areas.filter((a) => a.questions > 0);
  const weight = counted.reduce((sum, a) => sum + a.area.weight, 0);
  if (weight === 0) return null;
  return counted.reduce((sum, a) => sum + a.readiness * a.area.weight, 0) / weight;
}

/** The chance of a blind guess being right: one in the ways to pick the required options. */
export function guessChance(question: Question): number {
  return 1 / binomial(question.options.length, requiredPicks(question));
}

/** Scaled-score change from the oldest to the newest of these results (newest first). */
export function examTrend(results: readonly ExamResult[]): { change: number; over: number } | null {
  const newest = results[0];
  const oldest = results[results.length - 1];
  if (!newest || !oldest || results.length < 2) return null;
  return { change: newest.scaled - oldest.scaled, over: results.length };
}

/** Retrievability per question, for the cards reviewed at least once (the "seen" questions). */
function recallByQuestion(cards: readonly CardState[], now: Date): Map<string, number> {
  return new Map(
    cards.filter((c) => c.reps > 0).map((c) => [c.questionId, retrievability(c, now)]),
  );
}

function binomial(n: number, k: number): number {
  let result = 1;
  for (let i = 1; i <= k; i++) result = (result * (n - k + i)) / i;
  return Math.round(result);
}

import type { Exam, Library, Question } from "../content/schema.js";
import type { Env, Requester } from "./env.js";
import { topicOf, withDeck } from "./env.js";
import type { ExamResult, QuizSession, SessionAnswer } from "./ports.js";
import { shuffled } from "./random.js";
import type { View } from "./views.js";

/**
 * Exam rehearsal: a timed session drawn across the deck's areas by their weights, no feedback
 * until the end, then a scaled score. AWS does not publish how it scales raw scores (it equates
 * forms of the exam), so the scale here is linear and says so: 100 + 900 x the share right, so
 * 700 (the pass mark) needs two thirds right.
 */

/** The real exam when a deck names none: one hour, at most 20 questions. */
const FALLBACK: Exam = {
  name: "the real exam",
  questions: 20,
  minutes: 60,
  share: 100,
  passing: 700,
};

/** A deck's exam, and the rehearsal's default length: the deck's share of the real one. */
export function examDefaults(library: Library): { exam: Exam; questions: number; minutes: number } {
  const exam = library.decks.find((d) => d.exam)?.exam ?? FALLBACK;
  const share = exam.share / 100;
  return {
    exam,
    questions: Math.max(1, Math.min(library.questions.length, Math.round(exam.questions * share))),
    minutes: Math.max(1, Math.round(exam.minutes * share)),
  };
}

/** Linear scaling onto the exam's 100-1000 scale. */
export function scaledScore(correct: number, total: number): number {
  return total === 0 ? 100 : Math.round(100 + (900 * correct) / total);
}

/**
 * `count` questions across the areas in proportion to their weights (largest remainders; an
 * area with fewer questions than its share gives the rest to the others), random within each.
 */
export function drawExam(env: Env, count: number): Question[] {
  const areas = env.library.decks.flatMap((d) => d.areas);
  const pools = areas
    .map((area) => ({
      weight: area.weight,
      questions: shuffled(
        env.library.questions.filter((q) => topicOf(env, q).area === area.id),
        env.random,
      ),
    }))
    .filter((p) => p.questions.length > 0);
  const total = Math.min(
    count,
    pools.reduce((n, p) => n + p.questions.length, 0),
  );
  const taken = pools.map(() => 0);
  let left = total;
  while (left > 0) {
    const open = pools.map((_, i) => i).filter((i) => taken[i]! < pools[i]!.questions.length);
    const weight = open.reduce((sum, i) => sum + pools[i]!.weight, 0);
    const shares = open.map((i) => ({ i, exact: (left * pools[i]!.weight) / weight }));
    let given = 0;
    for (const s of shares) {
      const room = pools[s.i]!.questions.length - taken[s.i]!;
      const whole = Math.min(room, Math.floor(s.exact));
      taken[s.i]! += whole;
      given += whole;
    }
    // The remainders, largest first, one question each.
    const byRemainder = shares
      .filter((s) => taken[s.i]! < pools[s.i]!.questions.length)
      .sort((a, b) => (b.exact % 1) - (a.exact % 1));
    for (const s of byRemainder) {
      if (given >= left) break;
      taken[s.i]! += 1;
      given += 1;
    }
    left -= given;
    if (given === 0) break;
  }
  const drawn = pools.flatMap((p, i) => p.questions.slice(0, taken[i]));
  return shuffled(drawn, env.random);
}

/** The result of an exam session from its answers: an unanswered question counts wrong. */
export async function examResultOf(
  env: Env,
  session: QuizSession,
  endedAt: Date,
): Promise<ExamResult> {
  return resultFrom(env, session, await env.store.sessionAnswers(session.id), endedAt);
}

/** The env of the deck a session's questions are from (the scheduler's env studies the default). */
function sessionDeck(env: Env, session: QuizSession): Env {
  const first = env.questions.get(session.questionIds[0] ?? "");
  const deck = first && env.decks.ofQuestion(first);
  return deck ? withDeck(env, deck) : env;
}

function resultFrom(
  anyEnv: Env,
  session: QuizSession,
  answers: readonly SessionAnswer[],
  endedAt: Date,
): ExamResult {
  const env = sessionDeck(anyEnv, session);
  const right = new Set(answers.filter((a) => a.correct).map((a) => a.questionId));
  const areas = env.library.decks.flatMap((d) => d.areas);
  const perArea = areas
    .map((area) => {
      const asked = session.questionIds.filter((id) => {
        const q = env.questions.get(id);
        return q !== undefined && topicOf(env, q).area === area.id;
      });
      return {
        area: area.id,
        total: asked.length,
        correct: asked.filter((id) => right.has(id)).length,
      };
    })
    .filter((a) => a.total > 0);
  const total = session.questionIds.length;
  const scaled = scaledScore(right.size, total);
  return {
    sessionId: session.id,
    workspaceId: session.workspaceId,
    memberId: session.memberId,
    startedAt: session.createdAt,
    endedAt,
    total,
    correct: right.size,
    answered: answers.length,
    scaled,
    passed: scaled >= examDefaults(env.library).exam.passing,
    areas: perArea,
  };
}

/** Keeps an ended exam's result (once: a second call changes nothing). */
export async function finishExam(env: Env, session: QuizSession, now: Date): Promise<void> {
  await env.store.saveExamResult(await examResultOf(env, session, session.endedAt ?? now));
}

/**
 * Hands in every open exam whose time is up, so a member who never comes back still gets a
 * result (the minute tick calls this). Returns how many.
 */
export async function closeExpiredExams(env: Env, now: Date): Promise<number> {
  const expired = await env.store.expiredExams(now, 500);
  for (const session of expired) {
    await env.store.transaction(async () => {
      session.state = "finished";
      session.currentAskId = null;
      session.endedAt = session.expiresAt;
      await env.store.updateSession(session);
      await finishExam(env, session, session.expiresAt);
    });
  }
  return expired.length;
}

/** Description text of Discord holds 4096 characters, Slack's sections 3000: chunks fit both. */
const REVIEW_CHUNK = 2500;

/**
 * The result of an exam: scaled score and pass or fail, the breakdown by area, and a review of
 * every question missed or left unanswered, with its answer and explanation.
 */
export async function examResultView(
  anyEnv: Env,
  r: Requester,
  session: QuizSession,
): Promise<View[]> {
  const env = sessionDeck(anyEnv, session);
  const answers = await env.store.sessionAnswers(session.id);
  const result = resultFrom(env, session, answers, session.endedAt ?? r.now);
  const { exam } = examDefaults(env.library);
  const titles = new Map(env.library.decks.flatMap((d) => d.areas).map((a) => [a.id, a.title]));
  const unanswered = result.total - result.answered;
  const breakdown = result.areas.map(
    (a) =>
      `${a.correct === a.total ? "✅" : a.correct / a.total >= 2 / 3 ? "▫️" : "⚠️"} **${titles.get(a.area) ?? a.area}**: ${a.correct} of ${a.total}`,
  );
  const rightIds = new Set(answers.filter((a) => a.correct).map((a) => a.questionId));
  const answeredIds = new Set(answers.map((a) => a.questionId));
  const review = session.questionIds
    .filter((id) => !rightIds.has(id))
    .flatMap((id) => {
      const q = env.questions.get(id);
      if (!q) return [];
      const answer = q.options
        .filter((o) => o.correct)
        .map((o) => o.text)
        .join(" and ");
      const how = answeredIds.has(id) ? "" : " (not answered)";
      return [
        `**${topicOf(env, q).title}**${how}: ${q.prompt}\nAnswer: **${answer}**. ${q.explanation}`,
      ];
    });
  const summary: View = {
    ephemeral: true,
    tone: result.passed ? "success" : "warning",
    title: `Exam result: ${result.scaled} of 1000 · ${result.passed ? "PASS" : "not yet a pass"}`,
    text: [
      `You got ${result.correct} of ${result.total} right${unanswered > 0 ? ` (${unanswered} not answered, counted wrong)` : ""}. ${exam.passing} passes, as on ${exam.name}.`,
      `_Scaled here as 100 + 900 × the share right; AWS does not publish its own scaling. Exam answers update your review schedule but score no leaderboard points._`,
    ].join("\n"),
    fields: [{ name: "By area", value: breakdown.join("\n") || "-" }],
    footer: `${r.cmd("stats")} keeps your last exams · ${r.cmd("exam")} for another`,
  };
  return [summary, ...reviewViews(review)];
}

function reviewViews(items: string[]): View[] {
  const views: View[] = [];
  let chunk: string[] = [];
  let size = 0;
  const flush = () => {
    if (chunk.length === 0) return;
    views.push({
      ephemeral: true,
      tone: "info",
      title: views.length === 0 ? "What to review" : "What to review (continued)",
      text: chunk.join("\n\n"),
    });
    chunk = [];
    size = 0;
  };
  for (const item of items) {
    if (size + item.length > REVIEW_CHUNK) flush();
    chunk.push(item);
    size += item.length + 2;
  }
  flush();
  return views;
}

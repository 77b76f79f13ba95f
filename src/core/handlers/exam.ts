import type { Env, Requester } from "../env.js";
import { drawExam, examDefaults } from "../exam.js";
import { startSession } from "../sessions.js";
import type { View } from "../views.js";

/**
 * `exam [count] [minutes]`: a timed rehearsal, by default the deck's share of the real exam
 * (this deck: domain 2 is 30% of CLF-C02's 65 questions and 90 minutes: 20 questions, 27
 * minutes). No feedback until the end; the session hands itself in when time is up.
 */
export function exam(env: Env, r: Requester, count?: number, minutes?: number): Promise<View[]> {
  const defaults = examDefaults(env.library);
  const questions = drawExam(env, count ?? defaults.questions);
  const length = minutes ?? defaults.minutes;
  const ends = new Date(r.now.getTime() + length * 60_000);
  return startSession(env, r, {
    mode: "exam",
    questions,
    label: "Exam",
    minutes: length,
    intro: [
      `Drawn across the deck's areas by their weight in the exam guide. No feedback until you hand in or time is up ${r.time(ends)}; unanswered questions count wrong.`,
      `Scored out of 1000 with ${defaults.exam.passing} to pass, as on ${defaults.exam.name}. Your answers update your review schedule but score no leaderboard points.`,
    ].join("\n"),
  });
}

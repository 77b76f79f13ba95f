import type { Question } from "../content/schema.js";
import { encodeAction, type SessionControl } from "./actions.js";
import { newAsk } from "./asks.js";
import { type Env, type Requester, topicOf } from "./env.js";
import { UserError } from "./errors.js";
import { examResultView, finishExam } from "./exam.js";
import type { Ask, QuizSession, SessionMode } from "./ports.js";
import { questionView } from "./question-view.js";
import { randomId } from "./random.js";
import { clip } from "./text.js";
import type { View, ViewButton } from "./views.js";

/**
 * A member's private sessions (quiz, review, exam), one per conversation: the member in one
 * channel, DM or console. Typed answers go only to the question the session showed last, and
 * only while it is open; starting a session closes the one before in that conversation.
 */

/** How long a private question and its session stay answerable (exams end at their deadline). */
export const PRIVATE_ASK_HOURS = 24;

const NOUN: Record<SessionMode, string> = { practice: "quiz", review: "review", exam: "exam" };

/** "KMS quiz", "Review", "Exam": how a session is named to its member. */
export function sessionName(session: Pick<QuizSession, "mode" | "label">): string {
  return session.mode === "practice" ? `${session.label} quiz` : session.label;
}

/** The open session in the asker's conversation, if any. */
export function openSession(env: Env, r: Requester): Promise<QuizSession | null> {
  return env.store.openSession(r.member.id, r.ctx.channelId);
}

/**
 * Starts a session and asks its first question, in one unit of work. The open session in this
 * conversation is closed first (an exam with its result), and the member is told in one line.
 */
export function startSession(
  env: Env,
  r: Requester,
  options: {
    mode: SessionMode;
    questions: Question[];
    label: string;
    intro: string;
    /** An exam's length; others stay open PRIVATE_ASK_HOURS. */
    minutes?: number;
  },
): Promise<View[]> {
  return env.store.transaction(async () => {
    const closed = await closeOpen(env, r);
    const hours = options.minutes !== undefined ? options.minutes / 60 : PRIVATE_ASK_HOURS;
    const session: QuizSession = {
      id: randomId(env.random),
      workspaceId: r.workspaceId,
      memberId: r.member.id,
      mode: options.mode,
      questionIds: options.questions.map((q) => q.id),
      position: 0,
      correct: 0,
      createdAt: r.now,
      expiresAt: new Date(r.now.getTime() + hours * 3_600_000),
      channelId: r.ctx.channelId,
      screen: r.ctx.screen ?? null,
      state: "open",
      currentAskId: null,
      label: options.label,
      endedAt: null,
    };
    await env.store.createSession(session);
    const count = session.questionIds.length;
    const title =
      options.mode === "exam"
        ? `${options.label}: ${count} question${count === 1 ? "" : "s"}, ${options.minutes} minutes`
        : `${sessionName(session)}: ${count} question${count === 1 ? "" : "s"}`;
    return [
      {
        ephemeral: true,
        tone: "info",
        title,
        text: [...(closed ? [closed] : []), options.intro].join("\n"),
      },
      ...(await askCurrent(env, r, session)),
    ];
  });
}

/** Closes the conversation's open session, if any; returns the line that says so. */
async function closeOpen(env: Env, r: Requester): Promise<string | null> {
  const open = await openSession(env, r);
  if (!open) return null;
  const left = open.questionIds.length - open.position;
  await endSession(env, open, "closed", r.now);
  return `Your ${sessionName(open)} (${left} of ${open.questionIds.length} left) was closed.`;
}

/** Ends a session: finished (all answered, or an exam's time up) or closed (quit, replaced). */
export async function endSession(
  env: Env,
  session: QuizSession,
  state: "finished" | "closed",
  now: Date,
): Promise<void> {
  session.state = state;
  session.endedAt = now;
  await env.store.updateSession(session);
  if (session.mode === "exam") await finishExam(env, session, now);
}

/**
 * Asks the session's current question with a new ask (options freshly shuffled), and makes it
 * the one typed answers go to, on this screen.
 */
export async function askCurrent(env: Env, r: Requester, session: QuizSession): Promise<View[]> {
  const question = env.questions.get(session.questionIds[session.position]!);
  if (!question) {
    // Retired from the deck since the session began: move past it.
    session.questionIds.splice(session.position, 1);
    if (session.position >= session.questionIds.length) {
      await endSession(env, session, "finished", r.now);
      return reportOf(env, r, session);
    }
    return askCurrent(env, r, session);
  }
  const ask = await newAsk(env, question, {
    workspaceId: r.workspaceId,
    memberId: r.member.id,
    channelId: r.ctx.channelId,
    sessionId: session.id,
    now: r.now,
    openHours: Math.max(0, session.expiresAt.getTime() - r.now.getTime()) / 3_600_000,
  });
  session.currentAskId = ask.id;
  session.screen = r.ctx.screen ?? null;
  await env.store.updateSession(session);
  return [showAsk(env, r, session, ask, question)];
}

/** The view of a session's question: its place, the deadline of an exam, and the controls. */
function showAsk(env: Env, r: Requester, session: QuizSession, ask: Ask, question: Question): View {
  const place = `${session.position + 1} of ${session.questionIds.length}`;
  const heading =
    session.mode === "exam"
      ? `Exam question ${place}`
      : `${session.mode === "review" ? "Review" : "Question"} ${place}`;
  const view = questionView(env, r, ask, question, heading);
  const controls: ViewButton[] = [control("Skip", "skip")];
  controls.push(control(session.mode === "exam" ? "Hand in" : "End", "quit"));
  // The deadline goes in the text: footers show no markup, so no live countdown there.
  const deadline =
    session.mode === "exam"
      ? `\n\n_Time is up ${r.time(session.expiresAt)}; no feedback until you hand in._`
      : "";
  const controlsHint = r.typedAnswers
    ? ` ${r.cmd("skip")} · ${r.cmd("repeat")} · ${r.cmd("quit")}`
    : "";
  return {
    ...view,
    text: `${view.text ?? ""}${deadline}`,
    buttons: controls,
    footer: `${view.footer ?? ""}${controlsHint}`.trim(),
  };
}

export function control(label: string, which: SessionControl): ViewButton {
  const command = which === "review-new" ? "review new" : which;
  return { label, actionId: encodeAction({ type: "control", control: which }), command };
}

/** Why a typed answer has nowhere to go, and how to go on. */
async function noOpenQuestion(env: Env, r: Requester): Promise<UserError> {
  const last = await env.store.lastEndedSession(r.member.id, r.ctx.channelId);
  const missed =
    last && last.mode !== "exam"
      ? (await env.store.sessionAnswers(last.id)).filter((a) => !a.correct).length
      : 0;
  return new UserError("You have no open question right now.", (cmd) =>
    missed > 0
      ? `Practise the ${missed} you missed with ${cmd("retry")}, or start ${cmd("quiz")} or ${cmd("review")}.`
      : `Start one with ${cmd("quiz")}, ${cmd("review")} or ${cmd("exam")}.`,
  );
}

/**
 * The question a typed answer is for: the current one of this conversation's open session,
 * shown on this screen and still open. An exam whose time is up is handed in instead.
 */
export async function typedTarget(
  env: Env,
  r: Requester,
): Promise<{ session: QuizSession; ask: Ask } | { ended: View[] }> {
  const session = await openSession(env, r);
  if (!session) throw await noOpenQuestion(env, r);
  if (session.mode === "exam" && r.now >= session.expiresAt) {
    return { ended: await env.store.transaction(() => handIn(env, r, session, "finished")) };
  }
  if (session.screen !== (r.ctx.screen ?? null)) {
    throw new UserError(
      `The question of your ${sessionName(session)} is not on this screen any more.`,
      (cmd) => `${cmd("repeat")} shows it again; ${cmd("quit")} ends the ${NOUN[session.mode]}.`,
    );
  }
  const ask = session.currentAskId ? await env.store.getAsk(session.currentAskId) : null;
  if (!ask || r.now >= ask.closesAt) throw await noOpenQuestion(env, r);
  return { session, ask };
}

/**
 * Whether a click on a session's ask may answer it: only the session's current question, while
 * the session is open. Throws the reason otherwise.
 */
export async function checkClickedAsk(env: Env, ask: Ask): Promise<QuizSession | null> {
  if (!ask.sessionId) return null;
  const session = await env.store.getSession(ask.sessionId);
  if (!session) return null;
  if (session.state !== "open") {
    throw new UserError(
      `That ${NOUN[session.mode]} has ${session.state === "finished" ? "finished" : "been closed"}.`,
      (cmd) => `Start a new one with ${cmd(session.mode === "exam" ? "exam" : "quiz")}.`,
    );
  }
  if (session.currentAskId !== ask.id) {
    throw new UserError(
      "That question is not the current one of your session.",
      (cmd) => `${cmd("repeat")} shows the current one.`,
    );
  }
  return session;
}

/** After an answer: the next question, or the session's report when it was the last. */
export async function advance(
  env: Env,
  r: Requester,
  session: QuizSession,
  correct: boolean,
): Promise<View[]> {
  session.position += 1;
  if (correct) session.correct += 1;
  if (session.position < session.questionIds.length) {
    await env.store.updateSession(session);
    return askCurrent(env, r, session);
  }
  session.currentAskId = null;
  await endSession(env, session, "finished", r.now);
  return reportOf(env, r, session);
}

/** Hands a session in now (quit, an exam's time up): ends it and returns its report. */
async function handIn(
  env: Env,
  r: Requester,
  session: QuizSession,
  state: "finished" | "closed",
): Promise<View[]> {
  session.currentAskId = null;
  await endSession(env, session, state, r.now);
  return reportOf(env, r, session);
}

/**
 * Runs a session control on the conversation's open session, in one unit of work. An exam
 * whose time is up is handed in instead: its result is what the member sees.
 */
async function withOpenSession(
  env: Env,
  r: Requester,
  work: (session: QuizSession) => Promise<View[]>,
): Promise<View[]> {
  const session = await openSession(env, r);
  if (!session) throw await noOpenQuestion(env, r);
  return env.store.transaction(() =>
    session.mode === "exam" && r.now >= session.expiresAt
      ? handIn(env, r, session, "finished")
      : work(session),
  );
}

/** `repeat`: shows the current question again, on this screen. */
export function repeat(env: Env, r: Requester): Promise<View[]> {
  return withOpenSession(env, r, async (session) => {
    const ask = session.currentAskId ? await env.store.getAsk(session.currentAskId) : null;
    const question = ask ? env.questions.get(ask.questionId) : undefined;
    if (!ask || !question || r.now >= ask.closesAt) return askCurrent(env, r, session);
    session.screen = r.ctx.screen ?? null;
    await env.store.updateSession(session);
    return [showAsk(env, r, session, ask, question)];
  });
}

/** `skip`: no score and no rating; the question moves to the end of the session. */
export function skip(env: Env, r: Requester): Promise<View[]> {
  return withOpenSession(env, r, async (session) => {
    const left = session.questionIds.length - session.position;
    if (left <= 1) {
      throw new UserError(
        "That is the last question left, so skipping would bring it straight back.",
        (cmd) => `Answer it, or end the ${NOUN[session.mode]} with ${cmd("quit")}.`,
      );
    }
    const [skipped] = session.questionIds.splice(session.position, 1);
    session.questionIds.push(skipped!);
    return [
      { ephemeral: true, tone: "info", text: "Skipped: it comes back at the end." },
      ...(await askCurrent(env, r, session)),
    ];
  });
}

/** `quit`: ends the open session with its report (an exam is handed in). */
export function quit(env: Env, r: Requester): Promise<View[]> {
  return withOpenSession(env, r, (session) => handIn(env, r, session, "closed"));
}

/** The report at a session's end: an exam's result, or what a quiz or review taught. */
export async function reportOf(env: Env, r: Requester, session: QuizSession): Promise<View[]> {
  return session.mode === "exam"
    ? examResultView(env, r, session)
    : [await sessionReport(env, r, session)];
}

/**
 * What a quiz or review taught: points earned, each question missed with a one-line why and
 * its topic, the weakest topic with the command to practise it, and an offer to retry.
 */
async function sessionReport(env: Env, r: Requester, session: QuizSession): Promise<View> {
  const answers = await env.store.sessionAnswers(session.id);
  const right = answers.filter((a) => a.correct).length;
  const points = answers.reduce((sum, a) => sum + a.points, 0);
  const total = session.questionIds.length;
  const missed = answers.filter((a) => !a.correct);
  const lines = missed.flatMap((a) => {
    const q = env.questions.get(a.questionId);
    if (!q) return [];
    return [
      `- **${topicOf(env, q).title}**: ${clip(q.prompt, 90)} _${firstSentence(q.explanation)}_`,
    ];
  });
  const weakest = weakestTopic(env, answers);
  const answeredAll = answers.length === total;
  const fields = [
    ...(lines.length > 0 ? [{ name: `Missed (${missed.length})`, value: lines.join("\n") }] : []),
    ...(weakest
      ? [
          {
            name: "Weakest topic this time",
            value: `**${weakest.title}** (${weakest.right} of ${weakest.asked} right): practise it with ${r.cmd(`quiz ${weakest.id}`)}`,
          },
        ]
      : []),
  ];
  const ended = session.state === "closed" ? "ended" : "finished";
  return {
    ephemeral: true,
    tone: missed.length === 0 && answers.length > 0 ? "success" : "info",
    title: `${sessionName(session)} ${ended}`,
    text: [
      answeredAll
        ? `You got ${right} of ${total} right · +${points} points.`
        : `You answered ${answers.length} of ${total} and got ${right} right · +${points} points.`,
      missed.length === 0 && answers.length > 0
        ? `Nothing missed. ${r.cmd("review")} brings questions back when they are due.`
        : `${r.cmd("review")} brings back what you missed when it is due; ${r.cmd("leaderboard")} shows where you stand.`,
    ].join("\n"),
    ...(fields.length > 0 ? { fields } : {}),
    ...(missed.length > 0
      ? { buttons: [control(`Retry the ${missed.length} missed`, "retry")] }
      : {}),
  };
}

function firstSentence(text: string): string {
  const match = /^(.+?[.!?])(\s|$)/.exec(text.trim());
  return clip(match ? match[1]! : text.trim(), 140);
}

/** The topic with the lowest share right in these answers (only topics with a miss). */
function weakestTopic(
  env: Env,
  answers: { questionId: string; correct: boolean }[],
): { id: string; title: string; right: number; asked: number } | null {
  const byTopic = new Map<string, { right: number; asked: number }>();
  for (const a of answers) {
    const q = env.questions.get(a.questionId);
    if (!q) continue;
    const t = byTopic.get(q.topic) ?? { right: 0, asked: 0 };
    t.asked += 1;
    if (a.correct) t.right += 1;
    byTopic.set(q.topic, t);
  }
  let worst: { id: string; right: number; asked: number } | null = null;
  for (const [id, t] of byTopic) {
    if (t.right === t.asked) continue;
    const share = t.right / t.asked;
    if (
      !worst ||
      share < worst.right / worst.asked ||
      (share === worst.right / worst.asked && t.asked > worst.asked)
    ) {
      worst = { id, ...t };
    }
  }
  if (!worst) return null;
  return { ...worst, title: env.topics.get(worst.id)?.title ?? worst.id };
}

/** `retry`: a practice session of the questions missed in the last session here. */
export async function retry(env: Env, r: Requester): Promise<View[]> {
  const last = await env.store.lastEndedSession(r.member.id, r.ctx.channelId);
  const missed = last
    ? (await env.store.sessionAnswers(last.id))
        .filter((a) => !a.correct)
        .map((a) => env.questions.get(a.questionId))
        .filter((q): q is Question => q !== undefined)
    : [];
  if (!last || missed.length === 0) {
    throw new UserError(
      last ? "Nothing to retry: you missed nothing last time." : "There is nothing to retry yet.",
      (cmd) => `Start a new one with ${cmd("quiz")} or ${cmd("review")}.`,
    );
  }
  const unique = [...new Map(missed.map((q) => [q.id, q])).values()];
  return startSession(env, r, {
    mode: "practice",
    questions: unique,
    label: `Retry of ${last.label}`,
    intro: "The questions you missed, options shuffled again.",
  });
}

import { newAsk } from "./asks.js";
import { chooseChannelQuestions } from "./daily-choice.js";
import type { Env } from "./env.js";
import type { LiveRound, LiveStep } from "./ports.js";
import { randomId } from "./random.js";

/**
 * A live round's timeline, as the README states it. Every step is a database write that only
 * one process can make (the round's version must still be the one it read), and every channel
 * message goes through the outbox, so a restart, a crash or a second process moves a round on
 * once and posts each of its messages once.
 *
 *   start ──lead──▶ q1 ──answer window (or everyone answered)──▶ r1 ──pause──▶ q2 … rN ──▶ end
 *
 * The gaps keep a round far inside the platforms' per-channel limits (Discord 5 messages in 5
 * seconds, Slack about 1 a second): messages are at least MIN_GAP_MS apart.
 */
/** From the start message to the first question: time to gather and press Join. */
export const LEAD_MS = 10_000;
/** The least time between two of a round's messages (an early reveal waits this long). */
export const MIN_GAP_MS = 3_000;
/** From a reveal to the next question: time to read it. */
export const PAUSE_MS = 6_000;
/** A step this late (the bot was down) ends the round with the standings so far. */
export const STALE_MS = 5 * 60_000;

/** Each player's private summary follows the end by this much. */
export const SUMMARY_DELAY_MS = MIN_GAP_MS;

/** The `q3` / `r3` steps of the question at `position` (0-based). */
export const questionStep = (position: number): LiveStep => `q${position + 1}`;
export const revealStep = (position: number): LiveStep => `r${position + 1}`;

/** A step's question position, for `q3` and `r3`; null for the others. */
export function stepPosition(step: LiveStep): { kind: "q" | "r"; position: number } | null {
  const match = /^([qr])(\d+)$/.exec(step);
  return match ? { kind: match[1] as "q" | "r", position: Number(match[2]) - 1 } : null;
}

/** The member a summary step is for (`s42`); null for the other steps. */
export function summaryMember(step: LiveStep): number | null {
  const match = /^s(\d+)$/.exec(step);
  return match ? Number(match[1]) : null;
}

/** The round's write lost to another (a second process, a racing answer): nothing is written. */
class Outpaced extends Error {}

/** Saves a round's new state, or throws Outpaced when someone saved it since it was read. */
async function save(env: Env, round: LiveRound): Promise<LiveRound> {
  if (!(await env.store.saveLiveRound(round))) throw new Outpaced();
  return { ...round, version: round.version + 1 };
}

/**
 * Runs a step of a round as a part of the unit that rolls back alone: false when another
 * process (or request) moved the round on first.
 */
async function step(env: Env, work: () => Promise<unknown>): Promise<boolean> {
  try {
    await env.store.transaction(work);
    return true;
  } catch (error) {
    if (error instanceof Outpaced) return false;
    throw error;
  }
}

export interface NewRound {
  workspaceId: number;
  channelId: string;
  startedBy: number;
  label: string;
  topics: readonly string[];
  count: number;
  seconds: number;
  now: Date;
}

/**
 * Starts a round: its questions chosen as the daily question's are, the start message queued.
 * Null when the channel already has a round running; an empty round when the filter holds no
 * question is the caller's to refuse (it checks first).
 */
export async function startRound(env: Env, what: NewRound): Promise<LiveRound | null> {
  const choices = await chooseChannelQuestions(
    env,
    {
      workspaceId: what.workspaceId,
      channelId: what.channelId,
      topics: what.topics,
      now: what.now,
    },
    what.count,
  );
  const round: LiveRound = {
    id: randomId(env.random),
    workspaceId: what.workspaceId,
    channelId: what.channelId,
    startedBy: what.startedBy,
    label: what.label,
    questionIds: choices.map((c) => c.question.id),
    askIds: [],
    seconds: what.seconds,
    position: -1,
    phase: "lead",
    nextAt: new Date(what.now.getTime() + LEAD_MS),
    createdAt: what.now,
    endedAt: null,
    endReason: null,
    version: 0,
  };
  if (!(await env.store.createLiveRound(round))) return null;
  await env.store.joinLiveRound(round.id, what.startedBy, what.now);
  await queue(env, round, "start", what.now);
  return round;
}

function queue(env: Env, round: LiveRound, step: LiveStep, at: Date): Promise<void> {
  return env.store.queueLiveMessage({
    workspaceId: round.workspaceId,
    channelId: round.channelId,
    roundId: round.id,
    step,
    at,
  });
}

/**
 * Takes a round's due step: the next question after the lead or a pause, the reveal after a
 * question's window (the last one's with the end after it), or the end of a round resumed too
 * late. False when nothing was due or another process took the step.
 */
export async function advanceRound(env: Env, roundId: string, now: Date): Promise<boolean> {
  return step(env, async () => {
    const round = await env.store.getLiveRound(roundId);
    if (!round || round.phase === "ended" || !round.nextAt || round.nextAt > now) {
      throw new Outpaced();
    }
    if (now.getTime() - round.nextAt.getTime() > STALE_MS) {
      env.logger.info(
        { round: round.id, late: now.getTime() - round.nextAt.getTime() },
        "live round resumed too late; ending it",
      );
      return end(env, await closeCurrent(env, round, now), "stale", now);
    }
    if (round.phase === "question") return reveal(env, round, now);
    return openNext(env, round, now);
  });
}

/** Opens the next question still in the deck; ends the round when none is left. */
async function openNext(env: Env, round: LiveRound, now: Date): Promise<void> {
  let position = round.position + 1;
  while (position < round.questionIds.length && !env.questions.has(round.questionIds[position]!))
    position++;
  const question = env.questions.get(round.questionIds[position] ?? "");
  if (!question) {
    await end(env, round, "finished", now);
    return;
  }
  const ask = await newAsk(env, question, {
    workspaceId: round.workspaceId,
    memberId: null,
    channelId: round.channelId,
    sessionId: null,
    now,
    openHours: round.seconds / 3600,
    roundId: round.id,
  });
  // Skipped positions keep their place in askIds (empty), so `q3` is always question 3.
  const askIds = [...round.askIds];
  while (askIds.length < position) askIds.push("");
  askIds[position] = ask.id;
  await save(env, { ...round, askIds, position, phase: "question", nextAt: ask.closesAt });
  await queue(env, round, questionStep(position), now);
}

/** The reveal of the question that just closed; after the last one, the end. */
async function reveal(env: Env, round: LiveRound, now: Date): Promise<void> {
  const closed = await closeCurrent(env, round, now);
  await queue(env, round, revealStep(round.position), now);
  const last = round.questionIds.slice(round.position + 1).every((id) => !env.questions.has(id));
  if (last) {
    await end(env, closed, "finished", new Date(now.getTime() + MIN_GAP_MS), now);
    return;
  }
  await save(env, { ...closed, phase: "reveal", nextAt: new Date(now.getTime() + PAUSE_MS) });
}

/** Closes the open question's window now, so a late click is refused (an early close). */
async function closeCurrent(env: Env, round: LiveRound, now: Date): Promise<LiveRound> {
  if (round.phase !== "question") return round;
  const ask = await env.store.getAsk(round.askIds[round.position] ?? "");
  if (ask && ask.closesAt > now) await env.store.setAskWindow(ask.id, ask.askedAt, now);
  return round;
}

/** Ends a round and queues its final standings (at `at`, later than `now` to keep the gap). */
async function end(
  env: Env,
  round: LiveRound,
  reason: NonNullable<LiveRound["endReason"]>,
  at: Date,
  now = at,
): Promise<void> {
  await save(env, { ...round, phase: "ended", nextAt: null, endedAt: now, endReason: reason });
  await queue(env, round, "end", at);
  // Everyone who answered gets their own summary, privately, where the platform can do that.
  const summaryAt = new Date(at.getTime() + SUMMARY_DELAY_MS);
  const players = new Set((await env.store.liveAnswers(round.id)).map((a) => a.memberId));
  for (const memberId of players) await queue(env, round, `s${memberId}`, summaryAt);
}

/**
 * `live stop`: ends the channel's round now, with the standings so far (after the gap since
 * its last message). Whether this member may is the caller's to check.
 */
export async function stopRound(env: Env, round: LiveRound, now: Date): Promise<boolean> {
  return step(env, async () => {
    const since = await lastMessageAt(env, round);
    const closed = await closeCurrent(env, round, now);
    const at = new Date(Math.max(now.getTime(), since + MIN_GAP_MS));
    await end(env, closed, "stopped", at, now);
  });
}

/** When the round's newest message went out, as far as its state tells (to keep the gap). */
async function lastMessageAt(env: Env, round: LiveRound): Promise<number> {
  if (round.phase === "question") {
    const ask = await env.store.getAsk(round.askIds[round.position] ?? "");
    return ask?.askedAt.getTime() ?? 0;
  }
  if (round.phase === "reveal" && round.nextAt) return round.nextAt.getTime() - PAUSE_MS;
  return round.createdAt.getTime();
}

/**
 * A question's window opens when its message is handed to the platform (not when it was
 * queued), so a slow send or a resend after a crash still gives everyone the whole window.
 * Only the first hand-over with no answer yet moves it. Null when the round has moved past
 * this question (the message is then not sent).
 */
export async function openWindow(
  env: Env,
  round: LiveRound,
  position: number,
  now: Date,
): Promise<{ round: LiveRound; askId: string } | null> {
  const askId = round.askIds[position];
  if (round.phase !== "question" || round.position !== position || !askId) return null;
  const ask = await env.store.getAsk(askId);
  if (!ask) return null;
  const fresh = (await env.store.answersToAsk(askId)).length === 0;
  if (!fresh || ask.askedAt.getTime() === now.getTime()) return { round, askId };
  const closesAt = new Date(now.getTime() + round.seconds * 1000);
  let saved = round;
  const ok = await step(env, async () => {
    await env.store.setAskWindow(askId, now, closesAt);
    saved = await save(env, { ...round, nextAt: closesAt });
  });
  return ok ? { round: saved, askId } : null;
}

/**
 * After an answer: when everybody who joined has answered the open question, its reveal is
 * brought forward (to no sooner than MIN_GAP_MS after the question appeared). True when it was.
 */
export async function closeIfAllAnswered(env: Env, roundId: string, now: Date): Promise<boolean> {
  return step(env, async () => {
    const round = await env.store.getLiveRound(roundId);
    if (round?.phase !== "question" || !round.nextAt) throw new Outpaced();
    const ask = await env.store.getAsk(round.askIds[round.position] ?? "");
    if (!ask) throw new Outpaced();
    const players = await env.store.livePlayers(roundId);
    const answered = new Set((await env.store.answersToAsk(ask.id)).map((a) => a.memberId));
    if (players.length === 0 || !players.every((id) => answered.has(id))) throw new Outpaced();
    const early = new Date(Math.max(now.getTime(), ask.askedAt.getTime() + MIN_GAP_MS));
    if (early >= round.nextAt) throw new Outpaced();
    await save(env, { ...round, nextAt: early });
  });
}

/** A round whose start or question could not be posted ends: nobody can see it. */
export async function failRound(env: Env, roundId: string, now: Date): Promise<boolean> {
  return step(env, async () => {
    const round = await env.store.getLiveRound(roundId);
    if (!round || round.phase === "ended") throw new Outpaced();
    await save(env, { ...round, phase: "ended", nextAt: null, endedAt: now, endReason: "failed" });
  });
}

import type {
  Ask,
  CardState,
  LiveRound,
  Member,
  NewChannelPost,
  QuizSession,
  Schedule,
  StudyTx,
} from "../../src/core/ports.js";

/**
 * Records for the contract suites, built only through the store port, so a second store runs
 * the same suites without knowing how the first one keeps its rows. Every instant is fixed: the
 * suites pass no clock, they pass `now`.
 */

const T0 = Date.parse("2026-03-02T09:00:00Z"); // a Monday
export const HOUR = 60;
export const DAY_MINUTES = 24 * HOUR;

/** The instant `minutes` after the suites' fixed start. */
export const at = (minutes: number): Date => new Date(T0 + minutes * 60_000);
/** The UTC day of an instant, as the port takes days. */
export const dayOf = (instant: Date): string => instant.toISOString().slice(0, 10);
export const DAY0 = dayOf(at(0));

let seq = 0;
/** Ids the caller chooses (asks, sessions): unique across a run, so no test meets another's. */
export const newId = (prefix: string): string => `${prefix}-${++seq}`;

export async function workspace(
  store: StudyTx,
  externalId = "w1",
  platform = "test",
): Promise<number> {
  return await store.ensureWorkspace({ platform, externalId, name: externalId }, at(0));
}

export async function member(store: StudyTx, workspaceId: number, name: string): Promise<Member> {
  return await store.ensureMember(workspaceId, `id-${name}`, name, at(0));
}

/** A channel question (no member: anyone may answer) unless `fields` says otherwise. */
export function askFor(workspaceId: number, fields: Partial<Ask> = {}): Ask {
  return {
    id: newId("ask"),
    workspaceId,
    memberId: null,
    channelId: "general",
    sessionId: null,
    questionId: "q1",
    optionOrder: [2, 0, 1],
    askedAt: at(0),
    closesAt: at(12 * HOUR),
    roundId: null,
    ...fields,
  };
}

export async function ask(
  store: StudyTx,
  workspaceId: number,
  fields: Partial<Ask> = {},
): Promise<Ask> {
  const made = askFor(workspaceId, fields);
  await store.createAsk(made);
  return made;
}

export function cardFor(
  memberId: number,
  questionId: string,
  fields: Partial<CardState> = {},
): CardState {
  return {
    memberId,
    questionId,
    due: at(DAY_MINUTES),
    stability: 2.5,
    difficulty: 5.25,
    elapsedDays: 0,
    scheduledDays: 1,
    learningSteps: 0,
    reps: 1,
    lapses: 0,
    state: 1,
    lastReview: at(1),
    ...fields,
  };
}

export interface AnswerOptions {
  points?: number;
  correct?: boolean;
  chosen?: number[];
  /** When it was answered (default: a minute in). */
  at?: Date;
  /** The UTC day its points count for (default: the day of `at`). */
  day?: string;
  /** The card's next due date (default: a day in). */
  due?: Date;
}

/** A member answers an ask through `saveAnswer`, as the core does: with its card and review log. */
export async function answer(
  store: StudyTx,
  who: Member,
  to: Ask,
  options: AnswerOptions = {},
): Promise<boolean> {
  const answeredAt = options.at ?? at(1);
  const correct = options.correct ?? true;
  const card = cardFor(who.id, to.questionId, {
    due: options.due ?? at(DAY_MINUTES),
    lastReview: answeredAt,
  });
  return await store.saveAnswer(
    {
      askId: to.id,
      workspaceId: to.workspaceId,
      memberId: who.id,
      questionId: to.questionId,
      chosen: options.chosen ?? [0],
      correct,
      points: options.points ?? (correct ? 10 : 0),
      answeredAt,
      day: options.day ?? dayOf(answeredAt),
    },
    card,
    {
      memberId: who.id,
      questionId: to.questionId,
      rating: correct ? 3 : 1,
      state: 0,
      due: answeredAt,
      stability: 0,
      difficulty: 0,
      elapsedDays: 0,
      lastElapsedDays: 0,
      scheduledDays: 0,
      learningSteps: 0,
      review: answeredAt,
    },
  );
}

/** Answers a fresh private ask of `questionId` (to give a member a card or points). */
export async function answerPrivately(
  store: StudyTx,
  who: Member,
  questionId: string,
  options: AnswerOptions = {},
): Promise<boolean> {
  const made = await ask(store, who.workspaceId, {
    memberId: who.id,
    channelId: "dm",
    questionId,
  });
  return await answer(store, who, made, options);
}

export function sessionFor(
  workspaceId: number,
  memberId: number,
  fields: Partial<QuizSession> = {},
): QuizSession {
  return {
    id: newId("session"),
    workspaceId,
    memberId,
    mode: "practice",
    questionIds: ["q1", "q2", "q3"],
    position: 0,
    correct: 0,
    createdAt: at(0),
    expiresAt: at(HOUR),
    channelId: "dm",
    screen: null,
    state: "open",
    currentAskId: null,
    label: "KMS",
    endedAt: null,
    ...fields,
  };
}

export async function session(
  store: StudyTx,
  workspaceId: number,
  memberId: number,
  fields: Partial<QuizSession> = {},
): Promise<QuizSession> {
  const made = sessionFor(workspaceId, memberId, fields);
  await store.createSession(made);
  return made;
}

export function scheduleFor(
  workspaceId: number,
  channelId: string,
  fields: Partial<Schedule> = {},
): Schedule {
  return {
    workspaceId,
    channelId,
    time: "09:00",
    timezone: "Europe/Berlin",
    days: [1, 2, 3, 4, 5],
    topics: [],
    paused: false,
    pausedReason: null,
    openHours: 12,
    nextRunAt: at(HOUR),
    updatedAt: at(0),
    ...fields,
  };
}

/** A channel post's claim for an ask made for it; `claimChannelPost` records it. */
export function postFor(to: Ask, fields: Partial<NewChannelPost> = {}): NewChannelPost {
  return {
    workspaceId: to.workspaceId,
    channelId: to.channelId ?? "general",
    localDate: dayOf(to.askedAt),
    kind: "scheduled",
    askId: to.id,
    claimedBy: "instance-a",
    claimedAt: to.askedAt,
    closesAt: to.closesAt,
    ...fields,
  };
}

/** A live round in channel "live", just started by `startedBy`. */
export function liveRoundFor(
  workspaceId: number,
  startedBy: number,
  fields: Partial<LiveRound> = {},
): LiveRound {
  return {
    id: newId("round"),
    workspaceId,
    channelId: "live",
    startedBy,
    label: "KMS",
    questionIds: ["q1", "q2", "q3"],
    askIds: [],
    seconds: 20,
    position: -1,
    phase: "lead",
    nextAt: at(1),
    createdAt: at(0),
    endedAt: null,
    endReason: null,
    version: 0,
    ...fields,
  };
}

import type { Weekday } from "../core/commands.js";
import type {
  Ask,
  CardState,
  DeckPoints,
  ExamResult,
  LiveAnswer,
  LivePhase,
  LiveRound,
  Member,
  QuestionReport,
  QuizSession,
  Recap,
  Reminder,
  Schedule,
  Team,
  WorkspaceRef,
} from "../core/ports.js";

/** Row shapes as SQLite returns them, and their mapping to the core's records. */

export interface MemberRow {
  id: number;
  workspace_id: number;
  external_id: string;
  display_name: string;
  team_id: number | null;
  total_points: number;
  answered: number;
  correct: number;
  streak: number;
  streak_day: string | null;
  deck_id: string | null;
  freezes: number;
  freezes_used: number;
}

export function toMember(r: MemberRow): Member {
  return {
    id: r.id,
    workspaceId: r.workspace_id,
    externalId: r.external_id,
    displayName: r.display_name,
    teamId: r.team_id,
    totalPoints: r.total_points,
    answered: r.answered,
    correct: r.correct,
    streak: r.streak,
    streakDay: r.streak_day,
    deckId: r.deck_id,
    freezes: r.freezes,
    freezesUsed: r.freezes_used,
  };
}

export interface SessionRow {
  id: string;
  workspace_id: number;
  member_id: number;
  mode: QuizSession["mode"];
  question_ids: string;
  position: number;
  correct: number;
  created_at: number;
  expires_at: number;
  channel_id: string | null;
  screen: string | null;
  state: QuizSession["state"];
  current_ask_id: string | null;
  label: string;
  ended_at: number | null;
}

export function toSession(r: SessionRow): QuizSession {
  return {
    id: r.id,
    workspaceId: r.workspace_id,
    memberId: r.member_id,
    mode: r.mode,
    questionIds: JSON.parse(r.question_ids) as string[],
    position: r.position,
    correct: r.correct,
    createdAt: new Date(r.created_at),
    expiresAt: new Date(r.expires_at),
    channelId: r.channel_id,
    screen: r.screen,
    state: r.state,
    currentAskId: r.current_ask_id,
    label: r.label,
    endedAt: r.ended_at === null ? null : new Date(r.ended_at),
  };
}

export interface ExamResultRow {
  session_id: string;
  workspace_id: number;
  member_id: number;
  started_at: number;
  ended_at: number;
  total: number;
  correct: number;
  answered: number;
  scaled: number;
  passed: number;
  areas: string;
}

export function toExamResult(r: ExamResultRow): ExamResult {
  return {
    sessionId: r.session_id,
    workspaceId: r.workspace_id,
    memberId: r.member_id,
    startedAt: new Date(r.started_at),
    endedAt: new Date(r.ended_at),
    total: r.total,
    correct: r.correct,
    answered: r.answered,
    scaled: r.scaled,
    passed: r.passed === 1,
    areas: JSON.parse(r.areas) as ExamResult["areas"],
  };
}

export interface AskRow {
  id: string;
  workspace_id: number;
  member_id: number | null;
  channel_id: string | null;
  session_id: string | null;
  question_id: string;
  option_order: string;
  asked_at: number;
  closes_at: number;
  round_id: string | null;
}

export function toAsk(r: AskRow): Ask {
  return {
    id: r.id,
    workspaceId: r.workspace_id,
    memberId: r.member_id,
    channelId: r.channel_id,
    sessionId: r.session_id,
    questionId: r.question_id,
    optionOrder: JSON.parse(r.option_order) as number[],
    askedAt: new Date(r.asked_at),
    closesAt: new Date(r.closes_at),
    roundId: r.round_id,
  };
}

export interface ReportRow {
  id: number;
  workspace_id: number;
  member_id: number;
  member_name: string;
  ask_id: string;
  question_id: string;
  option_order: string;
  reason: string | null;
  state: QuestionReport["state"];
  created_at: number;
  closed_at: number | null;
}

export function toReport(r: ReportRow): QuestionReport {
  return {
    id: r.id,
    workspaceId: r.workspace_id,
    memberId: r.member_id,
    memberName: r.member_name,
    askId: r.ask_id,
    questionId: r.question_id,
    optionOrder: JSON.parse(r.option_order) as number[],
    reason: r.reason,
    state: r.state,
    createdAt: new Date(r.created_at),
    closedAt: r.closed_at === null ? null : new Date(r.closed_at),
  };
}

export interface CardRow {
  member_id: number;
  question_id: string;
  due: number;
  stability: number;
  difficulty: number;
  elapsed_days: number;
  scheduled_days: number;
  learning_steps: number;
  reps: number;
  lapses: number;
  state: number;
  last_review: number | null;
}

export function toCard(r: CardRow): CardState {
  return {
    memberId: r.member_id,
    questionId: r.question_id,
    due: new Date(r.due),
    stability: r.stability,
    difficulty: r.difficulty,
    elapsedDays: r.elapsed_days,
    scheduledDays: r.scheduled_days,
    learningSteps: r.learning_steps,
    reps: r.reps,
    lapses: r.lapses,
    state: r.state,
    lastReview: r.last_review === null ? null : new Date(r.last_review),
  };
}

export interface TeamRow {
  id: number;
  workspace_id: number;
  name: string;
  members: number;
}

export function toTeam(r: TeamRow): Team {
  return { id: r.id, workspaceId: r.workspace_id, name: r.name, members: r.members };
}

export interface ScheduleRow {
  workspace_id: number;
  channel_id: string;
  local_time: string;
  timezone: string;
  days: string;
  topics: string;
  paused: number;
  paused_reason: string | null;
  open_hours: number;
  next_run_at: number | null;
  updated_at: number;
  plan_failures?: number;
  plan_error?: string | null;
}

export function toSchedule(r: ScheduleRow): Schedule {
  return {
    workspaceId: r.workspace_id,
    channelId: r.channel_id,
    time: r.local_time,
    timezone: r.timezone,
    days: JSON.parse(r.days) as Weekday[],
    topics: JSON.parse(r.topics) as string[],
    paused: r.paused === 1,
    pausedReason: r.paused_reason,
    openHours: r.open_hours,
    nextRunAt: r.next_run_at === null ? null : new Date(r.next_run_at),
    updatedAt: new Date(r.updated_at),
    planFailures: r.plan_failures ?? 0,
    planError: r.plan_error ?? null,
  };
}

export interface LiveRoundRow {
  id: string;
  workspace_id: number;
  channel_id: string;
  started_by: number;
  label: string;
  question_ids: string;
  ask_ids: string;
  seconds: number;
  position: number;
  phase: LivePhase;
  next_at: number | null;
  version: number;
  created_at: number;
  ended_at: number | null;
  end_reason: LiveRound["endReason"];
}

export function toLiveRound(r: LiveRoundRow): LiveRound {
  return {
    id: r.id,
    workspaceId: r.workspace_id,
    channelId: r.channel_id,
    startedBy: r.started_by,
    label: r.label,
    questionIds: JSON.parse(r.question_ids) as string[],
    askIds: JSON.parse(r.ask_ids) as string[],
    seconds: r.seconds,
    position: r.position,
    phase: r.phase,
    nextAt: r.next_at === null ? null : new Date(r.next_at),
    version: r.version,
    createdAt: new Date(r.created_at),
    endedAt: r.ended_at === null ? null : new Date(r.ended_at),
    endReason: r.end_reason,
  };
}

/** A round as both stores bind it: named values, instants in ms, lists as JSON. */
export function liveRoundValues(round: LiveRound) {
  return {
    id: round.id,
    workspaceId: round.workspaceId,
    channelId: round.channelId,
    startedBy: round.startedBy,
    label: round.label,
    questionIds: JSON.stringify(round.questionIds),
    askIds: JSON.stringify(round.askIds),
    seconds: round.seconds,
    position: round.position,
    phase: round.phase,
    nextAt: round.nextAt?.getTime() ?? null,
    version: round.version,
    createdAt: round.createdAt.getTime(),
    endedAt: round.endedAt?.getTime() ?? null,
    endReason: round.endReason,
  };
}

export interface LiveAnswerRow {
  ask_id: string;
  question_id: string;
  member_id: number;
  name: string;
  team_id: number | null;
  team_name: string | null;
  chosen: string;
  correct: number;
  points: number;
  answered_at: number;
}

export function toLiveAnswer(r: LiveAnswerRow): LiveAnswer {
  return {
    askId: r.ask_id,
    questionId: r.question_id,
    memberId: r.member_id,
    name: r.name,
    teamId: r.team_id,
    teamName: r.team_name,
    chosen: JSON.parse(r.chosen) as number[],
    correct: r.correct === 1,
    points: r.points,
    answeredAt: new Date(r.answered_at),
  };
}

export interface DeckPointsRow {
  member_id: number;
  name: string;
  team_id: number | null;
  team_name: string | null;
  points: number;
}

export function toDeckPoints(r: DeckPointsRow): DeckPoints {
  return {
    memberId: r.member_id,
    name: r.name,
    teamId: r.team_id,
    teamName: r.team_name,
    points: r.points,
  };
}

export interface ReminderRow {
  member_id: number;
  workspace_id: number;
  local_time: string;
  timezone: string;
  days: string;
  next_run_at: number | null;
  paused_reason: string | null;
  updated_at: number;
}

export function toReminder(r: ReminderRow): Reminder {
  return {
    memberId: r.member_id,
    workspaceId: r.workspace_id,
    time: r.local_time,
    timezone: r.timezone,
    days: JSON.parse(r.days) as Weekday[],
    nextRunAt: r.next_run_at === null ? null : new Date(r.next_run_at),
    pausedReason: r.paused_reason,
    updatedAt: new Date(r.updated_at),
  };
}

/** A reminder as both stores bind it. */
export function reminderValues(r: Reminder) {
  return {
    memberId: r.memberId,
    workspaceId: r.workspaceId,
    time: r.time,
    timezone: r.timezone,
    days: JSON.stringify(r.days),
    nextRunAt: r.nextRunAt?.getTime() ?? null,
    pausedReason: r.pausedReason,
    updatedAt: r.updatedAt.getTime(),
  };
}

export interface RecapRow {
  workspace_id: number;
  channel_id: string;
  timezone: string;
  time: string;
  recap_day: number;
  next_recap_at: number | null;
}

export function toRecap(r: RecapRow): Recap {
  return {
    workspaceId: r.workspace_id,
    channelId: r.channel_id,
    timezone: r.timezone,
    time: r.time,
    day: r.recap_day as Weekday,
    nextRecapAt: r.next_recap_at === null ? null : new Date(r.next_recap_at),
  };
}

/** A workspace as a row names it (platform, external id, name). */
export function toWorkspaceRef(r: {
  platform: string;
  external_id: string;
  name: string | null;
}): WorkspaceRef {
  return { platform: r.platform, externalId: r.external_id, ...(r.name ? { name: r.name } : {}) };
}

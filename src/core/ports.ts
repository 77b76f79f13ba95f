import type { Weekday } from "./commands.js";

/**
 * The records the core keeps, and the store port it keeps them through. The core never sees
 * SQL; src/store implements this port on SQLite. Instants are Dates (UTC); days are YYYY-MM-DD.
 */

export interface WorkspaceRef {
  platform: string;
  externalId: string;
  name?: string;
}

export interface Member {
  id: number;
  workspaceId: number;
  externalId: string;
  displayName: string;
  teamId: number | null;
  totalPoints: number;
  answered: number;
  correct: number;
  /** Consecutive UTC days with at least one answer, ending on `streakDay`. */
  streak: number;
  streakDay: string | null;
  /** The deck the member chose for private study (`deck use`); null: the default. */
  deckId: string | null;
  /** Streak freezes held (at most 2), as of `streakDay`: a missed day since uses one. */
  freezes: number;
  /** Streak freezes used so far. */
  freezesUsed: number;
}

export type SessionMode = "practice" | "review" | "exam";
/** open: being answered; finished: every question answered (or an exam's time up); closed: left. */
export type SessionState = "open" | "finished" | "closed";

/** A private quiz, review or exam: one member's, in one conversation. */
export interface QuizSession {
  id: string;
  workspaceId: number;
  memberId: number;
  mode: SessionMode;
  /** The questions in asking order; a skipped one moves to the end. */
  questionIds: string[];
  /** Index of the question being asked now. */
  position: number;
  correct: number;
  createdAt: Date;
  /** When its questions stop taking answers; for an exam, the deadline. */
  expiresAt: Date;
  /** The conversation: the channel (or DM, or console) it runs in. */
  channelId: string | null;
  /** The screen showing it where the platform keeps no messages (a console run); else null. */
  screen: string | null;
  state: SessionState;
  /** The ask shown last: the only one a typed answer (or a click) can answer. */
  currentAskId: string | null;
  /** What it is of, for people: "KMS", "Review", "Exam". */
  label: string;
  endedAt: Date | null;
}

/** One answer given in a session, for its report. */
export interface SessionAnswer {
  askId: string;
  questionId: string;
  correct: boolean;
  points: number;
}

/** A finished exam rehearsal, as kept for stats. */
export interface ExamResult {
  sessionId: string;
  workspaceId: number;
  memberId: number;
  startedAt: Date;
  endedAt: Date;
  total: number;
  correct: number;
  answered: number;
  /** 100 to 1000, as the exam reports it; 700 passes. */
  scaled: number;
  passed: boolean;
  areas: { area: string; total: number; correct: number }[];
}

/** One showing of a question: to one member (practice, review) or to a channel (daily post). */
export interface Ask {
  id: string;
  workspaceId: number;
  /** The member a private ask belongs to; null for a channel post anyone may answer. */
  memberId: number | null;
  channelId: string | null;
  sessionId: string | null;
  questionId: string;
  /** The shown order: optionOrder[shownIndex] = index in the question's options. */
  optionOrder: number[];
  askedAt: Date;
  closesAt: Date;
  /** The live round it is a question of (anyone in the channel may answer); else null. */
  roundId: string | null;
}

/**
 * Where a live round is: waiting for its first question (lead), a question open for answers,
 * the pause after a question's reveal, or over.
 */
export type LivePhase = "lead" | "question" | "reveal" | "ended";

/** A live round: a timed quiz a whole channel plays together, its state kept in the database. */
export interface LiveRound {
  id: string;
  workspaceId: number;
  channelId: string;
  /** The member who started it (who may stop it, with admins). */
  startedBy: number;
  /** What it is of, for people: "KMS", "the whole deck". */
  label: string;
  /** The questions in asking order, chosen when it starts. */
  questionIds: string[];
  /** The asks of the questions opened so far, by position. */
  askIds: string[];
  /** How long each question takes answers. */
  seconds: number;
  /** The index of the question shown now (or last); -1 before the first. */
  position: number;
  phase: LivePhase;
  /** When the next step is due (the next question, a reveal); null once it ended. */
  nextAt: Date | null;
  createdAt: Date;
  endedAt: Date | null;
  /** finished: every question asked; stopped: by `live stop`; stale: resumed too late; failed: could not post. */
  endReason: "finished" | "stopped" | "stale" | "failed" | null;
  /** Bumped by every save: a save from a stale read changes nothing (see `saveLiveRound`). */
  version: number;
}

/** One answer in a live round, with who gave it, for standings and summaries. */
export interface LiveAnswer {
  askId: string;
  questionId: string;
  memberId: number;
  name: string;
  teamId: number | null;
  teamName: string | null;
  chosen: number[];
  correct: boolean;
  points: number;
  answeredAt: Date;
}

/** A member's FSRS memory state for one question. */
export interface CardState {
  memberId: number;
  questionId: string;
  due: Date;
  stability: number;
  difficulty: number;
  elapsedDays: number;
  scheduledDays: number;
  learningSteps: number;
  reps: number;
  lapses: number;
  /** 0 new, 1 learning, 2 review, 3 relearning (ts-fsrs State). */
  state: number;
  lastReview: Date | null;
}

export interface ReviewLogEntry {
  memberId: number;
  questionId: string;
  rating: number;
  state: number;
  due: Date;
  stability: number;
  difficulty: number;
  elapsedDays: number;
  lastElapsedDays: number;
  scheduledDays: number;
  learningSteps: number;
  review: Date;
}

export interface AnswerRecord {
  askId: string;
  workspaceId: number;
  memberId: number;
  questionId: string;
  /** Indexes into the question's options, in the author's order. */
  chosen: number[];
  correct: boolean;
  points: number;
  answeredAt: Date;
  /** The UTC day the points count for. */
  day: string;
}

export interface AskAnswer {
  memberId: number;
  name: string;
  chosen: number[];
  correct: boolean;
  answeredAt: Date;
}

export interface NewChannelPost {
  workspaceId: number;
  channelId: string;
  /** The channel's local date the post is for (its day's slot). */
  localDate: string;
  /** "scheduled" takes the day's slot; "extra" (post-now) does not. */
  kind: "scheduled" | "extra";
  askId: string;
  claimedBy: string;
  claimedAt: Date;
  closesAt: Date;
}

export interface MemberProgress {
  totalPoints: number;
  answered: number;
  correct: number;
  streak: number;
  streakDay: string;
}

export interface Standing {
  id: number;
  name: string;
  points: number;
  rank: number;
  /** For teams: how many members the team has. */
  members?: number;
}

/** One of a closed season's top three. */
export interface SeasonWinner {
  seasonStart: string;
  seasonEnd: string;
  rank: number;
  name: string;
  points: number;
}

/** A member's points from one deck's questions. */
export interface DeckPoints {
  memberId: number;
  name: string;
  teamId: number | null;
  teamName: string | null;
  points: number;
}

export interface Team {
  id: number;
  workspaceId: number;
  name: string;
  members: number;
}

export interface Schedule {
  workspaceId: number;
  channelId: string;
  /** Local "HH:MM". */
  time: string;
  timezone: string;
  days: Weekday[];
  /** Topic or area ids; empty means the whole deck. */
  topics: string[];
  paused: boolean;
  pausedReason: string | null;
  /** How long a daily question stays open for answers. */
  openHours: number;
  nextRunAt: Date | null;
  updatedAt: Date;
  /** Planning failures in a row (the schedule waits where it was and is tried again). */
  planFailures?: number;
  /** Why the last planning failed, for `status`. */
  planError?: string | null;
}

/** A member's review reminder: a direct message at a local time on chosen days, when cards are due. */
export interface Reminder {
  memberId: number;
  workspaceId: number;
  /** Local "HH:MM". */
  time: string;
  timezone: string;
  days: Weekday[];
  nextRunAt: Date | null;
  /** Why reminders stopped (the platform would not deliver a direct message); null: active. */
  pausedReason: string | null;
  updatedAt: Date;
}

/** A channel's weekly recap, as the scheduler plans it (from its daily-question schedule). */
export interface Recap {
  workspaceId: number;
  channelId: string;
  timezone: string;
  /** Local "HH:MM": the recap's own, or the schedule's. */
  time: string;
  day: Weekday;
  nextRecapAt: Date | null;
}

/** A channel's week: its questions posted, the answers to them, and who answered. */
export interface ChannelWeek {
  posts: number;
  answers: number;
  players: number;
}

/** A message the scheduler sends once per subject (a reminder of one local day). */
export interface NewNotice {
  workspaceId: number;
  /** The channel; for a direct message, the member's platform id until the platform opens it. */
  channelId: string;
  /** Unique: a second notice with the same subject is not queued. */
  subject: string;
  /** The member a direct message is for; null for a channel notice. */
  toMember: number | null;
  at: Date;
}

/** A member's report that a question is wrong or unclear, as they saw it. */
export interface NewReport {
  workspaceId: number;
  memberId: number;
  askId: string;
  questionId: string;
  /** The order the options were shown in (optionOrder[shown] = index in the question). */
  optionOrder: number[];
  reason: string | null;
  createdAt: Date;
}

export interface QuestionReport extends NewReport {
  id: number;
  /** The reporter's display name, for admins. */
  memberName: string;
  state: "open" | "closed";
  closedAt: Date | null;
}

/** The deck's question ids, which store reads filter by (built once, at start-up). */
export type DeckKey = { readonly questionIds: ReadonlySet<string> };

export function deckKey(questionIds: readonly string[]): DeckKey {
  return { questionIds: new Set(questionIds) };
}

/**
 * What a unit of work can read and write. Every method is async, so a network database can sit
 * behind it. Writes that accumulate are relative (points are added, not set), so they stay
 * correct under whatever isolation a store offers.
 */
export interface StudyTx {
  /**
   * Runs `work` inside the unit of work it is called in, as a part that rolls back alone when it
   * throws (a savepoint), so a caught failure leaves the rest of the unit standing.
   */
  transaction<T>(work: () => Promise<T>): Promise<T>;

  ensureWorkspace(ref: WorkspaceRef, now: Date): Promise<number>;
  ensureMember(
    workspaceId: number,
    externalId: string,
    displayName: string,
    now: Date,
  ): Promise<Member>;
  getMember(memberId: number): Promise<Member | null>;
  /** A member of this workspace by platform id or, failing that, display name. */
  findMember(workspaceId: number, idOrName: string): Promise<Member | null>;

  createSession(session: QuizSession): Promise<void>;
  getSession(id: string): Promise<QuizSession | null>;
  /** Writes what changes as a session runs: questions, position, score, state, current ask. */
  updateSession(session: QuizSession): Promise<void>;
  /** The open session of a member in a conversation (at most one). */
  openSession(memberId: number, channelId: string | null): Promise<QuizSession | null>;
  /** The member's newest session in a conversation that ended (finished or closed). */
  lastEndedSession(memberId: number, channelId: string | null): Promise<QuizSession | null>;
  /** Open exams whose time is up, oldest deadline first. */
  expiredExams(now: Date, limit: number): Promise<QuizSession[]>;
  /** The answers given in a session, in the order given. */
  sessionAnswers(sessionId: string): Promise<SessionAnswer[]>;
  /** Keeps an exam's result; a second save for the same session changes nothing. */
  saveExamResult(result: ExamResult): Promise<void>;
  /** A member's newest exam results, newest first. */
  examResults(memberId: number, limit: number): Promise<ExamResult[]>;

  createAsk(ask: Ask): Promise<void>;
  getAsk(id: string): Promise<Ask | null>;
  /** The newest open channel question in a channel that this member has not answered. */
  openChannelAsk(
    workspaceId: number,
    memberId: number,
    channelId: string,
    now: Date,
  ): Promise<Ask | null>;
  hasAnswered(askId: string, memberId: number): Promise<boolean>;

  getCard(memberId: number, questionId: string): Promise<CardState | null>;
  /**
   * A member's cards for the deck's questions (`deck`: the question ids, as made by
   * `deckKey`). Cards of questions retired from the deck stay in the database but are not read.
   */
  cards(memberId: number, deck: DeckKey): Promise<CardState[]>;
  /** The member's due cards for the deck's questions, most overdue first. */
  dueCards(memberId: number, now: Date, limit: number, deck: DeckKey): Promise<CardState[]>;
  /**
   * Records an answer with its card and review log, and adds it to the member's totals, the
   * day's score and the streak (relative writes: right whatever else wrote meanwhile). Returns
   * false, changing nothing, when this member already answered this ask.
   */
  saveAnswer(answer: AnswerRecord, card: CardState, log: ReviewLogEntry): Promise<boolean>;

  /** What the member scored on one UTC day (zeros when they did not answer). */
  dayScore(
    memberId: number,
    day: string,
  ): Promise<{ points: number; answered: number; correct: number }>;
  /** What the member scored on each UTC day from `sinceDay` on that they answered, oldest first. */
  dayScores(
    memberId: number,
    sinceDay: string,
  ): Promise<{ day: string; points: number; answered: number; correct: number }[]>;
  /** Question ids posted to a channel at or after `since`, newest first. */
  channelQuestionsSince(workspaceId: number, channelId: string, since: Date): Promise<string[]>;

  /** The ask the member answered last in this conversation (what a typed `report` is about). */
  lastAnsweredAsk(memberId: number, channelId: string | null): Promise<Ask | null>;
  /** Records a report; false, changing nothing, when the member already reported this ask. */
  createReport(report: NewReport): Promise<boolean>;
  /**
   * Open reports, oldest first: one workspace's (its admins' list), or every workspace's
   * (null: the deck's maintainers, `studybot content reports`).
   */
  openReports(workspaceId: number | null, limit: number): Promise<QuestionReport[]>;
  /** Closes an open report of this workspace; false when it has no such open report. */
  closeReport(workspaceId: number, reportId: number, now: Date): Promise<boolean>;

  /** Starts a live round; false, changing nothing, when the channel has one that has not ended. */
  createLiveRound(round: LiveRound): Promise<boolean>;
  getLiveRound(id: string): Promise<LiveRound | null>;
  /** The channel's round that has not ended, if any. */
  activeLiveRound(workspaceId: number, channelId: string): Promise<LiveRound | null>;
  /** The channel's newest round, ended or not. */
  lastLiveRound(workspaceId: number, channelId: string): Promise<LiveRound | null>;
  /**
   * Writes a round's new state if nobody saved it since it was read (its `version` is still the
   * one read): true when it saved (and the round's version moved on by one), false otherwise.
   */
  saveLiveRound(round: LiveRound): Promise<boolean>;
  /** Counts a member in a round (idempotent); true when they had not joined before. */
  joinLiveRound(roundId: string, memberId: number, now: Date): Promise<boolean>;
  /** The members who joined a round (or answered in it). */
  livePlayers(roundId: string): Promise<number[]>;
  /** Every answer given in a round, fastest first within each question. */
  liveAnswers(roundId: string): Promise<LiveAnswer[]>;
  /** Moves an ask's answer window (a live question's opens when it is posted). */
  setAskWindow(askId: string, askedAt: Date, closesAt: Date): Promise<void>;
  /**
   * Queues a live round's channel message for the scheduler's sender, due at `at`; a second
   * queueing of the same round and step changes nothing.
   */
  queueLiveMessage(message: LiveMessage): Promise<void>;

  /** The deck an admin set for a channel; null when none was. */
  channelDeck(workspaceId: number, channelId: string): Promise<string | null>;
  /** Sets a channel's deck; null goes back to the default. */
  setChannelDeck(
    workspaceId: number,
    channelId: string,
    deckId: string | null,
    now: Date,
  ): Promise<void>;
  /** Sets the deck a member studies privately; null goes back to the default. */
  setMemberDeck(memberId: number, deckId: string | null): Promise<void>;

  getReminder(memberId: number): Promise<Reminder | null>;
  saveReminder(reminder: Reminder): Promise<void>;
  /** Turns a member's reminders off; true when they had them. */
  deleteReminder(memberId: number): Promise<boolean>;
  /** Queues a notice for the scheduler's sender; false, changing nothing, when its subject was queued before. */
  queueNotice(notice: NewNotice): Promise<boolean>;
  /**
   * The workspace a member's direct messages belong to, on a platform whose DMs name none
   * (Discord): the one where they set their newest reminder. Null when they have none.
   */
  reminderWorkspace(platform: string, userExternalId: string): Promise<WorkspaceRef | null>;

  /** Members ranked by points on UTC days from `fromDay` up to (not including) `toDay`. */
  standingsBetween(
    workspaceId: number,
    fromDay: string,
    toDay: string,
    limit: number,
  ): Promise<Standing[]>;
  /** Claims the close of a season (once: false when it was closed before). */
  claimSeasonClose(
    workspaceId: number,
    season: { start: string; end: string },
    now: Date,
  ): Promise<boolean>;
  /** Keeps a closed season's final standings, as they were. */
  saveSeasonResults(workspaceId: number, seasonStart: string, rows: Standing[]): Promise<void>;
  /** Closed seasons' top three, newest season first, for the hall of fame. */
  seasonWinners(workspaceId: number, seasons: number): Promise<SeasonWinner[]>;

  /**
   * Sets a channel's weekly recap (on, its weekday, its time or null for the schedule's) and
   * when it comes next; false when the channel has no daily-question schedule.
   */
  setRecap(
    workspaceId: number,
    channelId: string,
    recap: { on: boolean; day: Weekday; time: string | null },
    nextRecapAt: Date | null,
  ): Promise<boolean>;
  /** A channel's recap settings; null without a schedule. */
  getRecap(
    workspaceId: number,
    channelId: string,
  ): Promise<{ on: boolean; day: Weekday; time: string | null; nextRecapAt: Date | null } | null>;
  /** The channel questions posted from `since` to `until`, with their answers and players. */
  channelWeek(
    workspaceId: number,
    channelId: string,
    since: Date,
    until: Date,
  ): Promise<ChannelWeek>;

  /** A workspace's setting (null when never set). */
  getSetting(workspaceId: number, key: string): Promise<string | null>;
  setSetting(workspaceId: number, key: string, value: string, now: Date): Promise<void>;

  /** Whether the channel's scheduled post for this local date is already claimed. */
  hasScheduledPost(workspaceId: number, channelId: string, localDate: string): Promise<boolean>;
  /** Records a channel post to send. A second scheduled post for the same day returns false. */
  claimChannelPost(post: NewChannelPost): Promise<boolean>;

  /** Members who answered a question posted in this channel at or after `since`. */
  channelActiveMembers(workspaceId: number, channelId: string, since: Date): Promise<number[]>;
  /** Every card of these members (for the channel's question choice). */
  cardsOfMembers(memberIds: number[]): Promise<CardState[]>;
  /** Who answered an ask, fastest first. */
  answersToAsk(askId: string): Promise<AskAnswer[]>;

  /** Members ranked by points since `sinceDay` (null: all time), best first. */
  standings(workspaceId: number, sinceDay: string | null, limit: number): Promise<Standing[]>;
  /** One member's points and rank in the same ranking. */
  standingOf(workspaceId: number, memberId: number, sinceDay: string | null): Promise<Standing>;
  teamStandings(workspaceId: number, sinceDay: string | null, limit: number): Promise<Standing[]>;
  /**
   * Every member's points from the deck's questions since `sinceDay` (UTC; null: all time), for
   * a deck's own leaderboard: members with points only, with their team.
   */
  deckPoints(workspaceId: number, sinceDay: string | null, deck: DeckKey): Promise<DeckPoints[]>;

  findTeam(workspaceId: number, nameKey: string): Promise<Team | null>;
  createTeam(workspaceId: number, name: string, nameKey: string, now: Date): Promise<Team>;
  getTeam(teamId: number): Promise<Team | null>;
  setMemberTeam(memberId: number, teamId: number | null): Promise<void>;
  /** Removes teams that no longer have members. */
  deleteEmptyTeams(workspaceId: number): Promise<void>;
  listTeams(workspaceId: number): Promise<Team[]>;

  getSchedule(workspaceId: number, channelId: string): Promise<Schedule | null>;
  /** Every daily-question schedule of a workspace, paused ones too, by channel id. */
  listSchedules(workspaceId: number): Promise<Schedule[]>;
  saveSchedule(schedule: Schedule): Promise<void>;
  /** Pauses every active schedule of a workspace, saying why; returns how many it paused. */
  pauseWorkspaceSchedules(workspaceId: number, reason: string, now: Date): Promise<number>;
}

/**
 * The study store: a `StudyTx` whose calls each run as their own small unit, plus `unit()` for
 * work whose writes must land together (every request is one).
 */
export interface StudyStore extends StudyTx {
  /**
   * Runs `work` as one unit: everything it writes through `tx` commits together, or nothing
   * does when it throws. Units that write never interleave; a unit that only reads takes no
   * write lock.
   */
  unit<T>(work: (tx: StudyTx) => Promise<T>): Promise<T>;
  /**
   * Resolves once everything written so far is durably committed. A store may group the
   * writes of units that arrive together into one commit; a platform acknowledges a request
   * only after this resolves.
   */
  committed(): Promise<void>;
}

/** What a channel message is: the day's question, its reveal, or a live round's message. */
export type OutboxKind = "question" | "reveal" | "live" | "notice";

/**
 * A live round's messages: its start, each question (`q1`...), each question's reveal with the
 * standings (`r1`...), its end, and after it each player's own summary, privately (`s<member id>`).
 */
export type LiveStep = "start" | "end" | `q${number}` | `r${number}` | `s${number}`;

export interface LiveMessage {
  workspaceId: number;
  channelId: string;
  roundId: string;
  step: LiveStep;
  at: Date;
}

/** A channel message leased for sending: where it goes, what it shows, how far it got. */
export interface OutboxItem {
  id: number;
  kind: OutboxKind;
  /** The daily post it is of (kinds question and reveal); null for a live round's message. */
  postId: number | null;
  workspaceId: number;
  platform: string;
  workspaceExternalId: string;
  channelId: string;
  /** The daily post's local date; null for a live round's message. */
  localDate: string | null;
  /** The daily post's ask; null for a live round's message. */
  askId: string | null;
  /** A live round's message: which round, which step. */
  live: { roundId: string; step: LiveStep } | null;
  /** A notice: its subject, and for a direct message whom it is for. */
  notice: { subject: string; toMember: number | null; toExternalId: string | null } | null;
  /** Sends handed to the platform before this lease: above zero, one may have gone through. */
  triesBefore: number;
  /** When the previous send was handed over (null on the first try). */
  handedBefore: Date | null;
  /** The channel's time zone (UTC when it has no schedule). */
  timezone: string;
}

/** A posted question as the answer-count refresh sees it. */
export interface PostedQuestion {
  id: number;
  platform: string;
  workspaceExternalId: string;
  channelId: string;
  askId: string;
  messageRef: string | null;
  timezone: string;
  /** Answers so far. */
  answers: number;
}

/**
 * The scheduler's queue: due schedules, the outbox of channel messages (leased one at a time
 * while they are sent), answer counts and channel failures. Every write resolves once it is
 * committed, so the scheduler sends only under a durable lease.
 */
export interface PostQueue {
  /** Active schedules of these platforms whose next run is due, oldest first. */
  dueSchedules(now: Date, platforms: readonly string[], limit: number): Promise<Schedule[]>;
  /** Moves a schedule on to its next run, and forgets earlier planning failures. */
  advanceSchedule(workspaceId: number, channelId: string, nextRunAt: Date): Promise<void>;
  /** Counts a failed planning (the schedule stays due); returns how many in a row. */
  recordPlanFailure(workspaceId: number, channelId: string, error: string): Promise<number>;
  /**
   * Takes the oldest due message for `leaseMs`: only one holder gets it; a message whose
   * holder died is due again when the lease runs out. Undefined when nothing is due.
   */
  lease(
    now: Date,
    platforms: readonly string[],
    leaseMs: number,
    by: string,
  ): Promise<OutboxItem | undefined>;
  /** When the next message waiting (or whose lease runs out) is due; null: none. */
  nextTryAt(platforms: readonly string[]): Promise<Date | null>;
  /** Workspaces of these platforms with points on a UTC day from `sinceDay` on (seasons to close). */
  workspacesWithPoints(sinceDay: string, platforms: readonly string[]): Promise<number[]>;
  /** Weekly recaps of these platforms' active schedules due (or never planned), oldest first. */
  dueRecaps(now: Date, platforms: readonly string[], limit: number): Promise<Recap[]>;
  advanceRecap(workspaceId: number, channelId: string, nextRecapAt: Date): Promise<void>;
  /** Active reminders of these platforms whose next run is due, oldest first. */
  dueReminders(now: Date, platforms: readonly string[], limit: number): Promise<Reminder[]>;
  /** Moves a reminder on to its next run. */
  advanceReminder(memberId: number, nextRunAt: Date): Promise<void>;
  /** Stops a member's reminders, saying why (`remind` shows it). */
  pauseReminder(memberId: number, reason: string, now: Date): Promise<void>;
  /** Live rounds of these platforms whose next step is due, soonest first: their ids. */
  dueLiveRounds(now: Date, platforms: readonly string[], limit: number): Promise<string[]>;
  /** When the next step of a live round is due; null: no round is running. */
  nextLiveStepAt(platforms: readonly string[]): Promise<Date | null>;
  /** Extends a lease this holder has; false when it was lost (it ran out and was taken). */
  renewLease(id: number, by: string, until: Date): Promise<boolean>;
  /** Gives back a lease whose message was not handed over: due again at once, for anyone. */
  releaseLease(item: OutboxItem, by: string, now: Date): Promise<void>;
  /** A sent message: a question's post is marked posted, and its channel's failures reset. */
  markSent(id: number, messageRef: string, now: Date): Promise<void>;
  /** A failed send: tried again at `retryAt`, or given up for good when null. */
  markFailed(id: number, error: string, retryAt: Date | null): Promise<void>;
  /** Queues the reveal of every closed question (idempotent); returns how many it queued. */
  queueReveals(now: Date, platforms: readonly string[], limit: number): Promise<number>;
  /** Open posts whose shown answer count is stale and was last refreshed before `shownBefore`. */
  toRefresh(
    now: Date,
    shownBefore: Date,
    platforms: readonly string[],
    limit: number,
  ): Promise<PostedQuestion[]>;
  markShown(id: number, answers: number, now: Date): Promise<void>;
  /** Counts a permanent failure of a channel; returns how many in a row. */
  recordFailure(workspaceId: number, channelId: string): Promise<number>;
  pauseSchedule(workspaceId: number, channelId: string, reason: string, now: Date): Promise<void>;
}

/**
 * How the bot reaches one workspace that installed it through the platform's install flow
 * (Slack's "Add to Slack"): its own bot token, kept in our database.
 */
export interface Installation {
  platform: string;
  /** The key: the workspace's id, or the enterprise's for an organization-wide install. */
  installationId: string;
  teamId: string | null;
  enterpriseId: string | null;
  botToken: string;
  /** When the bot token expires (token rotation); null when it does not. */
  expiresAt: Date | null;
  /** The platform library's whole record of it (JSON), kept so nothing it needs is lost. */
  record: string;
  updatedAt: Date;
}

/** Installations, one per platform and installation id: a new install replaces the old. */
export interface InstallationStore {
  saveInstallation(installation: Installation): Promise<void>;
  getInstallation(platform: string, installationId: string): Promise<Installation | null>;
  /** Forgets an installation (uninstalled, tokens revoked); true when there was one. */
  deleteInstallation(platform: string, installationId: string): Promise<boolean>;
  /** Installations whose token expires before `before`, soonest first (to refresh them). */
  expiringInstallations(platform: string, before: Date, limit: number): Promise<Installation[]>;
}

import type { Weekday } from "../core/commands.js";
import type {
  AnswerRecord,
  Ask,
  AskAnswer,
  CardState,
  ChannelWeek,
  DeckKey,
  DeckPoints,
  ExamResult,
  LiveAnswer,
  LiveMessage,
  LiveRound,
  Member,
  NewChannelPost,
  NewNotice,
  NewReport,
  QuestionReport,
  QuizSession,
  Reminder,
  ReviewLogEntry,
  Schedule,
  SeasonWinner,
  SessionAnswer,
  Standing,
  StudyStore,
  StudyTx,
  Team,
  WorkspaceRef,
} from "../core/ports.js";
import type { Db } from "./open.js";
import { SqliteTables } from "./sqlite-tables.js";
import { SqliteUnits, type WriteLease } from "./sqlite-units.js";

/**
 * What one unit of work reads and writes. Reads run at once (WAL: they never wait for a
 * writer); the first write takes the unit's write lock, held until the unit ends. The store
 * itself is one of these whose every write is a unit of its own.
 */
class SqliteTx implements StudyTx {
  private lease: WriteLease | null = null;
  private depth = 0;

  constructor(
    protected readonly t: SqliteTables,
    /** The write lock and commits; the SQLite post queue takes them too. */
    readonly units: SqliteUnits,
    /** True for the store: each write is its own unit, committed with the next batch. */
    private readonly ownUnits: boolean,
  ) {}

  /** Runs a synchronous write under the write lock. */
  private async w<T>(work: () => T): Promise<T> {
    if (this.ownUnits) return this.units.write(work);
    if (!this.lease) this.lease = await this.units.acquire();
    return work();
  }

  /** Ends the unit: its savepoint released, or rolled back. */
  end(ok: boolean): void {
    this.lease?.end(ok);
    this.lease = null;
  }

  async transaction<T>(work: () => Promise<T>): Promise<T> {
    if (this.ownUnits) {
      throw new Error("store.transaction() runs inside a unit: use store.unit(async (tx) => ...)");
    }
    // A part that opens its unit's write lock starts where the unit's savepoint does: it needs
    // no savepoint of its own (two statements fewer for a unit with one part, as an answer is).
    const first = this.lease === null;
    await this.w(() => undefined);
    const level = ++this.depth;
    const sp = first ? null : this.units.savepoint(level);
    sp?.open.run();
    try {
      const result = await work();
      sp?.release.run();
      return result;
    } catch (error) {
      if (sp) {
        sp.undo.run();
        sp.release.run();
        this.t.forgetUndone();
      } else {
        this.lease?.undo();
      }
      throw error;
    } finally {
      this.depth--;
    }
  }

  async ensureWorkspace(ref: WorkspaceRef, now: Date): Promise<number> {
    return this.t.knownWorkspace(ref) ?? this.w(() => this.t.ensureWorkspace(ref, now));
  }
  async ensureMember(
    workspaceId: number,
    externalId: string,
    displayName: string,
    now: Date,
  ): Promise<Member> {
    return (
      this.t.knownMember(workspaceId, externalId, displayName) ??
      this.w(() => this.t.ensureMember(workspaceId, externalId, displayName, now))
    );
  }
  async getMember(memberId: number): Promise<Member | null> {
    return this.t.getMember(memberId);
  }
  async findMember(workspaceId: number, idOrName: string): Promise<Member | null> {
    return this.t.findMember(workspaceId, idOrName);
  }

  createSession(session: QuizSession): Promise<void> {
    return this.w(() => this.t.createSession(session));
  }
  async getSession(id: string): Promise<QuizSession | null> {
    return this.t.getSession(id);
  }
  updateSession(session: QuizSession): Promise<void> {
    return this.w(() => this.t.updateSession(session));
  }
  async openSession(memberId: number, channelId: string | null): Promise<QuizSession | null> {
    return this.t.openSession(memberId, channelId);
  }
  async lastEndedSession(memberId: number, channelId: string | null): Promise<QuizSession | null> {
    return this.t.lastEndedSession(memberId, channelId);
  }
  async expiredExams(now: Date, limit: number): Promise<QuizSession[]> {
    return this.t.expiredExams(now, limit);
  }
  async sessionAnswers(sessionId: string): Promise<SessionAnswer[]> {
    return this.t.sessionAnswers(sessionId);
  }
  saveExamResult(result: ExamResult): Promise<void> {
    return this.w(() => this.t.saveExamResult(result));
  }
  async examResults(memberId: number, limit: number): Promise<ExamResult[]> {
    return this.t.examResults(memberId, limit);
  }

  createAsk(ask: Ask): Promise<void> {
    return this.w(() => this.t.createAsk(ask));
  }
  async getAsk(id: string): Promise<Ask | null> {
    return this.t.getAsk(id);
  }
  async openChannelAsk(
    workspaceId: number,
    memberId: number,
    channelId: string,
    now: Date,
  ): Promise<Ask | null> {
    return this.t.openChannelAsk(workspaceId, memberId, channelId, now);
  }
  async hasAnswered(askId: string, memberId: number): Promise<boolean> {
    return this.t.hasAnswered(askId, memberId);
  }

  async getCard(memberId: number, questionId: string): Promise<CardState | null> {
    return this.t.getCard(memberId, questionId);
  }
  async cards(memberId: number, deck: DeckKey): Promise<CardState[]> {
    return this.t.cards(memberId, deck);
  }
  async dueCards(memberId: number, now: Date, limit: number, deck: DeckKey): Promise<CardState[]> {
    return this.t.dueCards(memberId, now, limit, deck);
  }
  saveAnswer(answer: AnswerRecord, card: CardState, log: ReviewLogEntry): Promise<boolean> {
    return this.w(() => this.t.saveAnswer(answer, card, log));
  }
  async dayScores(
    memberId: number,
    sinceDay: string,
  ): Promise<{ day: string; points: number; answered: number; correct: number }[]> {
    return this.t.dayScores(memberId, sinceDay);
  }
  async dayScore(
    memberId: number,
    day: string,
  ): Promise<{ points: number; answered: number; correct: number }> {
    return this.t.dayScore(memberId, day);
  }
  async channelQuestionsSince(
    workspaceId: number,
    channelId: string,
    since: Date,
  ): Promise<string[]> {
    return this.t.channelQuestionsSince(workspaceId, channelId, since);
  }

  async lastAnsweredAsk(memberId: number, channelId: string | null): Promise<Ask | null> {
    return this.t.lastAnsweredAsk(memberId, channelId);
  }
  createReport(report: NewReport): Promise<boolean> {
    return this.w(() => this.t.createReport(report));
  }
  async openReports(workspaceId: number | null, limit: number): Promise<QuestionReport[]> {
    return this.t.openReports(workspaceId, limit);
  }
  closeReport(workspaceId: number, reportId: number, now: Date): Promise<boolean> {
    return this.w(() => this.t.closeReport(workspaceId, reportId, now));
  }

  createLiveRound(round: LiveRound): Promise<boolean> {
    return this.w(() => this.t.createLiveRound(round));
  }
  async getLiveRound(id: string): Promise<LiveRound | null> {
    return this.t.getLiveRound(id);
  }
  async activeLiveRound(workspaceId: number, channelId: string): Promise<LiveRound | null> {
    return this.t.activeLiveRound(workspaceId, channelId);
  }
  async lastLiveRound(workspaceId: number, channelId: string): Promise<LiveRound | null> {
    return this.t.lastLiveRound(workspaceId, channelId);
  }
  saveLiveRound(round: LiveRound): Promise<boolean> {
    return this.w(() => this.t.saveLiveRound(round));
  }
  joinLiveRound(roundId: string, memberId: number, now: Date): Promise<boolean> {
    return this.w(() => this.t.joinLiveRound(roundId, memberId, now));
  }
  async livePlayers(roundId: string): Promise<number[]> {
    return this.t.livePlayers(roundId);
  }
  async liveAnswers(roundId: string): Promise<LiveAnswer[]> {
    return this.t.liveAnswers(roundId);
  }
  setAskWindow(askId: string, askedAt: Date, closesAt: Date): Promise<void> {
    return this.w(() => this.t.setAskWindow(askId, askedAt, closesAt));
  }
  queueLiveMessage(message: LiveMessage): Promise<void> {
    return this.w(() => this.t.queueLiveMessage(message));
  }
  async deckPoints(
    workspaceId: number,
    sinceDay: string | null,
    deck: DeckKey,
  ): Promise<DeckPoints[]> {
    return this.t.deckPoints(workspaceId, sinceDay, deck);
  }
  async channelDeck(workspaceId: number, channelId: string): Promise<string | null> {
    return this.t.channelDeck(workspaceId, channelId);
  }
  setChannelDeck(
    workspaceId: number,
    channelId: string,
    deckId: string | null,
    now: Date,
  ): Promise<void> {
    return this.w(() => this.t.setChannelDeck(workspaceId, channelId, deckId, now));
  }
  setMemberDeck(memberId: number, deckId: string | null): Promise<void> {
    return this.w(() => this.t.setMemberDeck(memberId, deckId));
  }
  async getReminder(memberId: number): Promise<Reminder | null> {
    return this.t.getReminder(memberId);
  }
  saveReminder(reminder: Reminder): Promise<void> {
    return this.w(() => this.t.saveReminder(reminder));
  }
  deleteReminder(memberId: number): Promise<boolean> {
    return this.w(() => this.t.deleteReminder(memberId));
  }
  queueNotice(notice: NewNotice): Promise<boolean> {
    return this.w(() => this.t.queueNotice(notice));
  }
  async reminderWorkspace(platform: string, userExternalId: string): Promise<WorkspaceRef | null> {
    return this.t.reminderWorkspace(platform, userExternalId);
  }
  async standingsBetween(
    workspaceId: number,
    fromDay: string,
    toDay: string,
    limit: number,
  ): Promise<Standing[]> {
    return this.t.standingsBetween(workspaceId, fromDay, toDay, limit);
  }
  claimSeasonClose(
    workspaceId: number,
    season: { start: string; end: string },
    now: Date,
  ): Promise<boolean> {
    return this.w(() => this.t.claimSeasonClose(workspaceId, season, now));
  }
  saveSeasonResults(workspaceId: number, seasonStart: string, rows: Standing[]): Promise<void> {
    return this.w(() => this.t.saveSeasonResults(workspaceId, seasonStart, rows));
  }
  async seasonWinners(workspaceId: number, seasons: number): Promise<SeasonWinner[]> {
    return this.t.seasonWinners(workspaceId, seasons);
  }
  setRecap(
    workspaceId: number,
    channelId: string,
    recap: { on: boolean; day: Weekday; time: string | null },
    nextRecapAt: Date | null,
  ): Promise<boolean> {
    return this.w(() => this.t.setRecap(workspaceId, channelId, recap, nextRecapAt));
  }
  async getRecap(workspaceId: number, channelId: string) {
    return this.t.getRecap(workspaceId, channelId);
  }
  async channelWeek(
    workspaceId: number,
    channelId: string,
    since: Date,
    until: Date,
  ): Promise<ChannelWeek> {
    return this.t.channelWeek(workspaceId, channelId, since, until);
  }
  async getSetting(workspaceId: number, key: string): Promise<string | null> {
    return this.t.getSetting(workspaceId, key);
  }
  setSetting(workspaceId: number, key: string, value: string, now: Date): Promise<void> {
    return this.w(() => this.t.setSetting(workspaceId, key, value, now));
  }

  async hasScheduledPost(
    workspaceId: number,
    channelId: string,
    localDate: string,
  ): Promise<boolean> {
    return this.t.hasScheduledPost(workspaceId, channelId, localDate);
  }
  claimChannelPost(post: NewChannelPost): Promise<boolean> {
    return this.w(() => this.t.claimChannelPost(post));
  }
  async channelActiveMembers(
    workspaceId: number,
    channelId: string,
    since: Date,
  ): Promise<number[]> {
    return this.t.channelActiveMembers(workspaceId, channelId, since);
  }
  async cardsOfMembers(memberIds: number[]): Promise<CardState[]> {
    return this.t.cardsOfMembers(memberIds);
  }
  async answersToAsk(askId: string): Promise<AskAnswer[]> {
    return this.t.answersToAsk(askId);
  }

  async standings(
    workspaceId: number,
    sinceDay: string | null,
    limit: number,
  ): Promise<Standing[]> {
    return this.t.standings(workspaceId, sinceDay, limit);
  }
  async standingOf(
    workspaceId: number,
    memberId: number,
    sinceDay: string | null,
  ): Promise<Standing> {
    return this.t.standingOf(workspaceId, memberId, sinceDay);
  }
  async teamStandings(
    workspaceId: number,
    sinceDay: string | null,
    limit: number,
  ): Promise<Standing[]> {
    return this.t.teamStandings(workspaceId, sinceDay, limit);
  }

  async findTeam(workspaceId: number, nameKey: string): Promise<Team | null> {
    return this.t.findTeam(workspaceId, nameKey);
  }
  createTeam(workspaceId: number, name: string, nameKey: string, now: Date): Promise<Team> {
    return this.w(() => this.t.createTeam(workspaceId, name, nameKey, now));
  }
  async getTeam(teamId: number): Promise<Team | null> {
    return this.t.getTeam(teamId);
  }
  setMemberTeam(memberId: number, teamId: number | null): Promise<void> {
    return this.w(() => this.t.setMemberTeam(memberId, teamId));
  }
  deleteEmptyTeams(workspaceId: number): Promise<void> {
    return this.w(() => this.t.deleteEmptyTeams(workspaceId));
  }
  async listTeams(workspaceId: number): Promise<Team[]> {
    return this.t.listTeams(workspaceId);
  }

  async getSchedule(workspaceId: number, channelId: string): Promise<Schedule | null> {
    return this.t.getSchedule(workspaceId, channelId);
  }
  async listSchedules(workspaceId: number): Promise<Schedule[]> {
    return this.t.listSchedules(workspaceId);
  }
  saveSchedule(schedule: Schedule): Promise<void> {
    return this.w(() => this.t.saveSchedule(schedule));
  }
  pauseWorkspaceSchedules(workspaceId: number, reason: string, now: Date): Promise<number> {
    return this.w(() => this.t.pauseWorkspaceSchedules(workspaceId, reason, now));
  }
}

/**
 * The core's store port on SQLite. better-sqlite3 stays synchronous underneath (fast); units of
 * work, the write lock and group commit are `SqliteUnits`. With `groupCommit`, units that write
 * in a burst share commits; callers acknowledge after `committed()`.
 */
export class SqliteStore extends SqliteTx implements StudyStore {
  constructor(
    readonly db: Db,
    options: { groupCommit?: boolean } = {},
  ) {
    const tables = new SqliteTables(db);
    const units = new SqliteUnits(db, {
      groupCommit: options.groupCommit ?? false,
      onUndo: () => tables.forgetUndone(),
    });
    super(tables, units, true);
  }

  async unit<T>(work: (tx: StudyTx) => Promise<T>): Promise<T> {
    const tx = new SqliteTx(this.t, this.units, false);
    let ok = false;
    try {
      const result = await work(tx);
      ok = true;
      return result;
    } finally {
      tx.end(ok);
    }
  }

  committed(): Promise<void> {
    return this.units.committed();
  }

  /** Commits what is open now (before a checkpoint or close). */
  commitNow(): void {
    this.units.commitNow();
  }
}

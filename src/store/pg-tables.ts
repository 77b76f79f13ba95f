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
  StudyTx,
  Team,
  WorkspaceRef,
} from "../core/ports.js";
import { answerParams, cardParams, logParams, sessionUpdateParams } from "./answer-params.js";
import type { Query } from "./pg-pool.js";
import {
  type AskRow,
  type CardRow,
  type DeckPointsRow,
  type ExamResultRow,
  type LiveAnswerRow,
  type LiveRoundRow,
  liveRoundValues,
  type MemberRow,
  type ReminderRow,
  type ReportRow,
  reminderValues,
  type ScheduleRow,
  type SessionRow,
  type TeamRow,
  toAsk,
  toCard,
  toDeckPoints,
  toExamResult,
  toLiveAnswer,
  toLiveRound,
  toMember,
  toReminder,
  toReport,
  toSchedule,
  toSession,
  toTeam,
  toWorkspaceRef,
} from "./rows.js";

/** A workspace's id and name, as its row has them. */
export type WorkspaceEntry = { id: number; name: string | null };

/**
 * Workspace ids by platform and platform id, as committed, for every unit of one store: a
 * request then finds its workspace without a round trip. Safe to keep: workspace rows are never
 * deleted and their ids never reused; a name another process changed is only compared.
 */
export class KnownWorkspaces {
  private readonly ids = new Map<string, WorkspaceEntry>();
  get(key: string): WorkspaceEntry | undefined {
    return this.ids.get(key);
  }
  learn(key: string, entry: WorkspaceEntry): void {
    this.ids.set(key, { id: entry.id, name: entry.name });
  }
}

type StandingRow = { id: number; name: string; points: number; rank: number; members?: number };

/**
 * The study store's SQL on PostgreSQL: the same statements as `SqliteTables`, in PostgreSQL's
 * dialect. Differences that change results are spelled out where they matter:
 * - SQLite's `COLLATE NOCASE` is `lower(...)`; name order is byte order (`COLLATE "C"`), as in
 *   SQLite, whatever collation the server defaults to;
 * - SQLite sorts NULL first, PostgreSQL last: descending orders on nullable columns say
 *   `NULLS LAST` to keep SQLite's order;
 * - `IS ?` (null-safe equality) is `IS NOT DISTINCT FROM`; `json_each(?)` is `= ANY($n)`.
 * It runs every call through `q`: a pooled connection of its own, or the unit's connection.
 */
export class PgTables implements Omit<StudyTx, "transaction"> {
  constructor(
    private readonly q: Query,
    /**
     * Inside a unit: the member rows it read or made, by id, until it next writes (PgTx empties
     * it at each statement that may change data). A unit is one SERIALIZABLE transaction, so reading a
     * member again before writing returns the same row: the answer's re-read under its part
     * is then a round trip saved. Null outside a unit (each call its own transaction).
     */
    private readonly unitMembers: Map<number, MemberRow> | null = null,
    /** Workspace ids known to be committed, shared by the store and its units. */
    private readonly workspaces: KnownWorkspaces | null = null,
    /** Records a workspace read or made here: at once outside a unit, after its commit inside. */
    private readonly learnWorkspace: (key: string, entry: WorkspaceEntry) => void = (k, e) =>
      workspaces?.learn(k, e),
  ) {}

  /** Keeps a member row read in this unit (see unitMembers). */
  private readMember<R extends MemberRow | undefined>(row: R): R {
    if (row && this.unitMembers) this.unitMembers.set(row.id, row);
    return row;
  }

  private async one<R extends Record<string, unknown>>(
    text: string,
    params: readonly unknown[],
  ): Promise<R | undefined> {
    return (await this.q<R>(text, params)).rows[0];
  }

  private async all<R extends Record<string, unknown>>(
    text: string,
    params: readonly unknown[],
  ): Promise<R[]> {
    return (await this.q<R>(text, params)).rows;
  }

  async ensureWorkspace(ref: WorkspaceRef, now: Date): Promise<number> {
    // Known and named alike: no round trip at all (a workspace's id never changes).
    const key = `${ref.platform}\u0000${ref.externalId}`;
    const cached = this.workspaces?.get(key);
    if (cached && (ref.name === undefined || cached.name === ref.name)) return cached.id;
    // Read first, so the common case writes nothing (and takes no row lock).
    const known = await this.one<WorkspaceEntry>(
      "SELECT id, name FROM workspaces WHERE platform = $1 AND external_id = $2",
      [ref.platform, ref.externalId],
    );
    if (known && (ref.name === undefined || known.name === ref.name)) {
      this.learnWorkspace(key, known);
      return known.id;
    }
    const row = await this.one<WorkspaceEntry>(
      `INSERT INTO workspaces (platform, external_id, name, created_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (platform, external_id) DO UPDATE SET name = coalesce(excluded.name, workspaces.name)
       RETURNING id, name`,
      [ref.platform, ref.externalId, ref.name ?? known?.name ?? null, now.getTime()],
    );
    this.learnWorkspace(key, row!);
    return row!.id;
  }

  async ensureMember(
    workspaceId: number,
    externalId: string,
    displayName: string,
    now: Date,
  ): Promise<Member> {
    const known = this.readMember(await this.memberByExternalId(workspaceId, externalId));
    if (known && known.display_name === displayName) return toMember(known);
    const row = await this.one<MemberRow & Record<string, unknown>>(
      `INSERT INTO members (workspace_id, external_id, display_name, created_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (workspace_id, external_id) DO UPDATE SET display_name = excluded.display_name
       RETURNING *`,
      [workspaceId, externalId, displayName, now.getTime()],
    );
    // The row as the insert left it: the unit's own write, so it is kept past it too.
    return toMember(this.readMember(row!));
  }

  private memberByExternalId(workspaceId: number, externalId: string) {
    return this.one<MemberRow & Record<string, unknown>>(
      "SELECT * FROM members WHERE workspace_id = $1 AND external_id = $2",
      [workspaceId, externalId],
    );
  }

  async getMember(memberId: number): Promise<Member | null> {
    const read = this.unitMembers?.get(memberId);
    if (read) return toMember(read);
    const row = await this.one<MemberRow & Record<string, unknown>>(
      "SELECT * FROM members WHERE id = $1",
      [memberId],
    );
    return row ? toMember(this.readMember(row)) : null;
  }

  async findMember(workspaceId: number, idOrName: string): Promise<Member | null> {
    const row =
      (await this.memberByExternalId(workspaceId, idOrName)) ??
      (await this.one<MemberRow & Record<string, unknown>>(
        `SELECT * FROM members WHERE workspace_id = $1 AND lower(display_name) = lower($2)
         ORDER BY id LIMIT 1`,
        [workspaceId, idOrName],
      ));
    return row ? toMember(row) : null;
  }

  async createSession(s: QuizSession): Promise<void> {
    await this.q(
      `INSERT INTO quiz_sessions (id, workspace_id, member_id, mode, question_ids, position, correct,
         created_at, expires_at, channel_id, screen, state, current_ask_id, label, ended_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
      [
        s.id,
        s.workspaceId,
        s.memberId,
        s.mode,
        JSON.stringify(s.questionIds),
        s.position,
        s.correct,
        s.createdAt.getTime(),
        s.expiresAt.getTime(),
        s.channelId,
        s.screen,
        s.state,
        s.currentAskId,
        s.label,
        s.endedAt?.getTime() ?? null,
      ],
    );
  }

  async getSession(id: string): Promise<QuizSession | null> {
    const row = await this.one<SessionRow & Record<string, unknown>>(
      "SELECT * FROM quiz_sessions WHERE id = $1",
      [id],
    );
    return row ? toSession(row) : null;
  }

  async updateSession(s: QuizSession): Promise<void> {
    await this.q(
      `UPDATE quiz_sessions SET question_ids = $1, position = $2, correct = $3, screen = $4,
         state = $5, current_ask_id = $6, ended_at = $7
       WHERE id = $8`,
      sessionUpdateParams(s),
    );
  }

  async openSession(memberId: number, channelId: string | null): Promise<QuizSession | null> {
    const row = await this.one<SessionRow & Record<string, unknown>>(
      `SELECT * FROM quiz_sessions
       WHERE member_id = $1 AND channel_id IS NOT DISTINCT FROM $2 AND state = 'open'
       ORDER BY created_at DESC LIMIT 1`,
      [memberId, channelId],
    );
    return row ? toSession(row) : null;
  }

  async lastEndedSession(memberId: number, channelId: string | null): Promise<QuizSession | null> {
    const row = await this.one<SessionRow & Record<string, unknown>>(
      `SELECT * FROM quiz_sessions
       WHERE member_id = $1 AND channel_id IS NOT DISTINCT FROM $2 AND state <> 'open'
       ORDER BY ended_at DESC NULLS LAST, created_at DESC LIMIT 1`,
      [memberId, channelId],
    );
    return row ? toSession(row) : null;
  }

  async expiredExams(now: Date, limit: number): Promise<QuizSession[]> {
    const rows = await this.all<SessionRow & Record<string, unknown>>(
      `SELECT * FROM quiz_sessions WHERE state = 'open' AND mode = 'exam' AND expires_at <= $1
       ORDER BY expires_at LIMIT $2`,
      [now.getTime(), limit],
    );
    return rows.map(toSession);
  }

  async sessionAnswers(sessionId: string): Promise<SessionAnswer[]> {
    const rows = await this.all<{
      ask_id: string;
      question_id: string;
      correct: number;
      points: number;
    }>(
      `SELECT x.ask_id, x.question_id, x.correct, x.points FROM asks a JOIN answers x ON x.ask_id = a.id
       WHERE a.session_id = $1 ORDER BY x.answered_at, x.id`,
      [sessionId],
    );
    return rows.map((r) => ({
      askId: r.ask_id,
      questionId: r.question_id,
      correct: r.correct === 1,
      points: r.points,
    }));
  }

  async saveExamResult(r: ExamResult): Promise<void> {
    await this.q(
      `INSERT INTO exam_results (session_id, workspace_id, member_id, started_at, ended_at,
         total, correct, answered, scaled, passed, areas)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT DO NOTHING`,
      [
        r.sessionId,
        r.workspaceId,
        r.memberId,
        r.startedAt.getTime(),
        r.endedAt.getTime(),
        r.total,
        r.correct,
        r.answered,
        r.scaled,
        r.passed ? 1 : 0,
        JSON.stringify(r.areas),
      ],
    );
  }

  async examResults(memberId: number, limit: number): Promise<ExamResult[]> {
    const rows = await this.all<ExamResultRow & Record<string, unknown>>(
      "SELECT * FROM exam_results WHERE member_id = $1 ORDER BY ended_at DESC LIMIT $2",
      [memberId, limit],
    );
    return rows.map(toExamResult);
  }

  async createAsk(a: Ask): Promise<void> {
    await this.q(
      `INSERT INTO asks (id, workspace_id, member_id, channel_id, session_id, question_id, option_order, asked_at, closes_at, round_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        a.id,
        a.workspaceId,
        a.memberId,
        a.channelId,
        a.sessionId,
        a.questionId,
        JSON.stringify(a.optionOrder),
        a.askedAt.getTime(),
        a.closesAt.getTime(),
        a.roundId,
      ],
    );
  }

  async getAsk(id: string): Promise<Ask | null> {
    const row = await this.one<AskRow & Record<string, unknown>>(
      "SELECT * FROM asks WHERE id = $1",
      [id],
    );
    return row ? toAsk(row) : null;
  }

  async openChannelAsk(
    workspaceId: number,
    memberId: number,
    channelId: string,
    now: Date,
  ): Promise<Ask | null> {
    const row = await this.one<AskRow & Record<string, unknown>>(
      `SELECT a.* FROM asks a
       WHERE a.workspace_id = $1 AND a.member_id IS NULL AND a.channel_id = $2 AND a.closes_at > $3
         AND a.round_id IS NULL
         AND NOT EXISTS (SELECT 1 FROM answers x WHERE x.ask_id = a.id AND x.member_id = $4)
       ORDER BY a.asked_at DESC, a.seq DESC LIMIT 1`,
      [workspaceId, channelId, now.getTime(), memberId],
    );
    return row ? toAsk(row) : null;
  }

  async hasAnswered(askId: string, memberId: number): Promise<boolean> {
    const row = await this.one(
      "SELECT 1 AS one FROM answers WHERE ask_id = $1 AND member_id = $2",
      [askId, memberId],
    );
    return row !== undefined;
  }

  async getCard(memberId: number, questionId: string): Promise<CardState | null> {
    const row = await this.one<CardRow & Record<string, unknown>>(
      "SELECT * FROM cards WHERE member_id = $1 AND question_id = $2",
      [memberId, questionId],
    );
    return row ? toCard(row) : null;
  }

  async cards(memberId: number, deck: DeckKey): Promise<CardState[]> {
    const rows = await this.all<CardRow & Record<string, unknown>>(
      "SELECT * FROM cards WHERE member_id = $1",
      [memberId],
    );
    return rows.filter((r) => deck.questionIds.has(r.question_id)).map(toCard);
  }

  async dueCards(memberId: number, now: Date, limit: number, deck: DeckKey): Promise<CardState[]> {
    // The deck filter is applied here, as on SQLite: the deck's ids live in memory, not in SQL.
    const rows = await this.all<CardRow & Record<string, unknown>>(
      "SELECT * FROM cards WHERE member_id = $1 AND due <= $2 ORDER BY due",
      [memberId, now.getTime()],
    );
    return rows
      .filter((r) => deck.questionIds.has(r.question_id))
      .slice(0, limit)
      .map(toCard);
  }

  /** Writes an answer with its card and log; the member's totals are added to, not set. */
  async saveAnswer(answer: AnswerRecord, card: CardState, log: ReviewLogEntry): Promise<boolean> {
    const inserted = await this.q(
      `INSERT INTO answers (ask_id, workspace_id, member_id, question_id, chosen, correct, points, answered_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (ask_id, member_id) DO NOTHING`,
      answerParams(answer),
    );
    if (inserted.rowCount === 0) return false;
    await this.q(
      `INSERT INTO cards (member_id, question_id, due, stability, difficulty, elapsed_days,
         scheduled_days, learning_steps, reps, lapses, state, last_review)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
       ON CONFLICT (member_id, question_id) DO UPDATE SET
         due = excluded.due, stability = excluded.stability, difficulty = excluded.difficulty,
         elapsed_days = excluded.elapsed_days, scheduled_days = excluded.scheduled_days,
         learning_steps = excluded.learning_steps, reps = excluded.reps, lapses = excluded.lapses,
         state = excluded.state, last_review = excluded.last_review`,
      cardParams(card),
    );
    await this.q(
      `INSERT INTO review_logs (member_id, question_id, rating, state, due, stability, difficulty,
         elapsed_days, last_elapsed_days, scheduled_days, learning_steps, review)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      logParams(log),
    );
    const correct = answer.correct ? 1 : 0;
    await this.q(
      `INSERT INTO score_days (workspace_id, member_id, day, points, answered, correct)
       VALUES ($1, $2, $3, $4, 1, $5)
       ON CONFLICT (member_id, day) DO UPDATE SET points = score_days.points + excluded.points,
         answered = score_days.answered + 1, correct = score_days.correct + excluded.correct`,
      [answer.workspaceId, answer.memberId, answer.day, answer.points, correct],
    );
    // Relative, as on SQLite: the streak goes on from yesterday, holds within a day, goes on over
    // missed days the freezes held cover (using them; every 7th day earns one, at most 2), and
    // starts again after a longer gap (UTC days).
    const gap = "(($4::date - streak_day::date) - 1)";
    await this.q(
      `UPDATE members SET total_points = total_points + $2, answered = answered + 1,
         correct = correct + $3,
         streak = CASE WHEN streak_day = $4 THEN streak
                       WHEN ${gap} BETWEEN 0 AND freezes THEN streak + 1 ELSE 1 END,
         freezes = CASE WHEN ${gap} BETWEEN 0 AND freezes
                        THEN LEAST(2, freezes - ${gap} + CASE WHEN (streak + 1) % 7 = 0 THEN 1 ELSE 0 END)
                        ELSE freezes END,
         freezes_used = freezes_used + CASE WHEN ${gap} BETWEEN 0 AND freezes THEN ${gap} ELSE 0 END,
         streak_day = $4
       WHERE id = $1`,
      [answer.memberId, answer.points, correct, answer.day],
    );
    return true;
  }

  async dayScores(
    memberId: number,
    sinceDay: string,
  ): Promise<{ day: string; points: number; answered: number; correct: number }[]> {
    return this.all<{ day: string; points: number; answered: number; correct: number }>(
      `SELECT day, points, answered, correct FROM score_days WHERE member_id = $1 AND day >= $2
       ORDER BY day COLLATE "C"`,
      [memberId, sinceDay],
    );
  }

  async dayScore(
    memberId: number,
    day: string,
  ): Promise<{ points: number; answered: number; correct: number }> {
    const row = await this.one<{ points: number; answered: number; correct: number }>(
      "SELECT points, answered, correct FROM score_days WHERE member_id = $1 AND day = $2",
      [memberId, day],
    );
    return row ?? { points: 0, answered: 0, correct: 0 };
  }

  async channelQuestionsSince(
    workspaceId: number,
    channelId: string,
    since: Date,
  ): Promise<string[]> {
    const rows = await this.all<{ question_id: string }>(
      `SELECT question_id FROM asks WHERE workspace_id = $1 AND channel_id = $2 AND member_id IS NULL
       AND asked_at >= $3 ORDER BY asked_at DESC`,
      [workspaceId, channelId, since.getTime()],
    );
    return rows.map((r) => r.question_id);
  }

  async lastAnsweredAsk(memberId: number, channelId: string | null): Promise<Ask | null> {
    const row = await this.one<AskRow & Record<string, unknown>>(
      `SELECT a.* FROM asks a
       WHERE a.member_id = $1 AND a.channel_id IS NOT DISTINCT FROM $2
         AND EXISTS (SELECT 1 FROM answers x WHERE x.ask_id = a.id AND x.member_id = a.member_id)
       ORDER BY a.asked_at DESC, a.seq DESC LIMIT 1`,
      [memberId, channelId],
    );
    return row ? toAsk(row) : null;
  }

  async createReport(report: NewReport): Promise<boolean> {
    const result = await this.q(
      `INSERT INTO question_reports (workspace_id, member_id, ask_id, question_id, option_order,
         reason, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (ask_id, member_id) DO NOTHING`,
      [
        report.workspaceId,
        report.memberId,
        report.askId,
        report.questionId,
        JSON.stringify(report.optionOrder),
        report.reason,
        report.createdAt.getTime(),
      ],
    );
    return result.rowCount === 1;
  }

  async openReports(workspaceId: number | null, limit: number): Promise<QuestionReport[]> {
    const rows = await this.all<ReportRow & Record<string, unknown>>(
      `SELECT r.*, m.display_name AS member_name FROM question_reports r
       JOIN members m ON m.id = r.member_id
       WHERE r.state = 'open' AND ($1::bigint IS NULL OR r.workspace_id = $1)
       ORDER BY r.created_at, r.id LIMIT $2`,
      [workspaceId, limit],
    );
    return rows.map(toReport);
  }

  async closeReport(workspaceId: number, reportId: number, now: Date): Promise<boolean> {
    const result = await this.q(
      `UPDATE question_reports SET state = 'closed', closed_at = $1
       WHERE id = $2 AND workspace_id = $3 AND state = 'open'`,
      [now.getTime(), reportId, workspaceId],
    );
    return result.rowCount === 1;
  }

  async createLiveRound(round: LiveRound): Promise<boolean> {
    const v = liveRoundValues(round);
    const result = await this.q(
      `INSERT INTO live_rounds (id, workspace_id, channel_id, started_by, label, question_ids,
         ask_ids, seconds, position, phase, next_at, version, created_at, ended_at, end_reason)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
       ON CONFLICT DO NOTHING`,
      [
        v.id,
        v.workspaceId,
        v.channelId,
        v.startedBy,
        v.label,
        v.questionIds,
        v.askIds,
        v.seconds,
        v.position,
        v.phase,
        v.nextAt,
        v.version,
        v.createdAt,
        v.endedAt,
        v.endReason,
      ],
    );
    return result.rowCount === 1;
  }

  async getLiveRound(id: string): Promise<LiveRound | null> {
    const row = await this.one<LiveRoundRow & Record<string, unknown>>(
      "SELECT * FROM live_rounds WHERE id = $1",
      [id],
    );
    return row ? toLiveRound(row) : null;
  }

  async activeLiveRound(workspaceId: number, channelId: string): Promise<LiveRound | null> {
    const row = await this.one<LiveRoundRow & Record<string, unknown>>(
      "SELECT * FROM live_rounds WHERE workspace_id = $1 AND channel_id = $2 AND phase <> 'ended'",
      [workspaceId, channelId],
    );
    return row ? toLiveRound(row) : null;
  }

  async lastLiveRound(workspaceId: number, channelId: string): Promise<LiveRound | null> {
    const row = await this.one<LiveRoundRow & Record<string, unknown>>(
      `SELECT * FROM live_rounds WHERE workspace_id = $1 AND channel_id = $2
       ORDER BY created_at DESC, id DESC LIMIT 1`,
      [workspaceId, channelId],
    );
    return row ? toLiveRound(row) : null;
  }

  async saveLiveRound(round: LiveRound): Promise<boolean> {
    const v = liveRoundValues(round);
    const result = await this.q(
      `UPDATE live_rounds SET ask_ids = $1, position = $2, phase = $3, next_at = $4, ended_at = $5,
         end_reason = $6, version = version + 1
       WHERE id = $7 AND version = $8`,
      [v.askIds, v.position, v.phase, v.nextAt, v.endedAt, v.endReason, v.id, v.version],
    );
    return result.rowCount === 1;
  }

  async joinLiveRound(roundId: string, memberId: number, now: Date): Promise<boolean> {
    const result = await this.q(
      `INSERT INTO live_players (round_id, member_id, joined_at) VALUES ($1, $2, $3)
       ON CONFLICT DO NOTHING`,
      [roundId, memberId, now.getTime()],
    );
    return result.rowCount === 1;
  }

  async livePlayers(roundId: string): Promise<number[]> {
    const rows = await this.all<{ member_id: number }>(
      "SELECT member_id FROM live_players WHERE round_id = $1 ORDER BY joined_at, member_id",
      [roundId],
    );
    return rows.map((r) => r.member_id);
  }

  async liveAnswers(roundId: string): Promise<LiveAnswer[]> {
    const rows = await this.all<LiveAnswerRow & Record<string, unknown>>(
      `SELECT x.ask_id, x.question_id, x.member_id, m.display_name AS name, m.team_id,
              t.name AS team_name, x.chosen, x.correct, x.points, x.answered_at
       FROM asks a JOIN answers x ON x.ask_id = a.id JOIN members m ON m.id = x.member_id
       LEFT JOIN teams t ON t.id = m.team_id
       WHERE a.round_id = $1 ORDER BY a.asked_at, x.answered_at, x.id`,
      [roundId],
    );
    return rows.map(toLiveAnswer);
  }

  async setAskWindow(askId: string, askedAt: Date, closesAt: Date): Promise<void> {
    await this.q("UPDATE asks SET asked_at = $1, closes_at = $2 WHERE id = $3", [
      askedAt.getTime(),
      closesAt.getTime(),
      askId,
    ]);
  }

  async queueLiveMessage(m: LiveMessage): Promise<void> {
    const at = m.at.getTime();
    await this.q(
      `INSERT INTO outbox (workspace_id, channel_id, round_id, step, kind, next_try_at, created_at)
       VALUES ($1, $2, $3, $4, 'live', $5, $5) ON CONFLICT DO NOTHING`,
      [m.workspaceId, m.channelId, m.roundId, m.step, at],
    );
  }

  async deckPoints(
    workspaceId: number,
    sinceDay: string | null,
    deck: DeckKey,
  ): Promise<DeckPoints[]> {
    const since = sinceDay === null ? 0 : Date.parse(`${sinceDay}T00:00:00Z`);
    const rows = await this.all<DeckPointsRow & Record<string, unknown>>(
      `SELECT m.id AS member_id, m.display_name AS name, m.team_id, t.name AS team_name, p.points
       FROM (SELECT member_id, SUM(points)::bigint AS points FROM answers
             WHERE workspace_id = $1 AND answered_at >= $2 AND question_id = ANY($3::text[])
             GROUP BY member_id HAVING SUM(points) > 0) p
       JOIN members m ON m.id = p.member_id LEFT JOIN teams t ON t.id = m.team_id
       ORDER BY p.points DESC, m.display_name COLLATE "C"`,
      [workspaceId, since, [...deck.questionIds]],
    );
    return rows.map(toDeckPoints);
  }

  async channelDeck(workspaceId: number, channelId: string): Promise<string | null> {
    const row = await this.one<{ deck_id: string }>(
      "SELECT deck_id FROM channel_decks WHERE workspace_id = $1 AND channel_id = $2",
      [workspaceId, channelId],
    );
    return row?.deck_id ?? null;
  }

  async setChannelDeck(
    workspaceId: number,
    channelId: string,
    deckId: string | null,
    now: Date,
  ): Promise<void> {
    if (deckId === null) {
      await this.q("DELETE FROM channel_decks WHERE workspace_id = $1 AND channel_id = $2", [
        workspaceId,
        channelId,
      ]);
      return;
    }
    await this.q(
      `INSERT INTO channel_decks (workspace_id, channel_id, deck_id, updated_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (workspace_id, channel_id) DO UPDATE SET deck_id = excluded.deck_id,
         updated_at = excluded.updated_at`,
      [workspaceId, channelId, deckId, now.getTime()],
    );
  }

  async setMemberDeck(memberId: number, deckId: string | null): Promise<void> {
    await this.q("UPDATE members SET deck_id = $1 WHERE id = $2", [deckId, memberId]);
  }

  async getReminder(memberId: number): Promise<Reminder | null> {
    const row = await this.one<ReminderRow & Record<string, unknown>>(
      "SELECT * FROM reminders WHERE member_id = $1",
      [memberId],
    );
    return row ? toReminder(row) : null;
  }

  async saveReminder(r: Reminder): Promise<void> {
    const v = reminderValues(r);
    await this.q(
      `INSERT INTO reminders (member_id, workspace_id, local_time, timezone, days, next_run_at,
         paused_reason, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (member_id) DO UPDATE SET workspace_id = excluded.workspace_id,
         local_time = excluded.local_time, timezone = excluded.timezone, days = excluded.days,
         next_run_at = excluded.next_run_at, paused_reason = excluded.paused_reason,
         updated_at = excluded.updated_at`,
      [
        v.memberId,
        v.workspaceId,
        v.time,
        v.timezone,
        v.days,
        v.nextRunAt,
        v.pausedReason,
        v.updatedAt,
      ],
    );
  }

  async deleteReminder(memberId: number): Promise<boolean> {
    const result = await this.q("DELETE FROM reminders WHERE member_id = $1", [memberId]);
    return result.rowCount === 1;
  }

  async queueNotice(n: NewNotice): Promise<boolean> {
    const at = n.at.getTime();
    const result = await this.q(
      `INSERT INTO outbox (workspace_id, channel_id, subject, to_member, kind, next_try_at, created_at)
       VALUES ($1, $2, $3, $4, 'notice', $5, $5) ON CONFLICT DO NOTHING`,
      [n.workspaceId, n.channelId, n.subject, n.toMember, at],
    );
    return result.rowCount === 1;
  }

  async reminderWorkspace(platform: string, userExternalId: string): Promise<WorkspaceRef | null> {
    const row = await this.one<{ platform: string; external_id: string; name: string | null }>(
      `SELECT w.platform, w.external_id, w.name FROM reminders r
       JOIN members m ON m.id = r.member_id JOIN workspaces w ON w.id = r.workspace_id
       WHERE w.platform = $1 AND m.external_id = $2 ORDER BY r.updated_at DESC LIMIT 1`,
      [platform, userExternalId],
    );
    return row ? toWorkspaceRef(row) : null;
  }

  async standingsBetween(
    workspaceId: number,
    fromDay: string,
    toDay: string,
    limit: number,
  ): Promise<Standing[]> {
    return this.all<StandingRow & Record<string, unknown>>(
      `SELECT m.id, m.display_name AS name, t.points::int AS points,
              (RANK() OVER (ORDER BY t.points DESC))::int AS rank
       FROM (SELECT member_id, SUM(points) AS points FROM score_days
             WHERE workspace_id = $1 AND day >= $2 AND day < $3 GROUP BY member_id HAVING SUM(points) > 0) t
       JOIN members m ON m.id = t.member_id
       ORDER BY t.points DESC, m.display_name COLLATE "C" LIMIT $4`,
      [workspaceId, fromDay, toDay, limit],
    );
  }

  async claimSeasonClose(
    workspaceId: number,
    season: { start: string; end: string },
    now: Date,
  ): Promise<boolean> {
    const result = await this.q(
      `INSERT INTO season_closes (workspace_id, season_start, season_end, closed_at)
       VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
      [workspaceId, season.start, season.end, now.getTime()],
    );
    return result.rowCount === 1;
  }

  async saveSeasonResults(
    workspaceId: number,
    seasonStart: string,
    rows: Standing[],
  ): Promise<void> {
    for (const r of rows) {
      await this.q(
        `INSERT INTO season_results (workspace_id, season_start, rank, member_id, name, points)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
        [workspaceId, seasonStart, r.rank, r.id, r.name, r.points],
      );
    }
  }

  async seasonWinners(workspaceId: number, seasons: number): Promise<SeasonWinner[]> {
    const rows = await this.all<{
      season_start: string;
      season_end: string;
      rank: number;
      name: string;
      points: number;
    }>(
      `SELECT r.season_start, c.season_end, r.rank, r.name, r.points FROM season_results r
       JOIN season_closes c ON c.workspace_id = r.workspace_id AND c.season_start = r.season_start
       WHERE r.workspace_id = $1 AND r.rank <= 3 AND r.season_start IN (
         SELECT season_start FROM season_closes WHERE workspace_id = $1
         ORDER BY season_start DESC LIMIT $2)
       ORDER BY r.season_start DESC, r.rank, r.name COLLATE "C"`,
      [workspaceId, seasons],
    );
    return rows.map((r) => ({
      seasonStart: r.season_start,
      seasonEnd: r.season_end,
      rank: r.rank,
      name: r.name,
      points: r.points,
    }));
  }

  async setRecap(
    workspaceId: number,
    channelId: string,
    recap: { on: boolean; day: Weekday; time: string | null },
    nextRecapAt: Date | null,
  ): Promise<boolean> {
    const result = await this.q(
      `UPDATE channel_schedules SET recap_on = $1, recap_day = $2, recap_time = $3, next_recap_at = $4
       WHERE workspace_id = $5 AND channel_id = $6`,
      [
        recap.on ? 1 : 0,
        recap.day,
        recap.time,
        nextRecapAt?.getTime() ?? null,
        workspaceId,
        channelId,
      ],
    );
    return result.rowCount === 1;
  }

  async getRecap(workspaceId: number, channelId: string) {
    const row = await this.one<{
      recap_on: number;
      recap_day: number;
      recap_time: string | null;
      next_recap_at: number | null;
    }>(
      `SELECT recap_on, recap_day, recap_time, next_recap_at FROM channel_schedules
       WHERE workspace_id = $1 AND channel_id = $2`,
      [workspaceId, channelId],
    );
    return row
      ? {
          on: row.recap_on === 1,
          day: row.recap_day as Weekday,
          time: row.recap_time,
          nextRecapAt: row.next_recap_at === null ? null : new Date(row.next_recap_at),
        }
      : null;
  }

  async channelWeek(
    workspaceId: number,
    channelId: string,
    since: Date,
    until: Date,
  ): Promise<ChannelWeek> {
    const row = await this.one<{ posts: number; answers: number; players: number }>(
      `SELECT COUNT(DISTINCT a.id)::int AS posts, COUNT(x.id)::int AS answers,
              COUNT(DISTINCT x.member_id)::int AS players
       FROM asks a LEFT JOIN answers x ON x.ask_id = a.id
       WHERE a.workspace_id = $1 AND a.channel_id = $2 AND a.member_id IS NULL
         AND a.asked_at >= $3 AND a.asked_at < $4`,
      [workspaceId, channelId, since.getTime(), until.getTime()],
    );
    return row ?? { posts: 0, answers: 0, players: 0 };
  }

  async getSetting(workspaceId: number, key: string): Promise<string | null> {
    const row = await this.one<{ value: string }>(
      "SELECT value FROM workspace_settings WHERE workspace_id = $1 AND key = $2",
      [workspaceId, key],
    );
    return row?.value ?? null;
  }

  async setSetting(workspaceId: number, key: string, value: string, now: Date): Promise<void> {
    await this.q(
      `INSERT INTO workspace_settings (workspace_id, key, value, updated_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (workspace_id, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
      [workspaceId, key, value, now.getTime()],
    );
  }

  async hasScheduledPost(
    workspaceId: number,
    channelId: string,
    localDate: string,
  ): Promise<boolean> {
    const row = await this.one(
      `SELECT 1 AS one FROM channel_posts
       WHERE workspace_id = $1 AND channel_id = $2 AND local_date = $3 AND kind = 'scheduled'`,
      [workspaceId, channelId, localDate],
    );
    return row !== undefined;
  }

  /** Claims the post and queues its question's message in one statement. */
  async claimChannelPost(post: NewChannelPost): Promise<boolean> {
    const claimed = await this.q(
      `WITH claim AS (
         INSERT INTO channel_posts
           (workspace_id, channel_id, local_date, kind, ask_id, claimed_by, claimed_at, closes_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING
         RETURNING id, workspace_id, channel_id, claimed_at)
       INSERT INTO outbox (workspace_id, channel_id, post_id, kind, next_try_at, created_at)
       SELECT workspace_id, channel_id, id, 'question', claimed_at, claimed_at FROM claim`,
      [
        post.workspaceId,
        post.channelId,
        post.localDate,
        post.kind,
        post.askId,
        post.claimedBy,
        post.claimedAt.getTime(),
        post.closesAt.getTime(),
      ],
    );
    return claimed.rowCount === 1;
  }

  async channelActiveMembers(
    workspaceId: number,
    channelId: string,
    since: Date,
  ): Promise<number[]> {
    const rows = await this.all<{ member_id: number }>(
      `SELECT DISTINCT x.member_id FROM answers x JOIN asks a ON a.id = x.ask_id
       WHERE a.workspace_id = $1 AND a.channel_id = $2 AND a.member_id IS NULL AND x.answered_at >= $3`,
      [workspaceId, channelId, since.getTime()],
    );
    return rows.map((r) => r.member_id);
  }

  async cardsOfMembers(memberIds: number[]): Promise<CardState[]> {
    if (memberIds.length === 0) return [];
    const rows = await this.all<CardRow & Record<string, unknown>>(
      "SELECT * FROM cards WHERE member_id = ANY($1::bigint[])",
      [memberIds],
    );
    return rows.map(toCard);
  }

  async answersToAsk(askId: string): Promise<AskAnswer[]> {
    const rows = await this.all<{
      member_id: number;
      name: string;
      chosen: string;
      correct: number;
      answered_at: number;
    }>(
      `SELECT x.member_id, m.display_name AS name, x.chosen, x.correct, x.answered_at
       FROM answers x JOIN members m ON m.id = x.member_id WHERE x.ask_id = $1
       ORDER BY x.answered_at, x.id`,
      [askId],
    );
    return rows.map((r) => ({
      memberId: r.member_id,
      name: r.name,
      chosen: JSON.parse(r.chosen) as number[],
      correct: r.correct === 1,
      answeredAt: new Date(r.answered_at),
    }));
  }

  async standings(
    workspaceId: number,
    sinceDay: string | null,
    limit: number,
  ): Promise<Standing[]> {
    return sinceDay === null
      ? this.all<StandingRow>(
          `SELECT id, display_name AS name, total_points AS points,
                  RANK() OVER (ORDER BY total_points DESC) AS rank
           FROM members WHERE workspace_id = $1 AND total_points > 0
           ORDER BY total_points DESC, display_name COLLATE "C" LIMIT $2`,
          [workspaceId, limit],
        )
      : this.all<StandingRow>(
          `SELECT m.id, m.display_name AS name, t.points, RANK() OVER (ORDER BY t.points DESC) AS rank
           FROM (SELECT member_id, SUM(points) AS points FROM score_days
                 WHERE workspace_id = $1 AND day >= $2 GROUP BY member_id HAVING SUM(points) > 0) t
           JOIN members m ON m.id = t.member_id
           ORDER BY t.points DESC, m.display_name COLLATE "C" LIMIT $3`,
          [workspaceId, sinceDay, limit],
        );
  }

  async standingOf(
    workspaceId: number,
    memberId: number,
    sinceDay: string | null,
  ): Promise<Standing> {
    const member = await this.getMember(memberId);
    if (!member || member.workspaceId !== workspaceId) {
      return { id: memberId, name: "", points: 0, rank: 0 };
    }
    const points =
      sinceDay === null
        ? member.totalPoints
        : (await this.one<{ points: number }>(
            "SELECT coalesce(SUM(points), 0) AS points FROM score_days WHERE member_id = $1 AND day >= $2",
            [memberId, sinceDay],
          ))!.points;
    const ahead =
      sinceDay === null
        ? await this.one<{ n: number }>(
            "SELECT COUNT(*) AS n FROM members WHERE workspace_id = $1 AND total_points > $2",
            [workspaceId, points],
          )
        : await this.one<{ n: number }>(
            `SELECT COUNT(*) AS n FROM (SELECT member_id FROM score_days
             WHERE workspace_id = $1 AND day >= $2 GROUP BY member_id HAVING SUM(points) > $3) t`,
            [workspaceId, sinceDay, points],
          );
    return { id: memberId, name: member.displayName, points, rank: ahead!.n + 1 };
  }

  async teamStandings(
    workspaceId: number,
    sinceDay: string | null,
    limit: number,
  ): Promise<Standing[]> {
    return this.all<StandingRow>(
      `SELECT t.id, t.name, t.points, t.members, RANK() OVER (ORDER BY t.points DESC) AS rank FROM (
         SELECT teams.id, teams.name, COUNT(m.id) AS members,
           coalesce(SUM(CASE WHEN $1::text IS NULL THEN m.total_points ELSE
             (SELECT coalesce(SUM(s.points), 0) FROM score_days s WHERE s.member_id = m.id AND s.day >= $1)
           END), 0)::bigint AS points
         FROM teams LEFT JOIN members m ON m.team_id = teams.id
         WHERE teams.workspace_id = $2 GROUP BY teams.id) t
       ORDER BY t.points DESC, t.name COLLATE "C" LIMIT $3`,
      [sinceDay, workspaceId, limit],
    );
  }

  async findTeam(workspaceId: number, nameKey: string): Promise<Team | null> {
    const row = await this.one<TeamRow & Record<string, unknown>>(
      `SELECT t.id, t.workspace_id, t.name, (SELECT COUNT(*) FROM members m WHERE m.team_id = t.id) AS members
       FROM teams t WHERE t.workspace_id = $1 AND t.name_key = $2`,
      [workspaceId, nameKey],
    );
    return row ? toTeam(row) : null;
  }

  async createTeam(workspaceId: number, name: string, nameKey: string, now: Date): Promise<Team> {
    const row = await this.one<{ id: number }>(
      "INSERT INTO teams (workspace_id, name, name_key, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
      [workspaceId, name, nameKey, now.getTime()],
    );
    return { id: row!.id, workspaceId, name, members: 0 };
  }

  async getTeam(teamId: number): Promise<Team | null> {
    const row = await this.one<TeamRow & Record<string, unknown>>(
      `SELECT t.id, t.workspace_id, t.name, (SELECT COUNT(*) FROM members m WHERE m.team_id = t.id) AS members
       FROM teams t WHERE t.id = $1`,
      [teamId],
    );
    return row ? toTeam(row) : null;
  }

  async setMemberTeam(memberId: number, teamId: number | null): Promise<void> {
    await this.q("UPDATE members SET team_id = $1 WHERE id = $2", [teamId, memberId]);
  }

  async deleteEmptyTeams(workspaceId: number): Promise<void> {
    await this.q(
      `DELETE FROM teams WHERE workspace_id = $1
       AND NOT EXISTS (SELECT 1 FROM members m WHERE m.team_id = teams.id)`,
      [workspaceId],
    );
  }

  async listTeams(workspaceId: number): Promise<Team[]> {
    const rows = await this.all<TeamRow & Record<string, unknown>>(
      `SELECT t.id, t.workspace_id, t.name, COUNT(m.id) AS members
       FROM teams t LEFT JOIN members m ON m.team_id = t.id
       WHERE t.workspace_id = $1 GROUP BY t.id ORDER BY lower(t.name) COLLATE "C", t.name COLLATE "C"`,
      [workspaceId],
    );
    return rows.map(toTeam);
  }

  async getSchedule(workspaceId: number, channelId: string): Promise<Schedule | null> {
    const row = await this.one<ScheduleRow & Record<string, unknown>>(
      "SELECT * FROM channel_schedules WHERE workspace_id = $1 AND channel_id = $2",
      [workspaceId, channelId],
    );
    return row ? toSchedule(row) : null;
  }

  async listSchedules(workspaceId: number): Promise<Schedule[]> {
    const rows = await this.all<ScheduleRow & Record<string, unknown>>(
      'SELECT * FROM channel_schedules WHERE workspace_id = $1 ORDER BY channel_id COLLATE "C"',
      [workspaceId],
    );
    return rows.map(toSchedule);
  }

  async saveSchedule(s: Schedule): Promise<void> {
    await this.q(
      `INSERT INTO channel_schedules (workspace_id, channel_id, local_time, timezone, days, topics,
         paused, paused_reason, open_hours, next_run_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       ON CONFLICT (workspace_id, channel_id) DO UPDATE SET
         local_time = excluded.local_time, timezone = excluded.timezone, days = excluded.days,
         topics = excluded.topics, paused = excluded.paused, paused_reason = excluded.paused_reason,
         open_hours = excluded.open_hours, next_run_at = excluded.next_run_at,
         updated_at = excluded.updated_at`,
      [
        s.workspaceId,
        s.channelId,
        s.time,
        s.timezone,
        JSON.stringify(s.days),
        JSON.stringify(s.topics),
        s.paused ? 1 : 0,
        s.pausedReason,
        s.openHours,
        s.nextRunAt?.getTime() ?? null,
        s.updatedAt.getTime(),
      ],
    );
  }

  async pauseWorkspaceSchedules(workspaceId: number, reason: string, now: Date): Promise<number> {
    const result = await this.q(
      `UPDATE channel_schedules SET paused = 1, paused_reason = $1, updated_at = $2
       WHERE workspace_id = $3 AND paused = 0`,
      [reason, now.getTime(), workspaceId],
    );
    return result.rowCount ?? 0;
  }
}

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
  Team,
  WorkspaceRef,
} from "../core/ports.js";
import { answerParams, cardParams, logParams, sessionUpdateParams } from "./answer-params.js";
import { MemberIds } from "./member-ids.js";
import type { Db } from "./open.js";
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

/** Days missed between a member's last streak day and `@day` (-1 the same day; NULL never). */
const GAP = "(CAST(julianday(@day) - julianday(streak_day) AS INTEGER) - 1)";

type StandingRow = { id: number; name: string; points: number; rank: number; members?: number };

/**
 * The study store's SQL on SQLite, synchronous (better-sqlite3): every statement prepared once.
 * It neither begins nor commits; `SqliteStore` runs these calls inside its units of work and
 * takes the write lock before any method that writes.
 */
export class SqliteTables {
  private readonly sql;
  /**
   * Every request resolves its workspace; ids never change and workspaces are never deleted, so
   * they are kept here (cleared on any rollback, which may undo a workspace's creation).
   */
  private readonly workspaceIds = new Map<string, { id: number; name: string | null }>();
  private readonly memberIds = new MemberIds();

  constructor(readonly db: Db) {
    const p = <R = unknown, A extends unknown[] = unknown[]>(text: string) =>
      db.prepare<A, R>(text);
    this.sql = {
      ensureWorkspace: p<{ id: number }, [string, string, string | null, number]>(
        `INSERT INTO workspaces (platform, external_id, name, created_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (platform, external_id) DO UPDATE SET name = coalesce(excluded.name, name)
         RETURNING id`,
      ),
      ensureMember: p<MemberRow, [number, string, string, number]>(
        `INSERT INTO members (workspace_id, external_id, display_name, created_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (workspace_id, external_id) DO UPDATE SET display_name = excluded.display_name
         RETURNING *`,
      ),
      getMember: p<MemberRow, [number]>("SELECT * FROM members WHERE id = ?"),
      workspaceId: p<{ id: number; name: string | null }, [string, string]>(
        "SELECT id, name FROM workspaces WHERE platform = ? AND external_id = ?",
      ),
      memberByExternalId: p<MemberRow, [number, string]>(
        "SELECT * FROM members WHERE workspace_id = ? AND external_id = ?",
      ),
      memberByName: p<MemberRow, [number, string]>(
        `SELECT * FROM members WHERE workspace_id = ? AND display_name = ? COLLATE NOCASE
         ORDER BY id LIMIT 1`,
      ),
      createSession: p(
        `INSERT INTO quiz_sessions (id, workspace_id, member_id, mode, question_ids, position, correct,
           created_at, expires_at, channel_id, screen, state, current_ask_id, label, ended_at)
         VALUES (@id, @workspaceId, @memberId, @mode, @questionIds, @position, @correct, @createdAt,
           @expiresAt, @channelId, @screen, @state, @currentAskId, @label, @endedAt)`,
      ),
      getSession: p<SessionRow, [string]>("SELECT * FROM quiz_sessions WHERE id = ?"),
      // The answer's statements bind by position: no parameter object to build and read by name.
      updateSession: p<
        unknown,
        [string, number, number, string | null, string, string | null, number | null, string]
      >(
        `UPDATE quiz_sessions SET question_ids = ?, position = ?, correct = ?, screen = ?, state = ?,
           current_ask_id = ?, ended_at = ?
         WHERE id = ?`,
      ),
      openSession: p<SessionRow, [number, string | null]>(
        `SELECT * FROM quiz_sessions WHERE member_id = ? AND channel_id IS ? AND state = 'open'
         ORDER BY created_at DESC LIMIT 1`,
      ),
      lastEndedSession: p<SessionRow, [number, string | null]>(
        `SELECT * FROM quiz_sessions WHERE member_id = ? AND channel_id IS ? AND state <> 'open'
         ORDER BY ended_at DESC, created_at DESC LIMIT 1`,
      ),
      expiredExams: p<SessionRow, [number, number]>(
        `SELECT * FROM quiz_sessions WHERE state = 'open' AND mode = 'exam' AND expires_at <= ?
         ORDER BY expires_at LIMIT ?`,
      ),
      sessionAnswers: p<
        { ask_id: string; question_id: string; correct: number; points: number },
        [string]
      >(
        `SELECT x.ask_id, x.question_id, x.correct, x.points FROM asks a JOIN answers x ON x.ask_id = a.id
         WHERE a.session_id = ? ORDER BY x.answered_at, x.id`,
      ),
      saveExamResult: p(
        `INSERT OR IGNORE INTO exam_results (session_id, workspace_id, member_id, started_at, ended_at,
           total, correct, answered, scaled, passed, areas)
         VALUES (@sessionId, @workspaceId, @memberId, @startedAt, @endedAt, @total, @correct,
           @answered, @scaled, @passed, @areas)`,
      ),
      examResults: p<ExamResultRow, [number, number]>(
        "SELECT * FROM exam_results WHERE member_id = ? ORDER BY ended_at DESC LIMIT ?",
      ),
      createAsk: p(
        `INSERT INTO asks (id, workspace_id, member_id, channel_id, session_id, question_id, option_order, asked_at, closes_at, round_id)
         VALUES (@id, @workspaceId, @memberId, @channelId, @sessionId, @questionId, @optionOrder, @askedAt, @closesAt, @roundId)`,
      ),
      getAsk: p<AskRow, [string]>("SELECT * FROM asks WHERE id = ?"),
      openChannelAsk: p<AskRow, [number, string, number, number]>(
        `SELECT a.* FROM asks a
         WHERE a.workspace_id = ? AND a.member_id IS NULL AND a.channel_id = ? AND a.closes_at > ?
           AND a.round_id IS NULL
           AND NOT EXISTS (SELECT 1 FROM answers x WHERE x.ask_id = a.id AND x.member_id = ?)
         ORDER BY a.asked_at DESC, a.rowid DESC LIMIT 1`,
      ),
      createLiveRound: p(
        `INSERT OR IGNORE INTO live_rounds (id, workspace_id, channel_id, started_by, label,
           question_ids, ask_ids, seconds, position, phase, next_at, version, created_at, ended_at,
           end_reason)
         VALUES (@id, @workspaceId, @channelId, @startedBy, @label, @questionIds, @askIds, @seconds,
           @position, @phase, @nextAt, @version, @createdAt, @endedAt, @endReason)`,
      ),
      getLiveRound: p<LiveRoundRow, [string]>("SELECT * FROM live_rounds WHERE id = ?"),
      activeLiveRound: p<LiveRoundRow, [number, string]>(
        "SELECT * FROM live_rounds WHERE workspace_id = ? AND channel_id = ? AND phase <> 'ended'",
      ),
      lastLiveRound: p<LiveRoundRow, [number, string]>(
        `SELECT * FROM live_rounds WHERE workspace_id = ? AND channel_id = ?
         ORDER BY created_at DESC, rowid DESC LIMIT 1`,
      ),
      saveLiveRound: p(
        `UPDATE live_rounds SET ask_ids = @askIds, position = @position, phase = @phase,
           next_at = @nextAt, ended_at = @endedAt, end_reason = @endReason, version = version + 1
         WHERE id = @id AND version = @version`,
      ),
      joinLiveRound: p<unknown, [string, number, number]>(
        "INSERT OR IGNORE INTO live_players (round_id, member_id, joined_at) VALUES (?, ?, ?)",
      ),
      livePlayers: p<{ member_id: number }, [string]>(
        "SELECT member_id FROM live_players WHERE round_id = ? ORDER BY joined_at, member_id",
      ),
      liveAnswers: p<LiveAnswerRow, [string]>(
        `SELECT x.ask_id, x.question_id, x.member_id, m.display_name AS name, m.team_id,
                t.name AS team_name, x.chosen, x.correct, x.points, x.answered_at
         FROM asks a JOIN answers x ON x.ask_id = a.id JOIN members m ON m.id = x.member_id
         LEFT JOIN teams t ON t.id = m.team_id
         WHERE a.round_id = ? ORDER BY a.asked_at, x.answered_at, x.id`,
      ),
      setAskWindow: p<unknown, [number, number, string]>(
        "UPDATE asks SET asked_at = ?, closes_at = ? WHERE id = ?",
      ),
      queueLiveMessage: p<unknown, [number, string, string, string, number, number]>(
        `INSERT OR IGNORE INTO outbox (workspace_id, channel_id, round_id, step, kind, next_try_at, created_at)
         VALUES (?, ?, ?, ?, 'live', ?, ?)`,
      ),
      channelDeck: p<{ deck_id: string }, [number, string]>(
        "SELECT deck_id FROM channel_decks WHERE workspace_id = ? AND channel_id = ?",
      ),
      setChannelDeck: p<unknown, [number, string, string, number]>(
        `INSERT INTO channel_decks (workspace_id, channel_id, deck_id, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (workspace_id, channel_id) DO UPDATE SET deck_id = excluded.deck_id,
           updated_at = excluded.updated_at`,
      ),
      clearChannelDeck: p<unknown, [number, string]>(
        "DELETE FROM channel_decks WHERE workspace_id = ? AND channel_id = ?",
      ),
      setMemberDeck: p<unknown, [string | null, number]>(
        "UPDATE members SET deck_id = ? WHERE id = ?",
      ),
      getReminder: p<ReminderRow, [number]>("SELECT * FROM reminders WHERE member_id = ?"),
      saveReminder: p(
        `INSERT INTO reminders (member_id, workspace_id, local_time, timezone, days, next_run_at,
           paused_reason, updated_at)
         VALUES (@memberId, @workspaceId, @time, @timezone, @days, @nextRunAt, @pausedReason, @updatedAt)
         ON CONFLICT (member_id) DO UPDATE SET workspace_id = excluded.workspace_id,
           local_time = excluded.local_time, timezone = excluded.timezone, days = excluded.days,
           next_run_at = excluded.next_run_at, paused_reason = excluded.paused_reason,
           updated_at = excluded.updated_at`,
      ),
      deleteReminder: p<unknown, [number]>("DELETE FROM reminders WHERE member_id = ?"),
      queueNotice: p<unknown, [number, string, string, number | null, number, number]>(
        `INSERT OR IGNORE INTO outbox (workspace_id, channel_id, subject, to_member, kind, next_try_at, created_at)
         VALUES (?, ?, ?, ?, 'notice', ?, ?)`,
      ),
      reminderWorkspace: p<
        { platform: string; external_id: string; name: string | null },
        [string, string]
      >(
        `SELECT w.platform, w.external_id, w.name FROM reminders r
         JOIN members m ON m.id = r.member_id JOIN workspaces w ON w.id = r.workspace_id
         WHERE w.platform = ? AND m.external_id = ? ORDER BY r.updated_at DESC LIMIT 1`,
      ),
      standingsBetween: p<StandingRow, [number, string, string, number]>(
        `SELECT m.id, m.display_name AS name, t.points, RANK() OVER (ORDER BY t.points DESC) AS rank
         FROM (SELECT member_id, SUM(points) AS points FROM score_days
               WHERE workspace_id = ? AND day >= ? AND day < ? GROUP BY member_id HAVING SUM(points) > 0) t
         JOIN members m ON m.id = t.member_id
         ORDER BY t.points DESC, m.display_name LIMIT ?`,
      ),
      claimSeasonClose: p<unknown, [number, string, string, number]>(
        `INSERT OR IGNORE INTO season_closes (workspace_id, season_start, season_end, closed_at)
         VALUES (?, ?, ?, ?)`,
      ),
      saveSeasonResult: p<unknown, [number, string, number, number, string, number]>(
        `INSERT OR IGNORE INTO season_results (workspace_id, season_start, rank, member_id, name, points)
         VALUES (?, ?, ?, ?, ?, ?)`,
      ),
      seasonWinners: p<
        { season_start: string; season_end: string; rank: number; name: string; points: number },
        [number, number, number]
      >(
        `SELECT r.season_start, c.season_end, r.rank, r.name, r.points FROM season_results r
         JOIN season_closes c ON c.workspace_id = r.workspace_id AND c.season_start = r.season_start
         WHERE r.workspace_id = ? AND r.rank <= 3 AND r.season_start IN (
           SELECT season_start FROM season_closes WHERE workspace_id = ? ORDER BY season_start DESC LIMIT ?)
         ORDER BY r.season_start DESC, r.rank, r.name`,
      ),
      setRecap: p<unknown, [number, number, string | null, number | null, number, string]>(
        `UPDATE channel_schedules SET recap_on = ?, recap_day = ?, recap_time = ?, next_recap_at = ?
         WHERE workspace_id = ? AND channel_id = ?`,
      ),
      getRecap: p<
        {
          recap_on: number;
          recap_day: number;
          recap_time: string | null;
          next_recap_at: number | null;
        },
        [number, string]
      >(
        `SELECT recap_on, recap_day, recap_time, next_recap_at FROM channel_schedules
         WHERE workspace_id = ? AND channel_id = ?`,
      ),
      channelWeek: p<ChannelWeek, [number, string, number, number]>(
        `SELECT COUNT(DISTINCT a.id) AS posts, COUNT(x.id) AS answers,
                COUNT(DISTINCT x.member_id) AS players
         FROM asks a LEFT JOIN answers x ON x.ask_id = a.id
         WHERE a.workspace_id = ? AND a.channel_id = ? AND a.member_id IS NULL
           AND a.asked_at >= ? AND a.asked_at < ?`,
      ),
      getSetting: p<{ value: string }, [number, string]>(
        "SELECT value FROM workspace_settings WHERE workspace_id = ? AND key = ?",
      ),
      setSetting: p<unknown, [number, string, string, number]>(
        `INSERT INTO workspace_settings (workspace_id, key, value, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (workspace_id, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
      ),
      hasAnswered: p<{ one: number }, [string, number]>(
        "SELECT 1 AS one FROM answers WHERE ask_id = ? AND member_id = ?",
      ),
      getCard: p<CardRow, [number, string]>(
        "SELECT * FROM cards WHERE member_id = ? AND question_id = ?",
      ),
      cards: p<CardRow, [number]>("SELECT * FROM cards WHERE member_id = ?"),
      dueCards: p<CardRow, [number, number]>(
        "SELECT * FROM cards WHERE member_id = ? AND due <= ? ORDER BY due",
      ),
      insertAnswer: p<unknown, [string, number, number, string, string, number, number, number]>(
        `INSERT OR IGNORE INTO answers (ask_id, workspace_id, member_id, question_id, chosen, correct, points, answered_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      upsertCard: p<unknown, (string | number | null)[]>(
        `INSERT INTO cards (member_id, question_id, due, stability, difficulty, elapsed_days, scheduled_days, learning_steps, reps, lapses, state, last_review)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (member_id, question_id) DO UPDATE SET
           due = excluded.due, stability = excluded.stability, difficulty = excluded.difficulty,
           elapsed_days = excluded.elapsed_days, scheduled_days = excluded.scheduled_days,
           learning_steps = excluded.learning_steps, reps = excluded.reps, lapses = excluded.lapses,
           state = excluded.state, last_review = excluded.last_review`,
      ),
      insertLog: p<unknown, (string | number)[]>(
        `INSERT INTO review_logs (member_id, question_id, rating, state, due, stability, difficulty, elapsed_days, last_elapsed_days, scheduled_days, learning_steps, review)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      addScoreDay: p<unknown, [number, number, string, number, number]>(
        `INSERT INTO score_days (workspace_id, member_id, day, points, answered, correct)
         VALUES (?, ?, ?, ?, 1, ?)
         ON CONFLICT (member_id, day) DO UPDATE SET
           points = points + excluded.points, answered = answered + 1, correct = correct + excluded.correct`,
      ),
      // Relative: correct whatever else wrote the row meanwhile. The streak goes on from
      // yesterday, holds within a day, goes on over missed days the freezes held cover (using
      // them; a streak reaching a multiple of 7 earns one, at most 2 held), and starts again
      // after a longer gap (UTC days; scoring.ts states the same rule). SET expressions read
      // the row as it was. Named: @day appears eight times.
      addProgress: p(
        `UPDATE members SET total_points = total_points + @points, answered = answered + 1,
           correct = correct + @correct,
           streak = CASE WHEN streak_day = @day THEN streak
                         WHEN ${GAP} BETWEEN 0 AND freezes THEN streak + 1 ELSE 1 END,
           freezes = CASE WHEN ${GAP} BETWEEN 0 AND freezes
                          THEN min(2, freezes - ${GAP} + ((streak + 1) % 7 = 0)) ELSE freezes END,
           freezes_used = freezes_used + CASE WHEN ${GAP} BETWEEN 0 AND freezes THEN ${GAP} ELSE 0 END,
           streak_day = @day
         WHERE id = @memberId`,
      ),
      dayScore: p<{ points: number; answered: number; correct: number }, [number, string]>(
        "SELECT points, answered, correct FROM score_days WHERE member_id = ? AND day = ?",
      ),
      dayScores: p<
        { day: string; points: number; answered: number; correct: number },
        [number, string]
      >(
        `SELECT day, points, answered, correct FROM score_days WHERE member_id = ? AND day >= ?
         ORDER BY day`,
      ),
      channelQuestions: p<{ question_id: string }, [number, string, number]>(
        `SELECT question_id FROM asks WHERE workspace_id = ? AND channel_id = ? AND member_id IS NULL
         AND asked_at >= ? ORDER BY asked_at DESC`,
      ),
      // Private asks only: a member's own questions, by the asks_by_member index.
      lastAnsweredAsk: p<AskRow, [number, string | null]>(
        `SELECT a.* FROM asks a
         WHERE a.member_id = ? AND a.channel_id IS ?
           AND EXISTS (SELECT 1 FROM answers x WHERE x.ask_id = a.id AND x.member_id = a.member_id)
         ORDER BY a.asked_at DESC, a.rowid DESC LIMIT 1`,
      ),
      createReport: p(
        `INSERT OR IGNORE INTO question_reports (workspace_id, member_id, ask_id, question_id,
           option_order, reason, created_at)
         VALUES (@workspaceId, @memberId, @askId, @questionId, @optionOrder, @reason, @createdAt)`,
      ),
      openReports: p<ReportRow, [number | null, number | null, number]>(
        `SELECT r.*, m.display_name AS member_name FROM question_reports r
         JOIN members m ON m.id = r.member_id
         WHERE r.state = 'open' AND (? IS NULL OR r.workspace_id = ?)
         ORDER BY r.created_at, r.id LIMIT ?`,
      ),
      closeReport: p<unknown, [number, number, number]>(
        `UPDATE question_reports SET state = 'closed', closed_at = ?
         WHERE id = ? AND workspace_id = ? AND state = 'open'`,
      ),
      hasScheduledPost: p<{ one: number }, [number, string, string]>(
        `SELECT 1 AS one FROM channel_posts
         WHERE workspace_id = ? AND channel_id = ? AND local_date = ? AND kind = 'scheduled'`,
      ),
      claimPost: p(
        `INSERT OR IGNORE INTO channel_posts
           (workspace_id, channel_id, local_date, kind, ask_id, claimed_by, claimed_at, closes_at)
         VALUES (@workspaceId, @channelId, @localDate, @kind, @askId, @claimedBy, @claimedAt, @closesAt)`,
      ),
      // The question's message, queued for the scheduler's sender in the same unit of work.
      queueQuestion: p<unknown, [number]>(
        `INSERT INTO outbox (workspace_id, channel_id, post_id, kind, next_try_at, created_at)
         SELECT workspace_id, channel_id, id, 'question', claimed_at, claimed_at
         FROM channel_posts WHERE id = ?`,
      ),
      channelActive: p<{ member_id: number }, [number, string, number]>(
        `SELECT DISTINCT x.member_id FROM answers x JOIN asks a ON a.id = x.ask_id
         WHERE a.workspace_id = ? AND a.channel_id = ? AND a.member_id IS NULL AND x.answered_at >= ?`,
      ),
      cardsOfMembers: p<CardRow, [string]>(
        "SELECT * FROM cards WHERE member_id IN (SELECT value FROM json_each(?))",
      ),
      answersToAsk: p<
        { member_id: number; name: string; chosen: string; correct: number; answered_at: number },
        [string]
      >(
        `SELECT x.member_id, m.display_name AS name, x.chosen, x.correct, x.answered_at
         FROM answers x JOIN members m ON m.id = x.member_id WHERE x.ask_id = ? ORDER BY x.answered_at, x.id`,
      ),
      standingsAll: p<StandingRow, [number, number]>(
        `SELECT id, display_name AS name, total_points AS points,
                RANK() OVER (ORDER BY total_points DESC) AS rank
         FROM members WHERE workspace_id = ? AND total_points > 0
         ORDER BY total_points DESC, display_name LIMIT ?`,
      ),
      standingsSince: p<StandingRow, [number, string, number]>(
        `SELECT m.id, m.display_name AS name, t.points, RANK() OVER (ORDER BY t.points DESC) AS rank
         FROM (SELECT member_id, SUM(points) AS points FROM score_days
               WHERE workspace_id = ? AND day >= ? GROUP BY member_id HAVING SUM(points) > 0) t
         JOIN members m ON m.id = t.member_id
         ORDER BY t.points DESC, m.display_name LIMIT ?`,
      ),
      aheadAll: p<{ n: number }, [number, number]>(
        "SELECT COUNT(*) AS n FROM members WHERE workspace_id = ? AND total_points > ?",
      ),
      pointsSince: p<{ points: number }, [number, string]>(
        "SELECT coalesce(SUM(points), 0) AS points FROM score_days WHERE member_id = ? AND day >= ?",
      ),
      aheadSince: p<{ n: number }, [number, string, number]>(
        `SELECT COUNT(*) AS n FROM (SELECT member_id FROM score_days WHERE workspace_id = ? AND day >= ?
         GROUP BY member_id HAVING SUM(points) > ?)`,
      ),
      teamStandings: p<StandingRow, [string | null, string | null, number, number]>(
        `SELECT t.id, t.name, t.points, t.members, RANK() OVER (ORDER BY t.points DESC) AS rank FROM (
           SELECT teams.id, teams.name, COUNT(m.id) AS members,
             coalesce(SUM(CASE WHEN ? IS NULL THEN m.total_points ELSE
               (SELECT coalesce(SUM(s.points), 0) FROM score_days s WHERE s.member_id = m.id AND s.day >= ?)
             END), 0) AS points
           FROM teams LEFT JOIN members m ON m.team_id = teams.id
           WHERE teams.workspace_id = ? GROUP BY teams.id) t
         ORDER BY t.points DESC, t.name LIMIT ?`,
      ),
      deckPoints: p<DeckPointsRow, [number, number, string]>(
        `SELECT m.id AS member_id, m.display_name AS name, m.team_id, t.name AS team_name, p.points
         FROM (SELECT member_id, SUM(points) AS points FROM answers
               WHERE workspace_id = ? AND answered_at >= ?
                 AND question_id IN (SELECT value FROM json_each(?))
               GROUP BY member_id HAVING SUM(points) > 0) p
         JOIN members m ON m.id = p.member_id LEFT JOIN teams t ON t.id = m.team_id
         ORDER BY p.points DESC, m.display_name`,
      ),
      findTeam: p<TeamRow, [number, string]>(
        `SELECT t.id, t.workspace_id, t.name, (SELECT COUNT(*) FROM members m WHERE m.team_id = t.id) AS members
         FROM teams t WHERE t.workspace_id = ? AND t.name_key = ?`,
      ),
      getTeam: p<TeamRow, [number]>(
        `SELECT t.id, t.workspace_id, t.name, (SELECT COUNT(*) FROM members m WHERE m.team_id = t.id) AS members
         FROM teams t WHERE t.id = ?`,
      ),
      createTeam: p<{ id: number }, [number, string, string, number]>(
        "INSERT INTO teams (workspace_id, name, name_key, created_at) VALUES (?, ?, ?, ?) RETURNING id",
      ),
      setMemberTeam: p<unknown, [number | null, number]>(
        "UPDATE members SET team_id = ? WHERE id = ?",
      ),
      deleteEmptyTeams: p<unknown, [number]>(
        `DELETE FROM teams WHERE workspace_id = ?
         AND NOT EXISTS (SELECT 1 FROM members m WHERE m.team_id = teams.id)`,
      ),
      listTeams: p<TeamRow, [number]>(
        `SELECT t.id, t.workspace_id, t.name, COUNT(m.id) AS members
         FROM teams t LEFT JOIN members m ON m.team_id = t.id
         WHERE t.workspace_id = ? GROUP BY t.id ORDER BY t.name COLLATE NOCASE`,
      ),
      pauseWorkspace: p<unknown, [string, number, number]>(
        `UPDATE channel_schedules SET paused = 1, paused_reason = ?, updated_at = ?
         WHERE workspace_id = ? AND paused = 0`,
      ),
      listSchedules: p<ScheduleRow, [number]>(
        "SELECT * FROM channel_schedules WHERE workspace_id = ? ORDER BY channel_id",
      ),
      getSchedule: p<ScheduleRow, [number, string]>(
        "SELECT * FROM channel_schedules WHERE workspace_id = ? AND channel_id = ?",
      ),
      saveSchedule: p(
        `INSERT INTO channel_schedules (workspace_id, channel_id, local_time, timezone, days, topics, paused, paused_reason, open_hours, next_run_at, updated_at)
         VALUES (@workspaceId, @channelId, @time, @timezone, @days, @topics, @paused, @pausedReason, @openHours, @nextRunAt, @updatedAt)
         ON CONFLICT (workspace_id, channel_id) DO UPDATE SET
           local_time = excluded.local_time, timezone = excluded.timezone, days = excluded.days,
           topics = excluded.topics, paused = excluded.paused, paused_reason = excluded.paused_reason,
           open_hours = excluded.open_hours, next_run_at = excluded.next_run_at, updated_at = excluded.updated_at`,
      ),
    };
  }

  /** Forgets what a rolled-back unit may have created (a workspace's id). */
  forgetUndone(): void {
    this.workspaceIds.clear();
    this.memberIds.clear();
  }

  /** The workspace's id when it is known as `ref` says (no write needed); else undefined. */
  knownWorkspace(ref: WorkspaceRef): number | undefined {
    const key = `${ref.platform}\u0000${ref.externalId}`;
    const known =
      this.workspaceIds.get(key) ?? this.sql.workspaceId.get(ref.platform, ref.externalId);
    if (!known || (ref.name !== undefined && known.name !== ref.name)) return undefined;
    this.workspaceIds.set(key, known);
    return known.id;
  }

  /** The member when known under this name (no write needed); else undefined. */
  knownMember(workspaceId: number, externalId: string, displayName: string): Member | undefined {
    const id = this.memberIds.get(workspaceId, externalId);
    let known = id === undefined ? undefined : this.sql.getMember.get(id);
    if (known && (known.workspace_id !== workspaceId || known.external_id !== externalId)) {
      known = undefined; // not what was remembered (it cannot be, but a wrong member must not be)
    }
    if (!known) {
      if (id !== undefined) this.memberIds.forget(workspaceId, externalId);
      known = this.sql.memberByExternalId.get(workspaceId, externalId);
      if (known) this.memberIds.remember(workspaceId, externalId, known.id);
    }
    return known && known.display_name === displayName ? toMember(known) : undefined;
  }

  ensureWorkspace(ref: WorkspaceRef, now: Date): number {
    // Read first (memory, then the table), so the common case writes nothing.
    const key = `${ref.platform}\u0000${ref.externalId}`;
    const known =
      this.workspaceIds.get(key) ?? this.sql.workspaceId.get(ref.platform, ref.externalId);
    if (known && (ref.name === undefined || known.name === ref.name)) {
      this.workspaceIds.set(key, known);
      return known.id;
    }
    const name = ref.name ?? known?.name ?? null;
    const { id } = this.sql.ensureWorkspace.get(ref.platform, ref.externalId, name, now.getTime())!;
    this.workspaceIds.set(key, { id, name });
    return id;
  }

  /**
   * Adds the member, or updates their name, and returns the row. Called under the write lock
   * only when knownMember, just before, found no such member or another name; so this writes
   * at once instead of reading the row again (a member another unit added meanwhile is not
   * made twice: the upsert then only sets the name).
   */
  ensureMember(workspaceId: number, externalId: string, displayName: string, now: Date): Member {
    const row = this.sql.ensureMember.get(workspaceId, externalId, displayName, now.getTime())!;
    this.memberIds.remember(workspaceId, externalId, row.id);
    return toMember(row);
  }

  getMember(memberId: number): Member | null {
    const row = this.sql.getMember.get(memberId);
    return row ? toMember(row) : null;
  }

  findMember(workspaceId: number, idOrName: string): Member | null {
    const row =
      this.sql.memberByExternalId.get(workspaceId, idOrName) ??
      this.sql.memberByName.get(workspaceId, idOrName);
    return row ? toMember(row) : null;
  }

  createSession(s: QuizSession): void {
    this.sql.createSession.run(sessionParams(s));
  }

  getSession(id: string): QuizSession | null {
    const row = this.sql.getSession.get(id);
    return row ? toSession(row) : null;
  }

  updateSession(s: QuizSession): void {
    this.sql.updateSession.run(...sessionUpdateParams(s));
  }

  openSession(memberId: number, channelId: string | null): QuizSession | null {
    const row = this.sql.openSession.get(memberId, channelId);
    return row ? toSession(row) : null;
  }

  lastEndedSession(memberId: number, channelId: string | null): QuizSession | null {
    const row = this.sql.lastEndedSession.get(memberId, channelId);
    return row ? toSession(row) : null;
  }

  expiredExams(now: Date, limit: number): QuizSession[] {
    return this.sql.expiredExams.all(now.getTime(), limit).map(toSession);
  }

  sessionAnswers(sessionId: string): SessionAnswer[] {
    return this.sql.sessionAnswers.all(sessionId).map((r) => ({
      askId: r.ask_id,
      questionId: r.question_id,
      correct: r.correct === 1,
      points: r.points,
    }));
  }

  saveExamResult(r: ExamResult): void {
    this.sql.saveExamResult.run({
      ...r,
      startedAt: r.startedAt.getTime(),
      endedAt: r.endedAt.getTime(),
      passed: r.passed ? 1 : 0,
      areas: JSON.stringify(r.areas),
    });
  }

  examResults(memberId: number, limit: number): ExamResult[] {
    return this.sql.examResults.all(memberId, limit).map(toExamResult);
  }

  createAsk(a: Ask): void {
    this.sql.createAsk.run({
      ...a,
      optionOrder: JSON.stringify(a.optionOrder),
      askedAt: a.askedAt.getTime(),
      closesAt: a.closesAt.getTime(),
    });
  }

  getAsk(id: string): Ask | null {
    const row = this.sql.getAsk.get(id);
    return row ? toAsk(row) : null;
  }

  openChannelAsk(workspaceId: number, memberId: number, channelId: string, now: Date): Ask | null {
    const row = this.sql.openChannelAsk.get(workspaceId, channelId, now.getTime(), memberId);
    return row ? toAsk(row) : null;
  }

  createLiveRound(round: LiveRound): boolean {
    return this.sql.createLiveRound.run(liveRoundValues(round)).changes === 1;
  }

  getLiveRound(id: string): LiveRound | null {
    const row = this.sql.getLiveRound.get(id);
    return row ? toLiveRound(row) : null;
  }

  activeLiveRound(workspaceId: number, channelId: string): LiveRound | null {
    const row = this.sql.activeLiveRound.get(workspaceId, channelId);
    return row ? toLiveRound(row) : null;
  }

  lastLiveRound(workspaceId: number, channelId: string): LiveRound | null {
    const row = this.sql.lastLiveRound.get(workspaceId, channelId);
    return row ? toLiveRound(row) : null;
  }

  saveLiveRound(round: LiveRound): boolean {
    return this.sql.saveLiveRound.run(liveRoundValues(round)).changes === 1;
  }

  joinLiveRound(roundId: string, memberId: number, now: Date): boolean {
    return this.sql.joinLiveRound.run(roundId, memberId, now.getTime()).changes === 1;
  }

  livePlayers(roundId: string): number[] {
    return this.sql.livePlayers.all(roundId).map((r) => r.member_id);
  }

  liveAnswers(roundId: string): LiveAnswer[] {
    return this.sql.liveAnswers.all(roundId).map(toLiveAnswer);
  }

  setAskWindow(askId: string, askedAt: Date, closesAt: Date): void {
    this.sql.setAskWindow.run(askedAt.getTime(), closesAt.getTime(), askId);
  }

  queueLiveMessage(m: LiveMessage): void {
    const at = m.at.getTime();
    this.sql.queueLiveMessage.run(m.workspaceId, m.channelId, m.roundId, m.step, at, at);
  }

  channelDeck(workspaceId: number, channelId: string): string | null {
    return this.sql.channelDeck.get(workspaceId, channelId)?.deck_id ?? null;
  }

  setChannelDeck(workspaceId: number, channelId: string, deckId: string | null, now: Date): void {
    if (deckId === null) this.sql.clearChannelDeck.run(workspaceId, channelId);
    else this.sql.setChannelDeck.run(workspaceId, channelId, deckId, now.getTime());
  }

  setMemberDeck(memberId: number, deckId: string | null): void {
    this.sql.setMemberDeck.run(deckId, memberId);
  }

  getReminder(memberId: number): Reminder | null {
    const row = this.sql.getReminder.get(memberId);
    return row ? toReminder(row) : null;
  }

  saveReminder(r: Reminder): void {
    this.sql.saveReminder.run(reminderValues(r));
  }

  deleteReminder(memberId: number): boolean {
    return this.sql.deleteReminder.run(memberId).changes === 1;
  }

  queueNotice(n: NewNotice): boolean {
    const at = n.at.getTime();
    return (
      this.sql.queueNotice.run(n.workspaceId, n.channelId, n.subject, n.toMember, at, at)
        .changes === 1
    );
  }

  reminderWorkspace(platform: string, userExternalId: string): WorkspaceRef | null {
    const row = this.sql.reminderWorkspace.get(platform, userExternalId);
    return row ? toWorkspaceRef(row) : null;
  }

  standingsBetween(workspaceId: number, fromDay: string, toDay: string, limit: number): Standing[] {
    return this.sql.standingsBetween.all(workspaceId, fromDay, toDay, limit);
  }

  claimSeasonClose(
    workspaceId: number,
    season: { start: string; end: string },
    now: Date,
  ): boolean {
    return (
      this.sql.claimSeasonClose.run(workspaceId, season.start, season.end, now.getTime())
        .changes === 1
    );
  }

  saveSeasonResults(workspaceId: number, seasonStart: string, rows: Standing[]): void {
    for (const r of rows)
      this.sql.saveSeasonResult.run(workspaceId, seasonStart, r.rank, r.id, r.name, r.points);
  }

  seasonWinners(workspaceId: number, seasons: number): SeasonWinner[] {
    return this.sql.seasonWinners.all(workspaceId, workspaceId, seasons).map((r) => ({
      seasonStart: r.season_start,
      seasonEnd: r.season_end,
      rank: r.rank,
      name: r.name,
      points: r.points,
    }));
  }

  setRecap(
    workspaceId: number,
    channelId: string,
    recap: { on: boolean; day: Weekday; time: string | null },
    nextRecapAt: Date | null,
  ): boolean {
    return (
      this.sql.setRecap.run(
        recap.on ? 1 : 0,
        recap.day,
        recap.time,
        nextRecapAt?.getTime() ?? null,
        workspaceId,
        channelId,
      ).changes === 1
    );
  }

  getRecap(workspaceId: number, channelId: string) {
    const row = this.sql.getRecap.get(workspaceId, channelId);
    return row
      ? {
          on: row.recap_on === 1,
          day: row.recap_day as Weekday,
          time: row.recap_time,
          nextRecapAt: row.next_recap_at === null ? null : new Date(row.next_recap_at),
        }
      : null;
  }

  channelWeek(workspaceId: number, channelId: string, since: Date, until: Date): ChannelWeek {
    return this.sql.channelWeek.get(workspaceId, channelId, since.getTime(), until.getTime())!;
  }

  getSetting(workspaceId: number, key: string): string | null {
    return this.sql.getSetting.get(workspaceId, key)?.value ?? null;
  }

  setSetting(workspaceId: number, key: string, value: string, now: Date): void {
    this.sql.setSetting.run(workspaceId, key, value, now.getTime());
  }

  hasAnswered(askId: string, memberId: number): boolean {
    return this.sql.hasAnswered.get(askId, memberId) !== undefined;
  }

  getCard(memberId: number, questionId: string): CardState | null {
    const row = this.sql.getCard.get(memberId, questionId);
    return row ? toCard(row) : null;
  }

  cards(memberId: number, deck: DeckKey): CardState[] {
    // Read by the primary key's prefix, and build objects only for the deck's questions.
    return this.sql.cards
      .all(memberId)
      .filter((r) => deck.questionIds.has(r.question_id))
      .map(toCard);
  }

  dueCards(memberId: number, now: Date, limit: number, deck: DeckKey): CardState[] {
    const due: CardState[] = [];
    for (const row of this.sql.dueCards.iterate(memberId, now.getTime())) {
      if (!deck.questionIds.has(row.question_id)) continue;
      due.push(toCard(row));
      if (due.length >= limit) break;
    }
    return due;
  }

  /** Writes an answer with its card and log; the member's totals are added to, not set. */
  saveAnswer(answer: AnswerRecord, card: CardState, log: ReviewLogEntry): boolean {
    const correct = answer.correct ? 1 : 0;
    const inserted = this.sql.insertAnswer.run(...answerParams(answer));
    if (inserted.changes === 0) return false;
    this.sql.upsertCard.run(...cardParams(card));
    this.sql.insertLog.run(...logParams(log));
    this.sql.addScoreDay.run(
      answer.workspaceId,
      answer.memberId,
      answer.day,
      answer.points,
      correct,
    );
    this.sql.addProgress.run({
      memberId: answer.memberId,
      day: answer.day,
      points: answer.points,
      correct,
    });
    return true;
  }

  dayScores(
    memberId: number,
    sinceDay: string,
  ): { day: string; points: number; answered: number; correct: number }[] {
    return this.sql.dayScores.all(memberId, sinceDay);
  }

  dayScore(memberId: number, day: string): { points: number; answered: number; correct: number } {
    return this.sql.dayScore.get(memberId, day) ?? { points: 0, answered: 0, correct: 0 };
  }

  channelQuestionsSince(workspaceId: number, channelId: string, since: Date): string[] {
    return this.sql.channelQuestions
      .all(workspaceId, channelId, since.getTime())
      .map((r) => r.question_id);
  }

  lastAnsweredAsk(memberId: number, channelId: string | null): Ask | null {
    const row = this.sql.lastAnsweredAsk.get(memberId, channelId);
    return row ? toAsk(row) : null;
  }

  createReport(report: NewReport): boolean {
    return (
      this.sql.createReport.run({
        ...report,
        optionOrder: JSON.stringify(report.optionOrder),
        createdAt: report.createdAt.getTime(),
      }).changes === 1
    );
  }

  openReports(workspaceId: number | null, limit: number): QuestionReport[] {
    return this.sql.openReports.all(workspaceId, workspaceId, limit).map(toReport);
  }

  closeReport(workspaceId: number, reportId: number, now: Date): boolean {
    return this.sql.closeReport.run(now.getTime(), reportId, workspaceId).changes === 1;
  }

  hasScheduledPost(workspaceId: number, channelId: string, localDate: string): boolean {
    return this.sql.hasScheduledPost.get(workspaceId, channelId, localDate) !== undefined;
  }

  claimChannelPost(post: NewChannelPost): boolean {
    const claim = this.sql.claimPost.run({
      ...post,
      claimedAt: post.claimedAt.getTime(),
      closesAt: post.closesAt.getTime(),
    });
    if (claim.changes !== 1) return false;
    this.sql.queueQuestion.run(Number(claim.lastInsertRowid));
    return true;
  }

  channelActiveMembers(workspaceId: number, channelId: string, since: Date): number[] {
    return this.sql.channelActive
      .all(workspaceId, channelId, since.getTime())
      .map((r) => r.member_id);
  }

  cardsOfMembers(memberIds: number[]): CardState[] {
    if (memberIds.length === 0) return [];
    return this.sql.cardsOfMembers.all(JSON.stringify(memberIds)).map(toCard);
  }

  answersToAsk(askId: string): AskAnswer[] {
    return this.sql.answersToAsk.all(askId).map((r) => ({
      memberId: r.member_id,
      name: r.name,
      chosen: JSON.parse(r.chosen) as number[],
      correct: r.correct === 1,
      answeredAt: new Date(r.answered_at),
    }));
  }

  standings(workspaceId: number, sinceDay: string | null, limit: number): Standing[] {
    return sinceDay === null
      ? this.sql.standingsAll.all(workspaceId, limit)
      : this.sql.standingsSince.all(workspaceId, sinceDay, limit);
  }

  standingOf(workspaceId: number, memberId: number, sinceDay: string | null): Standing {
    const member = this.getMember(memberId);
    if (!member || member.workspaceId !== workspaceId) {
      return { id: memberId, name: "", points: 0, rank: 0 };
    }
    const points =
      sinceDay === null ? member.totalPoints : this.sql.pointsSince.get(memberId, sinceDay)!.points;
    const ahead =
      sinceDay === null
        ? this.sql.aheadAll.get(workspaceId, points)!.n
        : this.sql.aheadSince.get(workspaceId, sinceDay, points)!.n;
    return { id: memberId, name: member.displayName, points, rank: ahead + 1 };
  }

  teamStandings(workspaceId: number, sinceDay: string | null, limit: number): Standing[] {
    return this.sql.teamStandings.all(sinceDay, sinceDay, workspaceId, limit);
  }

  deckPoints(workspaceId: number, sinceDay: string | null, deck: DeckKey): DeckPoints[] {
    const since = sinceDay === null ? 0 : Date.parse(`${sinceDay}T00:00:00Z`);
    return this.sql.deckPoints
      .all(workspaceId, since, JSON.stringify([...deck.questionIds]))
      .map(toDeckPoints);
  }

  findTeam(workspaceId: number, nameKey: string): Team | null {
    const row = this.sql.findTeam.get(workspaceId, nameKey);
    return row ? toTeam(row) : null;
  }

  createTeam(workspaceId: number, name: string, nameKey: string, now: Date): Team {
    const { id } = this.sql.createTeam.get(workspaceId, name, nameKey, now.getTime())!;
    return { id, workspaceId, name, members: 0 };
  }

  getTeam(teamId: number): Team | null {
    const row = this.sql.getTeam.get(teamId);
    return row ? toTeam(row) : null;
  }

  setMemberTeam(memberId: number, teamId: number | null): void {
    this.sql.setMemberTeam.run(teamId, memberId);
  }

  deleteEmptyTeams(workspaceId: number): void {
    this.sql.deleteEmptyTeams.run(workspaceId);
  }

  listTeams(workspaceId: number): Team[] {
    return this.sql.listTeams.all(workspaceId).map(toTeam);
  }

  getSchedule(workspaceId: number, channelId: string): Schedule | null {
    const row = this.sql.getSchedule.get(workspaceId, channelId);
    return row ? toSchedule(row) : null;
  }

  listSchedules(workspaceId: number): Schedule[] {
    return this.sql.listSchedules.all(workspaceId).map(toSchedule);
  }

  pauseWorkspaceSchedules(workspaceId: number, reason: string, now: Date): number {
    return this.sql.pauseWorkspace.run(reason, now.getTime(), workspaceId).changes;
  }

  saveSchedule(s: Schedule): void {
    this.sql.saveSchedule.run({
      ...s,
      days: JSON.stringify(s.days),
      topics: JSON.stringify(s.topics),
      paused: s.paused ? 1 : 0,
      nextRunAt: s.nextRunAt?.getTime() ?? null,
      updatedAt: s.updatedAt.getTime(),
    });
  }
}

/** A session as the statements take it. */
function sessionParams(s: QuizSession) {
  return {
    ...s,
    questionIds: JSON.stringify(s.questionIds),
    createdAt: s.createdAt.getTime(),
    expiresAt: s.expiresAt.getTime(),
    endedAt: s.endedAt?.getTime() ?? null,
  };
}

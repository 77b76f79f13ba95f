import type {
  OutboxItem,
  PostedQuestion,
  PostQueue,
  Recap,
  Reminder,
  Schedule,
} from "../core/ports.js";
import { type OutboxRow, type PostedRow, toOutboxItem, toPostedQuestion } from "./queue-rows.js";
import {
  type RecapRow,
  type ReminderRow,
  type ScheduleRow,
  toRecap,
  toReminder,
  toSchedule,
} from "./rows.js";
import type { SqliteStore } from "./sqlite-store.js";
import type { SqliteUnits } from "./sqlite-units.js";

/** Only the platforms this process can post to: another platform's messages wait for its process. */
const ON_PLATFORMS = "w.platform IN (SELECT value FROM json_each(?))";

/**
 * The scheduler's SQL: due schedules, the outbox (questions and reveals, leased one at a time
 * while they are sent), answer counts and channel failures.
 */
export class SqlitePostQueue implements PostQueue {
  private readonly sql;

  private readonly units: SqliteUnits;

  constructor(store: SqliteStore) {
    const db = store.db;
    this.units = store.units;
    this.sql = {
      dueSchedules: db.prepare<[number, string, number], ScheduleRow>(
        `SELECT s.* FROM channel_schedules s JOIN workspaces w ON w.id = s.workspace_id
         WHERE s.paused = 0 AND s.next_run_at <= ? AND ${ON_PLATFORMS}
         ORDER BY s.next_run_at LIMIT ?`,
      ),
      advance: db.prepare<[number, number, string]>(
        `UPDATE channel_schedules SET next_run_at = ?, plan_failures = 0, plan_error = NULL
         WHERE workspace_id = ? AND channel_id = ?`,
      ),
      planFailed: db.prepare<[string, number, string], { plan_failures: number }>(
        `UPDATE channel_schedules SET plan_failures = plan_failures + 1, plan_error = ?
         WHERE workspace_id = ? AND channel_id = ? RETURNING plan_failures`,
      ),
      nextDue: db.prepare<[number, string], { id: number; handed_at: number | null }>(
        `SELECT o.id, o.handed_at FROM outbox o JOIN workspaces w ON w.id = o.workspace_id
         WHERE o.state IN ('queued', 'sending') AND o.next_try_at <= ? AND ${ON_PLATFORMS}
         ORDER BY o.next_try_at LIMIT 1`,
      ),
      nextTryAt: db.prepare<[string], { at: number | null }>(
        `SELECT MIN(o.next_try_at) AS at FROM outbox o JOIN workspaces w ON w.id = o.workspace_id
         WHERE o.state IN ('queued', 'sending') AND ${ON_PLATFORMS}`,
      ),
      // Re-checks that the row is still due: of two processes that picked it, one takes it.
      // A 'sending' row is due again only when its lease ran out (its sender died).
      take: db.prepare<[{ id: number; until: number; by: string; now: number }]>(
        `UPDATE outbox SET state = 'sending', next_try_at = @until, leased_by = @by,
           tries = tries + 1, handed_at = @now
         WHERE id = @id AND state IN ('queued', 'sending') AND next_try_at <= @now`,
      ),
      item: db.prepare<[number], Omit<OutboxRow, "handed_before">>(
        `SELECT o.id, o.kind, o.post_id, o.round_id, o.step, o.subject, o.to_member,
                (SELECT m.external_id FROM members m WHERE m.id = o.to_member) AS to_external,
                o.workspace_id, w.platform, w.external_id, o.channel_id, p.local_date, p.ask_id,
                o.tries - 1 AS tries, s.timezone
         FROM outbox o JOIN workspaces w ON w.id = o.workspace_id
         LEFT JOIN channel_posts p ON p.id = o.post_id
         LEFT JOIN channel_schedules s ON s.workspace_id = o.workspace_id AND s.channel_id = o.channel_id
         WHERE o.id = ?`,
      ),
      workspacesWithPoints: db.prepare<[string, string], { id: number }>(
        `SELECT w.id FROM workspaces w WHERE ${ON_PLATFORMS}
           AND EXISTS (SELECT 1 FROM score_days s WHERE s.workspace_id = w.id AND s.day >= ?)`,
      ),
      dueRecaps: db.prepare<[number, string, number], RecapRow>(
        `SELECT s.workspace_id, s.channel_id, s.timezone, coalesce(s.recap_time, s.local_time) AS time,
                s.recap_day, s.next_recap_at
         FROM channel_schedules s JOIN workspaces w ON w.id = s.workspace_id
         WHERE s.paused = 0 AND s.recap_on = 1 AND (s.next_recap_at IS NULL OR s.next_recap_at <= ?)
           AND ${ON_PLATFORMS}
         ORDER BY s.next_recap_at LIMIT ?`,
      ),
      advanceRecap: db.prepare<[number, number, string]>(
        "UPDATE channel_schedules SET next_recap_at = ? WHERE workspace_id = ? AND channel_id = ?",
      ),
      dueReminders: db.prepare<[number, string, number], ReminderRow>(
        `SELECT r.* FROM reminders r JOIN workspaces w ON w.id = r.workspace_id
         WHERE r.paused_reason IS NULL AND r.next_run_at <= ? AND ${ON_PLATFORMS}
         ORDER BY r.next_run_at LIMIT ?`,
      ),
      advanceReminder: db.prepare<[number, number]>(
        "UPDATE reminders SET next_run_at = ? WHERE member_id = ?",
      ),
      pauseReminder: db.prepare<[string, number, number]>(
        "UPDATE reminders SET paused_reason = ?, updated_at = ? WHERE member_id = ?",
      ),
      dueLiveRounds: db.prepare<[number, string, number], { id: string }>(
        `SELECT r.id FROM live_rounds r JOIN workspaces w ON w.id = r.workspace_id
         WHERE r.phase <> 'ended' AND r.next_at <= ? AND ${ON_PLATFORMS}
         ORDER BY r.next_at LIMIT ?`,
      ),
      nextLiveStepAt: db.prepare<[string], { at: number | null }>(
        `SELECT MIN(r.next_at) AS at FROM live_rounds r JOIN workspaces w ON w.id = r.workspace_id
         WHERE r.phase <> 'ended' AND ${ON_PLATFORMS}`,
      ),
      renew: db.prepare<[number, number, string]>(
        "UPDATE outbox SET next_try_at = ? WHERE id = ? AND state = 'sending' AND leased_by = ?",
      ),
      release: db.prepare<[number, number | null, number, string]>(
        `UPDATE outbox SET state = 'queued', next_try_at = ?, tries = tries - 1, handed_at = ?
         WHERE id = ? AND state = 'sending' AND leased_by = ?`,
      ),
      sent: db.prepare<[string, number, number]>(
        `UPDATE outbox SET state = 'sent', message_ref = ?, sent_at = ?, leased_by = NULL,
           last_error = NULL WHERE id = ?`,
      ),
      questionPosted: db.prepare<[string, number, number]>(
        `UPDATE channel_posts SET state = 'posted', message_ref = ?, posted_at = ?
         WHERE id = (SELECT post_id FROM outbox WHERE id = ? AND kind = 'question')`,
      ),
      retry: db.prepare<[string, number, number]>(
        `UPDATE outbox SET state = 'queued', last_error = ?, next_try_at = ?, leased_by = NULL
         WHERE id = ?`,
      ),
      abandon: db.prepare<[string, number]>(
        `UPDATE outbox SET state = 'abandoned', last_error = ?, leased_by = NULL WHERE id = ?`,
      ),
      questionAbandoned: db.prepare<[number]>(
        `UPDATE channel_posts SET state = 'abandoned'
         WHERE id = (SELECT post_id FROM outbox WHERE id = ? AND kind = 'question')`,
      ),
      // Closed questions whose reveal is not queued yet. Queueing is two idempotent steps (the
      // outbox row, then the mark), so a crash between them repeats the first harmlessly.
      queueReveals: db.prepare<[{ now: number; platforms: string; limit: number }]>(
        `INSERT OR IGNORE INTO outbox (workspace_id, channel_id, post_id, kind, next_try_at, created_at)
         SELECT p.workspace_id, p.channel_id, p.id, 'reveal', @now, @now
         FROM channel_posts p JOIN workspaces w ON w.id = p.workspace_id
         WHERE p.state = 'posted' AND p.revealed_at IS NULL AND p.closes_at <= @now
           AND w.platform IN (SELECT value FROM json_each(@platforms))
         ORDER BY p.closes_at LIMIT @limit`,
      ),
      anyToReveal: db.prepare<[{ now: number; platforms: string }], { one: number }>(
        `SELECT 1 AS one FROM channel_posts p JOIN workspaces w ON w.id = p.workspace_id
         WHERE p.state = 'posted' AND p.revealed_at IS NULL AND p.closes_at <= @now
           AND w.platform IN (SELECT value FROM json_each(@platforms)) LIMIT 1`,
      ),
      markRevealsQueued: db.prepare<[{ now: number }]>(
        `UPDATE channel_posts SET revealed_at = @now
         WHERE state = 'posted' AND revealed_at IS NULL AND closes_at <= @now
           AND id IN (SELECT post_id FROM outbox WHERE kind = 'reveal')`,
      ),
      toRefresh: db.prepare<
        [{ now: number; before: number; platforms: string; limit: number }],
        PostedRow
      >(
        `SELECT * FROM (
           SELECT p.id, w.platform, w.external_id, p.channel_id, p.ask_id, p.message_ref,
                  s.timezone, p.shown_answers,
                  (SELECT COUNT(*) FROM answers x WHERE x.ask_id = p.ask_id) AS answers
           FROM channel_posts p JOIN workspaces w ON w.id = p.workspace_id
           LEFT JOIN channel_schedules s ON s.workspace_id = p.workspace_id AND s.channel_id = p.channel_id
           WHERE p.state = 'posted' AND p.revealed_at IS NULL AND p.closes_at > @now
             AND (p.shown_at IS NULL OR p.shown_at <= @before)
             AND w.platform IN (SELECT value FROM json_each(@platforms)))
         WHERE answers <> shown_answers LIMIT @limit`,
      ),
      shown: db.prepare<[number, number, number]>(
        "UPDATE channel_posts SET shown_answers = ?, shown_at = ? WHERE id = ?",
      ),
      failure: db.prepare<[number, string], { failures: number }>(
        `UPDATE channel_schedules SET failures = failures + 1 WHERE workspace_id = ? AND channel_id = ?
         RETURNING failures`,
      ),
      // A good post ends a channel's run of failures.
      resetFailures: db.prepare<[number]>(
        `UPDATE channel_schedules SET failures = 0
         WHERE (workspace_id, channel_id) = (SELECT workspace_id, channel_id FROM outbox WHERE id = ?)
           AND failures <> 0`,
      ),
      pause: db.prepare<[string, number, number, string]>(
        `UPDATE channel_schedules SET paused = 1, paused_reason = ?, updated_at = ?
         WHERE workspace_id = ? AND channel_id = ?`,
      ),
    };
  }

  /** Writes as a unit of their own, resolved once committed: sends happen only under a durable lease. */
  private write<T>(work: () => T): Promise<T> {
    return this.units.writeCommitted(work);
  }

  async dueSchedules(now: Date, platforms: readonly string[], limit: number): Promise<Schedule[]> {
    return this.sql.dueSchedules
      .all(now.getTime(), JSON.stringify(platforms), limit)
      .map(toSchedule);
  }

  /** Moves a schedule on to its next run, and forgets earlier planning failures. */
  async advanceSchedule(workspaceId: number, channelId: string, nextRunAt: Date): Promise<void> {
    await this.write(() => this.sql.advance.run(nextRunAt.getTime(), workspaceId, channelId));
  }

  /** Counts a failed planning (the schedule stays due); returns how many in a row. */
  recordPlanFailure(workspaceId: number, channelId: string, error: string): Promise<number> {
    return this.write(
      () =>
        this.sql.planFailed.get(error.slice(0, 300), workspaceId, channelId)?.plan_failures ?? 0,
    );
  }

  /**
   * Takes the oldest due message to send for `leaseMs` (the lease). Only one process gets it; if
   * that process dies mid-send, the lease runs out and the message is tried again, looked for
   * first. Undefined when nothing is due.
   */
  lease(
    now: Date,
    platforms: readonly string[],
    leaseMs: number,
    by: string,
  ): Promise<OutboxItem | undefined> {
    // Most ticks find nothing to send: a read says so without taking the write lock.
    if (!this.sql.nextDue.get(now.getTime(), JSON.stringify(platforms)))
      return Promise.resolve(undefined);
    return this.write(() => this.take(now, platforms, leaseMs, by));
  }

  private take(
    now: Date,
    platforms: readonly string[],
    leaseMs: number,
    by: string,
  ): OutboxItem | undefined {
    for (let race = 0; race < 5; race++) {
      const due = this.sql.nextDue.get(now.getTime(), JSON.stringify(platforms));
      if (!due) return undefined;
      const taken = this.sql.take.run({
        id: due.id,
        until: now.getTime() + leaseMs,
        by,
        now: now.getTime(),
      });
      if (taken.changes !== 1) continue; // another process took it first: pick again
      return toOutboxItem({ ...this.sql.item.get(due.id)!, handed_before: due.handed_at });
    }
    return undefined;
  }

  /** When the next message waiting to be sent (or whose lease runs out) is due; null: none. */
  async nextTryAt(platforms: readonly string[]): Promise<Date | null> {
    const at = this.sql.nextTryAt.get(JSON.stringify(platforms))?.at ?? null;
    return at === null ? null : new Date(at);
  }

  async workspacesWithPoints(sinceDay: string, platforms: readonly string[]): Promise<number[]> {
    return this.sql.workspacesWithPoints.all(JSON.stringify(platforms), sinceDay).map((r) => r.id);
  }

  async dueRecaps(now: Date, platforms: readonly string[], limit: number): Promise<Recap[]> {
    return this.sql.dueRecaps.all(now.getTime(), JSON.stringify(platforms), limit).map(toRecap);
  }

  advanceRecap(workspaceId: number, channelId: string, nextRecapAt: Date): Promise<void> {
    return this.write(() => {
      this.sql.advanceRecap.run(nextRecapAt.getTime(), workspaceId, channelId);
    });
  }

  async dueReminders(now: Date, platforms: readonly string[], limit: number): Promise<Reminder[]> {
    return this.sql.dueReminders
      .all(now.getTime(), JSON.stringify(platforms), limit)
      .map(toReminder);
  }

  advanceReminder(memberId: number, nextRunAt: Date): Promise<void> {
    return this.write(() => {
      this.sql.advanceReminder.run(nextRunAt.getTime(), memberId);
    });
  }

  pauseReminder(memberId: number, reason: string, now: Date): Promise<void> {
    return this.write(() => {
      this.sql.pauseReminder.run(reason, now.getTime(), memberId);
    });
  }

  async dueLiveRounds(now: Date, platforms: readonly string[], limit: number): Promise<string[]> {
    return this.sql.dueLiveRounds
      .all(now.getTime(), JSON.stringify(platforms), limit)
      .map((r) => r.id);
  }

  async nextLiveStepAt(platforms: readonly string[]): Promise<Date | null> {
    const at = this.sql.nextLiveStepAt.get(JSON.stringify(platforms))?.at ?? null;
    return at === null ? null : new Date(at);
  }

  /** Extends a lease this process holds; false when it was lost (it ran out and was taken). */
  renewLease(id: number, by: string, until: Date): Promise<boolean> {
    return this.write(() => this.sql.renew.run(until.getTime(), id, by).changes === 1);
  }

  /** Gives back a lease whose message was not handed over: due again at once, for anyone. */
  async releaseLease(item: OutboxItem, by: string, now: Date): Promise<void> {
    await this.write(() =>
      this.sql.release.run(now.getTime(), item.handedBefore?.getTime() ?? null, item.id, by),
    );
  }

  /** A sent message, recorded on its outbox row and (a question) its post together. */
  async markSent(id: number, messageRef: string, now: Date): Promise<void> {
    await this.write(() => {
      this.sql.sent.run(messageRef, now.getTime(), id);
      this.sql.questionPosted.run(messageRef, now.getTime(), id);
      this.sql.resetFailures.run(id);
    });
  }

  /** A failed send: tried again at `retryAt`, or given up for good when `retryAt` is null. */
  async markFailed(id: number, error: string, retryAt: Date | null): Promise<void> {
    await this.write(() => {
      if (retryAt) {
        this.sql.retry.run(error.slice(0, 500), retryAt.getTime(), id);
      } else {
        this.sql.abandon.run(error.slice(0, 500), id);
        this.sql.questionAbandoned.run(id);
      }
    });
  }

  /** Queues the reveal of every closed question; returns how many were queued. */
  async queueReveals(now: Date, platforms: readonly string[], limit: number): Promise<number> {
    const at = now.getTime();
    // Most ticks have nothing to reveal: a read says so without taking the write lock.
    if (!this.sql.anyToReveal.get({ now: at, platforms: JSON.stringify(platforms) })) return 0;
    return this.write(() => {
      const queued = this.sql.queueReveals.run({
        now: at,
        platforms: JSON.stringify(platforms),
        limit,
      }).changes;
      this.sql.markRevealsQueued.run({ now: at });
      return queued;
    });
  }

  /** Open posts whose shown answer count is stale and was last refreshed before `shownBefore`. */
  async toRefresh(
    now: Date,
    shownBefore: Date,
    platforms: readonly string[],
    limit: number,
  ): Promise<PostedQuestion[]> {
    return this.sql.toRefresh
      .all({
        now: now.getTime(),
        before: shownBefore.getTime(),
        platforms: JSON.stringify(platforms),
        limit,
      })
      .map(toPostedQuestion);
  }

  async markShown(id: number, answers: number, now: Date): Promise<void> {
    await this.write(() => this.sql.shown.run(answers, now.getTime(), id));
  }

  /** Counts a permanent failure of a channel; returns how many in a row. */
  recordFailure(workspaceId: number, channelId: string): Promise<number> {
    return this.write(() => this.sql.failure.get(workspaceId, channelId)?.failures ?? 0);
  }

  async pauseSchedule(
    workspaceId: number,
    channelId: string,
    reason: string,
    now: Date,
  ): Promise<void> {
    await this.write(() => this.sql.pause.run(reason, now.getTime(), workspaceId, channelId));
  }
}

import type pg from "pg";
import type {
  OutboxItem,
  OutboxKind,
  PostedQuestion,
  PostQueue,
  Recap,
  Reminder,
  Schedule,
} from "../core/ports.js";
import type { Query } from "./pg-pool.js";
import { type OutboxRow, type PostedRow, toOutboxItem, toPostedQuestion } from "./queue-rows.js";
import {
  type RecapRow,
  type ReminderRow,
  type ScheduleRow,
  toRecap,
  toReminder,
  toSchedule,
} from "./rows.js";

/**
 * The scheduler's queue on PostgreSQL, shared by every process on the database. Its writes run
 * at READ COMMITTED, PostgreSQL's default, and need no more: each is one statement, or a few
 * whose correctness rests on row locks and unique keys rather than on what was read before.
 * - A lease is one UPDATE of the row that `FOR UPDATE SKIP LOCKED` picked: processes leasing
 *   at once each get a different message (or none), never the same one, and none waits.
 * - Reveals are queued with `ON CONFLICT DO NOTHING` on the outbox's (post, kind) key.
 * Every method resolves once its writes are committed: the scheduler sends only under a lease
 * that is durable.
 */
export class PgPostQueue implements PostQueue {
  private readonly q: Query;

  constructor(private readonly pool: pg.Pool) {
    this.q = (text, params) => pool.query(text, params as unknown[]);
  }

  /** A few statements that land together (READ COMMITTED). */
  private async together(work: (q: Query) => Promise<void>): Promise<void> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      await client.query("BEGIN");
      await work((text, params) => client.query(text, params as unknown[]));
      await client.query("COMMIT");
    } catch (error) {
      broken = error instanceof Error ? error : new Error(String(error));
      await client.query("ROLLBACK").catch(() => {});
      throw error;
    } finally {
      client.release(broken);
    }
  }

  async dueSchedules(now: Date, platforms: readonly string[], limit: number): Promise<Schedule[]> {
    const { rows } = await this.q<ScheduleRow & Record<string, unknown>>(
      `SELECT s.* FROM channel_schedules s JOIN workspaces w ON w.id = s.workspace_id
       WHERE s.paused = 0 AND s.next_run_at <= $1 AND w.platform = ANY($2::text[])
       ORDER BY s.next_run_at LIMIT $3`,
      [now.getTime(), platforms, limit],
    );
    return rows.map(toSchedule);
  }

  async advanceSchedule(workspaceId: number, channelId: string, nextRunAt: Date): Promise<void> {
    await this.q(
      `UPDATE channel_schedules SET next_run_at = $1, plan_failures = 0, plan_error = NULL
       WHERE workspace_id = $2 AND channel_id = $3`,
      [nextRunAt.getTime(), workspaceId, channelId],
    );
  }

  async recordPlanFailure(workspaceId: number, channelId: string, error: string): Promise<number> {
    const { rows } = await this.q<{ plan_failures: number }>(
      `UPDATE channel_schedules SET plan_failures = plan_failures + 1, plan_error = $1
       WHERE workspace_id = $2 AND channel_id = $3 RETURNING plan_failures`,
      [error.slice(0, 300), workspaceId, channelId],
    );
    return rows[0]?.plan_failures ?? 0;
  }

  async lease(
    now: Date,
    platforms: readonly string[],
    leaseMs: number,
    by: string,
  ): Promise<OutboxItem | undefined> {
    const at = now.getTime();
    // The row is picked and locked in one statement; a row another process holds is skipped.
    // `handed_before` is the hand-over time the lease replaces (the old row, before the SET).
    const { rows } = await this.q<OutboxRow & Record<string, unknown>>(
      `WITH due AS (
         SELECT o.id, o.handed_at FROM outbox o JOIN workspaces w ON w.id = o.workspace_id
         WHERE o.state IN ('queued', 'sending') AND o.next_try_at <= $1 AND w.platform = ANY($2::text[])
         ORDER BY o.next_try_at LIMIT 1
         FOR UPDATE OF o SKIP LOCKED),
       taken AS (
         UPDATE outbox o SET state = 'sending', next_try_at = $3, leased_by = $4,
           tries = o.tries + 1, handed_at = $1
         FROM due WHERE o.id = due.id
         RETURNING o.id, o.kind, o.post_id, o.round_id, o.step, o.subject, o.to_member,
                   o.workspace_id, o.channel_id, o.tries - 1 AS tries,
                   due.handed_at AS handed_before)
       SELECT t.*, w.platform, w.external_id, p.local_date, p.ask_id, s.timezone,
              (SELECT m.external_id FROM members m WHERE m.id = t.to_member) AS to_external
       FROM taken t JOIN workspaces w ON w.id = t.workspace_id
       LEFT JOIN channel_posts p ON p.id = t.post_id
       LEFT JOIN channel_schedules s ON s.workspace_id = t.workspace_id AND s.channel_id = t.channel_id`,
      [at, platforms, at + leaseMs, by],
    );
    return rows[0] ? toOutboxItem(rows[0]) : undefined;
  }

  async nextTryAt(platforms: readonly string[]): Promise<Date | null> {
    const { rows } = await this.q<{ at: number | null }>(
      `SELECT MIN(o.next_try_at) AS at FROM outbox o JOIN workspaces w ON w.id = o.workspace_id
       WHERE o.state IN ('queued', 'sending') AND w.platform = ANY($1::text[])`,
      [platforms],
    );
    const at = rows[0]?.at ?? null;
    return at === null ? null : new Date(at);
  }

  async workspacesWithPoints(sinceDay: string, platforms: readonly string[]): Promise<number[]> {
    const { rows } = await this.q<{ id: number }>(
      `SELECT w.id FROM workspaces w WHERE w.platform = ANY($1::text[])
         AND EXISTS (SELECT 1 FROM score_days s WHERE s.workspace_id = w.id AND s.day >= $2)`,
      [platforms, sinceDay],
    );
    return rows.map((r) => r.id);
  }

  async dueRecaps(now: Date, platforms: readonly string[], limit: number): Promise<Recap[]> {
    const { rows } = await this.q<RecapRow & Record<string, unknown>>(
      `SELECT s.workspace_id, s.channel_id, s.timezone, coalesce(s.recap_time, s.local_time) AS time,
              s.recap_day, s.next_recap_at
       FROM channel_schedules s JOIN workspaces w ON w.id = s.workspace_id
       WHERE s.paused = 0 AND s.recap_on = 1 AND (s.next_recap_at IS NULL OR s.next_recap_at <= $1)
         AND w.platform = ANY($2::text[])
       ORDER BY s.next_recap_at NULLS FIRST LIMIT $3`,
      [now.getTime(), platforms, limit],
    );
    return rows.map(toRecap);
  }

  async advanceRecap(workspaceId: number, channelId: string, nextRecapAt: Date): Promise<void> {
    await this.q(
      "UPDATE channel_schedules SET next_recap_at = $1 WHERE workspace_id = $2 AND channel_id = $3",
      [nextRecapAt.getTime(), workspaceId, channelId],
    );
  }

  async dueReminders(now: Date, platforms: readonly string[], limit: number): Promise<Reminder[]> {
    const { rows } = await this.q<ReminderRow & Record<string, unknown>>(
      `SELECT r.* FROM reminders r JOIN workspaces w ON w.id = r.workspace_id
       WHERE r.paused_reason IS NULL AND r.next_run_at <= $1 AND w.platform = ANY($2::text[])
       ORDER BY r.next_run_at LIMIT $3`,
      [now.getTime(), platforms, limit],
    );
    return rows.map(toReminder);
  }

  async advanceReminder(memberId: number, nextRunAt: Date): Promise<void> {
    await this.q("UPDATE reminders SET next_run_at = $1 WHERE member_id = $2", [
      nextRunAt.getTime(),
      memberId,
    ]);
  }

  async pauseReminder(memberId: number, reason: string, now: Date): Promise<void> {
    await this.q("UPDATE reminders SET paused_reason = $1, updated_at = $2 WHERE member_id = $3", [
      reason,
      now.getTime(),
      memberId,
    ]);
  }

  async dueLiveRounds(now: Date, platforms: readonly string[], limit: number): Promise<string[]> {
    const { rows } = await this.q<{ id: string }>(
      `SELECT r.id FROM live_rounds r JOIN workspaces w ON w.id = r.workspace_id
       WHERE r.phase <> 'ended' AND r.next_at <= $1 AND w.platform = ANY($2::text[])
       ORDER BY r.next_at LIMIT $3`,
      [now.getTime(), platforms, limit],
    );
    return rows.map((r) => r.id);
  }

  async nextLiveStepAt(platforms: readonly string[]): Promise<Date | null> {
    const { rows } = await this.q<{ at: number | null }>(
      `SELECT MIN(r.next_at) AS at FROM live_rounds r JOIN workspaces w ON w.id = r.workspace_id
       WHERE r.phase <> 'ended' AND w.platform = ANY($1::text[])`,
      [platforms],
    );
    const at = rows[0]?.at ?? null;
    return at === null ? null : new Date(at);
  }

  async renewLease(id: number, by: string, until: Date): Promise<boolean> {
    const result = await this.q(
      "UPDATE outbox SET next_try_at = $1 WHERE id = $2 AND state = 'sending' AND leased_by = $3",
      [until.getTime(), id, by],
    );
    return result.rowCount === 1;
  }

  async releaseLease(item: OutboxItem, by: string, now: Date): Promise<void> {
    await this.q(
      `UPDATE outbox SET state = 'queued', next_try_at = $1, tries = tries - 1, handed_at = $2
       WHERE id = $3 AND state = 'sending' AND leased_by = $4`,
      [now.getTime(), item.handedBefore?.getTime() ?? null, item.id, by],
    );
  }

  async markSent(id: number, messageRef: string, now: Date): Promise<void> {
    await this.together(async (q) => {
      const { rows } = await q<{
        post_id: number;
        kind: OutboxKind;
        workspace_id: number;
        channel_id: string;
      }>(
        `UPDATE outbox SET state = 'sent', message_ref = $1, sent_at = $2, leased_by = NULL,
           last_error = NULL WHERE id = $3
         RETURNING post_id, kind, workspace_id, channel_id`,
        [messageRef, now.getTime(), id],
      );
      const sent = rows[0];
      if (!sent) return;
      if (sent.kind === "question") {
        await q(
          "UPDATE channel_posts SET state = 'posted', message_ref = $1, posted_at = $2 WHERE id = $3",
          [messageRef, now.getTime(), sent.post_id],
        );
      }
      // A good post ends a channel's run of failures.
      await q(
        `UPDATE channel_schedules SET failures = 0
         WHERE workspace_id = $1 AND channel_id = $2 AND failures <> 0`,
        [sent.workspace_id, sent.channel_id],
      );
    });
  }

  async markFailed(id: number, error: string, retryAt: Date | null): Promise<void> {
    const reason = error.slice(0, 500);
    if (retryAt) {
      await this.q(
        `UPDATE outbox SET state = 'queued', last_error = $1, next_try_at = $2, leased_by = NULL
         WHERE id = $3`,
        [reason, retryAt.getTime(), id],
      );
      return;
    }
    await this.q(
      `WITH gone AS (
         UPDATE outbox SET state = 'abandoned', last_error = $1, leased_by = NULL WHERE id = $2
         RETURNING post_id, kind)
       UPDATE channel_posts SET state = 'abandoned'
       WHERE id = (SELECT post_id FROM gone WHERE kind = 'question')`,
      [reason, id],
    );
  }

  async queueReveals(now: Date, platforms: readonly string[], limit: number): Promise<number> {
    const at = now.getTime();
    // Most ticks have nothing to reveal: a read says so without writing.
    const any = await this.q(
      `SELECT 1 FROM channel_posts p JOIN workspaces w ON w.id = p.workspace_id
       WHERE p.state = 'posted' AND p.revealed_at IS NULL AND p.closes_at <= $1
         AND w.platform = ANY($2::text[]) LIMIT 1`,
      [at, platforms],
    );
    if (any.rowCount === 0) return 0;
    let queued = 0;
    await this.together(async (q) => {
      const inserted = await q(
        `INSERT INTO outbox (workspace_id, channel_id, post_id, kind, next_try_at, created_at)
         SELECT p.workspace_id, p.channel_id, p.id, 'reveal', $1, $1
         FROM channel_posts p JOIN workspaces w ON w.id = p.workspace_id
         WHERE p.state = 'posted' AND p.revealed_at IS NULL AND p.closes_at <= $1
           AND w.platform = ANY($2::text[])
         ORDER BY p.closes_at LIMIT $3
         ON CONFLICT (post_id, kind) DO NOTHING`,
        [at, platforms, limit],
      );
      queued = inserted.rowCount ?? 0;
      await q(
        `UPDATE channel_posts SET revealed_at = $1
         WHERE state = 'posted' AND revealed_at IS NULL AND closes_at <= $1
           AND id IN (SELECT post_id FROM outbox WHERE kind = 'reveal')`,
        [at],
      );
    });
    return queued;
  }

  async toRefresh(
    now: Date,
    shownBefore: Date,
    platforms: readonly string[],
    limit: number,
  ): Promise<PostedQuestion[]> {
    const { rows } = await this.q<PostedRow & Record<string, unknown>>(
      `SELECT * FROM (
         SELECT p.id, w.platform, w.external_id, p.channel_id, p.ask_id, p.message_ref,
                s.timezone, p.shown_answers,
                (SELECT COUNT(*) FROM answers x WHERE x.ask_id = p.ask_id) AS answers
         FROM channel_posts p JOIN workspaces w ON w.id = p.workspace_id
         LEFT JOIN channel_schedules s ON s.workspace_id = p.workspace_id AND s.channel_id = p.channel_id
         WHERE p.state = 'posted' AND p.revealed_at IS NULL AND p.closes_at > $1
           AND (p.shown_at IS NULL OR p.shown_at <= $2)
           AND w.platform = ANY($3::text[])) t
       WHERE answers <> shown_answers LIMIT $4`,
      [now.getTime(), shownBefore.getTime(), platforms, limit],
    );
    return rows.map(toPostedQuestion);
  }

  async markShown(id: number, answers: number, now: Date): Promise<void> {
    await this.q("UPDATE channel_posts SET shown_answers = $1, shown_at = $2 WHERE id = $3", [
      answers,
      now.getTime(),
      id,
    ]);
  }

  async recordFailure(workspaceId: number, channelId: string): Promise<number> {
    const { rows } = await this.q<{ failures: number }>(
      `UPDATE channel_schedules SET failures = failures + 1
       WHERE workspace_id = $1 AND channel_id = $2 RETURNING failures`,
      [workspaceId, channelId],
    );
    return rows[0]?.failures ?? 0;
  }

  async pauseSchedule(
    workspaceId: number,
    channelId: string,
    reason: string,
    now: Date,
  ): Promise<void> {
    await this.q(
      `UPDATE channel_schedules SET paused = 1, paused_reason = $1, updated_at = $2
       WHERE workspace_id = $3 AND channel_id = $4`,
      [reason, now.getTime(), workspaceId, channelId],
    );
  }
}

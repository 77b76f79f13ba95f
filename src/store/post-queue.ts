import type { Schedule } from "../core/ports.js";
import type { Db } from "./open.js";
import { type ScheduleRow, toSchedule } from "./rows.js";

/** A channel post as the scheduler sees it: where it goes and how far it got. */
export interface QueuedPost {
  id: number;
  workspaceId: number;
  platform: string;
  workspaceExternalId: string;
  channelId: string;
  localDate: string;
  askId: string;
  attempts: number;
  messageRef: string | null;
  closesAt: Date;
  /** The channel's time zone (UTC when it has no schedule). */
  timezone: string;
  /** Answers so far (only filled for refreshes). */
  answers: number;
}

interface PostRow {
  id: number;
  workspace_id: number;
  platform: string;
  external_id: string;
  channel_id: string;
  local_date: string;
  ask_id: string;
  attempts: number;
  message_ref: string | null;
  closes_at: number;
  timezone: string | null;
  answers?: number;
}

const toPost = (r: PostRow): QueuedPost => ({
  id: r.id,
  workspaceId: r.workspace_id,
  platform: r.platform,
  workspaceExternalId: r.external_id,
  channelId: r.channel_id,
  localDate: r.local_date,
  askId: r.ask_id,
  attempts: r.attempts,
  messageRef: r.message_ref,
  closesAt: new Date(r.closes_at),
  timezone: r.timezone ?? "UTC",
  answers: r.answers ?? 0,
});

const POST_COLUMNS = `p.id, p.workspace_id, w.platform, w.external_id, p.channel_id, p.local_date,
  p.ask_id, p.attempts, p.message_ref, p.closes_at, s.timezone`;
/** Only the platforms this process can post to: another platform's posts wait for its process. */
const ON_PLATFORMS = "w.platform IN (SELECT value FROM json_each(?))";
const POST_JOINS = `FROM channel_posts p JOIN workspaces w ON w.id = p.workspace_id
  LEFT JOIN channel_schedules s ON s.workspace_id = p.workspace_id AND s.channel_id = p.channel_id`;

/** The scheduler's SQL: due schedules, the send queue, answer counts and reveals. */
export class SqlitePostQueue {
  private readonly sql;

  constructor(db: Db) {
    this.sql = {
      dueSchedules: db.prepare<[number, string, number], ScheduleRow>(
        `SELECT s.* FROM channel_schedules s JOIN workspaces w ON w.id = s.workspace_id
         WHERE s.paused = 0 AND s.next_run_at <= ? AND w.platform IN (SELECT value FROM json_each(?))
         ORDER BY s.next_run_at LIMIT ?`,
      ),
      advance: db.prepare<[number, number, string]>(
        "UPDATE channel_schedules SET next_run_at = ? WHERE workspace_id = ? AND channel_id = ?",
      ),
      toSend: db.prepare<[number, string, number], PostRow>(
        `SELECT ${POST_COLUMNS} ${POST_JOINS}
         WHERE p.state IN ('claimed', 'failed', 'sending') AND p.next_try_at <= ? AND ${ON_PLATFORMS}
         ORDER BY p.next_try_at LIMIT ?`,
      ),
      lease: db.prepare<[number, number, number]>(
        `UPDATE channel_posts SET state = 'sending', next_try_at = ?
         WHERE id = ? AND state IN ('claimed', 'failed', 'sending') AND next_try_at <= ?`,
      ),
      posted: db.prepare<[string, number, number]>(
        `UPDATE channel_posts SET state = 'posted', message_ref = ?, posted_at = ?, attempts = attempts + 1,
           last_error = NULL WHERE id = ?`,
      ),
      failed: db.prepare<[string, string, number, number]>(
        `UPDATE channel_posts SET state = ?, last_error = ?, next_try_at = ?, attempts = attempts + 1 WHERE id = ?`,
      ),
      toReveal: db.prepare<[number, string, number], PostRow>(
        `SELECT ${POST_COLUMNS} ${POST_JOINS}
         WHERE p.state = 'posted' AND p.revealed_at IS NULL AND p.closes_at <= ? AND ${ON_PLATFORMS}
         ORDER BY p.closes_at LIMIT ?`,
      ),
      claimReveal: db.prepare<[number, number]>(
        "UPDATE channel_posts SET revealed_at = ? WHERE id = ? AND revealed_at IS NULL",
      ),
      unclaimReveal: db.prepare<[number]>(
        "UPDATE channel_posts SET revealed_at = NULL WHERE id = ?",
      ),
      toRefresh: db.prepare<
        [{ now: number; before: number; platforms: string; limit: number }],
        PostRow
      >(
        `SELECT * FROM (
           SELECT ${POST_COLUMNS}, p.shown_answers, p.shown_at, (SELECT COUNT(*) FROM answers x WHERE x.ask_id = p.ask_id) AS answers
           ${POST_JOINS}
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
      resetFailures: db.prepare<[number, string]>(
        "UPDATE channel_schedules SET failures = 0 WHERE workspace_id = ? AND channel_id = ? AND failures <> 0",
      ),
      pause: db.prepare<[string, number, number, string]>(
        `UPDATE channel_schedules SET paused = 1, paused_reason = ?, updated_at = ?
         WHERE workspace_id = ? AND channel_id = ?`,
      ),
    };
  }

  dueSchedules(now: Date, platforms: readonly string[], limit: number): Schedule[] {
    return this.sql.dueSchedules
      .all(now.getTime(), JSON.stringify(platforms), limit)
      .map(toSchedule);
  }

  advanceSchedule(workspaceId: number, channelId: string, nextRunAt: Date): void {
    this.sql.advance.run(nextRunAt.getTime(), workspaceId, channelId);
  }

  toSend(now: Date, platforms: readonly string[], limit: number): QueuedPost[] {
    return this.sql.toSend.all(now.getTime(), JSON.stringify(platforms), limit).map(toPost);
  }

  /**
   * Takes a post to send for a while (the lease). Only one process gets it; if that process dies
   * mid-send, the lease runs out and the post is tried again.
   */
  leaseForSending(id: number, now: Date, leaseMs: number): boolean {
    return this.sql.lease.run(now.getTime() + leaseMs, id, now.getTime()).changes === 1;
  }

  markPosted(id: number, messageRef: string, now: Date): void {
    this.sql.posted.run(messageRef, now.getTime(), id);
  }

  /** A failed send: tried again at `retryAt`, or given up for good when `retryAt` is null. */
  markFailed(id: number, error: string, retryAt: Date | null): void {
    this.sql.failed.run(
      retryAt ? "failed" : "abandoned",
      error.slice(0, 500),
      retryAt?.getTime() ?? 0,
      id,
    );
  }

  toReveal(now: Date, platforms: readonly string[], limit: number): QueuedPost[] {
    return this.sql.toReveal.all(now.getTime(), JSON.stringify(platforms), limit).map(toPost);
  }

  /** Takes the reveal of a post; false when another tick or process already did. */
  claimReveal(id: number, now: Date): boolean {
    return this.sql.claimReveal.run(now.getTime(), id).changes === 1;
  }

  releaseReveal(id: number): void {
    this.sql.unclaimReveal.run(id);
  }

  /** Open posts whose shown answer count is stale and was last refreshed before `shownBefore`. */
  toRefresh(
    now: Date,
    shownBefore: Date,
    platforms: readonly string[],
    limit: number,
  ): QueuedPost[] {
    return this.sql.toRefresh
      .all({
        now: now.getTime(),
        before: shownBefore.getTime(),
        platforms: JSON.stringify(platforms),
        limit,
      })
      .map(toPost);
  }

  markShown(id: number, answers: number, now: Date): void {
    this.sql.shown.run(answers, now.getTime(), id);
  }

  /** Counts a permanent failure of a channel; returns how many in a row. */
  recordFailure(workspaceId: number, channelId: string): number {
    return this.sql.failure.get(workspaceId, channelId)?.failures ?? 0;
  }

  resetFailures(workspaceId: number, channelId: string): void {
    this.sql.resetFailures.run(workspaceId, channelId);
  }

  pauseSchedule(workspaceId: number, channelId: string, reason: string, now: Date): void {
    this.sql.pause.run(reason, now.getTime(), workspaceId, channelId);
  }
}

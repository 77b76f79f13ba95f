import cron, { type ScheduledTask } from "node-cron";
import type { Clock } from "../core/clock.js";
import { nextRunAfter } from "../core/daily.js";
import type { Logger } from "../core/logger.js";
import type { Studybot } from "../core/studybot.js";
import { localDay } from "../core/time.js";
import type { QueuedPost, SqlitePostQueue } from "../store/post-queue.js";
import { forEachLimited } from "./limit.js";
import { type ChannelPoster, PostError } from "./poster.js";

export interface SchedulerOptions {
  bot: Studybot;
  queue: SqlitePostQueue;
  posters: ReadonlyMap<string, ChannelPoster>;
  clock: Clock;
  logger: Logger;
  /** Names this process in claims, for the logs. */
  instanceId: string;
  /** Sends in flight at once, across channels. */
  concurrency?: number;
  /** Permanent failures in a row before a channel is paused. */
  maxFailures?: number;
  /** Answer counts on a post are refreshed at most this often. */
  refreshSeconds?: number;
  /** Told what each tick did: for metrics. */
  onTick?: (report: TickReport) => void;
}

export interface TickReport {
  planned: number;
  skippedPastDays: number;
  sent: number;
  failed: number;
  refreshed: number;
  revealed: number;
}

const MAX_ATTEMPTS = 6;
/** Schedules planned between two yields to the event loop. */
const PLAN_BATCH = 25;
/** How long a send may take before another tick may try the post again. */
const SEND_LEASE_MS = 2 * 60_000;

/**
 * The daily question's engine. Each minute it (1) claims the posts of due schedules, (2) sends
 * what is claimed, retrying transient failures, (3) refreshes answer counts and (4) reveals
 * closed questions. Every step reads and claims through the database, so a restart or a second
 * process never posts twice, and a post missed while down goes out if its local day is not over.
 */
export class DailyScheduler {
  private readonly concurrency: number;
  private readonly maxFailures: number;
  private readonly refreshMs: number;
  /**
   * The platforms this process can post to. Schedules and posts of other platforms are left for
   * the process that runs them (a console on the live database must not claim Slack's posts).
   */
  private readonly platforms: readonly string[];
  private task: ScheduledTask | undefined;
  private running: Promise<TickReport> | undefined;
  private kicked = false;
  private stopped = false;
  lastTickAt: Date | undefined;

  constructor(private readonly o: SchedulerOptions) {
    this.concurrency = o.concurrency ?? 8;
    this.platforms = [...o.posters.keys()];
    this.maxFailures = o.maxFailures ?? 3;
    this.refreshMs = (o.refreshSeconds ?? 30) * 1000;
    o.bot.onChannelPost(() => this.kick());
  }

  /** Starts the minute tick, and runs one tick now: that is the catch-up after downtime. */
  start(): void {
    this.task = cron.schedule("* * * * *", () => void this.tick(), {
      noOverlap: true,
      name: "daily-questions",
    });
    void this.tick();
  }

  /** Stops the tick and waits for the one in flight; later ticks and kicks do nothing. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.task?.stop();
    this.task = undefined;
    while (this.running) await this.running;
  }

  /** Resolves once a kicked tick (and any in flight) has finished: the console waits on it. */
  async idle(): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    while (this.running) await this.running;
  }

  /** Runs a tick soon (after the current request has answered), or right after the one in flight. */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.kicked = true;
      return;
    }
    setImmediate(() => void this.tick());
  }

  /** One pass over everything due. Ticks never overlap: a second call waits for the first. */
  async tick(): Promise<TickReport> {
    while (this.running) await this.running;
    if (this.stopped)
      return { planned: 0, skippedPastDays: 0, sent: 0, failed: 0, refreshed: 0, revealed: 0 };
    this.running = this.pass().finally(() => {
      this.running = undefined;
    });
    const report = await this.running;
    if (this.kicked) {
      this.kicked = false;
      return this.tick();
    }
    return report;
  }

  private async pass(): Promise<TickReport> {
    const report: TickReport = {
      planned: 0,
      skippedPastDays: 0,
      sent: 0,
      failed: 0,
      refreshed: 0,
      revealed: 0,
    };
    try {
      await this.plan(report);
      // A post is sent only once its claim is committed: a crash can then never lose a claim
      // for a post that went out.
      await this.o.bot.committed();
      await this.send(report);
      await this.refresh(report);
      await this.reveal(report);
    } catch (error) {
      this.o.logger.error({ err: String(error) }, "scheduler tick failed");
    }
    this.lastTickAt = this.o.clock();
    this.o.onTick?.(report);
    return report;
  }

  private async plan(report: TickReport): Promise<void> {
    const now = this.o.clock();
    const due = this.o.queue.dueSchedules(now, this.platforms, 10_000);
    for (const [i, schedule] of due.entries()) {
      // A busy minute (thousands of channels) must not hold up interaction replies: let the
      // event loop breathe between small batches.
      if (i > 0 && i % PLAN_BATCH === 0) await new Promise((resolve) => setImmediate(resolve));
      const slot = schedule.nextRunAt!;
      const slotDay = localDay(slot, schedule.timezone);
      try {
        if (slotDay === localDay(now, schedule.timezone)) {
          if (this.o.bot.planScheduledPost(schedule, slotDay, this.o.instanceId)) report.planned++;
        } else {
          report.skippedPastDays++; // that day is over: no catch-up for it
        }
      } catch (error) {
        this.o.logger.error(
          { err: String(error), channel: schedule.channelId },
          "planning a post failed",
        );
      }
      this.o.queue.advanceSchedule(
        schedule.workspaceId,
        schedule.channelId,
        nextRunAfter(schedule, new Date(Math.max(now.getTime(), slot.getTime()))),
      );
    }
  }

  private async send(report: TickReport): Promise<void> {
    const now = this.o.clock();
    // Lease each post before sending it: another process's tick cannot send the same one.
    const posts = this.o.queue
      .toSend(now, this.platforms, 5000)
      .filter((p) => this.o.queue.leaseForSending(p.id, now, SEND_LEASE_MS));
    // Send only under committed leases: a lease lost with its commit would let a second send in.
    await this.o.bot.committed();
    await forEachLimited(posts, this.concurrency, async (post) => {
      const poster = this.o.posters.get(post.platform);
      const view = this.o.bot.channelPostView(post.askId, 0, poster?.style ?? {}, post.timezone);
      if (!poster) return; // the queries only return platforms we have posters for
      if (!view) {
        this.o.queue.markFailed(post.id, "question is gone", null);
        return;
      }
      let ref: string;
      try {
        ref = await poster.post(post.workspaceExternalId, post.channelId, view);
      } catch (error) {
        report.failed++;
        this.failed(post, error);
        return;
      }
      // It went out: from here on nothing may schedule it again, whatever fails.
      report.sent++;
      await this.recordPosted(post, ref);
    });
  }

  /** Records a sent post; a failed commit is tried once more, since the lease would resend it. */
  private async recordPosted(post: QueuedPost, ref: string): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        this.o.queue.markPosted(post.id, ref, this.o.clock());
        this.o.queue.resetFailures(post.workspaceId, post.channelId);
        await this.o.bot.committed();
        return;
      } catch (error) {
        if (attempt >= 2) {
          this.o.logger.error(
            { channel: post.channelId, post: post.id, err: String(error) },
            "a sent post could not be recorded; it may be sent again when its lease runs out",
          );
          return;
        }
      }
    }
  }

  private failed(post: QueuedPost, error: unknown): void {
    const now = this.o.clock();
    const message = error instanceof Error ? error.message : String(error);
    const permanent = error instanceof PostError && error.permanent;
    this.o.logger.warn(
      { channel: post.channelId, permanent, attempt: post.attempts + 1, err: message },
      "channel post failed",
    );
    if (permanent) {
      const failures = this.o.queue.recordFailure(post.workspaceId, post.channelId);
      if (failures >= this.maxFailures) {
        this.o.queue.pauseSchedule(
          post.workspaceId,
          post.channelId,
          `paused after ${failures} failed posts in a row (${message})`,
          now,
        );
        this.o.queue.markFailed(post.id, message, null);
        return;
      }
    }
    // Back off 1, 2, 4, 8... minutes; give up when the post's day is over or after a few tries.
    const retryAt = new Date(now.getTime() + 60_000 * 2 ** post.attempts);
    const dayOver = localDay(retryAt, post.timezone) !== post.localDate;
    this.o.queue.markFailed(
      post.id,
      message,
      post.attempts + 1 >= MAX_ATTEMPTS || dayOver ? null : retryAt,
    );
  }

  private async refresh(report: TickReport): Promise<void> {
    const now = this.o.clock();
    const stale = this.o.queue.toRefresh(
      now,
      new Date(now.getTime() - this.refreshMs),
      this.platforms,
      1000,
    );
    await forEachLimited(stale, this.concurrency, async (post) => {
      const poster = this.o.posters.get(post.platform);
      const view = this.o.bot.channelPostView(
        post.askId,
        post.answers,
        poster?.style ?? {},
        post.timezone,
      );
      if (!poster || !view || !post.messageRef) return;
      try {
        await poster.update(post.workspaceExternalId, post.channelId, post.messageRef, view);
        this.o.queue.markShown(post.id, post.answers, this.o.clock());
        report.refreshed++;
      } catch (error) {
        this.o.logger.warn(
          { channel: post.channelId, err: String(error) },
          "answer count update failed",
        );
      }
    });
  }

  private async reveal(report: TickReport): Promise<void> {
    const now = this.o.clock();
    const closed = this.o.queue
      .toReveal(now, this.platforms, 1000)
      .filter((p) => this.o.queue.claimReveal(p.id, now));
    await this.o.bot.committed(); // likewise: reveal only under a committed claim
    await forEachLimited(closed, this.concurrency, async (post) => {
      const poster = this.o.posters.get(post.platform);
      const view = this.o.bot.revealView(post.askId);
      if (!poster || !view) return;
      try {
        await poster.post(post.workspaceExternalId, post.channelId, view);
        report.revealed++;
      } catch (error) {
        this.o.logger.warn(
          { channel: post.channelId, err: String(error) },
          "reveal failed; will retry",
        );
        this.o.queue.releaseReveal(post.id);
      }
    });
  }
}

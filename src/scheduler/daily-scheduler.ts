import cron, { type ScheduledTask } from "node-cron";
import type { Clock } from "../core/clock.js";
import { nextRunAfter } from "../core/daily.js";
import { messageOf } from "../core/errors.js";
import type { Logger } from "../core/logger.js";
import { type ChannelPoster, messageKey, PostError } from "../core/platform.js";
import type { OutboxItem, PostQueue, Schedule } from "../core/ports.js";
import type { Studybot } from "../core/studybot.js";
import { addDays, localDay, utcDay } from "../core/time.js";
import type { View } from "../core/views.js";
import { forEachLimited } from "./limit.js";

export interface SchedulerOptions {
  bot: Studybot;
  queue: PostQueue;
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
  /** A sender's lease on a message (default SEND_LEASE_MS); renewed every third of it. */
  leaseMs?: number;
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
/** Tries of a live round's message before it is given up. */
const LIVE_ATTEMPTS = 3;
/** Schedules planned between two yields to the event loop. */
const PLAN_BATCH = 25;
/**
 * A sender's lease on one message, renewed every third of it while the send lasts: when the
 * sender dies, another process may try the message again this long after the last renewal.
 */
export const SEND_LEASE_MS = 30_000;
/** Planning failures in a row after which a schedule's failure is logged as an error. */
const PLAN_FAILURES_TO_REPORT = 3;
/** How long a stop waits for sends in flight before it leaves them to their leases. */
const STOP_GRACE_MS = 4000;

/**
 * The daily question's engine. Each minute it (1) claims the posts of due schedules, (2) queues
 * the reveals of closed questions, (3) sends the outbox (questions and reveals), retrying
 * transient failures, and (4) refreshes answer counts. Every step reads and claims through the
 * database and every message carries an idempotency key, so a restart, a crash mid-send or a
 * second process posts nothing twice, and a post missed while down goes out if its day is not over.
 */
export class DailyScheduler {
  private readonly concurrency: number;
  private readonly maxFailures: number;
  private readonly refreshMs: number;
  private readonly leaseMs: number;
  /**
   * The platforms this process can post to. Schedules and posts of other platforms are left for
   * the process that runs them (a console on the live database must not claim Slack's posts).
   */
  private readonly platforms: readonly string[];
  private task: ScheduledTask | undefined;
  /** A tick due before the next minute's (a retry, or a lease of a dead process running out). */
  private wake: ReturnType<typeof setTimeout> | undefined;
  /** Lease renewals of sends in flight: a stop that stops waiting for them cancels them. */
  private readonly renewals = new Set<ReturnType<typeof setInterval>>();
  private running: Promise<TickReport> | undefined;
  private kicked = false;
  private stopped = false;
  lastTickAt: Date | undefined;

  constructor(private readonly o: SchedulerOptions) {
    this.concurrency = o.concurrency ?? 8;
    this.platforms = [...o.posters.keys()];
    this.maxFailures = o.maxFailures ?? 3;
    this.refreshMs = (o.refreshSeconds ?? 30) * 1000;
    this.leaseMs = o.leaseMs ?? SEND_LEASE_MS;
    o.bot.onChannelPost(() => this.kick());
    o.bot.onLiveAnswer((roundId) => this.liveAnswered(roundId));
  }

  /** Live rounds with an early-close check running, and those answered again meanwhile. */
  private readonly liveChecks = new Map<string, boolean>();
  /** The checks running, for `idle()`. */
  private readonly checking = new Set<Promise<void>>();

  /**
   * A live round got an answer: check (once at a time per round, again if more came meanwhile)
   * whether every player has answered, and if so tick when the early reveal is due.
   */
  private liveAnswered(roundId: string): void {
    if (this.stopped) return;
    if (this.liveChecks.has(roundId)) {
      this.liveChecks.set(roundId, true);
      return;
    }
    this.liveChecks.set(roundId, false);
    const check = async (): Promise<void> => {
      try {
        if (await this.o.bot.closeLiveIfAllAnswered(roundId)) this.kick();
      } catch (error) {
        this.o.logger.warn({ round: roundId, err: String(error) }, "live early-close check failed");
      }
      if (this.liveChecks.get(roundId) && !this.stopped) {
        this.liveChecks.set(roundId, false);
        return check();
      }
      this.liveChecks.delete(roundId);
    };
    const running = new Promise<void>((resolve) => setImmediate(resolve))
      .then(check)
      .finally(() => this.checking.delete(running));
    this.checking.add(running);
  }

  /** Starts the minute tick, and runs one tick now: that is the catch-up after downtime. */
  start(): void {
    this.task = cron.schedule("* * * * *", () => void this.tick(), {
      noOverlap: true,
      name: "daily-questions",
    });
    void this.tick();
  }

  /**
   * Stops leasing and ticking, and waits up to `graceMs` for the sends in flight. A send still
   * going after that keeps its lease, which runs out without renewals: the message is then looked
   * for and, where the platform dedupes, sent again with the same key, never twice.
   */
  async stop(graceMs = STOP_GRACE_MS): Promise<void> {
    this.stopped = true;
    clearTimeout(this.wake);
    await this.task?.stop();
    this.task = undefined;
    const settled = (async () => {
      while (this.running) await this.running;
      return true;
    })();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const done = await Promise.race([
      settled,
      new Promise<false>((resolve) => {
        timer = setTimeout(() => resolve(false), graceMs);
      }),
    ]);
    clearTimeout(timer);
    if (!done) {
      this.o.logger.warn(
        { sends: this.renewals.size, graceMs },
        "stopping with sends in flight; they are left to their leases",
      );
      for (const renewal of this.renewals) clearInterval(renewal);
      this.renewals.clear();
    }
  }

  /** Resolves once a kicked tick (and any in flight) has finished: the console waits on it. */
  async idle(): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    while (this.running || this.checking.size > 0) {
      await Promise.all([this.running, ...this.checking]);
      await new Promise((resolve) => setImmediate(resolve));
    }
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
      await this.planReminders();
      await this.planRecaps();
      await this.closeSeasons();
      await this.queueReveals();
      await this.o.bot.closeExpiredExams();
      await this.advanceLive();
      // A post is sent only once its claim is committed: a crash can then never lose a claim
      // for a post that went out.
      await this.o.bot.committed();
      await this.send(report);
      if (!this.stopped) await this.refresh(report);
    } catch (error) {
      this.o.logger.error({ err: String(error) }, "scheduler tick failed");
    }
    this.lastTickAt = this.o.clock();
    await this.wakeForNextSend();
    this.o.onTick?.(report);
    return report;
  }

  /**
   * The minute tick is late for a message due in between (a lease left by a process that died
   * runs out 30 s after its last renewal): tick again when it is due.
   */
  private async wakeForNextSend(): Promise<void> {
    if (this.stopped) return;
    try {
      const times = await Promise.all([
        this.o.queue.nextTryAt(this.platforms),
        this.o.queue.nextLiveStepAt(this.platforms),
      ]);
      const next = Math.min(...times.map((t) => t?.getTime() ?? Number.POSITIVE_INFINITY));
      const wait = next - this.o.clock().getTime();
      // A step due now was just taken (or failed and waits for the next minute).
      if (wait <= 0 || wait >= 60_000) return;
      clearTimeout(this.wake);
      // A live round's countdown is on screen: wake right on time, not a beat after.
      this.wake = setTimeout(() => this.kick(), wait + 10);
      this.wake.unref();
    } catch (error) {
      this.o.logger.warn({ err: String(error) }, "could not plan the next send");
    }
  }

  /** Takes the due steps of live rounds: their next questions, reveals and ends. */
  private async advanceLive(): Promise<void> {
    const due = await this.o.queue.dueLiveRounds(this.o.clock(), this.platforms, 1000);
    for (const id of due) {
      if (this.stopped) return;
      try {
        await this.o.bot.advanceLiveRound(id);
      } catch (error) {
        this.o.logger.warn(
          { round: id, err: String(error) },
          "a live round's step failed; trying again next tick",
        );
      }
    }
  }

  /**
   * One pass over things that come due at a local time on chosen days (daily posts, reminders,
   * recaps): a slot whose local day is today is planned; one whose day has passed (the bot was
   * down) is not, there is no catch-up across days; either way it moves on to its next run
   * after now. A slot never set (a recap of a schedule from before recaps) only gets its time.
   * A failure leaves the slot where it was, for the next tick.
   */
  private async runSlots<T>(
    due: readonly T[],
    slots: {
      at(item: T): Date | null;
      when(item: T): Pick<Schedule, "time" | "timezone" | "days">;
      plan(item: T, localDate: string): Promise<boolean>;
      advance(item: T, next: Date): Promise<void>;
      failed(item: T, error: unknown): Promise<void>;
    },
  ): Promise<{ planned: number; skippedPastDays: number }> {
    const counts = { planned: 0, skippedPastDays: 0 };
    const now = this.o.clock();
    for (const [i, item] of due.entries()) {
      // A busy minute (thousands of channels) must not hold up interaction replies: let the
      // event loop breathe between small batches.
      if (i > 0 && i % PLAN_BATCH === 0) await new Promise((resolve) => setImmediate(resolve));
      if (this.stopped) break;
      const slot = slots.at(item);
      const when = slots.when(item);
      try {
        if (slot) {
          const slotDay = localDay(slot, when.timezone);
          if (slotDay !== localDay(now, when.timezone)) counts.skippedPastDays++;
          else if (await slots.plan(item, slotDay)) counts.planned++;
        }
        const after = new Date(Math.max(now.getTime(), slot?.getTime() ?? 0));
        await slots.advance(item, nextRunAfter(when, after));
      } catch (error) {
        await slots.failed(item, error);
      }
    }
    return counts;
  }

  private async plan(report: TickReport): Promise<void> {
    const due = await this.o.queue.dueSchedules(this.o.clock(), this.platforms, 10_000);
    const counts = await this.runSlots(due, {
      at: (schedule) => schedule.nextRunAt,
      when: (schedule) => schedule,
      plan: async (schedule, day) =>
        (await this.o.bot.planScheduledPost(schedule, day, this.o.instanceId)) !== null,
      advance: (schedule, next) =>
        this.o.queue.advanceSchedule(schedule.workspaceId, schedule.channelId, next),
      failed: (schedule, error) => this.planFailed(schedule, error),
    });
    report.planned += counts.planned;
    report.skippedPastDays += counts.skippedPastDays;
  }

  /** Queues the weekly recaps due (once a channel's local day), moving each on a week. */
  private async planRecaps(): Promise<void> {
    const due = await this.o.queue.dueRecaps(this.o.clock(), this.platforms, 10_000);
    await this.runSlots(due, {
      at: (recap) => recap.nextRecapAt,
      when: (recap) => ({ time: recap.time, timezone: recap.timezone, days: [recap.day] }),
      plan: (recap, day) => this.o.bot.planRecap(recap, day),
      advance: (recap, next) => this.o.queue.advanceRecap(recap.workspaceId, recap.channelId, next),
      failed: async (recap, error) => {
        this.o.logger.warn(
          { channel: recap.channelId, err: String(error) },
          "planning a recap failed; trying again next minute",
        );
      },
    });
  }

  /** Workspace -> the season whose close it has settled, and the UTC day that was checked. */
  private readonly seasonsSettled = new Map<number, string>();

  /**
   * Closes the seasons that have just ended (keeping their standings, announcing the winners in
   * the scheduled channels), once each: the close is claimed in the database. A workspace is
   * looked at again only on a new UTC day, so a busy minute costs one query.
   */
  private async closeSeasons(): Promise<void> {
    const today = utcDay(this.o.clock());
    // Workspaces with points in the last ~100 days: a season is at most a quarter long.
    const workspaces = await this.o.queue.workspacesWithPoints(
      addDays(today, -100),
      this.platforms,
    );
    for (const workspaceId of workspaces) {
      if (this.stopped) return;
      if (this.seasonsSettled.get(workspaceId) === today) continue;
      try {
        await this.o.bot.closeSeason(workspaceId);
        this.seasonsSettled.set(workspaceId, today);
      } catch (error) {
        this.o.logger.warn(
          { workspace: workspaceId, err: String(error) },
          "closing a season failed; trying again next tick",
        );
      }
    }
  }

  /**
   * Queues the reminders due this minute (each only when its member has cards due, once a local
   * day), and moves each on to its next run; one whose day has passed is not sent late.
   */
  private async planReminders(): Promise<void> {
    const due = await this.o.queue.dueReminders(this.o.clock(), this.platforms, 10_000);
    await this.runSlots(due, {
      at: (reminder) => reminder.nextRunAt,
      when: (reminder) => reminder,
      plan: (reminder, day) => this.o.bot.planReminder(reminder, day),
      advance: (reminder, next) => this.o.queue.advanceReminder(reminder.memberId, next),
      failed: async (reminder, error) => {
        this.o.logger.warn(
          { member: reminder.memberId, err: String(error) },
          "planning a reminder failed; trying again next minute",
        );
      },
    });
  }

  private async planFailed(schedule: Schedule, error: unknown): Promise<void> {
    const message = messageOf(error);
    let failures = 0;
    try {
      failures = await this.o.queue.recordPlanFailure(
        schedule.workspaceId,
        schedule.channelId,
        message,
      );
    } catch {
      // Recording the failure can fail for the same reason (a locked database): logged below.
    }
    const fields = { channel: schedule.channelId, failures, err: message };
    if (failures >= PLAN_FAILURES_TO_REPORT) {
      this.o.logger.error(fields, "planning a post keeps failing; it is tried again every minute");
    } else {
      this.o.logger.warn(fields, "planning a post failed; trying again next minute");
    }
  }

  /**
   * Sends what is due, `concurrency` at a time. Each sender leases one message, sends it and
   * records it before it leases the next: nothing waits under a lease while others are sent, and
   * a long send keeps its lease alive until it ends.
   */
  private async send(report: TickReport): Promise<void> {
    let halted = false;
    const sender = async () => {
      while (!this.stopped && !halted) {
        let item: OutboxItem | undefined;
        try {
          // The queue resolves a lease only once it is committed: a lease lost with its commit
          // would let a second send in. A failed commit undid the lease; the next tick retries.
          item = await this.o.queue.lease(
            this.o.clock(),
            this.platforms,
            this.leaseMs,
            this.o.instanceId,
          );
        } catch (error) {
          halted = true;
          this.o.logger.warn(
            { err: String(error) },
            "a lease was not committed; sending next tick",
          );
          return;
        }
        if (!item) return;
        if (this.stopped) {
          await this.o.queue.releaseLease(item, this.o.instanceId, this.o.clock());
          return;
        }
        try {
          await this.deliver(item, report);
        } catch (error) {
          // Recording the outcome failed: the lease runs out and the message is looked for then.
          halted = true;
          this.o.logger.error(
            { outbox: item.id, err: String(error) },
            "a send could not be recorded",
          );
        }
      }
    };
    await Promise.all(Array.from({ length: this.concurrency }, sender));
  }

  /** Sends one leased message (looking for it first when an earlier send may have gone out). */
  private async deliver(leased: OutboxItem, report: TickReport): Promise<void> {
    let item = leased;
    const poster = this.o.posters.get(item.platform);
    if (!poster) return; // the queries only return platforms we have posters for
    const key = messageKey(item.id);
    const renewal = setInterval(() => void this.renew(item), this.leaseMs / 3);
    this.renewals.add(renewal);
    let ref: string | null;
    try {
      // A direct message goes to the member's DM channel, which the platform opens for us.
      const to = item.notice?.toExternalId;
      if (to && !poster.openDirect) {
        await this.o.queue.markFailed(item.id, "no direct messages on this platform", null);
        return;
      }
      const channelId = to
        ? await poster.openDirect!(item.workspaceExternalId, to)
        : item.channelId;
      item = { ...item, channelId };
      ref = await this.findEarlier(poster, item, key);
      if (!ref) {
        // Built only when it is sent: a live question's answer window opens as it is handed over.
        const message = await this.messageOf(item, poster);
        if (!message) {
          await this.o.queue.markFailed(item.id, "nothing to send any more", null);
          return;
        }
        if (message.privateTo === undefined) {
          ref = await poster.post(item.workspaceExternalId, item.channelId, message.view, key);
        } else if (poster.postPrivate) {
          ref = await poster.postPrivate(
            item.workspaceExternalId,
            item.channelId,
            message.privateTo,
            message.view,
          );
        } else {
          // The platform shows private messages only in answer to a click: the end message's
          // "My summary" button stands in.
          await this.o.queue.markFailed(item.id, "no private messages on this platform", null);
          return;
        }
      }
    } catch (error) {
      report.failed++;
      await this.failed(item, error);
      return;
    } finally {
      clearInterval(renewal);
      this.renewals.delete(renewal);
    }
    // It went out: from here on nothing may schedule it again, whatever fails.
    if (item.kind === "reveal") report.revealed++;
    else report.sent++;
    await this.recordSent(item, ref);
  }

  /** What a leased message shows, and to whom; null when there is nothing to send any more. */
  private async messageOf(
    item: OutboxItem,
    poster: ChannelPoster,
  ): Promise<{ view: View; privateTo?: string } | null> {
    if (item.live)
      return this.o.bot.liveMessageView(item.live.roundId, item.live.step, poster.style);
    if (item.notice) {
      const view = await this.o.bot.noticeView(item.notice, poster.style);
      return view && { view };
    }
    if (!item.askId) return null;
    const view =
      item.kind === "question"
        ? await this.o.bot.channelPostView(item.askId, 0, poster.style, item.timezone)
        : await this.o.bot.revealView(item.askId);
    return view && { view };
  }

  /**
   * A message handed over before may be in the channel already (the sender died before it could
   * record it): ask the platform, where it can tell. A failed look is logged, and the send goes
   * ahead with its key, which the platform may still dedupe on.
   */
  private async findEarlier(
    poster: ChannelPoster,
    item: OutboxItem,
    key: string,
  ): Promise<string | null> {
    if (item.triesBefore === 0 || !poster.find) return null;
    const since = item.handedBefore ?? this.o.clock();
    try {
      const found = await poster.find(item.workspaceExternalId, item.channelId, key, since);
      if (found)
        this.o.logger.info(
          { channel: item.channelId, outbox: item.id, kind: item.kind },
          "found a message sent before a restart; recording it instead of sending again",
        );
      return found;
    } catch (error) {
      this.o.logger.warn(
        { channel: item.channelId, outbox: item.id, err: String(error) },
        "could not look for an earlier send; sending with its idempotency key",
      );
      return null;
    }
  }

  private async renew(item: OutboxItem): Promise<void> {
    try {
      const until = new Date(this.o.clock().getTime() + this.leaseMs);
      if (!(await this.o.queue.renewLease(item.id, this.o.instanceId, until))) {
        this.o.logger.warn({ outbox: item.id }, "a send outlived its lease");
      }
    } catch (error) {
      this.o.logger.warn({ outbox: item.id, err: String(error) }, "renewing a lease failed");
    }
  }

  /** Records a sent message; a failed commit is tried once more, since the lease would resend it. */
  private async recordSent(item: OutboxItem, ref: string): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        // Resolves once committed: the queue's writes are durable when they return.
        await this.o.queue.markSent(item.id, ref, this.o.clock());
        return;
      } catch (error) {
        if (attempt >= 2) {
          this.o.logger.error(
            { channel: item.channelId, outbox: item.id, err: String(error) },
            "a sent message could not be recorded; when its lease runs out it is looked for before it is sent again",
          );
          return;
        }
      }
    }
  }

  private async failed(item: OutboxItem, error: unknown): Promise<void> {
    const now = this.o.clock();
    const message = messageOf(error);
    const permanent = error instanceof PostError && error.permanent;
    const attempts = item.triesBefore + 1;
    this.o.logger.warn(
      { channel: item.channelId, kind: item.kind, permanent, attempt: attempts, err: message },
      "channel post failed",
    );
    if (item.live) {
      await this.liveFailed(item, message, permanent, attempts);
      return;
    }
    const member = item.notice?.toMember;
    if (permanent && member !== null && member !== undefined) {
      // The member does not take the bot's direct messages: their reminders stop, and `remind`
      // says why, instead of failing every day.
      await this.o.queue.pauseReminder(
        member,
        `the bot could not send you a direct message (${message}); allow direct messages from the server's members, or from the app`,
        now,
      );
      await this.o.queue.markFailed(item.id, message, null);
      return;
    }
    if (permanent) {
      const failures = await this.o.queue.recordFailure(item.workspaceId, item.channelId);
      if (failures >= this.maxFailures) {
        await this.o.queue.pauseSchedule(
          item.workspaceId,
          item.channelId,
          `paused after ${failures} failed posts in a row (${message})`,
          now,
        );
        await this.o.queue.markFailed(item.id, message, null);
        return;
      }
    }
    // Back off 1, 2, 4, 8... minutes; give up after a few tries, and a question when its day is
    // over (a reveal still goes out late).
    const retryAt = new Date(now.getTime() + 60_000 * 2 ** (attempts - 1));
    const dayOver = item.kind === "question" && localDay(retryAt, item.timezone) !== item.localDate;
    await this.o.queue.markFailed(
      item.id,
      message,
      attempts >= MAX_ATTEMPTS || dayOver ? null : retryAt,
    );
  }

  /**
   * A live round's message is tried again within seconds (a minute later, its moment is gone),
   * a few times; a start or question that cannot be posted ends the round.
   */
  private async liveFailed(
    item: OutboxItem,
    message: string,
    permanent: boolean,
    attempts: number,
  ): Promise<void> {
    const giveUp = permanent || attempts >= LIVE_ATTEMPTS;
    const retryAt = new Date(this.o.clock().getTime() + 2000 * attempts);
    await this.o.queue.markFailed(item.id, message, giveUp ? null : retryAt);
    const step = item.live!.step;
    if (giveUp && (step === "start" || step.startsWith("q"))) {
      await this.o.bot.liveMessageFailed(item.live!.roundId);
    }
  }

  private async refresh(report: TickReport): Promise<void> {
    const now = this.o.clock();
    const stale = await this.o.queue.toRefresh(
      now,
      new Date(now.getTime() - this.refreshMs),
      this.platforms,
      1000,
    );
    await forEachLimited(stale, this.concurrency, async (post) => {
      const poster = this.o.posters.get(post.platform);
      const view = await this.o.bot.channelPostView(
        post.askId,
        post.answers,
        poster?.style ?? {},
        post.timezone,
      );
      if (!poster || !view || !post.messageRef) return;
      try {
        await poster.update(post.workspaceExternalId, post.channelId, post.messageRef, view);
        await this.o.queue.markShown(post.id, post.answers, this.o.clock());
        report.refreshed++;
      } catch (error) {
        this.o.logger.warn(
          { channel: post.channelId, err: String(error) },
          "answer count update failed",
        );
      }
    });
  }

  /** Queues the reveal of every question that closed; the sender sends them like posts. */
  private async queueReveals(): Promise<void> {
    await this.o.queue.queueReveals(this.o.clock(), this.platforms, 1000);
  }
}

import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type {
  Ask,
  NewChannelPost,
  OutboxItem,
  PostQueue,
  StudyStore,
} from "../../src/core/ports.js";
import {
  answer,
  ask,
  at,
  DAY_MINUTES,
  DAY0,
  liveRoundFor,
  member,
  postFor,
  scheduleFor,
  workspace,
} from "./builders.js";

export interface QueueUnderTest {
  /** The store whose writes (claims, answers, schedules) the queue reads. */
  store: StudyStore;
  queue: PostQueue;
  close(): Promise<void>;
}

const SLACK = ["slack"];
const MINUTE_MS = 60_000;

/**
 * What every post queue must do, with the study store beside it: a queue passes when these pass
 * on a fresh, empty pair from `makeQueue`. The store writes what the queue reads, as in the bot.
 */
export function postQueueContract(name: string, makeQueue: () => Promise<QueueUnderTest>): void {
  describe(`PostQueue contract: ${name}`, () => {
    let store: StudyStore;
    let queue: PostQueue;
    let close: (() => Promise<void>) | undefined;

    beforeEach(async () => {
      const made = await makeQueue();
      store = made.store;
      queue = made.queue;
      close = () => made.close();
    });
    afterEach(async () => {
      await close?.(); // undefined when the factory failed: its own error is reported
      close = undefined;
    });

    const slackWorkspace = (externalId = "T1") => workspace(store, externalId, "slack");

    /** A claimed channel question: the store queues its message for the queue to send. */
    const claimed = async (
      ws: number,
      fields: Partial<Ask> = {},
      post: Partial<NewChannelPost> = {},
    ): Promise<Ask> => {
      const made = await ask(store, ws, fields);
      expect(await store.claimChannelPost(postFor(made, post))).toBe(true);
      // The queue may read through another connection than the store writes on.
      await store.committed();
      return made;
    };

    const lease = (minutes: number, by = "A", platforms = SLACK, leaseMinutes = 1) =>
      queue.lease(at(minutes), platforms, leaseMinutes * MINUTE_MS, by);

    /** Leases what is due now and records it sent (a question is then posted). */
    const send = async (minutes: number, ref = "msg-1"): Promise<OutboxItem> => {
      const item = await lease(minutes);
      if (!item) throw new Error(`nothing to send at minute ${minutes}`);
      await queue.markSent(item.id, ref, at(minutes));
      return item;
    };

    describe("reminders and notices", () => {
      const reminderOf = (memberId: number, ws: number, minutes: number) => ({
        memberId,
        workspaceId: ws,
        time: "09:00",
        timezone: "UTC",
        days: [0, 1, 2, 3, 4, 5, 6] as (0 | 1 | 2 | 3 | 4 | 5 | 6)[],
        nextRunAt: at(minutes),
        pausedReason: null,
        updatedAt: at(0),
      });

      it("keeps a member's reminder, lists it when due, moves it on, pauses it, forgets it", async () => {
        const ws = await slackWorkspace();
        const other = await workspace(store, "G1", "discord");
        const ann = await member(store, ws, "ann");
        const bob = await member(store, ws, "bob");
        const cy = await member(store, other, "cy");
        await store.saveReminder(reminderOf(ann.id, ws, 10));
        await store.saveReminder(reminderOf(bob.id, ws, 20));
        await store.saveReminder(reminderOf(cy.id, other, 5));
        await store.committed();
        expect(await store.getReminder(ann.id)).toEqual(reminderOf(ann.id, ws, 10));
        expect((await queue.dueReminders(at(15), SLACK, 10)).map((r) => r.memberId)).toEqual([
          ann.id,
        ]);
        await queue.advanceReminder(ann.id, at(30));
        expect((await queue.dueReminders(at(25), SLACK, 10)).map((r) => r.memberId)).toEqual([
          bob.id,
        ]);
        await queue.pauseReminder(bob.id, "DMs closed", at(26));
        expect(await queue.dueReminders(at(40), SLACK, 10)).toMatchObject([{ memberId: ann.id }]);
        expect((await store.getReminder(bob.id))?.pausedReason).toBe("DMs closed");
        // Saved again, it is active again.
        await store.saveReminder(reminderOf(bob.id, ws, 35));
        expect((await store.getReminder(bob.id))?.pausedReason).toBeNull();
        expect(await store.deleteReminder(ann.id)).toBe(true);
        expect(await store.deleteReminder(ann.id)).toBe(false);
        expect(await store.getReminder(ann.id)).toBeNull();
        // Whose direct messages belong to which workspace: the reminder's.
        expect(await store.reminderWorkspace("discord", "id-cy")).toMatchObject({
          platform: "discord",
          externalId: "G1",
        });
        expect(await store.reminderWorkspace("discord", "id-ann")).toBeNull();
      });

      it("queues a notice once per subject and leases it with whom it is for", async () => {
        const ws = await slackWorkspace();
        const ann = await member(store, ws, "ann");
        const notice = {
          workspaceId: ws,
          channelId: ann.externalId,
          subject: `remind:${ann.id}:${DAY0}`,
          toMember: ann.id,
          at: at(1),
        };
        expect(await store.queueNotice(notice)).toBe(true);
        expect(await store.queueNotice({ ...notice, at: at(2) })).toBe(false);
        await store.committed();
        expect(await lease(1)).toMatchObject({
          kind: "notice",
          postId: null,
          askId: null,
          live: null,
          notice: { subject: notice.subject, toMember: ann.id, toExternalId: "id-ann" },
        });
        expect(await lease(1.5)).toBeUndefined();
      });
    });

    describe("live rounds", () => {
      it("leases a live round's messages with their round and step, once, on time", async () => {
        const ws = await slackWorkspace();
        const ann = await member(store, ws, "ann");
        const round = liveRoundFor(ws, ann.id);
        await store.createLiveRound(round);
        const message = { workspaceId: ws, channelId: "live", roundId: round.id };
        await store.queueLiveMessage({ ...message, step: "start", at: at(0) });
        await store.queueLiveMessage({ ...message, step: "start", at: at(0) }); // once only
        await store.queueLiveMessage({ ...message, step: "q1", at: at(2) });
        await store.committed();
        expect(await queue.nextTryAt(SLACK)).toEqual(at(0));
        const first = await lease(0);
        expect(first).toMatchObject({
          kind: "live",
          postId: null,
          localDate: null,
          askId: null,
          live: { roundId: round.id, step: "start" },
          channelId: "live",
          triesBefore: 0,
        });
        expect(await lease(0.5)).toBeUndefined(); // leased, and q1 not due yet
        await queue.markSent(first!.id, "m1", at(0));
        expect((await lease(2))?.live).toEqual({ roundId: round.id, step: "q1" });
        expect(await lease(3, "B", ["discord"])).toBeUndefined();
      });

      it("dueLiveRounds and nextLiveStepAt see rounds that have not ended, of these platforms", async () => {
        const slack = await slackWorkspace();
        const discord = await workspace(store, "G1", "discord");
        const ann = await member(store, slack, "ann");
        const cy = await member(store, discord, "cy");
        const soon = liveRoundFor(slack, ann.id, { nextAt: at(5) });
        const later = liveRoundFor(slack, ann.id, { channelId: "other", nextAt: at(9) });
        const done = liveRoundFor(slack, ann.id, {
          channelId: "third",
          phase: "ended",
          nextAt: null,
        });
        const elsewhere = liveRoundFor(discord, cy.id, { nextAt: at(1) });
        for (const r of [soon, later, done, elsewhere]) await store.createLiveRound(r);
        await store.committed();
        expect(await queue.nextLiveStepAt(SLACK)).toEqual(at(5));
        expect(await queue.dueLiveRounds(at(4), SLACK, 10)).toEqual([]);
        expect(await queue.dueLiveRounds(at(9), SLACK, 10)).toEqual([soon.id, later.id]);
        expect(await queue.dueLiveRounds(at(9), SLACK, 1)).toEqual([soon.id]);
        expect(await queue.nextLiveStepAt(["console"])).toBeNull();
      });
    });

    describe("schedules", () => {
      it("dueSchedules lists active schedules due by now, soonest first, up to the limit", async () => {
        const slack = await slackWorkspace();
        const discord = await workspace(store, "G1", "discord");
        const schedules = [
          scheduleFor(slack, "general", { nextRunAt: at(30) }),
          scheduleFor(slack, "random", { nextRunAt: at(10) }),
          scheduleFor(slack, "later", { nextRunAt: at(90) }),
          scheduleFor(slack, "paused", { nextRunAt: at(5), paused: true, pausedReason: "x" }),
          scheduleFor(slack, "unplanned", { nextRunAt: null }),
          scheduleFor(discord, "general", { nextRunAt: at(1) }),
        ];
        for (const s of schedules) await store.saveSchedule(s);
        await store.committed();
        const due = async (platforms: string[], limit = 10) =>
          (await queue.dueSchedules(at(30), platforms, limit)).map(
            (s) => `${s.workspaceId === slack ? "slack" : "discord"}/${s.channelId}`,
          );
        expect(await due(SLACK)).toEqual(["slack/random", "slack/general"]);
        expect(await due(SLACK, 1)).toEqual(["slack/random"]);
        expect(await due(["slack", "discord"])).toEqual([
          "discord/general",
          "slack/random",
          "slack/general",
        ]);
        expect(await due([])).toEqual([]);
      });

      it("dueSchedules reads the schedule as saved", async () => {
        const ws = await slackWorkspace();
        const saved = scheduleFor(ws, "general", { nextRunAt: at(0), topics: ["kms"], days: [2] });
        await store.saveSchedule(saved);
        await store.committed();
        expect(await queue.dueSchedules(at(0), SLACK, 10)).toMatchObject([saved]);
      });

      it("recordPlanFailure counts failures in a row and leaves the schedule due", async () => {
        const ws = await slackWorkspace();
        await store.saveSchedule(scheduleFor(ws, "general", { nextRunAt: at(0) }));
        await store.committed();
        expect(await queue.recordPlanFailure(ws, "general", "no questions")).toBe(1);
        expect(await queue.recordPlanFailure(ws, "general", "still none")).toBe(2);
        expect(await store.getSchedule(ws, "general")).toMatchObject({
          planFailures: 2,
          planError: "still none",
          nextRunAt: at(0),
        });
        expect(await queue.dueSchedules(at(0), SLACK, 10)).toHaveLength(1);
        expect(await queue.recordPlanFailure(ws, "no-schedule", "x")).toBe(0);
      });

      it("advanceSchedule moves a schedule to its next run and forgets planning failures", async () => {
        const ws = await slackWorkspace();
        await store.saveSchedule(scheduleFor(ws, "general", { nextRunAt: at(0) }));
        await store.committed();
        await queue.recordPlanFailure(ws, "general", "no questions");
        await queue.advanceSchedule(ws, "general", at(DAY_MINUTES));
        expect(await store.getSchedule(ws, "general")).toMatchObject({
          nextRunAt: at(DAY_MINUTES),
          planFailures: 0,
          planError: null,
        });
        expect(await queue.dueSchedules(at(DAY_MINUTES - 1), SLACK, 10)).toEqual([]);
        expect(await queue.recordPlanFailure(ws, "general", "again")).toBe(1);
      });
    });

    describe("leases", () => {
      it("lease hands out a claimed question with where it goes and how far it got", async () => {
        const ws = await slackWorkspace();
        const question = await claimed(ws, { askedAt: at(0) });
        expect(await lease(0)).toEqual({
          id: expect.any(Number),
          kind: "question",
          postId: expect.any(Number),
          workspaceId: ws,
          platform: "slack",
          workspaceExternalId: "T1",
          channelId: "general",
          localDate: DAY0,
          askId: question.id,
          live: null,
          notice: null,
          triesBefore: 0,
          handedBefore: null,
          timezone: "UTC", // the channel has no schedule
        });
      });

      it("lease gives the channel's time zone when it has a schedule, and sends extra posts too", async () => {
        const ws = await slackWorkspace();
        await store.saveSchedule(scheduleFor(ws, "general", { timezone: "Asia/Tokyo" }));
        const extra = await claimed(ws, {}, { kind: "extra", localDate: "2026-03-03" });
        expect(await lease(0)).toMatchObject({
          askId: extra.id,
          localDate: "2026-03-03",
          timezone: "Asia/Tokyo",
        });
      });

      it("lease hands out one message at a time, oldest due first, then nothing", async () => {
        const ws = await slackWorkspace();
        const newer = await claimed(ws, { askedAt: at(10) });
        const older = await claimed(ws, { askedAt: at(0), channelId: "random" });
        expect((await lease(20, "A"))?.askId).toBe(older.id);
        expect((await lease(20, "B"))?.askId).toBe(newer.id);
        expect(await lease(20, "C")).toBeUndefined();
      });

      it("of two holders leasing the one message at once, exactly one gets it", async () => {
        const ws = await slackWorkspace();
        await claimed(ws);
        const taken = await Promise.all([lease(0, "A"), lease(0, "B")]);
        expect(taken.filter((item) => item !== undefined)).toHaveLength(1);
      });

      it("a message is not leased before it is due, and nextTryAt says when it is", async () => {
        const ws = await slackWorkspace();
        expect(await queue.nextTryAt(SLACK)).toBeNull();
        await claimed(ws, { askedAt: at(10) });
        expect(await lease(9)).toBeUndefined();
        expect(await queue.nextTryAt(SLACK)).toEqual(at(10));
        expect(await lease(10)).toBeDefined();
      });

      it("a running lease is not taken until it runs out; then the try before is reported", async () => {
        const ws = await slackWorkspace();
        await claimed(ws, { askedAt: at(10) });
        const first = await lease(10, "A", SLACK, 1);
        expect(await lease(10.5, "B")).toBeUndefined();
        expect(await queue.nextTryAt(SLACK)).toEqual(at(11)); // when the lease runs out
        const second = await lease(11, "B");
        expect(second).toMatchObject({ id: first?.id, triesBefore: 1, handedBefore: at(10) });
      });

      it("lease and nextTryAt see only the platforms asked for", async () => {
        await claimed(await workspace(store, "G1", "discord"), { askedAt: at(0) });
        expect(await lease(5, "A", SLACK)).toBeUndefined();
        expect(await queue.nextTryAt(SLACK)).toBeNull();
        expect(await queue.nextTryAt(["discord"])).toEqual(at(0));
        expect(await lease(5, "A", ["slack", "discord"])).toMatchObject({ platform: "discord" });
      });

      it("renewLease extends a lease for its holder only, and fails once the lease was lost", async () => {
        const ws = await slackWorkspace();
        await claimed(ws, { askedAt: at(10) });
        const item = await lease(10, "A", SLACK, 1);
        if (!item) throw new Error("nothing leased");
        expect(await queue.renewLease(item.id, "B", at(30))).toBe(false);
        expect(await queue.renewLease(item.id, "A", at(15))).toBe(true);
        expect(await lease(12, "B")).toBeUndefined(); // due at 11 without the renewal
        expect(await queue.nextTryAt(SLACK)).toEqual(at(15));
        expect((await lease(15, "B"))?.id).toBe(item.id);
        expect(await queue.renewLease(item.id, "A", at(20))).toBe(false);
      });

      it("releaseLease gives a message back, due at once, as if it was never handed over", async () => {
        const ws = await slackWorkspace();
        await claimed(ws, { askedAt: at(10) });
        const item = await lease(10, "A", SLACK, 5);
        if (!item) throw new Error("nothing leased");
        await queue.releaseLease(item, "B", at(11)); // not B's to give back
        expect(await lease(11, "C")).toBeUndefined();
        await queue.releaseLease(item, "A", at(11));
        expect(await lease(11, "C")).toMatchObject({
          id: item.id,
          triesBefore: 0,
          handedBefore: null,
        });
      });
    });

    describe("sending", () => {
      it("markSent ends a message: it is not leased again, and its question is posted", async () => {
        const ws = await slackWorkspace();
        const question = await claimed(ws, { askedAt: at(0), closesAt: at(60) });
        const item = await send(0, "msg-1");
        expect(await lease(DAY_MINUTES)).toBeUndefined();
        expect(await queue.nextTryAt(SLACK)).toBeNull();
        await answer(store, await member(store, ws, "ann"), question, { at: at(5) });
        await store.committed();
        // Only posted questions are refreshed: this one is, with the message it was sent as.
        expect(await queue.toRefresh(at(6), at(6), SLACK, 10)).toMatchObject([
          { id: item.postId, askId: question.id, messageRef: "msg-1" },
        ]);
      });

      it("markFailed with a retry time queues the message again for then", async () => {
        const ws = await slackWorkspace();
        await claimed(ws, { askedAt: at(10) });
        const item = await lease(10);
        if (!item) throw new Error("nothing leased");
        await queue.markFailed(item.id, "rate limited", at(30));
        expect(await lease(29, "B")).toBeUndefined();
        expect(await queue.nextTryAt(SLACK)).toEqual(at(30));
        expect(await lease(30, "B")).toMatchObject({
          id: item.id,
          triesBefore: 1,
          handedBefore: at(10),
        });
      });

      it("markFailed without a retry time abandons the message and its question", async () => {
        const ws = await slackWorkspace();
        await claimed(ws, { askedAt: at(0), closesAt: at(60) });
        const item = await lease(0);
        if (!item) throw new Error("nothing leased");
        await queue.markFailed(item.id, "channel not found", null);
        expect(await lease(DAY_MINUTES, "B")).toBeUndefined();
        expect(await queue.nextTryAt(SLACK)).toBeNull();
        expect(await queue.queueReveals(at(60), SLACK, 10)).toBe(0); // never posted: no reveal
      });
    });

    describe("reveals", () => {
      it("queueReveals queues a posted question's reveal once it closes, and only once", async () => {
        const ws = await slackWorkspace();
        const question = await claimed(ws, { askedAt: at(0), closesAt: at(60) });
        const sent = await send(0);
        expect(await queue.queueReveals(at(59), SLACK, 10)).toBe(0);
        expect(await queue.queueReveals(at(60), SLACK, 10)).toBe(1);
        expect(await queue.queueReveals(at(61), SLACK, 10)).toBe(0);
        const reveal = await lease(61);
        expect(reveal).toMatchObject({
          kind: "reveal",
          postId: sent.postId,
          askId: question.id,
          triesBefore: 0,
        });
        expect(reveal?.id).not.toBe(sent.id);
        expect(await lease(61, "B")).toBeUndefined();
      });

      it("queueReveals passes over unposted questions and other platforms, up to the limit", async () => {
        const slack = await slackWorkspace();
        const discord = await workspace(store, "G1", "discord");
        await claimed(slack, { askedAt: at(0), closesAt: at(60) });
        await send(0);
        await claimed(slack, { askedAt: at(1), closesAt: at(70), channelId: "random" });
        await send(1);
        await claimed(slack, { askedAt: at(2), closesAt: at(50), channelId: "unsent" });
        await claimed(discord, { askedAt: at(0), closesAt: at(50) });
        const item = await queue.lease(at(3), ["discord"], MINUTE_MS, "A");
        await queue.markSent(item!.id, "discord-msg", at(3));
        expect(await queue.queueReveals(at(100), SLACK, 1)).toBe(1);
        expect(await queue.queueReveals(at(100), SLACK, 10)).toBe(1);
        expect(await queue.queueReveals(at(100), SLACK, 10)).toBe(0);
        expect(await queue.queueReveals(at(100), ["discord"], 10)).toBe(1);
      });
    });

    describe("answer counts", () => {
      /** A posted question in a Slack channel, open until minute 60. */
      const posted = async () => {
        const ws = await slackWorkspace();
        const question = await claimed(ws, { askedAt: at(0), closesAt: at(60) });
        const item = await send(0, "msg-1");
        return { ws, question, postId: item.postId! };
      };
      const answered = async (ws: number, who: string, question: Ask, minutes: number) => {
        await answer(store, await member(store, ws, who), question, { at: at(minutes) });
        await store.committed();
      };

      it("toRefresh lists an open posted question once its answer count changes", async () => {
        const { ws, question, postId } = await posted();
        expect(await queue.toRefresh(at(10), at(10), SLACK, 10)).toEqual([]);
        await answered(ws, "ann", question, 10);
        expect(await queue.toRefresh(at(11), at(11), SLACK, 10)).toEqual([
          {
            id: postId,
            platform: "slack",
            workspaceExternalId: "T1",
            channelId: "general",
            askId: question.id,
            messageRef: "msg-1",
            timezone: "UTC",
            answers: 1,
          },
        ]);
        expect(await queue.toRefresh(at(11), at(11), ["discord"], 10)).toEqual([]);
      });

      it("markShown holds a post back until its count changes and its last showing is old enough", async () => {
        const { ws, question, postId } = await posted();
        await answered(ws, "ann", question, 10);
        await queue.markShown(postId, 1, at(20));
        expect(await queue.toRefresh(at(21), at(21), SLACK, 10)).toEqual([]);
        await answered(ws, "bob", question, 22);
        expect(await queue.toRefresh(at(23), at(19), SLACK, 10)).toEqual([]);
        expect(await queue.toRefresh(at(23), at(20), SLACK, 10)).toMatchObject([{ answers: 2 }]);
      });

      it("toRefresh leaves closed questions out, and stops at the limit", async () => {
        const { ws, question } = await posted();
        const second = await claimed(ws, { askedAt: at(1), closesAt: at(90), channelId: "random" });
        await send(1, "msg-2");
        await answered(ws, "ann", question, 10);
        await answered(ws, "ann", second, 10);
        expect(await queue.toRefresh(at(11), at(11), SLACK, 10)).toHaveLength(2);
        expect(await queue.toRefresh(at(11), at(11), SLACK, 1)).toHaveLength(1);
        expect(await queue.toRefresh(at(60), at(60), SLACK, 10)).toMatchObject([
          { askId: second.id },
        ]);
      });
    });

    describe("channel failures", () => {
      it("recordFailure counts a channel's failures in a row, and a sent message starts over", async () => {
        const ws = await slackWorkspace();
        await store.saveSchedule(scheduleFor(ws, "general"));
        await store.saveSchedule(scheduleFor(ws, "random"));
        await store.committed();
        expect(await queue.recordFailure(ws, "general")).toBe(1);
        expect(await queue.recordFailure(ws, "general")).toBe(2);
        expect(await queue.recordFailure(ws, "random")).toBe(1);
        await claimed(ws, { askedAt: at(0), closesAt: at(60), channelId: "general" });
        await send(0);
        expect(await queue.recordFailure(ws, "general")).toBe(1);
        expect(await queue.recordFailure(ws, "random")).toBe(2);
        // A channel posted to without a schedule has nothing to count on.
        expect(await queue.recordFailure(ws, "unscheduled")).toBe(0);
      });

      it("pauseSchedule pauses one channel's schedule, saying why, and it is no longer due", async () => {
        const ws = await slackWorkspace();
        await store.saveSchedule(scheduleFor(ws, "general", { nextRunAt: at(0) }));
        await store.saveSchedule(scheduleFor(ws, "random", { nextRunAt: at(0) }));
        await store.committed();
        await queue.pauseSchedule(ws, "general", "channel not found", at(5));
        expect(await store.getSchedule(ws, "general")).toMatchObject({
          paused: true,
          pausedReason: "channel not found",
          updatedAt: at(5),
        });
        expect((await store.getSchedule(ws, "random"))?.paused).toBe(false);
        expect((await queue.dueSchedules(at(5), SLACK, 10)).map((s) => s.channelId)).toEqual([
          "random",
        ]);
      });
    });
  });
}

import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { localDay } from "../../../src/core/time.js";
import { SqlitePostQueue } from "../../../src/store/post-queue.js";
import { allText, ctx, makeBot, rightLetters, wrongLetters } from "../../helpers/bot.js";
import { makeScheduler, RecordingPoster } from "../../helpers/scheduler.js";

const admin = ctx("admin", { isAdmin: true, workspace: { platform: "test", externalId: "w1" } });
const REAL_DECK = "content";

/** A harness at `now` with `setup` already run in channel "general". */
async function scheduled(
  now: string,
  setup: string,
  options: { contentDir?: string; dbPath?: string } = {},
) {
  const harness = makeBot({ now, ...options });
  const views = await harness.bot.runText(admin, setup);
  if (views[0]!.tone !== "success") throw new Error(allText(views));
  return { harness, ...makeScheduler(harness) };
}

describe("the daily question", () => {
  it("posts at the schedule's local minute, and not before", async () => {
    // Saturday 28 Nov 2026, 07:00 UTC = 08:00 in Berlin.
    const { harness, scheduler, poster } = await scheduled(
      "2026-11-28T07:00:00Z",
      "setup 09:00 Europe/Berlin",
    );
    harness.clock.set("2026-11-28T07:59:00Z");
    await scheduler.tick();
    expect(poster.posts).toHaveLength(0);
    harness.clock.set("2026-11-28T08:00:00Z");
    const report = await scheduler.tick();
    expect(report).toMatchObject({ planned: 1, sent: 1 });
    expect(poster.posts).toHaveLength(1);
    expect(poster.posts[0]!.channel).toBe("general");
    expect(poster.posts[0]!.view.title).toContain("Question of the day");
    expect(poster.posts[0]!.view.ephemeral).toBe(false);
    expect(poster.posts[0]!.view.footer).toContain("open until Sat 28 Nov, 21:00 (Europe/Berlin)");
    harness.clock.set("2026-11-28T08:01:00Z");
    await scheduler.tick();
    expect(poster.posts).toHaveLength(1);
  });

  it("never posts twice: not after a restart, not with the next-run time lost, not from two processes", async () => {
    const dbPath = join(mkdtempSync(join(tmpdir(), "studybot-sched-")), "s.db");
    const first = await scheduled("2026-11-28T07:00:00Z", "setup 09:00 UTC", { dbPath });
    first.harness.clock.set("2026-11-28T09:00:00Z");
    await first.scheduler.tick();
    expect(first.poster.posts).toHaveLength(1);

    // "Restart": a new process on the same file, whose tick also finds the schedule due again.
    const second = makeBot({ now: "2026-11-28T09:05:00Z", dbPath });
    second.db
      .prepare("UPDATE channel_schedules SET next_run_at = ?")
      .run(Date.parse("2026-11-28T09:00:00Z"));
    const restarted = makeScheduler(second);
    await restarted.scheduler.tick();
    expect(restarted.poster.posts).toHaveLength(0);

    // Two processes on one database, due at the same minute.
    second.clock.set("2026-11-29T09:00:00Z");
    first.harness.clock.set("2026-11-29T09:00:00Z");
    const [a, b] = await Promise.all([first.scheduler.tick(), restarted.scheduler.tick()]);
    expect(a.sent + b.sent).toBe(1);
    expect(first.poster.questions().length + restarted.poster.questions().length).toBe(2);
    // The 28 Nov question closed meanwhile: revealed once, by one of the two.
    expect(a.revealed + b.revealed).toBe(1);
  });

  it("catches up a post missed while down on the same day, but not one from an earlier day", async () => {
    const { harness, scheduler, poster } = await scheduled(
      "2026-11-28T07:00:00Z",
      "setup 09:00 UTC",
    );
    harness.clock.set("2026-11-28T15:00:00Z"); // down from 07:00 until 15:00: still the same day
    await scheduler.tick();
    expect(poster.questions()).toHaveLength(1);

    harness.clock.set("2026-11-30T08:00:00Z"); // down all of 29 Nov; 30 Nov's slot is still ahead
    const report = await scheduler.tick();
    expect(report.skippedPastDays).toBe(1);
    expect(poster.questions()).toHaveLength(1);
    expect((await harness.store.getSchedule(1, "general"))!.nextRunAt!.toISOString()).toBe(
      "2026-11-30T09:00:00.000Z",
    );
    harness.clock.set("2026-11-30T09:00:00Z");
    await scheduler.tick();
    expect(poster.questions()).toHaveLength(2);
  });

  it.each([
    ["Europe/Berlin", "spring forward", "2026-03-27T12:00:00Z", "2026-03-31T12:00:00Z"],
    ["Europe/Berlin", "fall back", "2026-10-23T12:00:00Z", "2026-10-27T12:00:00Z"],
    ["America/New_York", "spring forward", "2026-03-06T12:00:00Z", "2026-03-10T12:00:00Z"],
    ["America/New_York", "fall back", "2026-10-30T12:00:00Z", "2026-11-03T12:00:00Z"],
  ])("posts exactly once a day in %s across %s", async (zone, _change, from, to) => {
    const { harness, scheduler, poster } = await scheduled(from, `setup 02:30 ${zone}`);
    for (let t = Date.parse(from); t <= Date.parse(to); t += 10 * 60_000) {
      harness.clock.set(new Date(t).toISOString());
      await scheduler.tick();
    }
    const days = await Promise.all(
      poster
        .questions()
        .map(async (p) =>
          localDay((await harness.store.getAsk(p.view.question!.askId))!.askedAt, zone),
        ),
    );
    expect(days).toEqual([...new Set(days)]);
    expect(days).toHaveLength(4);
  });

  it("posts a time that does not exist that day at the next valid minute", async () => {
    const { harness, scheduler, poster } = await scheduled(
      "2026-03-28T12:00:00Z",
      "setup 02:30 Europe/Berlin",
    );
    harness.clock.set("2026-03-29T00:59:00Z"); // 01:59 CET, a minute before the clocks jump to 03:00
    await scheduler.tick();
    expect(poster.posts).toHaveLength(0);
    harness.clock.set("2026-03-29T01:00:00Z"); // 03:00 CEST
    await scheduler.tick();
    expect(poster.posts).toHaveLength(1);
  });

  it("stays quiet while paused and picks up again after resume", async () => {
    const { harness, scheduler, poster } = await scheduled(
      "2026-11-28T07:00:00Z",
      "setup 09:00 UTC",
    );
    await harness.bot.runText(admin, "pause");
    harness.clock.set("2026-11-28T09:00:00Z");
    await scheduler.tick();
    expect(poster.posts).toHaveLength(0);
    await harness.bot.runText(admin, "resume");
    harness.clock.set("2026-11-29T09:00:00Z");
    await scheduler.tick();
    expect(poster.posts).toHaveLength(1);
  });

  it("shows the answer count, throttled, and reveals the answer when the question closes", async () => {
    const { harness, scheduler, poster } = await scheduled(
      "2026-11-28T07:00:00Z",
      "setup 09:00 UTC",
    );
    harness.clock.set("2026-11-28T09:00:00Z");
    await scheduler.tick();
    const post = poster.posts[0]!.view;
    const [alice, bob, carol] = [ctx("alice"), ctx("bob"), ctx("carol")];
    harness.clock.set("2026-11-28T09:01:00Z");
    await harness.bot.runText(bob, `daily ${rightLetters(harness.bot, post)}`);
    harness.clock.set("2026-11-28T09:02:00Z");
    await harness.bot.runText(alice, `daily ${rightLetters(harness.bot, post)}`);
    await scheduler.tick();
    expect(poster.updates).toHaveLength(1);
    expect(poster.updates[0]!.view.footer).toContain("2 answered so far");
    harness.clock.set("2026-11-28T09:02:10Z");
    await harness.bot.runText(carol, `daily ${wrongLetters(harness.bot, post)}`);
    await scheduler.tick();
    expect(poster.updates).toHaveLength(1); // refreshed at most every 30 s
    harness.clock.set("2026-11-28T09:03:00Z");
    await scheduler.tick();
    expect(poster.updates.at(-1)!.view.footer).toContain("3 answered so far");

    harness.clock.set("2026-11-28T21:00:00Z"); // 12 hours later: closed
    await scheduler.tick();
    const reveal = poster.posts.at(-1)!.view;
    expect(reveal.title).toContain("Answer: question of the day");
    const text = allText([reveal]);
    expect(text).toContain("Right, fastest first (2 of 3)");
    expect(text.indexOf("1. bob")).toBeGreaterThan(-1);
    expect(text.indexOf("2. alice")).toBeGreaterThan(text.indexOf("1. bob"));
    expect(text).toMatch(/✅ \*\*[A-D]\. .+\*\*: 2 \(67%\)/);
    await scheduler.tick();
    expect(poster.posts.filter((p) => p.view.title?.startsWith("Answer"))).toHaveLength(1);
    expect((await harness.bot.runText(alice, "A"))[0]!.text).toContain("no open question");
  });

  it("never repeats a question within 14 days", async () => {
    const { harness, scheduler, poster } = await scheduled(
      "2026-11-01T07:00:00Z",
      "setup 09:00 UTC",
      {
        contentDir: REAL_DECK,
      },
    );
    for (let day = 1; day <= 14; day++) {
      harness.clock.set(`2026-11-${String(day).padStart(2, "0")}T09:00:00Z`);
      await scheduler.tick();
    }
    const ids = await Promise.all(
      poster
        .questions()
        .map(async (p) => (await harness.store.getAsk(p.view.question!.askId))!.questionId),
    );
    expect(ids).toHaveLength(14);
    expect(new Set(ids).size).toBe(14);
  });

  it("keeps to the topic filter", async () => {
    const { harness, scheduler, poster } = await scheduled(
      "2026-11-01T07:00:00Z",
      "setup 09:00 UTC kms,identity",
      { contentDir: REAL_DECK },
    );
    for (let day = 1; day <= 10; day++) {
      harness.clock.set(`2026-11-${String(day).padStart(2, "0")}T09:00:00Z`);
      await scheduler.tick();
    }
    const topics = await Promise.all(
      poster.questions().map(async (p) => {
        const id = (await harness.store.getAsk(p.view.question!.askId))!.questionId;
        return harness.bot.library.questions.find((q) => q.id === id)!.topic;
      }),
    );
    const allowed = new Set([
      "kms",
      ...harness.bot.library.topics.filter((t) => t.area === "identity").map((t) => t.id),
    ]);
    expect(topics).toHaveLength(10);
    expect(topics.every((t) => allowed.has(t))).toBe(true);
  });

  it("brings back a question due for a third of the active members, not for fewer", async () => {
    const run = async (wrongAnswerers: number) => {
      const { harness, scheduler, poster } = await scheduled(
        "2026-11-01T07:00:00Z",
        "setup 09:00 UTC",
        {
          contentDir: REAL_DECK,
        },
      );
      harness.clock.set("2026-11-01T09:00:00Z");
      await scheduler.tick();
      const first = poster.posts[0]!.view;
      const firstQuestion = (await harness.store.getAsk(first.question!.askId))!.questionId;
      for (let i = 0; i < 6; i++) {
        const who = ctx(`m${i}`);
        await harness.bot.runText(
          who,
          `daily ${i < wrongAnswerers ? wrongLetters(harness.bot, first) : rightLetters(harness.bot, first)}`,
        );
      }
      // 16 days later, past the no-repeat window. The wrong answerers' cards are due; the others
      // have reviewed it since (their cards are due in weeks).
      harness.clock.set("2026-11-17T09:00:00Z");
      const members = harness.db
        .prepare("SELECT id FROM members WHERE display_name LIKE 'm%' ORDER BY display_name")
        .pluck()
        .all() as number[];
      const notDue = harness.db.prepare("UPDATE cards SET due = ? WHERE member_id = ?");
      for (const id of members.slice(wrongAnswerers))
        notDue.run(Date.parse("2027-01-01T00:00:00Z"), id);
      harness.db
        .prepare("UPDATE channel_schedules SET next_run_at = ?")
        .run(Date.parse("2026-11-17T09:00:00Z"));
      await scheduler.tick();
      const latest = poster.questions().at(-1)!;
      return {
        firstQuestion,
        next: (await harness.store.getAsk(latest.view.question!.askId))!.questionId,
      };
    };
    const two = await run(2); // 2 of 6 = a third
    expect(two.next).toBe(two.firstQuestion);
    const one = await run(1); // 1 of 6: a new question instead
    expect(one.next).not.toBe(one.firstQuestion);
  });

  it("pauses a channel that keeps failing with 'not found', without holding up the others", async () => {
    const harness = makeBot({ now: "2026-11-28T07:00:00Z" });
    await harness.bot.runText({ ...admin, channelId: "gone" }, "setup 09:00 UTC");
    await harness.bot.runText({ ...admin, channelId: "fine" }, "setup 09:00 UTC");
    const poster = new RecordingPoster();
    poster.failing.set("gone", { permanent: true, times: 99 });
    const { scheduler } = makeScheduler(harness, poster);
    for (const minute of ["09:00", "09:01", "09:03", "09:07", "09:15"]) {
      harness.clock.set(`2026-11-28T${minute}:00Z`);
      await scheduler.tick();
    }
    expect(poster.posts.map((p) => p.channel)).toEqual(["fine"]);
    const gone = (await harness.store.getSchedule(1, "gone"))!;
    expect(gone.paused).toBe(true);
    expect(gone.pausedReason).toContain("3 failed posts in a row (channel_not_found)");
    expect(allText(await harness.bot.runText({ ...admin, channelId: "gone" }, "status"))).toContain(
      "channel_not_found",
    );
  });

  it("retries a transient failure and posts once", async () => {
    const harness = makeBot({ now: "2026-11-28T07:00:00Z" });
    await harness.bot.runText(admin, "setup 09:00 UTC");
    const poster = new RecordingPoster();
    poster.failing.set("general", { permanent: false, times: 2 });
    const { scheduler } = makeScheduler(harness, poster);
    for (const minute of ["09:00", "09:01", "09:02", "09:03", "09:04", "09:05"]) {
      harness.clock.set(`2026-11-28T${minute}:00Z`);
      await scheduler.tick();
    }
    expect(poster.questions()).toHaveLength(1);
    expect((await harness.store.getSchedule(1, "general"))!.paused).toBe(false);
  });

  it("post-now sends an extra question at once without taking the day's slot", async () => {
    const { harness, scheduler, poster } = await scheduled(
      "2026-11-28T07:00:00Z",
      "setup 09:00 UTC",
    );
    const reply = await harness.bot.runText(admin, "post-now");
    expect(reply[0]!.text).toContain("on its way");
    await scheduler.tick();
    expect(poster.posts).toHaveLength(1);
    harness.clock.set("2026-11-28T09:00:00Z");
    await scheduler.tick();
    expect(poster.posts).toHaveLength(2);
    const [extra, daily] = await Promise.all(
      poster.posts.map(
        async (p) => (await harness.store.getAsk(p.view.question!.askId))!.questionId,
      ),
    );
    expect(extra).not.toBe(daily);
  });

  it("counts a daily answer on the member's UTC day, like every other answer", async () => {
    const { harness, scheduler, poster } = await scheduled(
      "2026-11-28T10:00:00Z",
      "setup 00:30 Asia/Tokyo",
    );
    harness.clock.set("2026-11-28T15:30:00Z"); // 00:30 on 29 Nov in Tokyo, still 28 Nov in UTC
    await scheduler.tick();
    const alice = ctx("alice");
    await harness.bot.runText(alice, `daily ${rightLetters(harness.bot, poster.posts[0]!.view)}`);
    const member = (await harness.store.findMember(1, "id-alice"))!;
    expect(member.streakDay).toBe("2026-11-28");
    expect((await harness.store.dayScore(member.id, "2026-11-28")).answered).toBe(1);
    expect(
      (await harness.bot.runText(alice, "stats"))[0]!.fields?.find((f) => f.name === "Streak")
        ?.value,
    ).toBe("1 day");
    // A practice answer half an hour later is the same day: no second streak bonus, no reset.
    harness.clock.set("2026-11-28T16:00:00Z");
    const quiz = (await harness.bot.runText(alice, "quiz 1")).find((v) => v.question)!;
    const feedback = await harness.bot.runText(alice, rightLetters(harness.bot, quiz));
    expect(allText(feedback)).not.toContain("streak bonus");
    const after = (await harness.store.findMember(1, "id-alice"))!;
    expect(after.streak).toBe(1);
    expect(after.streakDay).toBe("2026-11-28");
    expect((await harness.store.dayScore(member.id, "2026-11-28")).answered).toBe(2);
  });

  it("never sends a post again once it went out, even when recording it fails once", async () => {
    const harness = makeBot({ now: "2026-11-28T07:00:00Z" });
    await harness.bot.runText(admin, "setup 09:00 UTC");
    // The real queue, except that the first attempt to record a sent post fails.
    let failures = 1;
    class FlakyQueue extends SqlitePostQueue {
      override async markSent(id: number, messageRef: string, now: Date): Promise<void> {
        if (failures-- > 0) throw new Error("disk I/O error");
        await super.markSent(id, messageRef, now);
      }
    }
    const { scheduler, poster } = makeScheduler(harness, new RecordingPoster(), "test", {
      queue: new FlakyQueue(harness.store),
    });
    harness.clock.set("2026-11-28T09:00:00Z");
    await scheduler.tick();
    for (const minute of ["09:05", "09:30", "11:00"]) {
      harness.clock.set(`2026-11-28T${minute}:00Z`);
      await scheduler.tick();
    }
    expect(poster.posts).toHaveLength(1);
    expect(harness.db.prepare("SELECT state FROM channel_posts").pluck().all()).toEqual(["posted"]);
  });

  it("sends nothing under a lease whose commit failed, and sends the post once", async () => {
    const harness = makeBot({ now: "2026-11-28T07:00:00Z", groupCommit: true });
    await harness.bot.runText(admin, "setup 09:00 UTC");
    await harness.store.committed();
    let sabotage = true;
    class LosingQueue extends SqlitePostQueue {
      override async lease(now: Date, platforms: readonly string[], leaseMs: number, by: string) {
        // The port resolves a lease only once it is committed; this one's commit fails.
        if (sabotage) {
          sabotage = false;
          throw new Error("disk I/O error: the lease was not committed");
        }
        return super.lease(now, platforms, leaseMs, by);
      }
    }
    const { scheduler, poster } = makeScheduler(harness, new RecordingPoster(), "test", {
      queue: new LosingQueue(harness.store),
    });
    harness.clock.set("2026-11-28T09:00:00Z");
    await scheduler.tick();
    // The failed lease sent nothing; another sender may have leased the post afresh and sent it.
    expect(poster.posts.length).toBeLessThanOrEqual(1);
    harness.clock.set("2026-11-28T09:01:00Z");
    await scheduler.tick();
    harness.clock.set("2026-11-28T09:30:00Z");
    await scheduler.tick();
    expect(poster.posts).toHaveLength(1);
  });

  it("leaves another platform's schedules and posts to the process that runs it", async () => {
    const harness = makeBot({ now: "2026-11-28T07:00:00Z" });
    const slackAdmin = ctx("admin", {
      isAdmin: true,
      workspace: { platform: "slack", externalId: "T1" },
    });
    await harness.bot.runText(slackAdmin, "setup 09:00 UTC");
    await harness.bot.runText(slackAdmin, "post-now");
    harness.clock.set("2026-11-28T09:00:00Z");
    // A process with only the "test" platform (like a console on the live database)...
    const { scheduler: other, poster: otherPoster } = makeScheduler(harness);
    await other.tick();
    expect(otherPoster.posts).toHaveLength(0);
    const posts = () =>
      harness.db.prepare("SELECT kind, state FROM channel_posts ORDER BY id").all();
    expect(posts()).toEqual([{ kind: "extra", state: "claimed" }]); // not abandoned
    // ...and then the Slack process: it plans the day's post and sends both.
    const { scheduler: slack, poster: slackPoster } = makeScheduler(
      harness,
      new RecordingPoster(),
      "slack",
      {
        platform: "slack",
      },
    );
    await slack.tick();
    expect(slackPoster.posts).toHaveLength(2);
    expect(posts()).toEqual([
      { kind: "extra", state: "posted" },
      { kind: "scheduled", state: "posted" },
    ]);
  });

  it("lets other work run while it plans a busy minute", async () => {
    const harness = makeBot({ now: "2026-11-28T07:00:00Z" });
    for (let i = 0; i < 200; i++)
      await harness.bot.runText({ ...admin, channelId: `c${i}` }, "setup 09:00 UTC");
    const { scheduler } = makeScheduler(harness);
    harness.clock.set("2026-11-28T09:00:00Z");
    const tick = scheduler.tick();
    await new Promise((resolve) => setImmediate(resolve));
    // An interaction arriving now is served before the tick has planned every channel.
    const planned = harness.db
      .prepare("SELECT COUNT(*) FROM channel_posts")
      .pluck()
      .get() as number;
    expect((await harness.bot.runText(ctx("alice"), "help"))[0]!.title).toBe("Studybot help");
    expect(planned).toBeLessThan(200);
    expect((await tick).planned).toBe(200);
  });

  it("posts a thousand due channels in one tick", async () => {
    const harness = makeBot({ now: "2026-11-28T07:00:00Z" });
    for (let i = 0; i < 1000; i++)
      await harness.bot.runText({ ...admin, channelId: `c${i}` }, "setup 09:00 UTC");
    const { scheduler, poster } = makeScheduler(harness);
    poster.failing.set("c500", { permanent: true, times: 99 });
    harness.clock.set("2026-11-28T09:00:00Z");
    const report = await scheduler.tick();
    expect(report.planned).toBe(1000);
    expect(report.sent).toBe(999);
    expect(new Set(poster.posts.map((p) => p.channel)).size).toBe(999);
  });
});

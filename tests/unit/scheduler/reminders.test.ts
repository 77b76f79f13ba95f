import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  allText,
  asked,
  ctx,
  type Harness,
  makeHarness,
  rightLetters,
  STORE_KINDS,
} from "../../helpers/bot.js";
import { makeScheduler, RecordingPoster } from "../../helpers/scheduler.js";

const DM = (name: string) => `dm-id-${name}`;

/** Ann answers one question today, so a card of hers comes due tomorrow or so. */
async function studied(h: Harness, who = "ann"): Promise<void> {
  const question = asked(await h.bot.runText(ctx(who), "quiz kms 1"));
  await h.bot.runText(ctx(who), rightLetters(h.bot, question));
}

describe.each(STORE_KINDS)("review reminders (%s)", (kind) => {
  it("are set, shown and turned off; refused kindly when the time or zone is wrong", async () => {
    const h = await makeHarness({ store: kind, now: "2026-11-28T07:00:00Z" });
    expect(allText(await h.bot.runText(ctx("ann"), "remind"))).toContain("No review reminder yet");
    expect(
      allText(await h.bot.runText(ctx("ann"), "remind 08:00 Europe/Berlin weekdays")),
    ).toContain("Reminder set: 08:00 (Europe/Berlin), weekdays");
    expect(allText(await h.bot.runText(ctx("ann"), "remind"))).toContain(
      "Next check: Mon 30 Nov, 08:00 (Europe/Berlin)",
    );
    expect(allText(await h.bot.runText(ctx("ann"), "remind 25:00 UTC"))).toContain(
      "is not a time of day",
    );
    expect(allText(await h.bot.runText(ctx("ann"), "remind 08:00 Mars/Olympus"))).toContain(
      "is not a time zone I know",
    );
    expect(allText(await h.bot.runText(ctx("ann"), "remind off"))).toContain("Reminders off");
    expect(allText(await h.bot.runText(ctx("ann"), "remind"))).toContain("No review reminder yet");
    await h.close();
  });

  it("sends a direct message at the local time only when cards are due, never twice a day", async () => {
    const h = await makeHarness({ store: kind, now: "2026-11-28T07:00:00Z" });
    const { scheduler, poster } = makeScheduler(h);
    await h.bot.runText(ctx("ann"), "remind 09:00 UTC");
    await h.bot.runText(ctx("bob"), "remind 09:00 UTC");
    await studied(h, "ann");
    // Nothing is due yet today: no reminder, for either of them.
    h.clock.set("2026-11-28T09:00:00Z");
    await scheduler.tick();
    expect(poster.posts).toEqual([]);
    // Some days later Ann's card is due; Bob never studied, so nothing is due for him.
    for (const day of ["2026-12-04", "2026-12-05"]) {
      for (const time of ["08:59", "09:00", "09:01", "15:00"]) {
        h.clock.set(`${day}T${time}:00Z`);
        await scheduler.tick();
      }
    }
    const sent = poster.posts.filter((p) => p.channel === DM("ann"));
    expect(sent).toHaveLength(2); // one each local day
    expect(poster.posts.filter((p) => p.channel === DM("bob"))).toEqual([]);
    const reminder = sent[0]!.view;
    expect(reminder.title).toMatch(/⏰ \d+ cards? due for review/);
    expect(allText([reminder])).toContain("Most at risk: **AWS KMS**");
    // Its button starts the review right there, in the DM, for the workspace Ann belongs to.
    const review = reminder.buttons!.find((b) => b.label === "Review now")!;
    const dm = ctx("ann", { channelId: DM("ann") });
    const started = await h.bot.runAction(dm, review.actionId);
    expect(started.find((v) => v.question)).toBeDefined();
    await scheduler.stop();
    await h.close();
  });

  it("pause when the member takes no direct messages, and `remind` says why", async () => {
    const h = await makeHarness({ store: kind, now: "2026-11-28T07:00:00Z" });
    const { scheduler, poster } = makeScheduler(h);
    await studied(h, "ann");
    await h.bot.runText(ctx("ann"), "remind 09:00 UTC");
    poster.closedDms.add("id-ann");
    // (A reminder whose day passed while nobody ticked moves on: tick the morning first.)
    h.clock.set("2026-12-05T08:00:00Z");
    await scheduler.tick();
    h.clock.set("2026-12-05T09:00:00Z");
    await scheduler.tick();
    expect(poster.posts).toEqual([]);
    expect(allText(await h.bot.runText(ctx("ann"), "remind"))).toContain(
      "is paused: the bot could not send you a direct message",
    );
    // Paused: the next day sends nothing, and asks nothing of the platform.
    poster.closedDms.clear();
    h.clock.set("2026-12-06T09:00:00Z");
    await scheduler.tick();
    expect(poster.posts).toEqual([]);
    // Set again, it works.
    h.clock.set("2026-12-06T09:30:00Z");
    await h.bot.runText(ctx("ann"), "remind 10:00 UTC");
    h.clock.set("2026-12-06T10:00:00Z");
    await scheduler.tick();
    expect(poster.posts.map((p) => p.channel)).toEqual([DM("ann")]);
    await scheduler.stop();
    await h.close();
  });
});

describe("review reminders and daylight saving time", () => {
  // Time is the core's and the scheduler's, the same on every store: SQLite runs it.
  it("keep the local time across both DST changes in Berlin and New York", async () => {
    for (const [zone, from, to] of [
      ["Europe/Berlin", "2026-03-27T12:00:00Z", "2026-03-31T12:00:00Z"],
      ["Europe/Berlin", "2026-10-23T12:00:00Z", "2026-10-27T12:00:00Z"],
      ["America/New_York", "2026-03-06T12:00:00Z", "2026-03-10T12:00:00Z"],
      ["America/New_York", "2026-10-30T12:00:00Z", "2026-11-03T12:00:00Z"],
    ] as const) {
      const h = await makeHarness({ now: "2026-01-01T12:00:00Z" });
      await studied(h, "ann");
      h.clock.set(from);
      const { scheduler, poster } = makeScheduler(h);
      await h.bot.runText(ctx("ann"), `remind 02:30 ${zone}`);
      const local: string[] = [];
      for (let t = Date.parse(from); t <= Date.parse(to); t += 10 * 60_000) {
        h.clock.set(new Date(t).toISOString());
        const before = poster.posts.length;
        await scheduler.tick();
        if (poster.posts.length > before) {
          local.push(
            new Intl.DateTimeFormat("en-CA", {
              timeZone: zone,
              dateStyle: "short",
              timeStyle: "short",
              hourCycle: "h23",
            }).format(new Date(t)),
          );
        }
      }
      // One a local day, every day, at 02:30; on the night 02:30 does not exist, within the
      // hour the clocks skip (as the daily question does).
      const days = local.map((l) => l.slice(0, 10));
      expect(new Set(days).size).toBe(days.length);
      expect(days.length).toBeGreaterThanOrEqual(4);
      const times = local.map((l) => l.slice(12));
      expect(times.filter((t) => t !== "02:30").length).toBeLessThanOrEqual(1);
      for (const t of times) expect(t).toMatch(/^0(2:30|3:[03]0)$/);
      await scheduler.stop();
      await h.close();
    }
  });
});

describe("review reminders across restarts and processes", () => {
  it("go out once a local day with two processes ticking together and one restarted", async () => {
    const dbPath = join(mkdtempSync(join(tmpdir(), "studybot-remind-")), "r.db");
    const a = await makeHarness({ dbPath, now: "2026-11-28T07:00:00Z" });
    await studied(a, "ann");
    await a.bot.runText(ctx("ann"), "remind 09:00 UTC");
    const b = await makeHarness({ dbPath, now: "2026-11-28T07:00:00Z" });
    const pa = new RecordingPoster();
    const pb = new RecordingPoster();
    const sa = makeScheduler(a, pa, "a").scheduler;
    const sb = makeScheduler(b, pb, "b").scheduler;
    for (const day of ["2026-12-05", "2026-12-06"]) {
      for (const time of ["08:00", "09:00"]) {
        for (const h of [a, b]) h.clock.set(`${day}T${time}:00Z`);
        await Promise.all([sa.tick(), sb.tick()]);
      }
    }
    // Process a restarts: a new one on the same file, at a minute it has already seen.
    await sa.stop(0);
    const a2 = await makeHarness({ dbPath, now: "2026-12-06T09:00:30Z" });
    const pa2 = new RecordingPoster();
    const sa2 = makeScheduler(a2, pa2, "a2").scheduler;
    await a2.bot.committed();
    await b.store.committed();
    await sa2.tick();
    const all = [...pa.posts, ...pb.posts, ...pa2.posts].filter((p) => p.channel === DM("ann"));
    expect(all).toHaveLength(2);
    expect(
      await a2.column("SELECT COUNT(*) FROM outbox WHERE kind = 'notice' AND state = 'sent'"),
    ).toEqual([2]);
    await sb.stop();
    await sa2.stop();
    for (const h of [a, b, a2]) await h.close();
  });
});

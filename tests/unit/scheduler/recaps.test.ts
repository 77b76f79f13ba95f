import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  allText,
  ctx,
  type Harness,
  makeHarness,
  rightLetters,
  STORE_KINDS,
} from "../../helpers/bot.js";
import { makeScheduler, RecordingPoster } from "../../helpers/scheduler.js";

const admin = ctx("boss", { isAdmin: true });
const recaps = (poster: RecordingPoster) =>
  poster.posts.filter((p) => p.view.title?.startsWith("📅 The week in review"));

/** A week of the daily question: posted each morning, answered by ann (right) and bob (wrong). */
async function week(
  h: Harness,
  scheduler: { tick(): Promise<unknown> },
  poster: RecordingPoster,
  days: string[],
) {
  for (const day of days) {
    // (A slot whose day passed unticked moves on: tick the morning first.)
    h.clock.set(`${day}T08:00:00Z`);
    await scheduler.tick();
    h.clock.set(`${day}T09:00:00Z`);
    await scheduler.tick();
    const question = poster.questions().at(-1)!.view;
    await h.bot.runText(ctx("ann"), `daily ${rightLetters(h.bot, question).replace(/ /g, "")}`);
    await h.bot.runText(ctx("bob"), "team join Owls");
  }
}

describe.each(STORE_KINDS)("the weekly recap (%s)", (kind) => {
  it("goes out on Mondays at the schedule's time by default, with the week's numbers, once", async () => {
    // Sunday 22 Nov 2026.
    const h = await makeHarness({ store: kind, now: "2026-11-22T08:00:00Z" });
    await h.bot.runText(admin, "setup 09:00 UTC");
    const { scheduler, poster } = makeScheduler(h);
    await scheduler.tick(); // plans the first recap: Monday 23 Nov, 09:00
    await week(h, scheduler, poster, ["2026-11-24", "2026-11-25", "2026-11-26"]);
    expect(recaps(poster)).toEqual([]);
    h.clock.set("2026-11-30T08:59:00Z");
    await scheduler.tick();
    expect(recaps(poster)).toEqual([]);
    h.clock.set("2026-11-30T09:00:00Z");
    await scheduler.tick();
    await scheduler.tick();
    h.clock.set("2026-11-30T09:05:00Z");
    await scheduler.tick();
    const [recap] = recaps(poster);
    expect(recaps(poster)).toHaveLength(1);
    expect(recap!.channel).toBe("general");
    const text = allText([recap!.view]);
    expect(text).toContain("The week in review: 23 Nov 2026 to 29 Nov 2026");
    expect(text).toMatch(/Top three[\s\S]*🥇 ann: \d+ pts/);
    expect(text).toMatch(/Most improved[\s\S]*ann: \+\d+ pts/);
    expect(text).toMatch(/3 questions, 3 answers from 1 member/);
    expect(text).toContain("Known least here");
    expect(recap!.view.buttons?.[0]?.label).toMatch(/^Quiz me on /);
    await scheduler.stop();
    await h.close();
  });

  it("takes the admin's day and time, and stops when turned off", async () => {
    const h = await makeHarness({ store: kind, now: "2026-11-22T08:00:00Z" });
    await h.bot.runText(admin, "setup 09:00 Europe/Berlin");
    expect(allText(await h.bot.runText(ctx("ann"), "setup recap fri 17:00"))).toContain(
      "Only workspace admins",
    );
    expect(allText(await h.bot.runText(admin, "setup recap fri 17:00"))).toContain(
      "the next one Fri 27 Nov, 17:00 (Europe/Berlin)",
    );
    const { scheduler, poster } = makeScheduler(h);
    h.clock.set("2026-11-27T16:00:00Z"); // 17:00 in Berlin
    await scheduler.tick();
    expect(recaps(poster)).toHaveLength(1);
    expect(allText(await h.bot.runText(admin, "recap off"))).toContain("No more weekly recaps");
    h.clock.set("2026-12-04T16:00:00Z");
    await scheduler.tick();
    expect(recaps(poster)).toHaveLength(1);
    // A channel without a daily question has no recap to set.
    expect(
      allText(
        await h.bot.runText(ctx("boss", { isAdmin: true, channelId: "random" }), "setup recap mon"),
      ),
    ).toContain("this channel has none");
    await scheduler.stop();
    await h.close();
  });
});

describe("the weekly recap across a restart and two processes", () => {
  it("goes out once", async () => {
    const dbPath = join(mkdtempSync(join(tmpdir(), "studybot-recap-")), "r.db");
    const a = await makeHarness({ dbPath, now: "2026-11-22T08:00:00Z" });
    await a.bot.runText(admin, "setup 09:00 UTC");
    const b = await makeHarness({ dbPath, now: "2026-11-22T08:00:00Z" });
    const sa = makeScheduler(a, new RecordingPoster(), "a");
    const sb = makeScheduler(b, new RecordingPoster(), "b");
    await Promise.all([sa.scheduler.tick(), sb.scheduler.tick()]);
    for (const h of [a, b]) h.clock.set("2026-11-23T09:00:00Z");
    await Promise.all([sa.scheduler.tick(), sb.scheduler.tick()]);
    await sa.scheduler.stop(0);
    const a2 = await makeHarness({ dbPath, now: "2026-11-23T09:01:00Z" });
    const sa2 = makeScheduler(a2, new RecordingPoster(), "a2");
    await sa2.scheduler.tick();
    expect(
      [sa.poster, sb.poster, sa2.poster].flatMap((p) => recaps(p)).map((p) => p.channel),
    ).toEqual(["general"]);
    await sb.scheduler.stop();
    await sa2.scheduler.stop();
    for (const h of [a, b, a2]) await h.close();
  });
});

describe("the weekly recap and daylight saving time", () => {
  // The recap's time is the channel's; time is the scheduler's, the same on every store.
  it.each([
    ["Europe/Berlin", "2026-03-23T12:00:00Z", "2026-04-07T12:00:00Z"],
    ["Europe/Berlin", "2026-10-19T12:00:00Z", "2026-11-03T12:00:00Z"],
    ["America/New_York", "2026-03-02T12:00:00Z", "2026-03-17T12:00:00Z"],
    ["America/New_York", "2026-10-26T12:00:00Z", "2026-11-10T12:00:00Z"],
  ])(
    "goes out once a week at the local time in %s across a change (from %s)",
    async (zone, from, to) => {
      const h = await makeHarness({ now: from });
      await h.bot.runText(admin, `setup 09:00 ${zone}`);
      await h.bot.runText(admin, "setup recap sun 02:30");
      const { scheduler, poster } = makeScheduler(h);
      const local: string[] = [];
      for (let t = Date.parse(from); t <= Date.parse(to); t += 15 * 60_000) {
        h.clock.set(new Date(t).toISOString());
        const before = recaps(poster).length;
        await scheduler.tick();
        if (recaps(poster).length > before)
          local.push(
            new Intl.DateTimeFormat("en-CA", {
              timeZone: zone,
              weekday: "short",
              hour: "2-digit",
              minute: "2-digit",
              hourCycle: "h23",
            }).format(new Date(t)),
          );
      }
      // Two Sundays in the range, one recap each, at 02:30 (within the skipped hour on the night
      // the clocks go forward).
      expect(local).toHaveLength(2);
      for (const l of local) expect(l).toMatch(/^Sun,? 0(2:30|3:[03]0)$/);
      await scheduler.stop();
      await h.close();
    },
  );
});

import { describe, expect, it } from "vitest";
import type { ChannelPoster } from "../../../src/core/platform.js";
import type { View } from "../../../src/core/views.js";
import { allText, ctx, makeBot } from "../../helpers/bot.js";
import { makeScheduler } from "../../helpers/scheduler.js";

const admin = ctx("admin", { isAdmin: true });

/** A channel as the platform keeps it, shared by the "processes" that post to it. */
class Channel {
  readonly messages: { key: string; view: View; ref: string }[] = [];
  add(key: string, view: View): string {
    const ref = `m${this.messages.length + 1}`;
    this.messages.push({ key, view, ref });
    return ref;
  }
  questions() {
    return this.messages.filter((m) => m.view.question);
  }
  reveals() {
    return this.messages.filter((m) => m.view.title?.startsWith("Answer"));
  }
}

/**
 * One process's platform client. `die` makes the next matching post hang for ever, as a send
 * in flight when the process is killed does; with `delivered`, the platform got it first.
 */
class ProcessPoster implements ChannelPoster {
  readonly style = {};
  readonly sent: string[] = [];
  readonly looked: string[] = [];
  die: { what: "question" | "reveal"; delivered: boolean } | undefined;
  hanging = false;
  constructor(private readonly channel: Channel) {}

  async post(_w: string, _c: string, view: View, key: string): Promise<string> {
    const what = view.question ? "question" : "reveal";
    if (this.die?.what === what) {
      const delivered = this.die.delivered;
      this.die = undefined;
      if (delivered) this.channel.add(key, view);
      this.hanging = true;
      return new Promise<string>(() => {}); // killed mid-send: never answers
    }
    this.sent.push(key);
    return this.channel.add(key, view);
  }

  async find(_w: string, _c: string, key: string): Promise<string | null> {
    this.looked.push(key);
    return this.channel.messages.find((m) => m.key === key)?.ref ?? null;
  }

  async update(): Promise<void> {}
}

async function until(predicate: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !predicate(); i++) await new Promise((r) => setTimeout(r, 5));
  if (!predicate()) throw new Error("timed out");
}

/** A harness with a 09:00 UTC schedule, and two processes' posters on one channel. */
async function twoProcesses() {
  const harness = makeBot({ now: "2026-11-28T07:00:00Z" });
  await harness.bot.runText(admin, "setup 09:00 UTC");
  const channel = new Channel();
  const first = makeScheduler(harness, new ProcessPoster(channel), "first");
  const second = makeScheduler(harness, new ProcessPoster(channel), "second");
  return { harness, channel, first, second };
}

describe("exactly once", () => {
  for (const delivered of [true, false]) {
    it(`a question whose sender died mid-send (${delivered ? "after" : "before"} the platform got it) is in the channel once`, async () => {
      const { harness, channel, first, second } = await twoProcesses();
      first.poster.die = { what: "question", delivered };
      harness.clock.set("2026-11-28T09:00:00Z");
      void first.scheduler.tick(); // the first process is killed while this send hangs
      await until(() => first.poster.hanging);

      // Inside the lease nobody else may try it; after it, the restarted process does.
      harness.clock.set("2026-11-28T09:00:20Z");
      await second.scheduler.tick();
      expect(second.poster.looked).toEqual([]);
      harness.clock.set("2026-11-28T09:01:00Z");
      await second.scheduler.tick();
      expect(second.poster.looked).toHaveLength(1);
      expect(channel.questions()).toHaveLength(1);
      expect(second.poster.sent).toHaveLength(delivered ? 0 : 1);
      const post = harness.db.prepare("SELECT state, message_ref FROM channel_posts").get();
      expect(post).toEqual({ state: "posted", message_ref: "m1" });
    });
  }

  it("a reveal survives a kill between its claim and its send, and goes out once", async () => {
    const { harness, channel, first, second } = await twoProcesses();
    harness.clock.set("2026-11-28T09:00:00Z");
    await first.scheduler.tick();
    first.poster.die = { what: "reveal", delivered: false };
    harness.clock.set("2026-11-28T21:00:00Z"); // closed: time for the reveal
    void first.scheduler.tick();
    await until(() => first.poster.hanging);

    harness.clock.set("2026-11-28T21:01:00Z");
    await second.scheduler.tick();
    expect(channel.reveals()).toHaveLength(1);
    for (const minute of ["21:02", "21:30", "23:00"]) {
      harness.clock.set(`2026-11-28T${minute}:00Z`);
      await second.scheduler.tick();
    }
    expect(channel.reveals()).toHaveLength(1);
  });

  it("a reveal the platform got before the kill is found, not sent again", async () => {
    const { harness, channel, first, second } = await twoProcesses();
    harness.clock.set("2026-11-28T09:00:00Z");
    await first.scheduler.tick();
    first.poster.die = { what: "reveal", delivered: true };
    harness.clock.set("2026-11-28T21:00:00Z");
    void first.scheduler.tick();
    await until(() => first.poster.hanging);
    harness.clock.set("2026-11-28T21:01:00Z");
    await second.scheduler.tick();
    expect(channel.reveals()).toHaveLength(1);
    expect(second.poster.sent).toEqual([]);
  });

  it("a long send keeps its lease by renewing it, so no other process takes it", async () => {
    const harness = makeBot({ now: "2026-11-28T07:00:00Z" });
    await harness.bot.runText(admin, "setup 09:00 UTC");
    const channel = new Channel();
    const leaseMs = 300; // renewed every 100 ms of real time
    const first = makeScheduler(harness, new ProcessPoster(channel), "first", { leaseMs });
    const second = makeScheduler(harness, new ProcessPoster(channel), "second", { leaseMs });
    first.poster.die = { what: "question", delivered: true }; // a send that takes very long
    harness.clock.set("2026-11-28T09:00:00.000Z");
    void first.scheduler.tick();
    await until(() => first.poster.hanging);
    harness.clock.set("2026-11-28T09:00:00.200Z");
    await new Promise((r) => setTimeout(r, 250)); // a renewal or two: the lease now ends at .500
    harness.clock.set("2026-11-28T09:00:00.400Z"); // past the first lease's end
    await second.scheduler.tick();
    expect(second.poster.looked).toEqual([]);
    expect(channel.questions()).toHaveLength(1);
    await first.scheduler.stop(10);
  });

  it("never leases more than it is sending", async () => {
    const harness = makeBot({ now: "2026-11-28T07:00:00Z" });
    for (let i = 0; i < 60; i++)
      await harness.bot.runText({ ...admin, channelId: `c${i}` }, "setup 09:00 UTC");
    const leasedWhileSending: number[] = [];
    const channel = new Channel();
    class CountingPoster extends ProcessPoster {
      override async post(w: string, c: string, view: View, key: string): Promise<string> {
        leasedWhileSending.push(
          harness.db
            .prepare("SELECT COUNT(*) FROM outbox WHERE state = 'sending'")
            .pluck()
            .get() as number,
        );
        await new Promise((r) => setTimeout(r, 1));
        return super.post(w, c, view, key);
      }
    }
    const { scheduler } = makeScheduler(harness, new CountingPoster(channel));
    harness.clock.set("2026-11-28T09:00:00Z");
    const report = await scheduler.tick();
    expect(report.sent).toBe(60);
    expect(Math.max(...leasedWhileSending)).toBeLessThanOrEqual(8); // the default concurrency
  });

  it("a planning failure leaves the schedule due: the next tick posts the day's question", async () => {
    const harness = makeBot({ now: "2026-11-28T07:00:00Z" });
    await harness.bot.runText(admin, "setup 09:00 UTC");
    const { scheduler, poster } = makeScheduler(harness);
    // A transient failure while planning (another process held the write lock too long).
    let failures = 3;
    const plan = harness.bot.planScheduledPost.bind(harness.bot);
    harness.bot.planScheduledPost = (...args) => {
      if (failures-- > 0) throw new Error("SQLITE_BUSY: database is locked");
      return plan(...args);
    };
    for (const minute of ["09:00", "09:01", "09:02"]) {
      harness.clock.set(`2026-11-28T${minute}:00Z`);
      await scheduler.tick();
    }
    expect(poster.posts).toHaveLength(0);
    const status = allText(await harness.bot.runText(admin, "status"));
    expect(status).toContain("failed 3 time(s) in a row (SQLITE_BUSY: database is locked)");

    harness.clock.set("2026-11-28T09:03:00Z");
    await scheduler.tick();
    expect(poster.questions()).toHaveLength(1);
    expect(allText(await harness.bot.runText(admin, "status"))).not.toContain("Problem");
    // And only one: the schedule moved on to tomorrow.
    harness.clock.set("2026-11-28T09:04:00Z");
    await scheduler.tick();
    expect(poster.questions()).toHaveLength(1);
  });

  it("a stop waits its grace for a send in flight, then leaves it to its lease", async () => {
    const { harness, channel, first, second } = await twoProcesses();
    first.poster.die = { what: "question", delivered: true };
    harness.clock.set("2026-11-28T09:00:00Z");
    void first.scheduler.tick();
    await until(() => first.poster.hanging);
    const started = performance.now();
    await first.scheduler.stop(50);
    expect(performance.now() - started).toBeLessThan(5000);
    expect(
      harness.db.prepare("SELECT state, leased_by FROM outbox").get(),
      "still leased: it may have gone out",
    ).toEqual({ state: "sending", leased_by: "first" });
    harness.clock.set("2026-11-28T09:01:00Z");
    await second.scheduler.tick();
    expect(channel.questions()).toHaveLength(1);
  });
});

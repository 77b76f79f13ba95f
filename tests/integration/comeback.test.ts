import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DailyScheduler } from "../../src/scheduler/daily-scheduler.js";
import { asked, ctx, type Harness, rightLetters } from "../helpers/bot.js";
import { DiscordTestbed } from "../helpers/discord-testbed.js";
import { CHANNEL_ID, type FakeDiscord, GUILD_ID, member } from "../helpers/fake-discord.js";
import type { FakeSlack } from "../helpers/fake-slack.js";
import { SlackTestbed } from "../helpers/slack-testbed.js";

const SECRET = "test-signing-secret";
const text = (m: unknown) => JSON.stringify(m ?? {});

/** Right answers by `who` on each of these UTC days (through the core, as themselves). */
async function studyOn(harness: Harness, who: Parameters<typeof ctx>[1], days: string[]) {
  for (const day of days) {
    harness.clock.set(`${day}T08:00:00Z`);
    const as = ctx("x", who);
    const question = asked(await harness.bot.runText(as, "quiz kms 1"));
    await harness.bot.runText(as, rightLetters(harness.bot, question));
  }
}

describe("seasons, the recap and streak freezes through Slack", () => {
  let fake: FakeSlack;
  let harness: Harness;
  let scheduler: DailyScheduler;
  const bed = new SlackTestbed({ signingSecret: SECRET });
  beforeAll(async () => {
    ({ fake, harness, scheduler } = await bed.start());
  });
  afterAll(() => bed.stop());

  const command = async (line: string, user = "U1") => (await bed.command(line, user)).body;

  it("shows the season, announces its winners in the channel, and lists them in the hall", async () => {
    fake.admins.add("UADMIN");
    harness.clock.set("2026-11-20T08:00:00Z");
    expect(await command("setup 09:00 UTC", "UADMIN")).toContain("Daily question set");
    const alice = {
      workspace: { platform: "slack", externalId: "T1" },
      user: { id: "U1", name: "alice" },
      channelId: "C1",
    };
    await studyOn(harness, alice, ["2026-11-21", "2026-11-22", "2026-11-23", "2026-11-24"]);
    expect(await command("leaderboard season")).toContain("until 30 Nov 2026");
    // Seven days in a row earn a freeze; a missed day spends it, and the streak goes on.
    await studyOn(harness, alice, ["2026-11-25", "2026-11-26", "2026-11-27", "2026-11-29"]);
    const stats = await command("stats");
    expect(stats).toContain("Streak freezes");
    expect(stats).toContain("0 held · 1 used");
    expect(stats).toMatch(/Streak[^\n]*8 days/);

    harness.clock.set("2026-11-30T08:00:00Z");
    await scheduler.tick(); // Monday: the recap's time is planned (09:00)
    harness.clock.set("2026-11-30T09:00:00Z");
    await scheduler.tick();
    const channel = fake.callsOf("chat.postMessage").map((c) => text(c.args));
    expect(channel.some((m) => m.includes("The week in review"))).toBe(true);
    harness.clock.set("2026-12-01T00:10:00Z");
    await scheduler.tick();
    const announcement = fake
      .callsOf("chat.postMessage")
      .map((c) => c.args as { channel: string })
      .find((m) => text(m).includes("Season over: Nov 2026"));
    expect(announcement?.channel).toBe("C1");
    expect(text(announcement)).toContain("alice");
    expect(await command("hall")).toContain("Nov 2026");
  });
});

describe("seasons and freezes through Discord", () => {
  let fake: FakeDiscord;
  let harness: Harness;
  const bed = new DiscordTestbed({});
  beforeAll(async () => {
    ({ fake, harness } = await bed.start());
  });
  afterAll(() => bed.stop());

  async function slash(name: string, options: unknown[] = []) {
    const { id } = fake.interact({
      type: 2,
      member: member("500000000000000001", "alice"),
      data: { id: "1", name, type: 1, options },
    });
    await fake.until(() => fake.callback(id) !== undefined);
    return text(fake.callback(id)!.data);
  }

  it("shows this season's standings and the freezes in /stats", async () => {
    const alice = {
      workspace: { platform: "discord", externalId: GUILD_ID },
      user: { id: "500000000000000001", name: "alice" },
      channelId: CHANNEL_ID,
    };
    await studyOn(harness, alice, ["2026-12-01", "2026-12-02"]);
    const board = await slash("leaderboard", [{ name: "period", type: 3, value: "season" }]);
    expect(board).toContain("this season (Dec 2026, until 31 Dec 2026)");
    expect(board).toMatch(/alice: \d+ pts/);
    expect(await slash("stats")).toContain("Streak freezes");
    expect(await slash("season")).toContain("Season: Dec 2026");
    expect(await slash("hall")).toContain("No season has ended here yet");
    const set = await slash("studybot", [
      {
        name: "season",
        type: 1,
        options: [
          { name: "length", type: 3, value: "weekly" },
          { name: "start", type: 3, value: "mon" },
        ],
      },
    ]);
    expect(set).toContain("Only members with the Manage Server permission"); // alice is no admin
  });
});

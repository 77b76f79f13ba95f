import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { DailyScheduler } from "../../src/scheduler/daily-scheduler.js";
import { asked, ctx, type Harness, rightLetters } from "../helpers/bot.js";
import { DiscordTestbed } from "../helpers/discord-testbed.js";
import {
  CHANNEL_ID,
  type FakeDiscord,
  GUILD_ID,
  MANAGE_GUILD,
  member,
} from "../helpers/fake-discord.js";
import type { FakeSlack } from "../helpers/fake-slack.js";
import { SlackTestbed } from "../helpers/slack-testbed.js";

const SECRET = "test-signing-secret";
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const isPng = (bytes: Buffer | undefined) => bytes?.subarray(0, 8).equals(PNG) === true;

/** Answers the daily question posted by the scheduler, then moves the clock past its close. */
async function dailyPostedAndClosed(harness: Harness, scheduler: DailyScheduler) {
  harness.clock.set("2026-11-28T10:01:00Z");
  await scheduler.tick();
  harness.clock.set("2026-11-28T22:02:00Z");
  await scheduler.tick();
}

describe("pictures on Discord", () => {
  let fake: FakeDiscord;
  let harness: Harness;
  const bed = new DiscordTestbed({});
  beforeAll(async () => {
    ({ fake, harness } = await bed.start());
  });
  afterAll(() => bed.stop());
  afterEach(() => fake.allowAttachFiles());

  async function slash(name: string, options: unknown[] = [], permissions = "0") {
    const { id, token } = fake.interact({
      type: 2,
      member: member("500000000000000001", "alice", permissions),
      data: { id: "1", name, type: 1, options },
    });
    await fake.until(() => fake.callback(id) !== undefined);
    return { data: fake.callback(id)!.data as { embeds?: { image?: unknown }[] }, token };
  }

  it("sends /stats as text at once, then adds the chart with its alt text", async () => {
    const { data, token } = await slash("stats");
    expect(JSON.stringify(data)).toContain("Stats: alice");
    await fake.until(() => fake.replyAttachments(token).length > 0);
    const [image] = fake.replyAttachments(token);
    expect(isPng(image!.bytes)).toBe(true);
    expect([image!.width, image!.height]).toEqual([1000, 700]);
    expect(image!.filename).toBe("stats.png");
    expect(image!.description).toMatch(/^Study progress of alice/);
  });

  it("attaches the leaderboard card once somebody has points", async () => {
    const empty = await slash("leaderboard");
    await new Promise((r) => setTimeout(r, 200));
    expect(fake.replyAttachments(empty.token)).toEqual([]); // nobody on the board: text only
    // Alice scores (through the core, as her Discord self).
    const alice = ctx("alice", {
      workspace: { platform: "discord", externalId: GUILD_ID },
      user: { id: "500000000000000001", name: "alice" },
      channelId: CHANNEL_ID,
    });
    const question = asked(await harness.bot.runText(alice, "quiz kms 1"));
    await harness.bot.runText(alice, rightLetters(harness.bot, question));
    const { token } = await slash("leaderboard");
    await fake.until(() => fake.replyAttachments(token).length > 0);
    const [card] = fake.replyAttachments(token);
    expect(card!.filename).toBe("leaderboard.png");
    expect(isPng(card!.bytes)).toBe(true);
    expect(card!.description).toMatch(/top 1: 1\. alice, \d+ points/);
  });

  it("keeps the text alone where the bot may not attach files, and posts reveals as text", async () => {
    fake.denyAttachFiles(CHANNEL_ID);
    const { data, token } = await slash("stats");
    expect(JSON.stringify(data)).toContain("Stats: alice");
    await new Promise((r) => setTimeout(r, 300));
    expect(fake.replyAttachments(token)).toEqual([]);

    const scheduler = bed.scheduler();
    await slash(
      "studybot",
      [
        {
          name: "setup",
          type: 1,
          options: [
            { name: "time", type: 3, value: "10:01" },
            { name: "timezone", type: 3, value: "UTC" },
          ],
        },
      ],
      MANAGE_GUILD,
    );
    await dailyPostedAndClosed(harness, scheduler);
    const posts = fake.callsTo("POST", /^\/channels\/\d+\/messages$/);
    expect(posts.map((p) => JSON.stringify(p.body))).toEqual([
      expect.stringContaining("Question of the day"),
      expect.stringContaining("Answer: question of the day"),
    ]);
    expect(fake.uploads.filter((u) => u.filename === "answers.png")).toEqual([]);

    // With Attach Files again, the next reveal carries its chart.
    fake.allowAttachFiles(CHANNEL_ID);
    harness.clock.set("2026-11-29T10:01:00Z");
    await scheduler.tick();
    harness.clock.set("2026-11-29T22:02:00Z");
    await scheduler.tick();
    await scheduler.stop();
    const reveal = fake.callsTo("POST", /^\/channels\/\d+\/messages$/).at(-1)!;
    expect(JSON.stringify(reveal.body)).toContain("attachment://answers.png");
    const chart = fake.uploads.find((u) => u.filename === "answers.png")!;
    expect(isPng(chart.bytes)).toBe(true);
    expect(chart.description).toMatch(/^How the channel answered/);
  });
});

describe("pictures on Slack", () => {
  let fake: FakeSlack;
  let harness: Harness;
  let scheduler: DailyScheduler;
  const bed = new SlackTestbed({ signingSecret: SECRET });
  beforeAll(async () => {
    ({ fake, harness, scheduler } = await bed.start());
  });
  afterAll(() => bed.stop());
  afterEach(() => fake.grantScope("files:write"));

  const command = (line: string, user = "U1") => bed.command(line, user);
  const followUps = (id: string) =>
    bed.followUps(id) as { response_type?: string; blocks?: unknown }[];

  it("sends stats as text, then the chart as an image block of an uploaded file with alt text", async () => {
    const { body, responseId } = await command("stats");
    expect(body).toContain("Stats: alice");
    await fake.until(() => followUps(responseId).length > 0);
    const [picture] = followUps(responseId);
    expect(picture!.response_type).toBe("ephemeral");
    const [file] = fake.filesShownBy(picture!.blocks);
    expect(isPng(file!.bytes)).toBe(true);
    expect(file!.altText).toMatch(/^Study progress of alice/);
    expect(JSON.stringify(picture!.blocks)).toContain('"alt_text":"Study progress of alice');
  });

  it("attaches the leaderboard card, and a reveal's chart in the channel post itself", async () => {
    fake.admins.add("UADMIN");
    await command("setup 10:01 UTC", "UADMIN");
    const alice = {
      workspace: { platform: "slack", externalId: "T1" },
      user: { id: "U1", name: "alice" },
      channelId: "C1",
      isAdmin: false,
    };
    const question = asked(await harness.bot.runText(alice, "quiz kms 1"));
    await harness.bot.runText(alice, rightLetters(harness.bot, question));
    const board = await command("leaderboard");
    await fake.until(() => followUps(board.responseId).length > 0);
    const [card] = fake.filesShownBy(followUps(board.responseId)[0]!.blocks);
    expect(card!.filename).toBe("leaderboard.png");
    expect(isPng(card!.bytes)).toBe(true);
    // The daily question, then its reveal, whose chart rides in the same message.
    await dailyPostedAndClosed(harness, scheduler);
    const reveal = fake
      .callsOf("chat.postMessage")
      .map((c) => c.args)
      .find((m) => JSON.stringify(m).includes("Answer: question of the day"))!;
    const [chart] = fake.filesShownBy(reveal.blocks);
    expect(chart!.filename).toBe("answers.png");
    expect(chart!.altText).toMatch(/^How the channel answered/);
  });

  it("keeps the text alone without files:write: no error, no picture", async () => {
    fake.removeScope("files:write");
    const { body, responseId } = await command("stats");
    expect(body).toContain("Stats: alice");
    await new Promise((r) => setTimeout(r, 300));
    expect(followUps(responseId)).toEqual([]);
  });
});

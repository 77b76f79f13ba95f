import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { checkHealth } from "../../src/app/health.js";
import { Metrics } from "../../src/app/metrics.js";
import { ctx, MINI_DECK, makeBot } from "../helpers/bot.js";
import { logLine, startStudybot } from "../helpers/child.js";
import { CHANNEL_ID, FakeDiscord, GUILD_ID, shardOfGuild } from "../helpers/fake-discord.js";
import { makeScheduler } from "../helpers/scheduler.js";
import {
  SHARD_1_CHANNEL_ID,
  SHARD_1_GUILD_ID,
  ShardedDiscordTestbed,
} from "../helpers/sharded-discord.js";

const LOOKUP = [{ name: "term", type: 3, value: "ddos" }];

/** The IDENTIFYs' `shard` pairs in id order: shards may identify in any order. */
function identified(fake: FakeDiscord): [number, number][] {
  return [...fake.identifies].sort((a, b) => a[0] - b[0]);
}

it("the test servers sit on different shards of 2", () => {
  expect(shardOfGuild(GUILD_ID, 2)).toBe(0);
  expect(shardOfGuild(SHARD_1_GUILD_ID, 2)).toBe(1);
  expect(shardOfGuild(SHARD_1_GUILD_ID, 1)).toBe(0);
});

describe.each([
  ["auto", "the count Discord recommends"],
  ["2", "a fixed count"],
])("DISCORD_SHARDS=%s (%s), against a fake Discord recommending 2", (shards) => {
  const bed = new ShardedDiscordTestbed();
  beforeAll(async () => {
    await bed.start({ DISCORD_SHARDS: shards });
  });
  afterAll(() => bed.stop());

  it("opens one gateway connection per shard, identifying as [0, 2] and [1, 2]", () => {
    expect(identified(bed.fake)).toEqual([
      [0, 2],
      [1, 2],
    ]);
    expect(bed.fake.connectedShards()).toEqual([0, 1]);
  });

  it("answers a slash command in a server on shard 0 and in one on shard 1", async () => {
    const onShard0 = await bed.slash(GUILD_ID, CHANNEL_ID, "lookup", LOOKUP);
    const onShard1 = await bed.slash(SHARD_1_GUILD_ID, SHARD_1_CHANNEL_ID, "lookup", LOOKUP);
    for (const callback of [onShard0, onShard1]) {
      expect(callback.type).toBe(4);
      expect(JSON.stringify(callback.data)).toContain("AWS Shield");
    }
  });

  it("reports each shard to /healthz as its own entry", () => {
    expect(bed.health()).toEqual({ "discord shard 0": true, "discord shard 1": true });
  });
});

describe("DISCORD_SHARDS=auto follows what GET /gateway/bot recommends", () => {
  const bed = new ShardedDiscordTestbed();
  afterAll(() => bed.stop());

  it("runs 3 shards when Discord recommends 3", async () => {
    bed.fake.recommendedShards = 3;
    bed.fake.maxConcurrency = 3;
    await bed.start({ DISCORD_SHARDS: "auto" });
    expect(identified(bed.fake)).toEqual([
      [0, 3],
      [1, 3],
      [2, 3],
    ]);
    expect(Object.keys(bed.health()).sort()).toEqual([
      "discord shard 0",
      "discord shard 1",
      "discord shard 2",
    ]);
    // Servers are placed by the count in use: both are answered on their shards of 3.
    expect(shardOfGuild(GUILD_ID, 3)).not.toBe(shardOfGuild(SHARD_1_GUILD_ID, 3));
    for (const [guild, channel] of [
      [GUILD_ID, CHANNEL_ID],
      [SHARD_1_GUILD_ID, SHARD_1_CHANNEL_ID],
    ] as const) {
      const callback = await bed.slash(guild, channel, "lookup", LOOKUP);
      expect(JSON.stringify(callback.data)).toContain("AWS Shield");
    }
  });
});

describe("DISCORD_SHARDS=2 with DISCORD_SHARD_IDS=1: this process runs shard 1 only", () => {
  const bed = new ShardedDiscordTestbed();
  beforeAll(async () => {
    await bed.start({ DISCORD_SHARDS: "2", DISCORD_SHARD_IDS: "1" });
  });
  afterAll(() => bed.stop());

  it("identifies as [1, 2] alone, serves that shard's servers and reports that shard only", async () => {
    expect(bed.fake.identifies).toEqual([[1, 2]]);
    expect(bed.fake.connectedShards()).toEqual([1]);
    const callback = await bed.slash(SHARD_1_GUILD_ID, SHARD_1_CHANNEL_ID, "lookup", LOOKUP);
    expect(JSON.stringify(callback.data)).toContain("AWS Shield");
    expect(bed.health()).toEqual({ "discord shard 1": true });
  });
});

describe("identify rate limit: Discord's default max_concurrency of 1", () => {
  const bed = new ShardedDiscordTestbed();
  afterAll(() => bed.stop());

  it("still connects both shards, identifying them one after the other", async () => {
    bed.fake.maxConcurrency = 1; // discord.js then waits about 5 s between the two IDENTIFYs
    await bed.start({ DISCORD_SHARDS: "auto" });
    expect(bed.fake.identifies).toEqual([
      [0, 2],
      [1, 2],
    ]);
    expect(bed.health()).toEqual({ "discord shard 0": true, "discord shard 1": true });
  }, 30_000);
});

describe("a shard that drops", () => {
  const bed = new ShardedDiscordTestbed();
  beforeAll(async () => {
    await bed.start({ DISCORD_SHARDS: "2" });
  });
  afterAll(() => bed.stop());

  it("shows as not connected, alone, until discord.js has identified it anew", async () => {
    const metrics = new Metrics({
      databaseBytes: async () => 0,
      lastTickAt: () => new Date(),
      now: () => new Date(),
      platforms: () => bed.platforms.adapters,
    });
    const gauge = async (shard: number) =>
      new RegExp(`studybot_platform_connected\\{platform="discord",shard="${shard}"\\} (\\d)`).exec(
        await metrics.registry.metrics(),
      )?.[1];
    // What /healthz answers: the real check, over the adapters list startPlatforms made.
    const health = () =>
      checkHealth({
        database: async () => ({ ok: true, detail: "writable" }),
        adapters: bed.platforms.adapters,
        now: () => new Date(),
      });
    expect((await health()).ok).toBe(true);
    expect([await gauge(0), await gauge(1)]).toEqual(["1", "1"]);

    // Shard 1's gateway node goes away; its new session gets no READY until we say so.
    bed.fake.holdReady(1);
    bed.fake.closeShard(1);
    await bed.fake.until(() => bed.health()["discord shard 1"] === false);
    expect(bed.health()).toEqual({ "discord shard 0": true, "discord shard 1": false });
    const down = await health();
    expect(down.ok).toBe(false);
    expect(down.checks["discord shard 1"]).toEqual({ ok: false, detail: "not connected" });
    expect(down.checks["discord shard 0"]).toEqual({ ok: true, detail: "connected" });

    // discord.js tries to RESUME (refused: op 9, not resumable), then IDENTIFYs shard 1 again,
    // after its identify throttle: a few seconds.
    await bed.fake.until(() => bed.fake.identifies.length === 3, 15_000);
    expect(bed.fake.resumes).toEqual([1]);
    expect(bed.fake.identifies[2]).toEqual([1, 2]);
    expect(bed.health()["discord shard 1"]).toBe(false);
    expect([await gauge(0), await gauge(1)]).toEqual(["1", "0"]);

    bed.fake.releaseReady(1);
    await bed.fake.until(() => bed.health()["discord shard 1"] === true);
    expect((await health()).ok).toBe(true);
    expect(await gauge(1)).toBe("1");
    // And its servers are served again.
    const callback = await bed.slash(SHARD_1_GUILD_ID, SHARD_1_CHANNEL_ID, "lookup", LOOKUP);
    expect(JSON.stringify(callback.data)).toContain("AWS Shield");
  }, 30_000);
});

describe("the daily question with two shards in one process", () => {
  const bed = new ShardedDiscordTestbed({ now: "2026-11-28T08:00:00Z" });
  beforeAll(async () => {
    await bed.start({ DISCORD_SHARDS: "2" });
  });
  afterAll(() => bed.stop());

  it("goes out once: one poster for every shard, one scheduler", async () => {
    const setup = await bed.slash(SHARD_1_GUILD_ID, SHARD_1_CHANNEL_ID, "studybot", [
      {
        name: "setup",
        type: 1,
        options: [
          { name: "channel", type: 7, value: SHARD_1_CHANNEL_ID },
          { name: "time", type: 3, value: "09:00" },
          { name: "timezone", type: 3, value: "UTC" },
        ],
      },
    ]);
    expect(JSON.stringify(setup.data)).toContain("Daily question set");
    expect([...bed.platforms.posters.keys()]).toEqual(["discord"]);

    const { scheduler } = makeScheduler(bed.harness, bed.platforms.posters.get("discord")!, "one", {
      platform: "discord",
    });
    bed.harness.clock.set("2026-11-28T09:00:30Z");
    for (let tick = 0; tick < 3; tick++) await scheduler.tick();
    await scheduler.stop();

    const posts = bed.fake.callsTo(
      "POST",
      new RegExp(`^/channels/${SHARD_1_CHANNEL_ID}/messages$`),
    );
    expect(posts).toHaveLength(1);
    expect(posts[0]!.body).toMatchObject({ enforce_nonce: true });
    expect(JSON.stringify(posts[0]!.body)).toContain("Question of the day");
  });
});

describe("studybot serve with DISCORD_SHARDS=2", () => {
  let fake: FakeDiscord | undefined;
  afterEach(() => fake?.stop());

  it("runs both shards in one process, reports each on /healthz, and posts a due question once", async () => {
    fake = new FakeDiscord().addGuild(SHARD_1_GUILD_ID, SHARD_1_CHANNEL_ID, "Night School");
    fake.maxConcurrency = 2;
    await fake.start();
    const dbPath = join(mkdtempSync(join(tmpdir(), "studybot-shards-")), "s.db");
    // A question due at 00:00 UTC today: serve's first tick (the catch-up) sends it.
    const today = new Date().toISOString().slice(0, 10);
    const justBefore = new Date(Date.parse(`${today}T00:00:00Z`) - 1000).toISOString();
    const seed = makeBot({ dbPath, now: justBefore });
    const admin = ctx("admin", {
      isAdmin: true,
      workspace: { platform: "discord", externalId: SHARD_1_GUILD_ID },
      channelId: SHARD_1_CHANNEL_ID,
    });
    await seed.bot.runText(admin, "setup 00:00 UTC");
    seed.db.close();

    const bot = startStudybot({
      DATABASE_PATH: dbPath,
      CONTENT_DIR: MINI_DECK,
      DISCORD_TOKEN: "discord-shards-serve-token",
      DISCORD_API_URL: fake.apiUrl,
      DISCORD_SHARDS: "2",
    });
    try {
      const started = fake;
      await started.until(() => started.messagesIn(SHARD_1_CHANNEL_ID).length > 0, 15_000);
      expect(identified(started)).toEqual([
        [0, 2],
        [1, 2],
      ]);
      expect(logLine(bot.output, "discord shards ready")).toMatchObject({
        shards: [0, 1],
        shardCount: 2,
      });
      const port = logLine(bot.output, "health and metrics listening")?.port;
      const response = await fetch(`http://127.0.0.1:${String(port)}/healthz`);
      const report = (await response.json()) as { checks: Record<string, { ok: boolean }> };
      expect(report.checks).toMatchObject({
        "discord shard 0": { ok: true },
        "discord shard 1": { ok: true },
      });
      expect(report.checks.discord).toBeUndefined();
    } finally {
      bot.child.kill("SIGTERM");
    }
    expect(await bot.exited).toBe(0);
    const posts = fake.callsTo("POST", new RegExp(`^/channels/${SHARD_1_CHANNEL_ID}/messages$`));
    expect(posts).toHaveLength(1);
  }, 30_000);
});

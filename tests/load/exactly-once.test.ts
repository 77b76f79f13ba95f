import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openDatabase } from "../../src/store/open.js";
import { CHANNEL_ID, FakeDiscord, GUILD_ID } from "../helpers/fake-discord.js";
import { FakeSlack } from "../helpers/fake-slack.js";
import { botsKilledAfterEach, freePort, prepareDueSchedule, until } from "./bot-process.js";

/**
 * The day's question goes out exactly once when the bot dies or is stopped in the middle of a
 * slow send: the platform holds the channel POST open (it took effect on arrival), the bot is
 * killed (or sent SIGTERM) two seconds in and restarted. The restart waits out the lease (30 s),
 * then finds the message (Slack: metadata in the channel's history) or sends it again with the
 * same key (Discord: the nonce returns the first message). The bot runs as its own process.
 */

const HOLD_MS = 10_000;
const SLOW_STOP_HOLD_MS = 14_000;

/** Starts a bot, killed after the test if still running. */
const bot = botsKilledAfterEach();

function tempDb(): string {
  return join(mkdtempSync(join(tmpdir(), "studybot-once-")), "once.db");
}

/** The day's post as the database has it, read by a connection of the test's own. */
function postState(dbPath: string): { state: string; message_ref: string | null } | undefined {
  const db = openDatabase(dbPath);
  try {
    return db.prepare("SELECT state, message_ref FROM channel_posts").get() as
      | { state: string; message_ref: string | null }
      | undefined;
  } finally {
    db.close();
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Platform {
  env(dbPath: string): Record<string, string>;
  prepare(dbPath: string): void;
  /** Channel POSTs the platform received so far (answered or not). */
  sends(): number;
  /** The questions of the day in the channel now. */
  questions(): { ref: string }[];
  hold(ms: number): void;
  stop(): Promise<void>;
}

async function discord(): Promise<Platform> {
  const fake = await new FakeDiscord().start();
  return {
    env: (dbPath) => ({
      DATABASE_PATH: dbPath,
      CONTENT_DIR: "content",
      DISCORD_TOKEN: "once",
      DISCORD_API_URL: fake.apiUrl,
      OPS_HTTP: "off",
    }),
    prepare: (dbPath) => prepareDueSchedule(dbPath, "discord", GUILD_ID, CHANNEL_ID),
    sends: () => fake.callsTo("POST", /^\/channels\/\d+\/messages$/).length,
    questions: () =>
      fake
        .messagesIn(CHANNEL_ID)
        .filter((m) => JSON.stringify(m).includes("Question of the day"))
        .map((m) => ({ ref: String(m.id) })),
    hold: (ms) => {
      fake.holdMs = ms;
    },
    stop: () => fake.stop(),
  };
}

async function slack(): Promise<Platform> {
  const fake = await new FakeSlack().start();
  return {
    env: (dbPath) => ({
      DATABASE_PATH: dbPath,
      CONTENT_DIR: "content",
      SLACK_BOT_TOKEN: "xoxb-once",
      SLACK_SIGNING_SECRET: "once-secret",
      SLACK_API_URL: fake.apiUrl,
      PORT: String(freePort()),
    }),
    prepare: (dbPath) => prepareDueSchedule(dbPath, "slack", "T1", "C1"),
    sends: () => fake.callsOf("chat.postMessage").length,
    questions: () =>
      fake
        .messagesIn("C1")
        .filter((m) => JSON.stringify(m.blocks).includes("Question of the day"))
        .map((m) => ({ ref: m.ts })),
    hold: (ms) => fake.delay("chat.postMessage", ms),
    stop: () => fake.stop(),
  };
}

for (const [name, makePlatform] of [
  ["Discord", discord],
  ["Slack", slack],
] as const) {
  describe(`${name}: the day's question is posted exactly once`, () => {
    it("when the bot is killed with kill -9 two seconds into a slow send, then restarted", async () => {
      const platform = await makePlatform();
      try {
        const dbPath = tempDb();
        platform.prepare(dbPath);
        platform.hold(HOLD_MS);
        const first = bot(platform.env(dbPath));
        await until(() => platform.sends() > 0);
        await sleep(2000);
        first.child.kill("SIGKILL");
        await first.exited;
        platform.hold(0);
        expect(platform.questions()).toHaveLength(1); // the platform had it before the kill
        expect(postState(dbPath)?.state).toBe("claimed"); // ...but the bot never heard back

        const second = bot(platform.env(dbPath));
        await until(() => postState(dbPath)?.state === "posted", 90_000);
        second.child.kill("SIGTERM");
        expect(await second.exited).toBe(0);
        const questions = platform.questions();
        expect(questions).toHaveLength(1);
        expect(postState(dbPath)?.message_ref).toBe(questions[0]!.ref);
      } finally {
        await platform.stop();
      }
    });

    it("when a SIGTERM comes two seconds into a send slower than the grace period: exit 0, one post", async () => {
      const platform = await makePlatform();
      try {
        const dbPath = tempDb();
        platform.prepare(dbPath);
        platform.hold(SLOW_STOP_HOLD_MS);
        const first = bot(platform.env(dbPath));
        await until(() => platform.sends() > 0);
        await sleep(2000);
        const stopping = performance.now();
        first.child.kill("SIGTERM");
        expect(await first.exited).toBe(0);
        expect(performance.now() - stopping).toBeLessThan(10_000); // inside Docker's default
        platform.hold(0);

        const second = bot(platform.env(dbPath));
        await until(() => postState(dbPath)?.state === "posted", 90_000);
        second.child.kill("SIGTERM");
        expect(await second.exited).toBe(0);
        expect(platform.questions()).toHaveLength(1);
      } finally {
        await platform.stop();
      }
    });
  });
}

describe("two bot processes on one database", () => {
  it("post a due schedule's question once", async () => {
    const platform = await slack();
    try {
      const dbPath = tempDb();
      platform.prepare(dbPath);
      const [a, b] = [bot(platform.env(dbPath)), bot(platform.env(dbPath))];
      await until(() => postState(dbPath)?.state === "posted", 30_000);
      await sleep(3000); // time for the other process's catch-up tick to have done its worst
      a.child.kill("SIGTERM");
      b.child.kill("SIGTERM");
      expect([await a.exited, await b.exited]).toEqual([0, 0]);
      expect(platform.questions()).toHaveLength(1);
      expect(platform.sends()).toBe(1);
    } finally {
      await platform.stop();
    }
  });
});

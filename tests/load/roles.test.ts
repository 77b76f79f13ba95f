import { afterEach, describe, expect, it } from "vitest";
import { loadLibrary } from "../../src/content/load.js";
import { eventually, STORE_KINDS } from "../helpers/bot.js";
import { CHANNEL_ID, FakeDiscord, GUILD_ID } from "../helpers/fake-discord.js";
import { FakeSlack } from "../helpers/fake-slack.js";
import { botsKilledAfterEach, freePort, until } from "./bot-process.js";
import {
  addClosedQuestion,
  addDueSchedule,
  type SharedDatabase,
  sharedDatabase,
} from "./shared-database.js";

/**
 * Process roles (issue 15, item 3): three bot processes share one database, each with its own
 * mix of roles, and a Discord channel and a Slack channel each get their day's question once
 * and yesterday's reveal once, although every process runs a scheduler and races for them.
 * - "discord": serves Discord (gateway), posts to Slack without serving it;
 * - "slack": serves Slack (HTTP), posts to Discord through REST only;
 * - "scheduler": serves nothing (PLATFORMS=none), posts to both.
 * Discord holds its channel POSTs open for 10 s; the process that leased the Discord question
 * is killed with kill -9 two seconds into that send. Another process takes the message over
 * once the lease runs out (30 s), and Discord's nonce returns the first message instead of a
 * second. On SQLite (one file on one host) and on PostgreSQL.
 */

const HOLD_MS = 10_000;

/** Starts a bot, killed after the test if still running. */
const startTracked = botsKilledAfterEach();

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A question of the real deck with four options, for yesterday's closed post. */
const question = loadLibrary("content").questions.find((q) => q.options.length === 4)!;

describe.each(STORE_KINDS)("three processes with different roles on one %s database", (kind) => {
  let db: SharedDatabase | undefined;
  afterEach(async () => {
    await db?.close();
    db = undefined;
  });

  it("post each channel's question once and each reveal once, with one of them killed mid-send", async () => {
    const discord = await new FakeDiscord().start();
    const slack = await new FakeSlack().start();
    try {
      db = await sharedDatabase(kind);
      const discordWs = await addDueSchedule(db, "discord", GUILD_ID, CHANNEL_ID);
      const slackWs = await addDueSchedule(db, "slack", "T1", "C1");
      await addClosedQuestion(db, discordWs, CHANNEL_ID, question);
      await addClosedQuestion(db, slackWs, "C1", question);
      discord.holdMs = HOLD_MS;

      const common = {
        ...db.env,
        CONTENT_DIR: "content",
        DISCORD_TOKEN: "roles",
        DISCORD_API_URL: discord.apiUrl,
        SLACK_BOT_TOKEN: "xoxb-roles",
        SLACK_SIGNING_SECRET: "roles-secret",
        SLACK_API_URL: slack.apiUrl,
        OPS_HTTP: "off",
      };
      const roles = {
        discord: { PLATFORMS: "discord" },
        slack: { PLATFORMS: "slack", PORT: String(freePort()) },
        scheduler: { PLATFORMS: "none" },
      };
      const bots = Object.entries(roles).map(([role, env]) => {
        return { role, bot: startTracked({ ...common, ...env }) };
      });

      // The Discord question's send is under way: find who holds its lease, and kill it.
      const holder = async () =>
        (
          await db!.rows<{ leased_by: string }>(
            `SELECT o.leased_by FROM outbox o JOIN workspaces w ON w.id = o.workspace_id
             WHERE w.platform = 'discord' AND o.kind = 'question' AND o.state = 'sending'`,
          )
        )[0]?.leased_by;
      await until(() => discord.callsTo("POST", /^\/channels\/\d+\/messages$/).length > 0);
      let leasedBy: string | undefined;
      await eventually(async () => {
        leasedBy = await holder();
        return leasedBy !== undefined;
      }, 30_000);
      const pid = Number(leasedBy!.split(":").at(-1));
      const victim = bots.find((b) => b.bot.child.pid === pid);
      expect(victim, `the lease holder ${leasedBy} is one of the three`).toBeDefined();
      await sleep(2000);
      victim!.bot.child.kill("SIGKILL");
      await victim!.bot.exited;
      discord.holdMs = 0;

      const posted = async () =>
        (await db!.rows<{ n: number }>("SELECT COUNT(*) AS n FROM outbox WHERE state = 'sent'"))[0]!
          .n;
      let sent = 0;
      await until(() => {
        void posted().then((n) => {
          sent = Number(n);
        });
        return sent === 4;
      }, 120_000);
      await sleep(3000); // time for every surviving scheduler to have done its worst

      const discordMessages = discord.messagesIn(CHANNEL_ID).map((m) => JSON.stringify(m));
      const slackMessages = slack.messagesIn("C1").map((m) => JSON.stringify(m.blocks));
      for (const messages of [discordMessages, slackMessages]) {
        expect(messages.filter((m) => m.includes("Question of the day"))).toHaveLength(1);
        expect(messages.filter((m) => m.includes("Answer: question of the day"))).toHaveLength(1);
        expect(messages).toHaveLength(2);
      }
      // The killed process's lease ran out and another process finished its send.
      const [resent] = await db.rows<{ state: string; leased_by: string | null; tries: number }>(
        `SELECT o.state, o.leased_by, o.tries FROM outbox o JOIN workspaces w ON w.id = o.workspace_id
         WHERE w.platform = 'discord' AND o.kind = 'question'`,
      );
      expect(resent).toMatchObject({ state: "sent", leased_by: null });
      expect(Number(resent!.tries)).toBe(2);

      for (const { bot } of bots.filter((b) => b !== victim)) bot.child.kill("SIGTERM");
      for (const { bot } of bots.filter((b) => b !== victim)) expect(await bot.exited).toBe(0);
    } finally {
      await discord.stop();
      await slack.stop();
    }
  });
});

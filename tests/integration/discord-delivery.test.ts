import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DiscordAdapter } from "../../src/adapters/discord/discord-app.js";
import { messageKey } from "../../src/core/platform.js";
import { ctx, eventually, type Harness, STORE_KINDS } from "../helpers/bot.js";
import { DiscordTestbed } from "../helpers/discord-testbed.js";
import { CHANNEL_ID, type FakeDiscord, GUILD_ID } from "../helpers/fake-discord.js";

const OTHER_GUILD = "200000000000000002";
const OTHER_CHANNEL = "300000000000000002";

describe.each(STORE_KINDS)(
  "Discord channel posts and server removal, against a fake Discord, on %s",
  (store) => {
    let fake: FakeDiscord;
    let adapter: DiscordAdapter;
    let harness: Harness;

    const bed = new DiscordTestbed({ store });
    beforeAll(async () => {
      ({ fake, adapter, harness } = await bed.start());
    });
    afterAll(() => bed.stop());

    const view = {
      ephemeral: false,
      tone: "info" as const,
      title: "Question of the day",
      text: "?",
    };

    it("sends every channel post with its key as an enforced nonce: a resend returns the first message", async () => {
      const key = messageKey(123_456_789);
      expect(key.length).toBeLessThanOrEqual(25);
      const first = await adapter.poster.post(GUILD_ID, CHANNEL_ID, view, key);
      const again = await adapter.poster.post(GUILD_ID, CHANNEL_ID, view, key);
      expect(again).toBe(first);
      expect(fake.messagesIn(CHANNEL_ID)).toHaveLength(1);
      const body = fake.callsTo("POST", /^\/channels\/\d+\/messages$/)[0]!.body;
      expect(body).toMatchObject({ nonce: key, enforce_nonce: true });
      // A different key is a different message.
      await adapter.poster.post(GUILD_ID, CHANNEL_ID, view, messageKey(2));
      expect(fake.messagesIn(CHANNEL_ID)).toHaveLength(2);
    });

    it("pauses a server's daily questions when the bot is removed, not during an outage", async () => {
      fake.joinGuild(OTHER_GUILD, OTHER_CHANNEL);
      await fake.until(() => adapter.client.guilds.cache.has(OTHER_GUILD));
      const admin = (guild: string, channel: string) =>
        ctx("admin", {
          isAdmin: true,
          workspace: { platform: "discord", externalId: guild },
          channelId: channel,
        });
      await harness.bot.runText(admin(GUILD_ID, CHANNEL_ID), "setup 09:00 UTC");
      await harness.bot.runText(admin(OTHER_GUILD, OTHER_CHANNEL), "setup 09:00 UTC");
      const paused = async (guild: string) =>
        (
          await harness.column(
            `SELECT s.paused_reason FROM channel_schedules s JOIN workspaces w ON w.id = s.workspace_id
           WHERE w.external_id = ? AND s.paused = 1`,
            guild,
          )
        )[0];

      fake.guildDelete(GUILD_ID, true); // an outage: Discord says unavailable
      await fake.until(() => adapter.client.guilds.cache.get(GUILD_ID)?.available === false);
      fake.guildDelete(OTHER_GUILD, false); // kicked from the other server
      await eventually(async () => (await paused(OTHER_GUILD)) !== undefined);
      expect(await paused(OTHER_GUILD)).toBe("Discord: removed from the server");
      expect(await paused(GUILD_ID)).toBeUndefined();
    });
  },
);

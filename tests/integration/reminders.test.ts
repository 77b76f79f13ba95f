import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DailyScheduler } from "../../src/scheduler/daily-scheduler.js";
import { asked, ctx, type Harness, rightLetters } from "../helpers/bot.js";
import { DiscordTestbed } from "../helpers/discord-testbed.js";
import { CHANNEL_ID, type FakeDiscord, GUILD_ID, member } from "../helpers/fake-discord.js";
import { type FakeSlack, sendSigned } from "../helpers/fake-slack.js";
import { SlackTestbed, slashCommandForm } from "../helpers/slack-testbed.js";

const SECRET = "test-signing-secret";
const text = (m: unknown) => JSON.stringify(m ?? {});

/** A member answers one question (through the core, as themselves), so a card comes due later. */
async function studied(harness: Harness, who: Parameters<typeof ctx>[1]) {
  const as = ctx("x", who);
  const question = asked(await harness.bot.runText(as, "quiz kms 1"));
  await harness.bot.runText(as, rightLetters(harness.bot, question));
}

describe("review reminders through discord.js, in direct messages", () => {
  let fake: FakeDiscord;
  let harness: Harness;
  let scheduler: DailyScheduler;
  const bed = new DiscordTestbed({});
  const ALICE = "500000000000000001";
  const BOB = "500000000000000002";
  beforeAll(async () => {
    ({ fake, harness } = await bed.start());
    scheduler = bed.scheduler();
  });
  afterAll(async () => {
    await scheduler.stop();
    await bed.stop();
  });

  async function slash(user: string, options: unknown[]) {
    const { id } = fake.interact({
      type: 2,
      member: member(user, user === ALICE ? "alice" : "bob"),
      data: { id: "1", name: "remind", type: 1, options },
    });
    await fake.until(() => fake.callback(id) !== undefined);
    return fake.callback(id)!.data;
  }

  const discordUser = (id: string, name: string) => ({
    workspace: { platform: "discord", externalId: GUILD_ID },
    user: { id, name },
    channelId: CHANNEL_ID,
  });

  it("sends the reminder as a DM, and its button starts the review there, for the server", async () => {
    await studied(harness, discordUser(ALICE, "alice"));
    const set = await slash(ALICE, [
      {
        name: "set",
        type: 1,
        options: [
          { name: "time", type: 3, value: "09:00" },
          { name: "timezone", type: 3, value: "Europe/Berlin" },
        ],
      },
    ]);
    expect(text(set)).toContain("Reminder set: 09:00 (Europe/Berlin), every day");
    // A week later, 09:00 in Berlin (08:00 UTC): the card is due.
    harness.clock.set("2026-12-05T07:00:00Z");
    await scheduler.tick();
    harness.clock.set("2026-12-05T08:00:00Z");
    await scheduler.tick();
    const dms = fake.directMessagesTo(ALICE);
    expect(dms).toHaveLength(1);
    expect(text(dms[0])).toMatch(/⏰ \d+ cards? due for review/);
    const button = (
      dms[0] as { components: { components: { custom_id: string; label: string }[] }[] }
    ).components
      .flatMap((r) => r.components)
      .find((c) => c.label === "Review now")!;
    // The click comes from the DM: no server, a user instead of a member.
    const { id } = fake.interact({
      type: 3,
      guild_id: undefined,
      channel_id: fake.dmChannelOf(ALICE),
      channel: { id: fake.dmChannelOf(ALICE), type: 1 },
      user: member(ALICE, "alice").user,
      member: undefined,
      context: 1,
      message: {
        id: fake.nextId(),
        channel_id: fake.dmChannelOf(ALICE),
        flags: 0,
        type: 0,
        content: "",
        author: { id: "1", username: "Studybot" },
        embeds: [],
        components: [],
        attachments: [],
        timestamp: new Date().toISOString(),
        edited_timestamp: null,
        tts: false,
        mention_everyone: false,
        mentions: [],
        mention_roles: [],
        pinned: false,
      },
      data: { custom_id: button.custom_id, component_type: 2 },
    });
    await fake.until(() => fake.callback(id) !== undefined);
    expect(text(fake.callback(id)!.data)).not.toContain("only works inside a server");
    // The review's question, counted for the server's workspace.
    const sessions = await harness.column(
      `SELECT w.external_id FROM quiz_sessions s JOIN workspaces w ON w.id = s.workspace_id
       WHERE s.mode = 'review' AND s.channel_id = ?`,
      fake.dmChannelOf(ALICE),
    );
    expect(sessions).toEqual([GUILD_ID]);
  });

  it("pauses for a member whose DMs are closed, and /remind show says why", async () => {
    await studied(harness, discordUser(BOB, "bob"));
    await slash(BOB, [
      {
        name: "set",
        type: 1,
        options: [
          { name: "time", type: 3, value: "10:00" },
          { name: "timezone", type: 3, value: "UTC" },
        ],
      },
    ]);
    fake.closedDms.add(BOB);
    // A week on, his card is due.
    harness.clock.set("2026-12-12T09:00:00Z");
    await scheduler.tick();
    harness.clock.set("2026-12-12T10:00:00Z");
    await scheduler.tick();
    expect(fake.directMessagesTo(BOB)).toEqual([]);
    const shown = await slash(BOB, [{ name: "show", type: 1 }]);
    expect(text(shown)).toContain("is paused: the bot could not send you a direct message");
  });
});

describe("review reminders through Bolt, in the app's messages tab", () => {
  let fake: FakeSlack;
  let port: number;
  let harness: Harness;
  let scheduler: DailyScheduler;
  const bed = new SlackTestbed({ signingSecret: SECRET });
  beforeAll(async () => {
    ({ fake, port, harness, scheduler } = await bed.start());
  });
  afterAll(() => bed.stop());

  it("sends the reminder to the member's DM, and Review now starts the review there", async () => {
    await studied(harness, {
      workspace: { platform: "slack", externalId: "T1" },
      user: { id: "U1", name: "alice" },
      channelId: "C1",
    });
    const set = await sendSigned(
      port,
      SECRET,
      slashCommandForm(
        "remind 09:00 UTC weekdays",
        { id: "U1", name: "alice" },
        fake.responseUrl("r1"),
      ),
    );
    expect(set.body).toContain("Reminder set: 09:00 (UTC), weekdays");
    harness.clock.set("2026-12-07T08:00:00Z"); // a Monday
    await scheduler.tick();
    harness.clock.set("2026-12-07T09:00:00Z");
    await scheduler.tick();
    expect(fake.callsOf("conversations.open").map((c) => c.args.users)).toEqual(["U1"]);
    const dm = fake.messagesIn("DU1");
    expect(dm).toHaveLength(1);
    expect(text(dm[0])).toMatch(/cards? due for review/);
    const review = (
      dm[0]!.blocks as { elements?: { action_id: string; text?: { text: string } }[] }[]
    )
      .flatMap((b) => b.elements ?? [])
      .find((e) => e.text?.text === "Review now")!;
    const payload = {
      type: "block_actions",
      user: { id: "U1", username: "alice", name: "alice", team_id: "T1" },
      team: { id: "T1", domain: "test" },
      api_app_id: "A1",
      channel: { id: "DU1", name: "directmessage" },
      container: { type: "message", is_ephemeral: false },
      trigger_id: "trigger",
      response_url: fake.responseUrl("r2"),
      actions: [
        { type: "button", action_id: review.action_id, block_id: "b", value: "x", action_ts: "1" },
      ],
      state: { values: {} },
    };
    expect((await sendSigned(port, SECRET, { payload: JSON.stringify(payload) })).status).toBe(200);
    await fake.until(() => fake.responses.some((r) => r.id === "r2"));
    const sessions = await harness.column(
      "SELECT channel_id FROM quiz_sessions WHERE mode = 'review'",
    );
    expect(sessions).toContain("DU1");
  });
});

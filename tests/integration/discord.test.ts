import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DiscordAdapter } from "../../src/adapters/discord/discord-app.js";
import { registerDiscordCommands } from "../../src/adapters/discord/register.js";
import { silentLogger } from "../../src/core/logger.js";
import type { Studybot } from "../../src/core/studybot.js";
import { DailyScheduler } from "../../src/scheduler/daily-scheduler.js";
import { type Harness, STORE_KINDS } from "../helpers/bot.js";
import { DiscordTestbed } from "../helpers/discord-testbed.js";
import {
  APP_ID,
  botMessage,
  CHANNEL_ID,
  type FakeDiscord,
  GUILD_ID,
  MANAGE_GUILD,
  member,
} from "../helpers/fake-discord.js";

type Component = {
  type: number;
  custom_id?: string;
  label?: string;
  options?: { value: string; label: string }[];
  components?: Component[];
};
type Message = {
  embeds?: {
    title?: string;
    description?: string;
    fields?: { name: string; value: string }[];
    footer?: { text: string };
  }[];
  components?: Component[];
  flags?: number;
};

const ALICE = "500000000000000001";
const BOB = "500000000000000002";

function text(m: Message | undefined): string {
  return JSON.stringify(m ?? {});
}

/** The custom ids of a message's buttons and selects, in order. */
function controls(m: Message): Component[] {
  return (m.components ?? []).flatMap((row) => row.components ?? []);
}

/** The right letters of the question in a message, read from the deck. */
function rightLetters(bot: Studybot, m: Message): string[] {
  const description = m.embeds?.[0]?.description ?? "";
  const question = bot.library.questions.find((q) => description.includes(q.prompt))!;
  const right = new Set(question.options.filter((o) => o.correct).map((o) => o.text));
  return description
    .split("\n")
    .map((line) => /^\*\*([A-H])\.\*\* (.*)$/.exec(line))
    .filter((match): match is RegExpExecArray => match !== null && right.has(match[2]!))
    .map((match) => match[1]!);
}

describe.each(STORE_KINDS)("the Discord adapter against a fake Discord, on %s", (store) => {
  let fake: FakeDiscord;
  let adapter: DiscordAdapter;
  let harness: Harness;

  const bed = new DiscordTestbed({ store });
  beforeAll(async () => {
    ({ fake, adapter, harness } = await bed.start());
  });
  afterAll(() => bed.stop());

  /** Discord sends the users that options name in `resolved`, as discord.js expects. */
  function resolvedUsers(options: unknown[]) {
    const ids = (options as { type: number; value: string }[])
      .filter((o) => o.type === 6)
      .map((o) => o.value);
    const users = Object.fromEntries(
      ids.map((id) => [id, member(id, id === ALICE ? "alice" : "bob").user]),
    );
    return { users };
  }

  async function slash(name: string, options: unknown[] = [], user = ALICE, permissions = "0") {
    const { id, token } = fake.interact({
      type: 2,
      member: member(user, user === ALICE ? "alice" : "bob", permissions),
      data: { id: "1", name, type: 1, options, resolved: resolvedUsers(options) },
    });
    await fake.until(() => fake.callback(id) !== undefined);
    return { callback: fake.callback(id)!, token };
  }

  async function click(
    customId: string,
    options: { user?: string; ephemeral?: boolean; values?: string[] } = {},
  ) {
    const { id, token } = fake.interact({
      type: 3,
      member: member(options.user ?? ALICE, "alice"),
      message: botMessage({ id: fake.nextId(), flags: options.ephemeral === false ? 0 : 64 }),
      data: options.values
        ? { custom_id: customId, component_type: 3, values: options.values }
        : { custom_id: customId, component_type: 2 },
    });
    await fake.until(() => fake.callback(id) !== undefined);
    return { callback: fake.callback(id)!, token };
  }

  /** The question a quiz sends as a follow-up. */
  async function question(token: string): Promise<Message> {
    await fake.until(() => fake.followUps(token).length > 0);
    return fake.followUps(token)[0] as Message;
  }

  it("answers every command", async () => {
    const cases: [string, unknown[], string, string?][] = [
      ["help", [], "`/studybot setup <HH:MM>"],
      ["lookup", [{ name: "term", type: 3, value: "sql injection" }], "AWS WAF"],
      ["topics", [], "Network protection"],
      ["topics", [{ name: "area", type: 3, value: "data" }], "AWS KMS"],
      [
        "quiz",
        [
          { name: "topic", type: 3, value: "kms" },
          { name: "count", type: 4, value: 1 },
        ],
        "AWS KMS quiz: 1 question",
      ],
      ["review", [], "Nothing due"],
      ["leaderboard", [], "Leaderboard: the last 7 days"],
      [
        "leaderboard",
        [
          { name: "period", type: 3, value: "all" },
          { name: "teams", type: 5, value: true },
        ],
        "Team leaderboard: all time",
      ],
      ["stats", [], "Stats: alice"],
      // Someone else's stats: Bob has never used the bot, so there are none (the option is used).
      ["stats", [{ name: "user", type: 6, value: BOB }], "no stats for"],
      [
        "team",
        [{ name: "join", type: 1, options: [{ name: "name", type: 3, value: "Blue" }] }],
        "joined team **Blue**",
      ],
      ["team", [{ name: "list", type: 1 }], "Blue"],
      ["team", [{ name: "leave", type: 1 }], "left team **Blue**"],
    ];
    for (const [name, options, expected] of cases) {
      const { callback } = await slash(name, options);
      expect(callback.type, name).toBe(4);
      expect(text(callback.data as Message), name).toContain(expected);
    }
    const personal = await slash("stats");
    expect((personal.callback.data as Message).flags).toBe(64);
    const board = await slash("leaderboard");
    expect((board.callback.data as Message).flags).toBeUndefined();
  });

  it("runs /studybot for Manage Server only, checked on every call", async () => {
    const setup = [
      {
        name: "setup",
        type: 1,
        options: [
          { name: "channel", type: 7, value: CHANNEL_ID },
          { name: "time", type: 3, value: "09:00" },
          { name: "timezone", type: 3, value: "Europe/Berlin" },
          { name: "days", type: 3, value: "weekdays" },
        ],
      },
    ];
    // Before any setup, status points at the command as Discord names it.
    const none = await slash("studybot", [{ name: "status", type: 1 }], ALICE, MANAGE_GUILD);
    expect(text(none.callback.data as Message)).toContain("`/studybot setup 09:00");
    const refused = await slash("studybot", setup, BOB, "0");
    expect(text(refused.callback.data as Message)).toContain("Manage Server");
    expect(await harness.store.getSchedule(1, CHANNEL_ID)).toBeNull();

    const admin = async (options: unknown[]) =>
      await slash("studybot", options, ALICE, MANAGE_GUILD);
    expect(text((await admin(setup)).callback.data as Message)).toContain("Daily question set");
    expect(text((await admin([{ name: "status", type: 1 }])).callback.data as Message)).toContain(
      "Europe/Berlin",
    );
    expect(text((await admin([{ name: "pause", type: 1 }])).callback.data as Message)).toContain(
      "paused",
    );
    expect(text((await admin([{ name: "resume", type: 1 }])).callback.data as Message)).toContain(
      "back on",
    );
    const bad = await admin([
      {
        name: "setup",
        type: 1,
        options: [
          { name: "channel", type: 7, value: CHANNEL_ID },
          { name: "time", type: 3, value: "25:99" },
          { name: "timezone", type: 3, value: "Nowhere/Land" },
        ],
      },
    ]);
    expect(text(bad.callback.data as Message)).toContain("not a time of day");
    expect((bad.callback.data as Message).flags).toBe(64);
  });

  it("autocompletes topics and time zones within 25 choices", async () => {
    const { id } = fake.interact({
      type: 4,
      member: member(ALICE, "alice"),
      data: {
        id: "1",
        name: "quiz",
        type: 1,
        options: [{ name: "topic", type: 3, value: "s", focused: true }],
      },
    });
    await fake.until(() => fake.callback(id) !== undefined);
    const topics = fake.callback(id)!;
    expect(topics.type).toBe(8);
    const choices = (topics.data as { choices: { value: string }[] }).choices;
    expect(choices.length).toBeGreaterThan(0);
    expect(choices.length).toBeLessThanOrEqual(25);
    expect(choices.map((c) => c.value)).toContain("shield");

    const zones = fake.interact({
      type: 4,
      member: member(ALICE, "alice", MANAGE_GUILD),
      data: {
        id: "1",
        name: "studybot",
        type: 1,
        options: [
          {
            name: "setup",
            type: 1,
            options: [{ name: "timezone", type: 3, value: "europe/b", focused: true }],
          },
        ],
      },
    });
    await fake.until(() => fake.callback(zones.id) !== undefined);
    const zoneChoices = (fake.callback(zones.id)!.data as { choices: { value: string }[] }).choices;
    expect(zoneChoices.map((c) => c.value)).toContain("Europe/Berlin");
    expect(zoneChoices.length).toBeLessThanOrEqual(25);
  });

  it("records an answer by button and replaces the private question with feedback", async () => {
    const { token } = await slash("quiz", [
      { name: "topic", type: 3, value: "waf" },
      { name: "count", type: 4, value: 1 },
    ]);
    const asked = await question(token);
    expect(asked.flags).toBe(64);
    // Discord takes clicks, not typed letters: the footer says so.
    expect(asked.embeds?.[0]?.footer?.text).toBe("Answer with a button.");
    const letter = rightLetters(harness.bot, asked)[0]!;
    const button = controls(asked).find((c) => c.label === letter)!;
    expect(button.custom_id!.length).toBeLessThanOrEqual(100);
    const { callback } = await click(button.custom_id!);
    expect(callback.type).toBe(7); // UPDATE_MESSAGE: the question's buttons are gone
    expect(text(callback.data as Message)).toContain("Right!");

    // A second click on the same (stale) button changes nothing.
    const again = await click(button.custom_id!);
    expect(text(again.callback.data as Message)).toContain("already answered");
    // Someone else's private question.
    const mine = await slash("quiz", [
      { name: "topic", type: 3, value: "kms" },
      { name: "count", type: 4, value: 1 },
    ]);
    const other = await click(controls(await question(mine.token))[0]!.custom_id!, { user: BOB });
    expect(text(other.callback.data as Message)).toContain("belongs to someone else");
  });

  it("closes a quiz left behind when another starts, and refuses its buttons", async () => {
    const kms = await slash("quiz", [
      { name: "topic", type: 3, value: "kms" },
      { name: "count", type: 4, value: 1 },
    ]);
    const kmsQuestion = await question(kms.token);
    const shield = await slash("quiz", [
      { name: "topic", type: 3, value: "shield" },
      { name: "count", type: 4, value: 2 },
    ]);
    expect(text(shield.callback.data as Message)).toMatch(/quiz \(1 of 1 left\) was closed/);
    const stale = await click(controls(kmsQuestion)[0]!.custom_id!);
    expect(text(stale.callback.data as Message)).toContain("been closed");

    // The session's own buttons: skip, then end with a report.
    const shieldQuestion = await question(shield.token);
    const labels = controls(shieldQuestion).map((c) => c.label);
    expect(labels.slice(-2)).toEqual(["Skip", "End"]);
    const end = controls(shieldQuestion).find((c) => c.label === "End")!;
    const report = await click(end.custom_id!);
    expect(text(report.callback.data as Message)).toContain("quiz ended");
    const again = await slash("session", [{ name: "do", type: 3, value: "repeat" }]);
    expect(text(again.callback.data as Message)).toContain("no open question");
  });

  it("runs an exam with a live deadline, no feedback, and the result at the end", async () => {
    const exam = await slash("exam", [
      { name: "questions", type: 4, value: 1 },
      { name: "minutes", type: 4, value: 10 },
    ]);
    expect(text(exam.callback.data as Message)).toContain("Exam: 1 question, 10 minutes");
    const asked = await question(exam.token);
    // A Discord timestamp: each reader's own time and a countdown.
    expect(asked.embeds?.[0]?.description).toMatch(/Time is up <t:\d+:t> \(<t:\d+:R>\)/);
    // A Select TWO question is a select menu; any other, buttons.
    const letters = rightLetters(harness.bot, asked);
    const select = controls(asked).find((c) => c.type === 3);
    const button = controls(asked).find((c) => c.label === letters[0]);
    const { callback, token } = select
      ? await click(select.custom_id!, { values: letters })
      : await click(button!.custom_id!);
    expect(callback.type).toBe(7); // the question is replaced: it cannot be clicked again
    expect(text(callback.data as Message)).toContain("Answer recorded (1 of 1)");
    expect(text(callback.data as Message)).not.toContain("Right!");
    await fake.until(() => fake.followUps(token).length > 0);
    expect(text(fake.followUps(token)[0] as Message)).toContain("Exam result: 1000 of 1000 · PASS");
  });

  it("takes a Select TWO answer from a select menu", async () => {
    let token = (
      await slash(
        "quiz",
        [
          { name: "topic", type: 3, value: "shield" },
          { name: "count", type: 4, value: 3 },
        ],
        BOB,
      )
    ).token;
    let current = await question(token);
    for (let i = 0; i < 3; i++) {
      const select = controls(current).find((c) => c.type === 3);
      if (select) {
        expect(select.options).toHaveLength(5);
        const { callback } = await click(select.custom_id!, {
          user: BOB,
          values: rightLetters(harness.bot, current),
        });
        expect(text(callback.data as Message)).toContain("Right!");
        return;
      }
      const letter = rightLetters(harness.bot, current)[0]!;
      const clicked = await click(controls(current).find((c) => c.label === letter)!.custom_id!, {
        user: BOB,
      });
      token = clicked.token;
      current = await question(token);
    }
    throw new Error("no Select TWO question came up");
  });

  it("refuses forged ids and over-long values politely", async () => {
    const forged = await click("v1:a:../../etc:Z");
    expect(text(forged.callback.data as Message)).toContain("no longer valid");
    expect((forged.callback.data as Message).flags).toBe(64);
    const unknown = await click("v1:a:nosuchask123:A");
    expect(text(unknown.callback.data as Message)).toContain("no longer available");
    const long = await slash("lookup", [{ name: "term", type: 3, value: "x".repeat(10_000) }]);
    expect(text(long.callback.data as Message)).toContain("too long");
  });

  it("reports a question from its feedback's button, and the admins list and close reports", async () => {
    const { token } = await slash("quiz", [
      { name: "topic", type: 3, value: "shield" },
      { name: "count", type: 4, value: 1 },
    ]);
    const asked = await question(token);
    const letter = rightLetters(harness.bot, asked)[0]!;
    const answered = await click(controls(asked).find((c) => c.label === letter)!.custom_id!);
    const report = controls(answered.callback.data as Message).find(
      (c) => c.label === "Report a problem",
    )!;
    expect(report.custom_id).toMatch(/^v1:r:/);
    const reported = await click(report.custom_id!);
    expect(text(reported.callback.data as Message)).toContain("your report on question");
    // Typed as a slash command, it is about the same question: already reported.
    const again = await slash("report", [{ name: "reason", type: 3, value: "two answers fit" }]);
    expect(text(again.callback.data as Message)).toContain("already reported");
    const list = await slash(
      "studybot",
      [{ name: "reports", type: 1, options: [] }],
      ALICE,
      MANAGE_GUILD,
    );
    expect(text(list.callback.data as Message)).toMatch(/shield-0\d/);
    const id = /#(\d+)/.exec(text(list.callback.data as Message))![1]!;
    const closed = await slash(
      "studybot",
      [{ name: "reports", type: 1, options: [{ name: "close", type: 4, value: Number(id) }] }],
      ALICE,
      MANAGE_GUILD,
    );
    expect(text(closed.callback.data as Message)).toContain(`Report #${id} is closed.`);
  });

  it("posts the daily question through REST, retrying a 500 and a 429 without posting twice", async () => {
    const scheduler = new DailyScheduler({
      bot: harness.bot,
      queue: harness.queue,
      posters: new Map([["discord", adapter.poster]]),
      clock: harness.clock.now,
      logger: silentLogger,
      instanceId: "test",
    });
    fake.fail(/^POST \/channels\/\d+\/messages$/, [500, 429]);
    const reply = await slash("studybot", [{ name: "post-now", type: 1 }], ALICE, MANAGE_GUILD);
    expect(text(reply.callback.data as Message)).toContain("on its way");
    await scheduler.tick();
    await scheduler.stop();
    const posts = fake.callsTo("POST", /^\/channels\/\d+\/messages$/);
    expect(posts).toHaveLength(1);
    expect(
      fake.calls
        .filter((c) => c.method.startsWith("POST#") && c.path.startsWith("/channels/"))
        .map((c) => c.method),
    ).toEqual(["POST#500", "POST#429"]);
    expect(text(posts[0]!.body as Message)).toContain("Question of the day");
    expect(text(posts[0]!.body as Message)).not.toContain("typed");
    expect((posts[0]!.body as Message).flags).toBeUndefined();
    expect(await harness.column("SELECT state FROM channel_posts")).toEqual(["posted"]);
  });

  it("creates the workspace of a server it has never seen", async () => {
    const { id } = fake.interact({
      type: 2,
      guild_id: "200000000000000077",
      member: member(ALICE, "alice"),
      data: { id: "1", name: "stats", type: 1, options: [] },
    });
    await fake.until(() => fake.callback(id) !== undefined);
    expect(text(fake.callback(id)!.data as Message)).toContain("Stats: alice");
    const workspaces = await harness.column(
      "SELECT external_id FROM workspaces WHERE platform = 'discord'",
    );
    expect(workspaces).toEqual(expect.arrayContaining([GUILD_ID, "200000000000000077"]));
  });

  it("registers the commands in bulk, for a guild or globally", async () => {
    const guild = await registerDiscordCommands({
      token: "t",
      apiUrl: fake.apiUrl,
      guildId: GUILD_ID,
    });
    expect(guild.applicationId).toBe(APP_ID);
    expect(guild.names.sort()).toEqual([
      "deck",
      "exam",
      "hall",
      "help",
      "leaderboard",
      "live",
      "lookup",
      "quiz",
      "remind",
      "report",
      "review",
      "season",
      "session",
      "stats",
      "studybot",
      "team",
      "topics",
    ]);
    const put = fake.callsTo(
      "PUT",
      new RegExp(`/applications/${APP_ID}/guilds/${GUILD_ID}/commands`),
    )[0]!;
    const studybot = (put.body as { name: string; default_member_permissions: string }[]).find(
      (c) => c.name === "studybot",
    )!;
    expect(studybot.default_member_permissions).toBe(MANAGE_GUILD);
    await registerDiscordCommands({ token: "t", apiUrl: fake.apiUrl, applicationId: APP_ID });
    expect(fake.callsTo("PUT", new RegExp(`^/applications/${APP_ID}/commands$`))).toHaveLength(1);
  });
});

describe.each(STORE_KINDS)("hostile names on Discord (issue 12, item 7), on %s", (store) => {
  let fake: FakeDiscord;
  let adapter: DiscordAdapter;
  let harness: Harness;

  const bed = new DiscordTestbed({ store });
  beforeAll(async () => {
    ({ fake, adapter, harness } = await bed.start());
  });
  afterAll(() => bed.stop());

  const NITRO = "[Claim Nitro](https://evil.example) @everyone";
  const ESCAPED = "\\[Claim Nitro\\]\\(https://evil.example\\) @\u200beveryone";

  async function slash(name: string, options: unknown[], permissions = "0") {
    const base = member("500000000000000066", "mallory", permissions);
    const user = { ...(base.user as Record<string, unknown>), global_name: NITRO };
    const { id } = fake.interact({
      type: 2,
      member: { ...base, user },
      data: { id: "1", name, type: 1, options },
    });
    await fake.until(() => fake.callback(id) !== undefined);
    return fake.callback(id)!.data as Message & { allowed_mentions?: unknown };
  }

  it("shows a hostile name and team escaped in public replies, and pings nobody", async () => {
    const joined = await slash("team", [
      { name: "join", type: 1, options: [{ name: "name", type: 3, value: "Reds _won_ - it" }] },
    ]);
    expect(joined.flags).toBeUndefined(); // public: the channel sees it
    expect(joined.embeds?.[0]?.description).toBe(
      `${ESCAPED} joined team **Reds \\_won\\_ \\- it**.`,
    );
    expect(joined.allowed_mentions).toEqual({ parse: [] });

    const board = await slash("leaderboard", [{ name: "teams", type: 5, value: true }]);
    expect(board.flags).toBeUndefined();
    expect(board.embeds?.[0]?.description).toContain("Reds \\_won\\_ \\- it (1 member)");
    expect(board.allowed_mentions).toEqual({ parse: [] });
    for (const message of [joined, board]) {
      expect(text(message)).not.toContain("[Claim Nitro](");
      expect(text(message)).not.toContain(" @everyone");
    }
  });

  it("sends channel posts through REST with mentions off too", async () => {
    const scheduler = new DailyScheduler({
      bot: harness.bot,
      queue: harness.queue,
      posters: new Map([["discord", adapter.poster]]),
      clock: harness.clock.now,
      logger: silentLogger,
      instanceId: "test",
    });
    await slash("studybot", [{ name: "post-now", type: 1 }], MANAGE_GUILD);
    await scheduler.tick();
    await scheduler.stop();
    const posts = fake.callsTo("POST", /^\/channels\/\d+\/messages$/);
    expect(posts).toHaveLength(1);
    expect((posts[0]!.body as { allowed_mentions?: unknown }).allowed_mentions).toEqual({
      parse: [],
    });
  });
});

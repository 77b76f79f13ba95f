import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Harness } from "../helpers/bot.js";
import { DiscordTestbed } from "../helpers/discord-testbed.js";
import { CHANNEL_ID, type FakeDiscord, MANAGE_GUILD, member } from "../helpers/fake-discord.js";
import { type FakeSlack, sendSigned } from "../helpers/fake-slack.js";
import { askOfControls } from "../helpers/live.js";
import { SlackTestbed, slashCommandForm } from "../helpers/slack-testbed.js";

/** Two channels, each on its own deck: Cloud Concepts set by an admin, the other the default. */
const CONCEPTS_CHANNEL = CHANNEL_ID;
const SECURITY_CHANNEL = "700000000000000009";
const SECRET = "test-signing-secret";

const text = (m: unknown) => JSON.stringify(m ?? {});

/** The deck the question of an ask belongs to. */
async function deckOfAsk(h: Harness, askId: string): Promise<string | undefined> {
  const ask = await h.store.getAsk(askId);
  const q = h.bot.library.questions.find((x) => x.id === ask?.questionId);
  return h.bot.library.topics.find((t) => t.id === q?.topic)?.deck;
}

describe("a channel on each deck, through Discord", () => {
  let fake: FakeDiscord;
  let harness: Harness;
  const bed = new DiscordTestbed({ contentDir: "content" });
  beforeAll(async () => {
    ({ fake, harness } = await bed.start());
  });
  afterAll(() => bed.stop());

  async function slash(
    channel: string,
    name: string,
    options: unknown[] = [],
    permissions = "0",
  ): Promise<{ data: unknown; token: string }> {
    const { id, token } = fake.interact({
      type: 2,
      channel_id: channel,
      channel: { id: channel, type: 0, guild_id: "1", name: "c" },
      member: member("500000000000000001", "alice", permissions),
      data: { id: "1", name, type: 1, options },
    });
    await fake.until(() => fake.callback(id) !== undefined);
    return { data: fake.callback(id)!.data, token };
  }

  /** The deck of the question a /quiz sends as its follow-up. */
  async function quizDeck(channel: string): Promise<string | undefined> {
    const { token } = await slash(channel, "quiz", [{ name: "count", type: 4, value: 1 }]);
    await fake.until(() => fake.followUps(token).length > 0);
    const question = fake.followUps(token)[0] as {
      components?: { components?: { custom_id?: string }[] }[];
    };
    const ids = (question.components ?? []).flatMap((r) => r.components ?? []);
    return deckOfAsk(harness, askOfControls(ids.map((c) => c.custom_id ?? "")));
  }

  it("sets a channel's deck for admins only, and studies each channel's own deck", async () => {
    const refused = await slash(CONCEPTS_CHANNEL, "studybot", [
      { name: "deck", type: 1, options: [{ name: "deck", type: 3, value: "aws-cloud-concepts" }] },
    ]);
    expect(text(refused.data)).toContain("Only members with the Manage Server permission");
    const set = await slash(
      CONCEPTS_CHANNEL,
      "studybot",
      [
        {
          name: "deck",
          type: 1,
          options: [{ name: "deck", type: 3, value: "aws-cloud-concepts" }],
        },
      ],
      MANAGE_GUILD,
    );
    expect(text(set.data)).toContain("This channel now studies **AWS Cloud Concepts**");
    const shown = await slash(CONCEPTS_CHANNEL, "deck", [{ name: "show", type: 1 }]);
    expect(text(shown.data)).toContain("Deck here: AWS Cloud Concepts");
    for (let i = 0; i < 3; i++) {
      expect(await quizDeck(CONCEPTS_CHANNEL)).toBe("aws-cloud-concepts");
      expect(await quizDeck(SECURITY_CHANNEL)).toBe("aws-security");
    }
    const lookup = await slash(CONCEPTS_CHANNEL, "lookup", [
      { name: "term", type: 3, value: "lift and shift" },
    ]);
    expect(text(lookup.data)).toContain("Rehost (lift and shift)");
  });

  it("autocompletes the topics of the channel's deck", async () => {
    const { id } = fake.interact({
      type: 4,
      member: member("500000000000000001", "alice"),
      data: {
        id: "1",
        name: "quiz",
        type: 1,
        options: [{ name: "topic", type: 3, value: "re", focused: true }],
      },
    });
    await fake.until(() => fake.callback(id) !== undefined);
    const choices = (fake.callback(id)!.data as { choices: { value: string }[] }).choices;
    const concepts = new Set(
      harness.bot.library.topics.filter((t) => t.deck === "aws-cloud-concepts").map((t) => t.id),
    );
    expect(choices.length).toBeGreaterThan(0);
    expect(choices.every((c) => concepts.has(c.value))).toBe(true);
  });
});

describe("a channel on each deck, through Slack", () => {
  let fake: FakeSlack;
  let port: number;
  let harness: Harness;
  let n = 0;
  const bed = new SlackTestbed({ signingSecret: SECRET, contentDir: "content" });
  beforeAll(async () => {
    ({ fake, port, harness } = await bed.start());
  });
  afterAll(() => bed.stop());

  type Reply = { blocks?: { elements?: { action_id: string }[] }[] };
  /** A command's reply (the body of its acknowledgement), and what followed on its response_url. */
  async function command(line: string, channel: string, user = "U1") {
    const responseId = `r${++n}`;
    const form = slashCommandForm(line, { id: user, name: "alice" }, fake.responseUrl(responseId));
    const sent = await sendSigned(port, SECRET, { ...form, channel_id: channel });
    return Object.assign(JSON.parse(sent.body) as Reply, { responseId });
  }
  const followUps = (responseId: string) =>
    fake.responses.filter((r) => r.id === responseId).map((r) => r.body as Reply);

  it("studies each channel's own deck, and a member's own choice in a DM", async () => {
    fake.admins.add("UADMIN");
    expect(text(await command("deck aws-cloud-concepts", "C1", "UADMIN"))).toContain(
      "This channel now studies",
    );
    // The quiz's question follows its intro on the response_url.
    const deckOf = async (channel: string, user = "U1") => {
      const { responseId } = await command("quiz 1", channel, user);
      await fake.until(() => followUps(responseId).length > 0);
      const ids = followUps(responseId)
        .flatMap((m) => m.blocks ?? [])
        .flatMap((b) => b.elements ?? [])
        .map((e) => e.action_id);
      return deckOfAsk(harness, askOfControls(ids));
    };
    expect(await deckOf("C1")).toBe("aws-cloud-concepts");
    expect(await deckOf("C2")).toBe("aws-security");
    expect(text(await command("topics", "C1"))).toContain("Topics: AWS Cloud Concepts");
    // A member's own deck, in a DM (a channel with no deck of its own).
    expect(text(await command("deck use aws-cloud-concepts", "D1", "U2"))).toContain(
      "You now study **AWS Cloud Concepts**",
    );
    expect(await deckOf("D1", "U2")).toBe("aws-cloud-concepts");
    expect(text(await command("leaderboard deck", "C1"))).toContain(
      "Leaderboard · AWS Cloud Concepts",
    );
  });
});

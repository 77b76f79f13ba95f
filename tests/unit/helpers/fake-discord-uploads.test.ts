import { createCanvas } from "@napi-rs/canvas";
import {
  AttachmentBuilder,
  DiscordAPIError,
  REST,
  type RESTPostAPIChannelMessageResult,
  Routes,
  WebhookClient,
} from "discord.js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { APP_ID, botMessage, CHANNEL_ID, FakeDiscord } from "../../helpers/fake-discord.js";

/** A real PNG of this size, as the chart renderer makes them. */
function png(width: number, height: number, colour = "#3366cc"): Buffer {
  const canvas = createCanvas(width, height);
  const context = canvas.getContext("2d");
  context.fillStyle = colour;
  context.fillRect(0, 0, width / 2, height / 2);
  return canvas.toBuffer("image/png");
}

type Message = RESTPostAPIChannelMessageResult;

/** What a REST call was refused with, as discord.js throws it. */
async function refusal(call: Promise<unknown>): Promise<DiscordAPIError> {
  try {
    await call;
  } catch (error) {
    if (error instanceof DiscordAPIError) return error;
    throw error;
  }
  throw new Error("the fake accepted the request");
}

describe("the fake Discord accepts uploads as Discord documents them", () => {
  let fake: FakeDiscord;
  let rest: REST;
  beforeEach(async () => {
    fake = await new FakeDiscord().start();
    rest = new REST({ api: fake.apiUrl, retries: 0 }).setToken("bot-token");
  });
  afterEach(async () => {
    rest.clearHashSweeper();
    rest.clearHandlerSweeper();
    await fake.stop();
  });

  it("takes payload_json and files[n] from discord.js's REST, and keeps bytes and alt text", async () => {
    const chart = png(640, 360);
    const message = (await rest.post(Routes.channelMessages(CHANNEL_ID), {
      body: {
        content: "Your week",
        attachments: [{ id: 0, filename: "stats.png", description: "Points per day: rising" }],
      },
      files: [{ name: "stats.png", data: chart, contentType: "image/png" }],
    })) as Message;

    // The request, as discord.js sent it: the JSON in payload_json, the file as files[0].
    const call = fake.callsTo("POST", /\/channels\/\d+\/messages$/)[0]!;
    expect(call.body).toMatchObject({ content: "Your week", attachments: [{ id: 0 }] });
    expect(call.files?.map((f) => [f.field, f.filename, f.contentType])).toEqual([
      ["files[0]", "stats.png", "image/png"],
    ]);

    // The answer, as Discord's: an attachment object with a real id, not the placeholder.
    expect(message.content).toBe("Your week");
    expect(message.attachments).toHaveLength(1);
    const [attachment] = message.attachments;
    expect(attachment).toMatchObject({
      filename: "stats.png",
      size: chart.length,
      content_type: "image/png",
      description: "Points per day: rising",
      width: 640,
      height: 360,
    });
    expect(attachment!.id).toMatch(/^\d{17,}$/);
    expect(attachment!.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/attachments\//);

    // What the fake kept: the bytes as sent, under the message's id and in the channel.
    const [kept] = fake.attachmentsOf(message.id);
    expect(kept!.bytes.equals(chart)).toBe(true);
    expect(kept!.description).toBe("Points per day: rising");
    expect(fake.uploads.map((u) => u.id)).toEqual([attachment!.id]);
    expect(fake.messagesIn(CHANNEL_ID)[0]!.attachments).toEqual(message.attachments);

    // And it serves them at the attachment's URL.
    const served = await fetch(attachment!.url);
    expect(served.headers.get("content-type")).toBe("image/png");
    expect(Buffer.from(await served.arrayBuffer()).equals(chart)).toBe(true);
  });

  it("attaches every file when the body lists none, with the type discord.js sniffed", async () => {
    const chart = png(100, 50);
    const message = (await rest.post(Routes.channelMessages(CHANNEL_ID), {
      body: { content: "no list" },
      files: [
        { name: "a.png", data: chart },
        { name: "b.txt", data: Buffer.from("plain words") },
      ],
    })) as Message;
    expect(message.attachments.map((a) => [a.filename, a.content_type, a.size])).toEqual([
      ["a.png", "image/png", chart.length],
      ["b.txt", "text/plain; charset=utf-8", 11],
    ]);
    expect(message.attachments[0]!.description).toBeUndefined();
  });

  it("resolves attachment:// in an embed, as Discord does, and keeps the file", async () => {
    const chart = png(800, 400);
    const message = (await rest.post(Routes.channelMessages(CHANNEL_ID), {
      body: {
        embeds: [{ title: "Stats", image: { url: "attachment://chart.png" } }],
        attachments: [{ id: 0, filename: "chart.png", description: "Accuracy by day" }],
      },
      files: [{ name: "chart.png", data: chart, contentType: "image/png" }],
    })) as Message;
    const [kept] = fake.attachmentsOf(message.id);
    expect(message.embeds[0]!.image).toMatchObject({
      url: kept!.url,
      proxy_url: kept!.url,
      width: 800,
      height: 400,
    });
    // "attachments: any attached files that are not referenced in embeds or components"
    expect(message.attachments).toEqual([]);
    expect(kept).toMatchObject({ filename: "chart.png", description: "Accuracy by day" });
  });

  it("answers a JSON message exactly as before", async () => {
    const message = (await rest.post(Routes.channelMessages(CHANNEL_ID), {
      body: { content: "text only", embeds: [{ title: "t" }] },
    })) as Message;
    expect(message).toMatchObject({
      content: "text only",
      attachments: [],
      embeds: [{ title: "t" }],
    });
    expect(fake.callsTo("POST", /messages$/)[0]!.files).toBeUndefined();
    expect(fake.attachmentsOf(message.id)).toEqual([]);
    expect(fake.uploads).toEqual([]);
  });

  it("refuses an eleventh attachment with 30015, and keeps nothing", async () => {
    const files = Array.from({ length: 11 }, (_, i) => ({ name: `f${i}.png`, data: png(4, 4) }));
    const error = await refusal(
      rest.post(Routes.channelMessages(CHANNEL_ID), { body: { content: "many" }, files }),
    );
    expect(error.status).toBe(400);
    expect(error.code).toBe(30015);
    expect(error.message).toBe("Maximum number of attachments in a message reached (10)");
    expect(fake.messagesIn(CHANNEL_ID)).toEqual([]);
    expect(fake.uploads).toEqual([]);
    expect(fake.callsTo("POST#400", /messages$/)).toHaveLength(1);

    const ten = await rest.post(Routes.channelMessages(CHANNEL_ID), {
      body: { content: "ten" },
      files: files.slice(0, 10),
    });
    expect((ten as Message).attachments).toHaveLength(10);
  });

  it("refuses a file over the 10 MiB default with 413 (40005), and takes one at the limit", async () => {
    const limit = 10 * 1024 * 1024;
    expect(fake.attachmentSizeLimit).toBe(limit);
    const big = await refusal(
      rest.post(Routes.channelMessages(CHANNEL_ID), {
        body: { content: "big" },
        files: [{ name: "big.bin", data: Buffer.alloc(limit + 1) }],
      }),
    );
    expect([big.status, big.code]).toEqual([413, 40005]);
    const exact = (await rest.post(Routes.channelMessages(CHANNEL_ID), {
      body: { content: "exact" },
      files: [{ name: "exact.bin", data: Buffer.alloc(limit) }],
    })) as Message;
    expect(exact.attachments[0]!.size).toBe(limit);
  });

  it("refuses alt text over 1024 characters with a form error naming the field", async () => {
    const error = await refusal(
      rest.post(Routes.channelMessages(CHANNEL_ID), {
        body: { attachments: [{ id: 0, description: "x".repeat(1025) }] },
        files: [{ name: "a.png", data: png(4, 4) }],
      }),
    );
    expect([error.status, error.code]).toEqual([400, 50035]);
    expect(error.rawError).toMatchObject({
      errors: {
        attachments: { 0: { description: { _errors: [{ code: "BASE_TYPE_MAX_LENGTH" }] } } },
      },
    });
    const ok = (await rest.post(Routes.channelMessages(CHANNEL_ID), {
      body: { attachments: [{ id: 0, description: "x".repeat(1024) }] },
      files: [{ name: "a.png", data: png(4, 4) }],
    })) as Message;
    expect(ok.attachments[0]!.description).toHaveLength(1024);
  });

  it("refuses an attachments entry with no files[n] behind it", async () => {
    const error = await refusal(
      rest.post(Routes.channelMessages(CHANNEL_ID), {
        body: { attachments: [{ id: 0 }, { id: 1, description: "nowhere" }] },
        files: [{ name: "a.png", data: png(4, 4) }],
      }),
    );
    expect([error.status, error.code]).toEqual([400, 50035]);
    expect(error.rawError).toMatchObject({ errors: { attachments: { 1: { id: {} } } } });
  });

  it("refuses uploads with 403 Missing Permissions where the bot lacks Attach Files", async () => {
    fake.denyAttachFiles(CHANNEL_ID);
    const error = await refusal(
      rest.post(Routes.channelMessages(CHANNEL_ID), {
        body: { content: "chart" },
        files: [{ name: "a.png", data: png(4, 4) }],
      }),
    );
    expect([error.status, error.code, error.message]).toEqual([403, 50013, "Missing Permissions"]);
    expect(fake.messagesIn(CHANNEL_ID)).toEqual([]);
    // The text fallback still goes through, and another channel is not affected.
    await rest.post(Routes.channelMessages(CHANNEL_ID), { body: { content: "chart as text" } });
    expect(fake.messagesIn(CHANNEL_ID).map((m) => m.content)).toEqual(["chart as text"]);
    await rest.post(Routes.channelMessages("300000000000000099"), {
      body: { content: "elsewhere" },
      files: [{ name: "a.png", data: png(4, 4) }],
    });
    fake.allowAttachFiles(CHANNEL_ID);
    await rest.post(Routes.channelMessages(CHANNEL_ID), {
      body: { content: "chart again" },
      files: [{ name: "a.png", data: png(4, 4) }],
    });
    expect(fake.uploads).toHaveLength(2);
  });

  it("edits a message's attachments by the list it is sent: kept, added, removed", async () => {
    const first = png(10, 10, "#111111");
    const second = png(20, 20, "#222222");
    const posted = (await rest.post(Routes.channelMessages(CHANNEL_ID), {
      body: { content: "v1", attachments: [{ id: 0, description: "first" }] },
      files: [{ name: "one.png", data: first }],
    })) as Message;
    const keptId = posted.attachments[0]!.id;

    const both = (await rest.patch(Routes.channelMessage(CHANNEL_ID, posted.id), {
      body: {
        content: "v2",
        attachments: [
          { id: keptId, description: "first, renamed alt" },
          { id: 0, description: "second" },
        ],
      },
      files: [{ name: "two.png", data: second }],
    })) as Message;
    expect(both.attachments.map((a) => [a.filename, a.description])).toEqual([
      ["one.png", "first, renamed alt"],
      ["two.png", "second"],
    ]);
    expect(both.attachments[0]!.id).toBe(keptId);

    // JSON without `attachments` keeps them; `attachments: []` removes them all.
    const same = (await rest.patch(Routes.channelMessage(CHANNEL_ID, posted.id), {
      body: { content: "v3" },
    })) as Message;
    expect(same.attachments).toHaveLength(2);
    const none = (await rest.patch(Routes.channelMessage(CHANNEL_ID, posted.id), {
      body: { content: "v4", attachments: [] },
    })) as Message;
    expect(none.attachments).toEqual([]);
    expect(fake.attachmentsOf(posted.id)).toEqual([]);
  });
});

describe("the fake Discord's interaction responses with files", () => {
  let fake: FakeDiscord;
  let rest: REST;
  let webhook: WebhookClient;
  beforeEach(async () => {
    fake = await new FakeDiscord().start();
    rest = new REST({ api: fake.apiUrl, retries: 0 }).setToken("bot-token");
  });
  afterEach(async () => {
    webhook?.destroy();
    rest.clearHashSweeper();
    rest.clearHandlerSweeper();
    await fake.stop();
  });

  function webhookOf(token: string): WebhookClient {
    webhook = new WebhookClient({ id: APP_ID, token }, { rest: { api: fake.apiUrl, retries: 0 } });
    return webhook;
  }

  it("takes a reply with a file, then discord.js's editReply and followUp with files", async () => {
    const { id, token } = fake.interact({ type: 2, data: { name: "stats" } });
    const chart = png(300, 150);
    await rest.post(Routes.interactionCallback(id, token), {
      auth: false,
      body: {
        type: 4,
        data: {
          embeds: [{ image: { url: "attachment://stats.png" } }],
          attachments: [{ id: 0, filename: "stats.png", description: "30 days of points" }],
        },
      },
      files: [{ name: "stats.png", data: chart, contentType: "image/png" }],
    });
    expect(fake.callback(id)).toMatchObject({ type: 4, data: { attachments: [{ id: 0 }] } });
    expect(fake.replyAttachments(token).map((a) => [a.filename, a.description])).toEqual([
      ["stats.png", "30 days of points"],
    ]);
    expect(fake.replyAttachments(token)[0]!.bytes.equals(chart)).toBe(true);

    // Through discord.js's own payload building (AttachmentBuilder), as interaction.editReply
    // and interaction.followUp send them.
    const client = webhookOf(token);
    const newer = png(300, 150, "#00aa00");
    const edited = await client.editMessage("@original", {
      files: [new AttachmentBuilder(newer, { name: "stats.png", description: "Now with today" })],
      attachments: [],
    });
    expect(edited.attachments.map((a) => [a.filename, a.description])).toEqual([
      ["stats.png", "Now with today"],
    ]);
    const edit = fake.callsTo("PATCH", /\/webhooks\//)[0]!;
    expect(edit.path).toContain("%40original");
    expect(edit.body).toMatchObject({ attachments: [{ id: "0", description: "Now with today" }] });
    expect(fake.replyAttachments(token)).toHaveLength(1);
    expect(fake.replyAttachments(token)[0]!.bytes.equals(newer)).toBe(true);

    const card = png(500, 300, "#aa0000");
    const followUp = await client.send({
      content: "Leaderboard",
      files: [
        new AttachmentBuilder(card, { name: "top10.png", description: "Top ten: Ada first" }),
      ],
    });
    // discord.js lists the file by placeholder, without a filename, with nulls for the rest.
    expect(fake.followUps(token)).toHaveLength(1);
    expect(fake.followUps(token)[0]).toMatchObject({
      content: "Leaderboard",
      attachments: [{ id: "0", description: "Top ten: Ada first", title: null }],
    });
    expect(followUp.attachments).toEqual([
      expect.objectContaining({ filename: "top10.png", description: "Top ten: Ada first" }),
    ]);
    expect(followUp.attachments[0]).not.toHaveProperty("title");
    expect(fake.attachmentsOf(followUp.id).map((a) => a.description)).toEqual([
      "Top ten: Ada first",
    ]);
    expect(fake.uploads.map((u) => u.filename)).toEqual(["stats.png", "stats.png", "top10.png"]);
  });

  it("edits the component's message on @original after a deferred update", async () => {
    const posted = (await rest.post(Routes.channelMessages(CHANNEL_ID), {
      body: { content: "reveal" },
      files: [{ name: "answers.png", data: png(40, 40) }],
    })) as Message;
    const { id, token } = fake.interact({
      type: 3,
      data: { custom_id: "next", component_type: 2 },
      message: botMessage({ id: posted.id, attachments: posted.attachments }),
    });
    await rest.post(Routes.interactionCallback(id, token), { auth: false, body: { type: 6 } });
    await webhookOf(token).editMessage("@original", {
      content: "reveal, text only",
      attachments: [],
    });
    expect(fake.attachmentsOf(posted.id)).toEqual([]);
  });

  it("keeps, by id, the attachments a made-up component message carried", async () => {
    const shown = { id: "555000000000000001", filename: "old.png", size: 3, url: "u", flags: 0 };
    const { id, token } = fake.interact({
      type: 3,
      data: { custom_id: "next", component_type: 2 },
      message: botMessage({ id: "700000000000000123", attachments: [shown] }),
    });
    await rest.post(Routes.interactionCallback(id, token), {
      auth: false,
      body: {
        type: 7,
        data: { content: "next", attachments: [{ id: shown.id }, { id: 0, description: "new" }] },
      },
      files: [{ name: "new.png", data: png(8, 8) }],
    });
    expect(fake.replyAttachments(token).map((a) => [a.id === shown.id, a.filename])).toEqual([
      [true, "old.png"],
      [false, "new.png"],
    ]);
    expect(fake.attachmentsOf("700000000000000123")).toHaveLength(2);
    const unknown = await refusal(
      rest.post(Routes.interactionCallback(id, token), {
        auth: false,
        body: { type: 7, data: { attachments: [{ id: "555000000000000999" }] } },
      }),
    );
    expect(unknown.rawError).toMatchObject({
      code: 50035,
      errors: { data: { attachments: { 0: { id: {} } } } },
    });
  });

  it("refuses a reply with a file in a channel without Attach Files, and says so in the payload", async () => {
    fake.denyAttachFiles();
    const gateway = await connectGateway(fake);
    try {
      const { id, token } = fake.interact({ type: 2, data: { name: "stats" } });
      const event = await gateway.next("INTERACTION_CREATE");
      const permissions = BigInt(String(event.app_permissions));
      expect(permissions & (1n << 15n)).toBe(0n);
      expect(permissions & (1n << 14n)).toBe(1n << 14n); // Embed Links is still there
      expect(event.attachment_size_limit).toBe(10 * 1024 * 1024);

      const error = await refusal(
        rest.post(Routes.interactionCallback(id, token), {
          auth: false,
          body: { type: 4, data: { attachments: [{ id: 0, description: "chart" }] } },
          files: [{ name: "stats.png", data: png(4, 4) }],
        }),
      );
      expect([error.status, error.code]).toEqual([403, 50013]);
      expect(fake.callback(id)).toBeUndefined();
      await rest.post(Routes.interactionCallback(id, token), {
        auth: false,
        body: { type: 4, data: { content: "the chart, in words" } },
      });
      expect(fake.callback(id)).toMatchObject({ data: { content: "the chart, in words" } });
      const followUp = refusal(
        webhookOf(token).send({ files: [new AttachmentBuilder(png(4, 4), { name: "x.png" })] }),
      );
      expect((await followUp).code).toBe(50013);
    } finally {
      gateway.close();
    }
  });
});

/** A bare gateway connection that identifies and hands out dispatches by type. */
async function connectGateway(fake: FakeDiscord): Promise<{
  next: (type: string) => Promise<Record<string, unknown>>;
  close: () => void;
}> {
  const ws = new WebSocket(`ws://127.0.0.1:${fake.port}/gateway`);
  const events: { t: string; d: Record<string, unknown> }[] = [];
  ws.on("message", (data) => {
    const message = JSON.parse(String(data)) as { op: number; t: string; d: never };
    if (message.op === 0) events.push({ t: message.t, d: message.d });
  });
  await new Promise((resolve) => ws.once("open", resolve));
  ws.send(JSON.stringify({ op: 2, d: { token: "bot-token", intents: 0, properties: {} } }));
  await fake.until(() => events.some((e) => e.t === "READY"));
  return {
    next: async (type) => {
      await fake.until(() => events.some((e) => e.t === type));
      return events.find((e) => e.t === type)!.d;
    },
    close: () => ws.close(),
  };
}

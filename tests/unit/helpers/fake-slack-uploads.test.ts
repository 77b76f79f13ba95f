import { createCanvas } from "@napi-rs/canvas";
import { webApi } from "@slack/bolt";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FakeSlack } from "../../helpers/fake-slack.js";

/** A real PNG of this size, as the chart renderer makes them. */
function png(width: number, height: number, colour = "#3366cc"): Buffer {
  const canvas = createCanvas(width, height);
  const context = canvas.getContext("2d");
  context.fillStyle = colour;
  context.fillRect(0, 0, width / 3, height / 3);
  return canvas.toBuffer("image/png");
}

const quiet = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  setLevel: () => {},
  getLevel: () => webApi.LogLevel.ERROR,
  setName: () => {},
};

/** Bolt's Web API client against the fake, failing at once instead of retrying. */
function clientOf(fake: FakeSlack, token = "xoxb-anything") {
  return new webApi.WebClient(token, {
    slackApiUrl: fake.apiUrl,
    retryConfig: { retries: 0 },
    logger: quiet,
  });
}

/** What a rejected Web API call said (`data` of a platform error), as the WebClient throws it. */
async function slackError(call: Promise<unknown>): Promise<Record<string, unknown>> {
  try {
    await call;
  } catch (error) {
    const data = (error as { data?: Record<string, unknown> }).data;
    if (data) return data;
    throw error;
  }
  throw new Error("the fake accepted the call");
}

/** An image block showing a Slack file. */
function imageBlock(slackFile: { id?: string; url?: string }, alt = "Bar chart of the answers") {
  return { type: "image" as const, slack_file: slackFile, alt_text: alt } as never;
}

describe("the fake Slack takes files the way filesUploadV2 sends them", () => {
  let fake: FakeSlack;
  beforeEach(async () => {
    fake = await new FakeSlack().start();
  });
  afterEach(async () => {
    await fake.stop();
  });

  it("gets an upload URL, takes the bytes there, and shares the file in the channel", async () => {
    const chart = png(640, 360);
    const result = await clientOf(fake).filesUploadV2({
      channel_id: "C1",
      file: chart,
      filename: "stats.png",
      title: "Your last 30 days",
      alt_text: "Points per day over 30 days, rising from 10 to 40",
      initial_comment: "Here is your progress",
    });

    // The calls, as @slack/web-api makes them.
    const [urlCall] = fake.callsOf("files.getUploadURLExternal");
    expect(urlCall!.args).toMatchObject({
      filename: "stats.png",
      length: String(chart.length),
      alt_text: "Points per day over 30 days, rising from 10 to 40",
    });
    const [completeCall] = fake.callsOf("files.completeUploadExternal");
    const fileId = String(JSON.parse(String(completeCall!.args.files))[0].id);
    expect(JSON.parse(String(completeCall!.args.files))).toEqual([
      { id: fileId, title: "Your last 30 days" },
    ]);
    expect(completeCall!.args).toMatchObject({
      channel_id: "C1",
      initial_comment: "Here is your progress",
    });

    // What the fake kept: the bytes as POSTed (a form, as the client sends them), the alt text.
    const file = fake.file(fileId)!;
    expect(fileId).toMatch(/^F[A-Z0-9]{8,}$/);
    expect(file.bytes!.equals(chart)).toBe(true);
    expect(file.received?.multipart).toBe(true);
    expect(file).toMatchObject({
      filename: "stats.png",
      title: "Your last 30 days",
      altText: "Points per day over 30 days, rising from 10 to 40",
      completed: true,
    });
    expect(fake.filesOf().map((f) => f.id)).toEqual([fileId]);

    // Shared as Slack shares it: a message in the channel carrying the file.
    const [message] = fake.messagesIn("C1");
    expect(message).toMatchObject({ text: "Here is your progress", upload: true });
    expect(message!.files).toEqual([
      expect.objectContaining({
        id: fileId,
        name: "stats.png",
        mimetype: "image/png",
        filetype: "png",
        size: chart.length,
        original_w: 640,
        original_h: 360,
        alt_txt: "Points per day over 30 days, rising from 10 to 40",
      }),
    ]);
    expect(file.shares).toEqual([{ channel: "C1", ts: message!.ts }]);

    // The answer: the completed file, with where it went.
    const completion = (result.files as { files?: Record<string, unknown>[] }[])[0]!.files![0]!;
    expect(completion).toMatchObject({ id: fileId, channels: ["C1"], title: "Your last 30 days" });
    expect(completion.shares).toMatchObject({ public: { C1: [{ ts: message!.ts }] } });

    // conversations.history shows it; url_private serves the bytes to a token.
    const history = await clientOf(fake).conversations.history({ channel: "C1" });
    expect(history.messages?.[0]?.files?.[0]?.id).toBe(fileId);
    const download = await fetch(String(completion.url_private), {
      headers: { Authorization: "Bearer xoxb-anything" },
    });
    expect(Buffer.from(await download.arrayBuffer()).equals(chart)).toBe(true);
  });

  it("shares into a thread, and keeps a file private without a channel", async () => {
    const client = clientOf(fake);
    const parent = await client.chat.postMessage({ channel: "C1", text: "Daily question" });
    await client.filesUploadV2({
      channel_id: "C1",
      thread_ts: parent.ts!,
      file: png(100, 100),
      filename: "reveal.png",
      alt_text: "B got 12 answers",
    });
    const shared = fake.messagesIn("C1")[1]!;
    expect(shared).toMatchObject({ thread_ts: parent.ts, upload: true });

    await client.filesUploadV2({ file: png(10, 10), filename: "private.png" });
    const lonely = fake.filesOf().at(-1)!;
    expect(lonely).toMatchObject({ filename: "private.png", completed: true, shares: [] });
    expect(fake.messagesIn("C1")).toHaveLength(2);
    expect(fake.fileObject(lonely.id)).toMatchObject({ channels: [], is_public: false });
  });

  it("takes raw bytes at the upload URL and the documented alt_txt, as curl would send them", async () => {
    const client = clientOf(fake);
    const chart = png(50, 20);
    const url = (await client.apiCall("files.getUploadURLExternal", {
      filename: "raw.png",
      length: chart.length,
      alt_txt: "Documented name",
    })) as { upload_url?: string; file_id?: string };
    const posted = await fetch(String(url.upload_url), {
      method: "POST",
      body: new Uint8Array(chart),
      headers: { "content-type": "application/octet-stream" },
    });
    expect(posted.status).toBe(200);
    expect(await posted.text()).toBe(`OK - ${chart.length}`);
    const file = fake.file(String(url.file_id))!;
    expect(file.received).toEqual({ contentType: "application/octet-stream", multipart: false });
    expect(file.altText).toBe("Documented name");
    expect(file.completed).toBe(false);
  });

  it("refuses without files:write, with Slack's missing_scope, and keeps no file", async () => {
    expect(fake.scopesOf("xoxb-anything")).toContain("files:write");
    fake.removeScope("files:write");
    const error = await slackError(
      clientOf(fake).filesUploadV2({ channel_id: "C1", file: png(4, 4), filename: "a.png" }),
    );
    expect(error).toMatchObject({ ok: false, error: "missing_scope", needed: "files:write" });
    expect(String(error.provided)).not.toContain("files:write");
    expect(fake.filesOf()).toEqual([]);
    expect(fake.messagesIn("C1")).toEqual([]);
    // The text fallback still posts.
    await clientOf(fake).chat.postMessage({ channel: "C1", text: "the chart, in words" });
    expect(fake.messagesIn("C1").map((m) => m.text)).toEqual(["the chart, in words"]);

    fake.grantScope("files:write");
    await clientOf(fake).filesUploadV2({ channel_id: "C1", file: png(4, 4), filename: "a.png" });
    expect(fake.filesOf()).toHaveLength(1);
  });

  it("answers files.info with files:read only", async () => {
    await clientOf(fake).filesUploadV2({ file: png(4, 4), filename: "a.png", alt_text: "alt" });
    const id = fake.filesOf()[0]!.id;
    expect(await slackError(clientOf(fake).files.info({ file: id }))).toMatchObject({
      error: "missing_scope",
      needed: "files:read",
    });
    fake.grantScope("files:read");
    const info = await clientOf(fake).files.info({ file: id });
    expect(info.file).toMatchObject({ id, alt_txt: "alt", name: "a.png" });
    expect(await slackError(clientOf(fake).files.info({ file: "F9999999999" }))).toMatchObject({
      error: "file_not_found",
    });
  });

  it("refuses bad input as Slack does", async () => {
    const client = clientOf(fake);
    expect(
      await slackError(client.apiCall("files.getUploadURLExternal", { length: 10 })),
    ).toMatchObject({
      error: "invalid_arguments",
      response_metadata: { messages: ["[ERROR] missing required field: filename"] },
    });
    expect(
      await slackError(client.apiCall("files.getUploadURLExternal", { filename: "a.png" })),
    ).toMatchObject({ error: "invalid_arguments" });
    expect(
      await slackError(
        client.apiCall("files.getUploadURLExternal", { filename: "a.png", length: 0 }),
      ),
    ).toMatchObject({ error: "missing_argument" });
    expect(
      await slackError(
        client.files.getUploadURLExternal({
          filename: "a.png",
          length: 4,
          alt_text: "x".repeat(1001),
        }),
      ),
    ).toMatchObject({ error: "alt_txt_too_large" });

    // Bytes that are not the announced length fail at the upload URL.
    const url = await client.files.getUploadURLExternal({ filename: "a.png", length: 5 });
    const short = await fetch(url.upload_url!, { method: "POST", body: "abc" });
    expect(short.status).toBe(400);
    expect(await short.text()).toContain("length mismatch");
    // So the file never came: completing it fails, as does an id the fake never gave.
    expect(
      await slackError(client.files.completeUploadExternal({ files: [{ id: url.file_id! }] })),
    ).toMatchObject({ error: "file_not_found" });
    expect(
      await slackError(client.files.completeUploadExternal({ files: [{ id: "F0123456789" }] })),
    ).toMatchObject({ error: "file_not_found" });
    expect(
      await slackError(client.apiCall("files.completeUploadExternal", { channel_id: "C1" })),
    ).toMatchObject({ error: "invalid_arguments" });

    // A finished upload can be completed only once.
    await fetch(url.upload_url!, { method: "POST", body: "abcde" });
    await client.files.completeUploadExternal({ files: [{ id: url.file_id! }], channel_id: "C1" });
    expect(
      await slackError(
        client.files.completeUploadExternal({ files: [{ id: url.file_id! }], channel_id: "C2" }),
      ),
    ).toMatchObject({ error: "file_not_found" });
    expect(fake.messagesIn("C2")).toEqual([]);
  });

  it("fails the client's upload when the upload URL does, and shares nothing", async () => {
    fake.fail("upload", [500]);
    await expect(
      clientOf(fake).filesUploadV2({ channel_id: "C1", file: png(4, 4), filename: "a.png" }),
    ).rejects.toThrow();
    expect(fake.callsOf("files.completeUploadExternal")).toEqual([]);
    expect(fake.messagesIn("C1")).toEqual([]);
  });
});

describe("the fake Slack shows uploaded files in image blocks", () => {
  let fake: FakeSlack;
  beforeEach(async () => {
    fake = await new FakeSlack().start();
  });
  afterEach(async () => {
    await fake.stop();
  });

  /** Uploads a file privately, as a bot does before it shows it in a block. */
  async function upload(filename = "chart.png", bytes = png(320, 200)): Promise<string> {
    await clientOf(fake).filesUploadV2({ file: bytes, filename, alt_text: "alt" });
    return fake.filesOf().at(-1)!.id;
  }

  it("accepts chat.postMessage with slack_file by id or by url, and records it", async () => {
    const id = await upload();
    const client = clientOf(fake);
    const blocks = [
      { type: "section", text: { type: "mrkdwn", text: "*Today's answers*" } },
      imageBlock({ id }),
    ];
    await client.chat.postMessage({ channel: "C1", text: "Answers: B 12, A 3", blocks });
    const [message] = fake.messagesIn("C1");
    expect(message!.blocks).toEqual(blocks);
    expect(fake.filesShownBy(message!.blocks).map((f) => f.id)).toEqual([id]);

    const object = fake.fileObject(id)!;
    for (const url of [object.url_private, object.permalink]) {
      await client.chat.update({
        channel: "C1",
        ts: message!.ts,
        text: "x",
        blocks: [imageBlock({ url: String(url) })],
      });
    }
    expect(fake.filesShownBy(fake.callsOf("chat.update")[1]!.args.blocks)).toHaveLength(1);
  });

  it("refuses a slack_file it cannot show with invalid_blocks and the block's pointer", async () => {
    const client = clientOf(fake);
    const text = await upload("notes.txt", Buffer.from("words"));
    const unfinished = await client.files.getUploadURLExternal({ filename: "x.png", length: 4 });
    const post = (blocks: unknown[]) =>
      slackError(client.chat.postMessage({ channel: "C1", text: "t", blocks: blocks as never }));

    expect(await post([{ type: "divider" }, imageBlock({ id: "F0000000999" })])).toEqual({
      ok: false,
      error: "invalid_blocks",
      errors: ["invalid slack file [json-pointer:/blocks/1/slack_file]"],
      response_metadata: {
        messages: ["[ERROR] invalid slack file [json-pointer:/blocks/1/slack_file]"],
      },
    });
    expect((await post([imageBlock({ id: "nope" })])).errors).toEqual([
      "input must match regex pattern: ^[F][A-Z0-9]{8,}$ [json-pointer:/blocks/0/slack_file/id]",
    ]);
    expect((await post([imageBlock({ id: unfinished.file_id! })])).error).toBe("invalid_blocks");
    expect((await post([imageBlock({ id: text })])).error).toBe("invalid_blocks");
    const id = await upload();
    expect((await post([imageBlock({ id, url: "https://x" })])).error).toBe("invalid_blocks");
    expect((await post([imageBlock({ id }, "")])).errors).toEqual([
      "missing required field: alt_text [json-pointer:/blocks/0]",
    ]);
    // An image element in a section's accessory is checked too.
    const accessory = {
      type: "section",
      text: { type: "mrkdwn", text: "x" },
      accessory: imageBlock({ id: "F0000000998" }),
    };
    expect((await post([accessory])).errors).toEqual([
      "invalid slack file [json-pointer:/blocks/0/accessory/slack_file]",
    ]);
    expect(fake.messagesIn("C1")).toEqual([]);
    expect(
      await slackError(
        client.chat.update({
          channel: "C1",
          ts: "1.1",
          text: "t",
          blocks: [imageBlock({ id: "F0000000997" })],
        }),
      ),
    ).toMatchObject({ error: "invalid_blocks" });
  });

  it("takes a response_url post showing an uploaded file, and refuses an unknown one", async () => {
    const id = await upload();
    const ok = await fetch(fake.responseUrl("r1"), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ text: "chart", blocks: [imageBlock({ id })] }),
    });
    expect(ok.status).toBe(200);
    expect(fake.filesShownBy(fake.responses[0]!.body.blocks).map((f) => f.id)).toEqual([id]);
    const bad = await fetch(fake.responseUrl("r2"), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ text: "chart", blocks: [imageBlock({ id: "F0000000999" })] }),
    });
    expect(bad.status).toBe(404);
    expect(await bad.json()).toEqual({ ok: false, error: "invalid_blocks" });
    expect(fake.responses).toHaveLength(1);
  });

  it("shares blocks with the files completeUploadExternal finishes, unless there is a comment", async () => {
    const client = clientOf(fake);
    const chart = png(30, 30);
    const url = await client.files.getUploadURLExternal({
      filename: "c.png",
      length: chart.length,
    });
    await fetch(url.upload_url!, { method: "POST", body: new Uint8Array(chart) });
    const blocks = [imageBlock({ id: url.file_id! })];
    await client.files.completeUploadExternal({
      files: [{ id: url.file_id! }],
      channel_id: "C1",
      blocks,
    });
    expect(fake.messagesIn("C1")[0]).toMatchObject({ text: "", blocks, upload: true });
  });
});

describe("the fake Slack's file scopes with many workspaces", () => {
  let fake: FakeSlack;
  beforeEach(async () => {
    fake = await new FakeSlack().start();
    fake.addWorkspace({ id: "T1", name: "Alpha" });
    fake.addWorkspace({ id: "T2", name: "Beta" });
  });
  afterEach(async () => {
    await fake.stop();
  });

  it("takes files:write from one workspace only, and keeps files apart", async () => {
    const alpha = clientOf(fake, fake.mintToken("T1"));
    const beta = clientOf(fake, fake.mintToken("T2"));
    fake.removeScope("files:write", "T2");
    expect(
      await slackError(
        beta.filesUploadV2({ channel_id: "C1", file: png(4, 4), filename: "b.png" }),
      ),
    ).toMatchObject({ error: "missing_scope" });
    await alpha.filesUploadV2({ channel_id: "C1", file: png(4, 4), filename: "a.png" });
    expect(fake.filesOf("T1").map((f) => f.filename)).toEqual(["a.png"]);
    expect(fake.filesOf("T2")).toEqual([]);
    // A new install of T2 still has it (the default), unless the install asks for less.
    expect(fake.scopesOf(fake.mintToken("T2"))).toContain("files:write");
    expect(fake.scopesOf(fake.mintToken("T2", { scopes: ["chat:write"] }))).toEqual(["chat:write"]);

    // T2 cannot show T1's file.
    const id = fake.filesOf("T1")[0]!.id;
    const shown = beta.chat.postMessage({ channel: "C1", text: "t", blocks: [imageBlock({ id })] });
    expect(await slackError(shown)).toMatchObject({ error: "invalid_blocks" });
    await alpha.chat.postMessage({ channel: "C1", text: "t", blocks: [imageBlock({ id })] });
    expect(fake.messagesIn("C1", "T1").at(-1)!.blocks).toEqual([imageBlock({ id })]);
  });

  it("grants files:write with an OAuth install by default", async () => {
    const code = fake.authorizationCode("T2");
    const grant = await clientOf(fake, "").oauth.v2.access({
      client_id: fake.clientId,
      client_secret: fake.clientSecret,
      code,
    });
    expect(grant.scope).toBe("commands,chat:write,files:write");
  });
});

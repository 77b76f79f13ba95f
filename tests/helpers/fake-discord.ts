import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { type WebSocket, WebSocketServer } from "ws";
import { type AttachmentPlan, DiscordAttachments } from "./fake-discord-attachments.js";
import {
  ATTACH_FILES,
  type DiscordAttachment,
  type DiscordError,
  ENTITY_TOO_LARGE,
  isMultipart,
  MAX_REQUEST_BYTES,
  readMultipart,
  type UploadedPart,
} from "./fake-discord-multipart.js";

export type { DiscordAttachment, UploadedPart } from "./fake-discord-multipart.js";

export const APP_ID = "100000000000000001";
export const BOT_ID = "100000000000000002";
export const GUILD_ID = "200000000000000001";
export const CHANNEL_ID = "300000000000000001";

/** The bot's own user, as READY and the messages it posts carry it. */
const BOT_USER = {
  id: BOT_ID,
  username: "studybot",
  discriminator: "0",
  bot: true,
  avatar: null,
  global_name: null,
};

/** The shard Discord puts a server on: `(guild_id >> 22) % num_shards`. DMs go to shard 0. */
export function shardOfGuild(guildId: string | undefined, shardCount: number): number {
  if (!guildId) return 0;
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}

/**
 * A server id that lands on `shard` of `shardCount` (the `nth` such id after GUILD_ID): for
 * tests that need servers on different shards.
 */
export function guildIdOnShard(shard: number, shardCount: number, nth = 0): string {
  const count = BigInt(shardCount);
  let timestamp = (BigInt(GUILD_ID) >> 22n) + 1n;
  while (timestamp % count !== BigInt(shard)) timestamp += 1n;
  return String(((timestamp + BigInt(nth) * count) << 22n) | 1n);
}

/** One gateway connection: which shard it identified as, and its own event sequence. */
interface GatewaySession {
  ws: WebSocket;
  /** `[shard_id, num_shards]` from its IDENTIFY; unset until it identifies. */
  shard?: [number, number];
  sequence: number;
}

export interface RestCall {
  method: string;
  path: string;
  body: Record<string, unknown> | unknown[] | null;
  /** When the request arrived (performance.now()). */
  at: number;
  /**
   * The file parts of a `multipart/form-data` request, as they arrived (`body` is then its
   * `payload_json`); unset for a JSON request.
   */
  files?: UploadedPart[];
}

/**
 * A fake Discord on 127.0.0.1: REST (gateway info, interaction callbacks, webhook edits,
 * channel messages, command registration) and a gateway WebSocket that says HELLO, answers
 * IDENTIFY with READY and GUILD_CREATE, acks heartbeats and dispatches INTERACTION_CREATE.
 * Sharded as Discord is: one connection per shard, each told only of its own servers' events.
 * Message routes take files as Discord documents them (`multipart/form-data`, `payload_json` and
 * `files[n]`): see attachmentsOf, replyAttachments, uploads and denyAttachFiles.
 */
export class FakeDiscord {
  readonly calls: RestCall[] = [];
  /** user id -> the DM channel the bot has with them. */
  private readonly dmChannels = new Map<string, string>();
  /** Users who take no direct messages from the bot (Discord answers 50007). */
  readonly closedDms = new Set<string>();

  /** What the bot sent a user in direct messages, oldest first. */
  directMessagesTo(userId: string): Record<string, unknown>[] {
    const channel = this.dmChannels.get(userId);
    return channel ? [...(this.channelMessages.get(channel) ?? [])] : [];
  }

  /** The DM channel the bot opened with a user, if it did. */
  dmChannelOf(userId: string): string | undefined {
    return this.dmChannels.get(userId);
  }
  private readonly failures: { match: RegExp; statuses: number[] }[] = [];
  private server!: Server;
  private gateway!: WebSocketServer;
  /** shard id -> its live connection (the latest one that identified as that shard). */
  private readonly sessions = new Map<number, GatewaySession>();
  private ids = 0;
  port = 0;

  /** What GET /gateway/bot recommends as `shards` (what `shards: "auto"` runs). */
  recommendedShards = 1;
  /** GET /gateway/bot's `session_start_limit.max_concurrency`: shards that may identify at once. */
  maxConcurrency = 1;
  /** The servers the bot is in: each READY lists those on its shard, then sends their GUILD_CREATE. */
  private readonly guilds = new Map<string, { name: string; channelId: string }>([
    [GUILD_ID, { name: "Study Hall", channelId: CHANNEL_ID }],
  ]);
  /** Every IDENTIFY's `shard: [id, count]`, in arrival order. */
  readonly identifies: [number, number][] = [];
  /**
   * Every RESUME's shard (read from its session id), in arrival order. The fake refuses them all
   * (op 9, not resumable), so a dropped shard always identifies anew.
   */
  readonly resumes: number[] = [];
  /** Shards whose IDENTIFY gets no READY for now (an outage of that shard), see holdReady. */
  private readonly held = new Map<number, GatewaySession[]>();

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      void this.route(req).then(async ({ status, body, headers, raw }) => {
        // A held response: the request took effect on arrival, its answer comes late (or, when
        // the bot died meanwhile, never reaches it).
        if (
          this.holdMs > 0 &&
          req.method === "POST" &&
          /\/channels\/\d+\/messages$/.test(req.url ?? "")
        )
          await new Promise((resolve) => setTimeout(resolve, this.holdMs));
        if (res.destroyed) return;
        // Like Discord, a 204 has no body and no content type.
        res.writeHead(
          status,
          body === null ? { ...headers } : { "content-type": "application/json", ...headers },
        );
        res.end(raw ?? (body === null ? "" : JSON.stringify(body)));
      });
    });
    this.gateway = new WebSocketServer({ server: this.server, path: "/gateway" });
    this.gateway.on("connection", (ws) => {
      const session: GatewaySession = { ws, sequence: 0 };
      ws.on("message", (data) =>
        this.onGateway(session, JSON.parse(String(data)) as { op: number; d: unknown }),
      );
      ws.on("close", () => {
        const id = session.shard?.[0];
        if (id !== undefined && this.sessions.get(id) === session) this.sessions.delete(id);
      });
      ws.send(JSON.stringify({ op: 10, d: { heartbeat_interval: 41_250 } }));
    });
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    for (const client of this.gateway.clients) client.terminate();
    this.gateway.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  /** Channel message POSTs take effect at once but are answered only after this long. */
  holdMs = 0;
  /**
   * How long Discord remembers a nonce. Its docs say only "the past few minutes"; two is a
   * cautious reading, and the bot's resend after a crash comes well inside it.
   */
  nonceWindowMs = 2 * 60_000;
  /** What the bot posted in each channel, oldest first. */
  readonly channelMessages = new Map<string, Record<string, unknown>[]>();
  private readonly nonces = new Map<string, { message: Record<string, unknown>; at: number }>();

  /** The messages in a channel, oldest first. */
  messagesIn(channelId: string): Record<string, unknown>[] {
    return [...(this.channelMessages.get(channelId) ?? [])];
  }

  /** Uploads: fake-discord-attachments.ts and fake-discord-multipart.ts. */
  private readonly attachments = new DiscordAttachments({
    origin: () => `http://127.0.0.1:${this.port}`,
    nextId: () => this.nextId(),
    defaultChannel: CHANNEL_ID,
  });

  /**
   * The largest file (bytes) a message may carry: Discord's default for everyone is 10 MiB;
   * raise it to play a boosted server. Interactions carry it as `attachment_size_limit`.
   */
  get attachmentSizeLimit(): number {
    return this.attachments.sizeLimit;
  }

  set attachmentSizeLimit(bytes: number) {
    this.attachments.sizeLimit = bytes;
  }

  /** Every file the fake accepted onto a message, oldest first, bytes and alt text included. */
  get uploads(): readonly DiscordAttachment[] {
    return this.attachments.uploads;
  }

  /**
   * The files a message has now (after any edits), by the message id Discord answered with:
   * of a channel message, a follow-up, or an edit's answer.
   */
  attachmentsOf(messageId: string): DiscordAttachment[] {
    return this.attachments.of(messageId);
  }

  /** The files an interaction's reply (`@original`) has now, after its callback and edits. */
  replyAttachments(token: string): DiscordAttachment[] {
    return this.attachmentsOf(`@original/${token}`);
  }

  /**
   * The bot loses Attach Files in this channel: a message, interaction response or follow-up
   * there that uploads a file is refused with 403 "Missing Permissions" (code 50013), as
   * Discord refuses it, and interactions from there carry `app_permissions` without the bit.
   */
  denyAttachFiles(channelId = CHANNEL_ID): void {
    this.attachments.deny(channelId);
  }

  /** Gives Attach Files back in this channel. */
  allowAttachFiles(channelId = CHANNEL_ID): void {
    this.attachments.allow(channelId);
  }

  /** A server the bot is in from the start: the READY of its shard lists it. */
  addGuild(guildId: string, channelId: string, name = "Another Server"): this {
    this.guilds.set(guildId, { name, channelId });
    return this;
  }

  /** Dispatches GUILD_CREATE for a server the bot was just added to, on that server's shard. */
  joinGuild(guildId: string, channelId: string): void {
    this.guilds.set(guildId, { name: "Another Server", channelId });
    this.dispatch(guildId, "GUILD_CREATE", guildPayload(guildId, "Another Server", channelId));
  }

  /** Dispatches GUILD_DELETE: removed from a server, or (unavailable) an outage. */
  guildDelete(guildId: string, unavailable: boolean): void {
    if (!unavailable) this.guilds.delete(guildId);
    this.dispatch(
      guildId,
      "GUILD_DELETE",
      unavailable ? { id: guildId, unavailable: true } : { id: guildId },
    );
  }

  /** The shards with a live, identified connection now, in id order. */
  connectedShards(): number[] {
    return [...this.sessions.keys()].sort((a, b) => a - b);
  }

  /**
   * Drops one shard's connection, as Discord does when it restarts a gateway node. The close
   * code (default 4000, "unknown error") lets the client try to RESUME; the fake refuses.
   */
  closeShard(shardId: number, code = 4000): void {
    this.sessions.get(shardId)?.ws.close(code, "fake Discord dropped this shard");
  }

  /** From now on, this shard's IDENTIFY is recorded but not answered (no READY) until released. */
  holdReady(shardId: number): void {
    if (!this.held.has(shardId)) this.held.set(shardId, []);
  }

  /** Answers the IDENTIFYs held for this shard, and answers the next ones at once again. */
  releaseReady(shardId: number): void {
    const waiting = this.held.get(shardId) ?? [];
    this.held.delete(shardId);
    for (const session of waiting)
      if (session.ws.readyState === session.ws.OPEN) this.ready(session);
  }

  /**
   * Creates a channel message as Discord does: with `enforce_nonce`, a nonce this author used in
   * the window returns that message again instead of making a second one.
   */
  private createMessage(
    channelId: string,
    body: RestCall["body"],
    plan?: AttachmentPlan,
  ): Record<string, unknown> {
    const fields = body && !Array.isArray(body) ? body : {};
    const nonce =
      typeof fields.nonce === "string" || typeof fields.nonce === "number"
        ? String(fields.nonce)
        : undefined;
    const now = Date.now();
    const earlier = nonce ? this.nonces.get(nonce) : undefined;
    if (fields.enforce_nonce === true && earlier && now - earlier.at <= this.nonceWindowMs)
      return earlier.message;
    const { enforce_nonce: _enforce, ...rest } = fields;
    let message = this.message(rest, channelId);
    if (plan) message = this.attachments.keep(plan, message);
    this.channelMessages.set(channelId, [...(this.channelMessages.get(channelId) ?? []), message]);
    if (nonce) this.nonces.set(nonce, { message, at: now });
    return message;
  }

  /** The next requests whose "METHOD path" matches answer with these statuses. */
  fail(match: RegExp, statuses: number[]): void {
    this.failures.push({ match, statuses: [...statuses] });
  }

  callsTo(method: string, path: RegExp): RestCall[] {
    return this.calls.filter((c) => c.method === method && path.test(c.path));
  }

  async until(predicate: () => boolean, ms = 8000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!predicate()) {
      if (Date.now() > deadline) throw new Error("timed out waiting for the fake Discord");
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  nextId(): string {
    this.ids += 1;
    return String(900000000000000000n + BigInt(this.ids));
  }

  /** Dispatches an INTERACTION_CREATE and returns its id and token. */
  interact(payload: Record<string, unknown>): { id: string; token: string } {
    const id = this.nextId();
    const token = `token-${id}`;
    const interaction: Record<string, unknown> = {
      id,
      token,
      application_id: APP_ID,
      version: 1,
      guild_id: GUILD_ID,
      channel_id: CHANNEL_ID,
      channel: { id: CHANNEL_ID, type: 0, guild_id: GUILD_ID, name: "general" },
      app_permissions: "2248473465835073",
      locale: "en-US",
      guild_locale: "en-US",
      entitlements: [],
      authorizing_integration_owners: {},
      context: 0,
      attachment_size_limit: this.attachmentSizeLimit,
      ...payload,
    };
    const channelId = String(interaction.channel_id);
    if (this.attachments.denies(channelId) && !("app_permissions" in payload)) {
      interaction.app_permissions = String(
        BigInt(String(interaction.app_permissions)) & ~ATTACH_FILES,
      );
    }
    this.attachments.noteInteraction(token, interaction);
    const guildId = typeof interaction.guild_id === "string" ? interaction.guild_id : undefined;
    this.dispatch(guildId, "INTERACTION_CREATE", interaction);
    return { id, token };
  }

  /** The callback Discord recorded for an interaction (its first response). */
  callback(id: string): { type: number; data?: Record<string, unknown> } | undefined {
    return this.calls.find((c) => c.method === "POST" && c.path.includes(`/interactions/${id}/`))
      ?.body as { type: number; data?: Record<string, unknown> } | undefined;
  }

  followUps(token: string): Record<string, unknown>[] {
    return this.calls
      .filter((c) => c.method === "POST" && c.path.endsWith(`/webhooks/${APP_ID}/${token}`))
      .map((c) => c.body as Record<string, unknown>);
  }

  /**
   * Sends an event about a server on the connection of that server's shard, as Discord does; an
   * event for a shard nobody runs (here) is lost, as it would be for a process that is down.
   */
  private dispatch(guildId: string | undefined, t: string, d: unknown): void {
    const shardCount = [...this.sessions.values()][0]?.shard?.[1] ?? 1;
    const session = this.sessions.get(shardOfGuild(guildId, shardCount));
    if (session) this.send(session, t, d);
  }

  private send(session: GatewaySession, t: string, d: unknown): void {
    session.sequence += 1;
    session.ws.send(JSON.stringify({ op: 0, t, s: session.sequence, d }));
  }

  private onGateway(session: GatewaySession, message: { op: number; d: unknown }): void {
    if (message.op === 1) session.ws.send(JSON.stringify({ op: 11 }));
    if (message.op === 2) this.identify(session, message.d);
    if (message.op === 6) {
      // RESUME: this fake keeps no sessions to resume; "not resumable" makes the client IDENTIFY.
      const sessionId = (message.d as { session_id?: unknown } | null)?.session_id;
      this.resumes.push(Number(/^session-(\d+)$/.exec(String(sessionId))?.[1] ?? -1));
      session.ws.send(JSON.stringify({ op: 9, d: false }));
    }
  }

  private identify(session: GatewaySession, d: unknown): void {
    const shard = (d as { shard?: unknown } | null)?.shard;
    const [id, count] = isShardPair(shard) ? shard : [0, 1];
    this.identifies.push([id, count]);
    if (id >= count) {
      session.ws.close(4010, "Invalid shard"); // as Discord answers a shard outside its count
      return;
    }
    session.shard = [id, count];
    session.sequence = 0;
    this.sessions.set(id, session);
    const held = this.held.get(id);
    if (held) held.push(session);
    else this.ready(session);
  }

  /** READY with the servers of the session's shard, then a GUILD_CREATE for each of them. */
  private ready(session: GatewaySession): void {
    const [id, count] = session.shard!;
    const guilds = [...this.guilds].filter(([guildId]) => shardOfGuild(guildId, count) === id);
    this.send(session, "READY", {
      v: 10,
      user: BOT_USER,
      guilds: guilds.map(([guildId]) => ({ id: guildId, unavailable: true })),
      session_id: `session-${id}`,
      resume_gateway_url: `ws://127.0.0.1:${this.port}/gateway`,
      application: { id: APP_ID, flags: 0 },
      shard: [id, count],
    });
    for (const [guildId, guild] of guilds)
      this.send(session, "GUILD_CREATE", guildPayload(guildId, guild.name, guild.channelId));
  }

  private async route(req: IncomingMessage): Promise<{
    status: number;
    body: unknown;
    headers?: Record<string, string>;
    raw?: Buffer;
  }> {
    const bytes = await readBytes(req);
    const path = (req.url ?? "").split("?")[0]!.replace(/^\/api\/v10/, "");
    const method = req.method ?? "GET";
    if (method === "GET" && path.startsWith("/attachments/")) return this.attachments.serve(path);
    let body: RestCall["body"];
    let files: UploadedPart[] | undefined;
    const contentType = req.headers["content-type"];
    if (isMultipart(contentType)) {
      const read =
        bytes.length > MAX_REQUEST_BYTES
          ? { error: ENTITY_TOO_LARGE }
          : await readMultipart(bytes, contentType!);
      if ("error" in read) return this.refuse(method, path, null, read.error);
      body = read.body;
      files = read.files;
    } else {
      const raw = bytes.toString();
      body = raw ? (JSON.parse(raw) as RestCall["body"]) : null;
    }
    const failure = this.failures.find(
      (f) => f.statuses.length > 0 && f.match.test(`${method} ${path}`),
    );
    if (failure) {
      const status = failure.statuses.shift()!;
      this.calls.push({
        method: `${method}#${status}`,
        path,
        body,
        at: performance.now(),
        ...(files ? { files } : {}),
      });
      return status === 429
        ? {
            status,
            body: { message: "You are being rate limited.", retry_after: 0.2, global: false },
            headers: { "retry-after": "0.2", "x-ratelimit-scope": "user" },
          }
        : { status, body: { message: "Internal Server Error", code: 0 } };
    }
    const planned = this.attachments.plan(method, path, body, files ?? []);
    if (planned && "error" in planned) return this.refuse(method, path, body, planned.error, files);
    const plan = planned?.plan;
    this.calls.push({ method, path, body, at: performance.now(), ...(files ? { files } : {}) });
    if (method === "GET" && path === "/gateway/bot") {
      return {
        status: 200,
        body: {
          url: `ws://127.0.0.1:${this.port}/gateway`,
          shards: this.recommendedShards,
          session_start_limit: {
            total: 1000,
            remaining: 1000,
            reset_after: 0,
            max_concurrency: this.maxConcurrency,
          },
        },
      };
    }
    if (method === "GET" && path === "/applications/@me")
      return { status: 200, body: { id: APP_ID, name: "Studybot" } };
    if (method === "PUT" && /^\/applications\/\d+(\/guilds\/\d+)?\/commands$/.test(path)) {
      return {
        status: 200,
        body: (body as { name: string }[]).map((c, i) => ({ ...c, id: String(i + 1) })),
      };
    }
    if (method === "POST" && path.startsWith("/interactions/")) {
      if (plan) this.attachments.keep(plan);
      return { status: 204, body: null };
    }
    if (path.startsWith("/webhooks/")) {
      const message = this.message(body);
      return { status: 200, body: plan ? this.attachments.keep(plan, message) : message };
    }
    if (method === "POST" && path === "/users/@me/channels") {
      // A DM channel with one user: the same one each time, as Discord keeps it.
      const recipient = String((body as { recipient_id?: unknown } | null)?.recipient_id ?? "");
      if (!/^\d+$/.test(recipient))
        return { status: 400, body: { message: "Invalid Form Body", code: 50035 } };
      let channel = this.dmChannels.get(recipient);
      if (!channel) {
        channel = this.nextId();
        this.dmChannels.set(recipient, channel);
      }
      return {
        status: 200,
        body: { id: channel, type: 1, recipients: [{ id: recipient, username: recipient }] },
      };
    }
    if (method === "POST" && /^\/channels\/\d+\/messages$/.test(path)) {
      const channel = path.split("/")[2]!;
      const recipient = [...this.dmChannels].find(([, id]) => id === channel)?.[0];
      if (recipient && this.closedDms.has(recipient)) {
        // A user who takes no DMs from server members (or blocked the bot).
        return { status: 403, body: { message: "Cannot send messages to this user", code: 50007 } };
      }
      const nonce = body && !Array.isArray(body) ? body.nonce : undefined;
      if (typeof nonce === "string" && nonce.length > 25)
        return { status: 400, body: { message: "Invalid Form Body", code: 50035 } };
      return { status: 200, body: this.createMessage(path.split("/")[2]!, body, plan) };
    }
    if (method === "PATCH" && /^\/channels\/\d+\/messages\/\d+$/.test(path)) {
      const message = this.message(body, path.split("/")[2], path.split("/")[4]);
      return { status: 200, body: plan ? this.attachments.keep(plan, message) : message };
    }
    return { status: 404, body: { message: "Unknown route", code: 0 } };
  }

  /** Records a request Discord refused (as `METHOD#status`) and answers its error. */
  private refuse(
    method: string,
    path: string,
    body: RestCall["body"],
    error: DiscordError,
    files?: UploadedPart[],
  ): { status: number; body: unknown } {
    this.calls.push({
      method: `${method}#${error.status}`,
      path,
      body,
      at: performance.now(),
      ...(files ? { files } : {}),
    });
    return { status: error.status, body: error.body };
  }

  private message(
    body: RestCall["body"],
    channelId = CHANNEL_ID,
    id = this.nextId(),
  ): Record<string, unknown> {
    return botMessage({ id, channel_id: channelId, ...(body && !Array.isArray(body) ? body : {}) });
  }
}

/** A GUILD_CREATE payload: a small server with one text channel. */
function guildPayload(id: string, name: string, channelId: string): Record<string, unknown> {
  return {
    id,
    name,
    icon: null,
    owner_id: "400000000000000009",
    afk_timeout: 300,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    mfa_level: 0,
    nsfw_level: 0,
    premium_tier: 0,
    premium_progress_bar_enabled: false,
    preferred_locale: "en-US",
    system_channel_flags: 0,
    features: [],
    roles: [],
    emojis: [],
    stickers: [],
    channels: [
      {
        id: channelId,
        type: 0,
        name: "general",
        guild_id: id,
        position: 0,
        permission_overwrites: [],
      },
    ],
    threads: [],
    members: [],
    presences: [],
    voice_states: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
    member_count: 3,
    large: false,
    unavailable: false,
    joined_at: "2026-01-01T00:00:00.000Z",
  };
}

function isShardPair(value: unknown): value is [number, number] {
  return (
    Array.isArray(value) &&
    value.length === 2 &&
    value.every((n) => Number.isInteger(n) && n >= 0) &&
    value[1] > 0
  );
}

async function readBytes(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req)
    chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks);
}

/** A message the bot posted, as Discord sends it back (and as component clicks carry it). */
export function botMessage(fields: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: "700000000000000001",
    channel_id: CHANNEL_ID,
    type: 0,
    content: "",
    author: BOT_USER,
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: [],
    embeds: [],
    pinned: false,
    flags: 0,
    components: [],
    ...fields,
  };
}

/** A guild member as interaction payloads carry it. */
export function member(id: string, name: string, permissions = "0"): Record<string, unknown> {
  return {
    user: { id, username: name, discriminator: "0", global_name: null, avatar: null },
    roles: [],
    permissions,
    joined_at: "2026-01-01T00:00:00.000Z",
    deaf: false,
    mute: false,
    flags: 0,
    nick: null,
  };
}

/** The Manage Server permission bit, as a string. */
export const MANAGE_GUILD = String(1n << 5n);

import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { type WebSocket, WebSocketServer } from "ws";
import { signSlackRequest } from "../../src/adapters/slack/verify.js";
import { SlackFiles, type SlackUpload } from "./fake-slack-files.js";

export type { SlackUpload } from "./fake-slack-files.js";

export interface WebApiCall {
  method: string;
  args: Record<string, unknown>;
  /** The token the call carried: `Authorization: Bearer`, else a form body's `token` field. */
  token?: string;
  /** The workspace that token belongs to; undefined for a token the fake never issued. */
  team?: string;
  /** The error the fake answered (`invalid_auth`, `token_revoked`, `invalid_code`, ...). */
  error?: string;
}

/** A workspace the fake serves, as `addWorkspace` registered it. */
export interface SlackWorkspace {
  id: string;
  name: string;
  /** `{domain}.slack.com`, as auth.test's `url` shows it. */
  domain: string;
  enterprise?: { id: string; name: string };
  botUserId: string;
  botId: string;
  appId: string;
}

export interface FakeSlackOptions {
  /**
   * Many workspaces: only tokens the fake issued work. Off by default, and then any token works
   * and answers as team T1; on as soon as a test registers a workspace, unless set to false.
   */
  multiWorkspace?: boolean;
  /** What oauth.v2.access checks the app's credentials against. */
  clientId?: string;
  clientSecret?: string;
  /** `expires_in` of rotating tokens, in seconds; Slack's is 12 hours. */
  tokenLifetimeSeconds?: number;
  /** The fake's clock (ms): token and code expiry, event times. */
  now?: () => number;
}

/** The workspace that single-workspace mode answers as (and auth.test for an unknown token). */
export const DEFAULT_WORKSPACE: Readonly<SlackWorkspace> = {
  id: "T1",
  name: "Test",
  domain: "test",
  botUserId: "UBOT",
  botId: "BBOT",
  appId: "A1",
};

/** An event_callback envelope, as Slack POSTs it to the app's Events URL. */
export interface EventEnvelope {
  token: string;
  team_id: string;
  enterprise_id?: string;
  api_app_id: string;
  event: { type: string } & Record<string, unknown>;
  type: "event_callback";
  event_id: string;
  event_time: number;
  authorizations: {
    enterprise_id: string | null;
    team_id: string;
    user_id: string;
    is_bot: true;
    is_enterprise_install: false;
  }[];
  is_ext_shared_channel: false;
  event_context: string;
}

/** A home view as views.publish stores it. */
export interface HomeView {
  type: "home";
  blocks: unknown[];
  private_metadata?: string;
  callback_id?: string;
  external_id?: string;
}

interface TokenRecord {
  team: string;
  kind: "access" | "refresh";
  /** ms on the fake's clock; unset for a token that never expires. */
  expiresAt?: number;
  revoked: boolean;
  /** A refresh token works once. */
  used: boolean;
  scopes: string[];
  /** The lifetime (s) of the access tokens a refresh gives. */
  lifetime?: number;
}

interface CodeRecord {
  team: string;
  rotation: boolean;
  scopes: string[];
  userId: string;
  redirectUri?: string;
  lifetime: number;
  expiresAt: number;
  used: boolean;
}

type Answer = {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  /** A body that is no JSON (an upload URL's text, a file's bytes); set its content-type. */
  raw?: string | Buffer;
};

/** Methods that take no workspace token: the OAuth exchange and the app-level Socket Mode open. */
const NO_WORKSPACE_TOKEN = new Set(["oauth.v2.access", "apps.connections.open"]);
/** Slack's Home tab limit. */
const HOME_MAX_BLOCKS = 100;
/** An OAuth code is good for ten minutes. */
const CODE_LIFETIME_MS = 10 * 60 * 1000;

/**
 * A fake Slack on 127.0.0.1: the Web API (auth.test, users.info, chat.postMessage,
 * conversations.history, chat.update, views.publish, oauth.v2.access, apps.connections.open),
 * response_url endpoints, and a Socket Mode WebSocket. It records every call, and can be told to
 * fail a method with 500s or 429s for a while. Registered workspaces get their own tokens,
 * channels and Home tabs; with token rotation, tokens expire and are refreshed as Slack does.
 * Files: files.getUploadURLExternal, its upload URL, files.completeUploadExternal and files.info
 * (fake-slack-files.ts), with the scopes each token has (`removeScope("files:write")`).
 */
export class FakeSlack {
  readonly calls: WebApiCall[] = [];
  readonly responses: { id: string; body: Record<string, unknown> }[] = [];
  /** What chat.postEphemeral showed, to whom (Slack keeps these out of the channel's history). */
  readonly ephemerals: {
    team: string;
    channel: string;
    user: string;
    args: Record<string, unknown>;
  }[] = [];
  readonly admins = new Set<string>();
  /** The names users.info gives a user (a profile's display name); unset: none. */
  readonly userNames = new Map<string, string>();
  readonly clientId: string;
  readonly clientSecret: string;
  private readonly failures = new Map<string, number[]>();
  private server!: Server;
  private sockets!: WebSocketServer;
  socket: WebSocket | undefined;
  readonly socketMessages: Record<string, unknown>[] = [];
  port = 0;

  private readonly workspaces = new Map<string, SlackWorkspace>();
  private readonly tokens = new Map<string, TokenRecord>();
  private readonly codes = new Map<string, CodeRecord>();
  private readonly refreshes = new Map<string, number>();
  private readonly homes = new Map<string, { view: HomeView & { id: string }; hash: string }>();
  private readonly now: () => number;
  private readonly tokenLifetime: number;
  private multi: boolean | undefined;
  private seq = 0;

  constructor(options: FakeSlackOptions = {}) {
    this.multi = options.multiWorkspace;
    this.clientId = options.clientId ?? "1111.2222";
    this.clientSecret = options.clientSecret ?? "fake-client-secret";
    this.tokenLifetime = options.tokenLifetimeSeconds ?? 43_200;
    this.now = options.now ?? Date.now;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      void this.handle(req).then(async ({ status, body, headers, raw }) => {
        await this.slowdown(req.url);
        res.writeHead(status, { "content-type": "application/json", ...headers });
        res.end(raw ?? JSON.stringify(body));
      });
    });
    this.sockets = new WebSocketServer({ server: this.server, path: "/socket" });
    this.sockets.on("connection", (ws) => {
      this.socket = ws;
      ws.on("message", (data) =>
        this.socketMessages.push(JSON.parse(String(data)) as Record<string, unknown>),
      );
      ws.send(
        JSON.stringify({ type: "hello", num_connections: 1, connection_info: { app_id: "A1" } }),
      );
    });
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    for (const client of this.sockets.clients) client.terminate();
    this.sockets.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api/`;
  }

  responseUrl(id: string): string {
    return `http://127.0.0.1:${this.port}/response/${id}`;
  }

  /** Whether only issued tokens work (see `FakeSlackOptions.multiWorkspace`). */
  get multiWorkspace(): boolean {
    return this.multi ?? this.workspaces.size > 0;
  }

  /**
   * Registers a workspace (switching multi-workspace mode on unless it was set off). The bot
   * user defaults to `U{id}BOT`, its bot id to `B{id}`, the app to A1 (one app, many teams).
   */
  addWorkspace(workspace: {
    id: string;
    name: string;
    enterprise?: { id: string; name: string };
    botUserId?: string;
    botId?: string;
    appId?: string;
    domain?: string;
  }): SlackWorkspace {
    const registered: SlackWorkspace = {
      id: workspace.id,
      name: workspace.name,
      domain: workspace.domain ?? workspace.name.toLowerCase().replace(/[^a-z0-9]+/g, "-"),
      botUserId: workspace.botUserId ?? `U${workspace.id}BOT`,
      botId: workspace.botId ?? `B${workspace.id}`,
      appId: workspace.appId ?? DEFAULT_WORKSPACE.appId,
      ...(workspace.enterprise ? { enterprise: workspace.enterprise } : {}),
    };
    this.workspaces.set(registered.id, registered);
    return registered;
  }

  /** A registered workspace, or the default T1 while it is not registered; throws otherwise. */
  workspace(team: string): SlackWorkspace {
    const found = this.workspaces.get(team) ?? (team === "T1" ? DEFAULT_WORKSPACE : undefined);
    if (!found) throw new Error(`the fake Slack has no workspace ${team}: addWorkspace() it first`);
    return found;
  }

  /**
   * A bot token for `team`, as an install without rotation gives (`xoxb-`, never expires), or
   * with `expiresIn` (seconds) an expiring `xoxe.xoxb-` one.
   */
  mintToken(team: string, options: { expiresIn?: number; scopes?: string[] } = {}): string {
    this.workspace(team);
    const expiring = options.expiresIn !== undefined;
    const token = `${expiring ? "xoxe.xoxb-1-" : "xoxb-"}${team}-${this.next()}`;
    this.tokens.set(token, {
      team,
      kind: "access",
      ...(expiring ? { expiresAt: this.now() + options.expiresIn! * 1000 } : {}),
      revoked: false,
      used: false,
      scopes: options.scopes ?? [...this.defaultScopes],
    });
    return token;
  }

  /**
   * A one-time OAuth code for `team`, as Slack's authorize page would redirect with, good for
   * ten minutes. With `rotation` the exchange gives an expiring token and a refresh token
   * (`expiresIn` seconds, the fake's `tokenLifetimeSeconds` by default). With `redirectUri`,
   * the exchange must send the same `redirect_uri`.
   */
  authorizationCode(
    team: string,
    options: {
      rotation?: boolean;
      scopes?: string[];
      userId?: string;
      redirectUri?: string;
      expiresIn?: number;
    } = {},
  ): string {
    this.workspace(team);
    const code = `${team}.${this.next()}.code`;
    this.codes.set(code, {
      team,
      rotation: options.rotation ?? false,
      scopes: options.scopes ?? [...this.defaultScopes],
      userId: options.userId ?? "UINSTALLER",
      ...(options.redirectUri ? { redirectUri: options.redirectUri } : {}),
      lifetime: options.expiresIn ?? this.tokenLifetime,
      expiresAt: this.now() + CODE_LIFETIME_MS,
      used: false,
    });
    return code;
  }

  /** How many times oauth.v2.access refreshed a token of `team`. */
  refreshesOf(team: string): number {
    return this.refreshes.get(team) ?? 0;
  }

  /** Every token of `team` (access and refresh) answers `token_revoked` from now on. */
  revoke(team: string): void {
    for (const record of this.tokens.values()) if (record.team === team) record.revoked = true;
  }

  /**
   * The app is uninstalled from `team`: its tokens are revoked, and these are the events Slack
   * sends the app about it, in order (`tokens_revoked`, then `app_uninstalled`).
   */
  uninstall(team: string): EventEnvelope[] {
    this.revoke(team);
    return [this.tokensRevokedEvent(team), this.appUninstalledEvent(team)];
  }

  /** `tokens_revoked` for the bot of `team`. */
  tokensRevokedEvent(team: string): EventEnvelope {
    const { botUserId } = this.workspace(team);
    return this.eventEnvelope(team, { type: "tokens_revoked", tokens: { bot: [botUserId] } });
  }

  /** `app_uninstalled` for `team`. */
  appUninstalledEvent(team: string): EventEnvelope {
    return this.eventEnvelope(team, { type: "app_uninstalled" });
  }

  /** `app_home_opened` on the Home tab; carries the published Home view, if any, as Slack does. */
  appHomeOpenedEvent(team: string, user: string): EventEnvelope {
    const home = this.homes.get(homeKey(team, user));
    return this.eventEnvelope(team, {
      type: "app_home_opened",
      user,
      channel: `D${user}`,
      tab: "home",
      event_ts: this.slackTs(),
      ...(home ? { view: home.view } : {}),
    });
  }

  /** Any event for `team`, wrapped as Slack wraps it (sign it with `signedEvent`). */
  eventEnvelope(team: string, event: { type: string } & Record<string, unknown>): EventEnvelope {
    const workspace = this.workspace(team);
    const seq = this.next();
    return {
      token: "verification-token",
      team_id: team,
      ...(workspace.enterprise ? { enterprise_id: workspace.enterprise.id } : {}),
      api_app_id: workspace.appId,
      event,
      type: "event_callback",
      event_id: `Ev${String(seq).padStart(8, "0")}`,
      event_time: Math.floor(this.now() / 1000),
      authorizations: [
        {
          enterprise_id: workspace.enterprise?.id ?? null,
          team_id: team,
          user_id: workspace.botUserId,
          is_bot: true,
          is_enterprise_install: false,
        },
      ],
      is_ext_shared_channel: false,
      event_context: `4-${team}-${seq}`,
    };
  }

  /** The Home view last published for `user` in `team`, as Slack stored it. */
  homeOf(team: string, user: string): (HomeView & { id: string }) | undefined {
    return this.homes.get(homeKey(team, user))?.view;
  }

  /**
   * The next calls of `method` answer with these statuses (500, or 429 with Retry-After: 1);
   * "response" fails response_url posts instead, "upload" the POSTs to upload URLs.
   */
  fail(method: string, statuses: number[]): void {
    this.failures.set(method, [...statuses]);
  }

  /**
   * Every later call of `method` is answered only after `ms`, as a slow Slack would (the call
   * is recorded when it arrives); `delay(method, 0)` ends it.
   */
  delay(method: string, ms: number): void {
    this.delays.set(method, ms);
  }

  private readonly delays = new Map<string, number>();

  private async slowdown(url: string | undefined): Promise<void> {
    const ms = this.delays.get((url ?? "").replace(/^\/api\//, "")) ?? 0;
    if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms));
  }

  callsOf(method: string): WebApiCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** What the bot posted, per team and channel, oldest first, as Slack stores it. */
  private readonly channels = new Map<string, SlackMessage[]>();
  private messageSeq = 0;

  /** The messages in a channel of `team` (T1, the single workspace, by default), oldest first. */
  messagesIn(channel: string, team = DEFAULT_WORKSPACE.id): SlackMessage[] {
    return [...(this.channels.get(channelKey(team, channel)) ?? [])];
  }

  private record(
    team: string,
    channel: string,
    args: Record<string, unknown>,
    extra: Partial<SlackMessage> = {},
  ): SlackMessage {
    this.messageSeq += 1;
    const message: SlackMessage = {
      type: "message",
      ts: `${Math.floor(Date.now() / 1000)}.${String(this.messageSeq).padStart(6, "0")}`,
      bot_id: this.workspaces.get(team)?.botId ?? DEFAULT_WORKSPACE.botId,
      text: String(args.text ?? ""),
      blocks: args.blocks,
      ...(isMetadata(args.metadata) ? { metadata: args.metadata } : {}),
      ...extra,
    };
    const key = channelKey(team, channel);
    this.channels.set(key, [...(this.channels.get(key) ?? []), message]);
    return message;
  }

  /**
   * The scopes a token has when nothing says otherwise: of tokens and codes minted without
   * `scopes`, and (single-workspace mode) of any token the fake did not issue. `commands`,
   * `chat:write` and `files:write`.
   */
  defaultScopes: string[] = [...DEFAULT_SCOPES];

  /**
   * Takes a scope away from the tokens (and unused codes) of `team`, or of everyone without a
   * team (and from `defaultScopes`, so later installs lack it too). Without `files:write`,
   * files.getUploadURLExternal and files.completeUploadExternal answer `missing_scope`.
   */
  removeScope(scope: string, team?: string): void {
    this.changeScopes(team, (scopes) => scopes.filter((s) => s !== scope));
  }

  /** Gives a scope to the tokens of `team`, or of everyone (see removeScope). */
  grantScope(scope: string, team?: string): void {
    this.changeScopes(team, (scopes) => (scopes.includes(scope) ? scopes : [...scopes, scope]));
  }

  /** The scopes a call with this token has. */
  scopesOf(token: string | undefined): string[] {
    const record = token === undefined ? undefined : this.tokens.get(token);
    return [...(record ? record.scopes : this.defaultScopes)];
  }

  private changeScopes(team: string | undefined, change: (scopes: string[]) => string[]): void {
    for (const record of [...this.tokens.values(), ...this.codes.values()])
      if (team === undefined || record.team === team) record.scopes = change(record.scopes);
    if (team === undefined) this.defaultScopes = change(this.defaultScopes);
  }

  /** Slack's answer to a method the token has no scope for, or nothing. */
  private missingScope(
    token: string | undefined,
    needed: string,
  ): Record<string, unknown> | undefined {
    const provided = this.scopesOf(token);
    if (provided.includes(needed)) return undefined;
    return { ok: false, error: "missing_scope", needed, provided: provided.join(",") };
  }

  private readonly uploads = new SlackFiles({
    origin: () => `http://127.0.0.1:${this.port}`,
    now: () => this.now(),
    workspace: (team) => this.workspaces.get(team) ?? DEFAULT_WORKSPACE,
    share: (team, channel, message) => {
      const { text, blocks, ...extra } = message;
      return this.record(team, channel, { text, blocks }, extra as Partial<SlackMessage>).ts;
    },
  });

  /** A file by id, from files.getUploadURLExternal on (its bytes, alt text, shares). */
  file(id: string): SlackUpload | undefined {
    return this.uploads.get(id);
  }

  /** The files of `team` (T1, the single workspace, by default), finished or not, oldest first. */
  filesOf(team = DEFAULT_WORKSPACE.id): SlackUpload[] {
    return this.uploads.all(team);
  }

  /** A file as Slack's API shows it (files.info's `file`), or undefined. */
  fileObject(id: string): Record<string, unknown> | undefined {
    const upload = this.uploads.get(id);
    return upload ? this.uploads.objectOf(upload) : undefined;
  }

  /**
   * The files the image blocks and elements of `blocks` show through `slack_file` (by id or
   * URL), in block order: to check what a posted message pictured.
   */
  filesShownBy(blocks: unknown): SlackUpload[] {
    return this.uploads.shownBy(blocks);
  }

  /** A POST of a file's bytes to its upload URL (`fail("upload", [500])` makes it fail). */
  private async receiveUpload(req: IncomingMessage, path: string, bytes: Buffer): Promise<Answer> {
    const textual = { "content-type": "text/plain; charset=utf-8" };
    const failing = this.failures.get("upload");
    if (failing && failing.length > 0) {
      return { status: failing.shift()!, body: null, raw: "upload failed", headers: textual };
    }
    const { status, text } = await this.uploads.receive(
      req.method ?? "GET",
      path,
      bytes,
      req.headers["content-type"],
    );
    return { status, body: null, raw: text, headers: textual };
  }

  /** GET of a file's url_private: its bytes, to a token of its workspace. */
  private download(req: IncomingMessage, path: string): Answer {
    const found = this.uploads.download(path);
    const { team, error } = this.authenticate(bearerToken(req.headers.authorization));
    if (!found || error || (team !== undefined && team !== found.upload.team)) {
      return {
        status: 404,
        body: null,
        raw: "Not Found",
        headers: { "content-type": "text/plain" },
      };
    }
    const mimetype = this.uploads.objectOf(found.upload).mimetype as string;
    return { status: 200, body: null, raw: found.bytes, headers: { "content-type": mimetype } };
  }

  /** Waits until `predicate` holds, polling; fails after `ms`. */
  async until(predicate: () => boolean, ms = 8000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!predicate()) {
      if (Date.now() > deadline) throw new Error("timed out waiting for the fake Slack");
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  private next(): number {
    this.seq += 1;
    return this.seq;
  }

  private slackTs(): string {
    return `${Math.floor(this.now() / 1000)}.${String(this.next()).padStart(6, "0")}`;
  }

  /**
   * Who a token is, as Slack sees it: the team of a token the fake issued, or an error. An
   * unknown token (or none) is fine only in single-workspace mode; a revoked or expired one never.
   */
  private authenticate(token: string | undefined): { team?: string; error?: string } {
    const record = token === undefined ? undefined : this.tokens.get(token);
    if (!record) {
      if (!this.multiWorkspace) return {};
      return { error: token === undefined ? "not_authed" : "invalid_auth" };
    }
    if (record.revoked) return { team: record.team, error: "token_revoked" };
    if (record.kind === "refresh") return { team: record.team, error: "invalid_auth" };
    if (record.expiresAt !== undefined && this.now() >= record.expiresAt) {
      return { team: record.team, error: "token_expired" };
    }
    return { team: record.team };
  }

  private async handle(req: IncomingMessage): Promise<Answer> {
    const bytes = await readBytes(req);
    const raw = bytes.toString();
    const path = req.url ?? "";
    if (this.uploads.isUploadPath(path)) return this.receiveUpload(req, path, bytes);
    if (req.method === "GET" && path.startsWith("/files-pri/")) return this.download(req, path);
    if (path.startsWith("/response/")) {
      const failing = this.failures.get("response");
      if (failing && failing.length > 0) {
        const status = failing.shift()!;
        return { status, body: { ok: false, error: "internal_error" } };
      }
      const body = JSON.parse(raw) as Record<string, unknown>;
      // An image block showing a file the app cannot show: refused, as Slack answers it.
      if (this.uploads.checkBlocks(body.blocks, undefined)) {
        return { status: 404, body: { ok: false, error: "invalid_blocks" } };
      }
      this.responses.push({ id: path.slice("/response/".length), body });
      return { status: 200, body: { ok: true } };
    }
    const method = path.replace(/^\/api\//, "").replace(/\?.*$/, "");
    const isJson = req.headers["content-type"]?.includes("json") ?? false;
    const args = parseArgs(raw, isJson);
    // Slack reads a token from the Authorization header, or from a form body: never from JSON.
    const token =
      bearerToken(req.headers.authorization) ??
      (!isJson && typeof args.token === "string" ? args.token : undefined);
    const { team, error } = NO_WORKSPACE_TOKEN.has(method) ? {} : this.authenticate(token);
    const who = { ...(token !== undefined ? { token } : {}), ...(team ? { team } : {}) };
    const queued = this.failures.get(method);
    if (queued && queued.length > 0) {
      const status = queued.shift()!;
      this.calls.push({ method: `${method}#${status}`, args, ...who });
      return status === 429
        ? { status, body: { ok: false, error: "ratelimited" }, headers: { "retry-after": "1" } }
        : { status, body: { ok: false, error: "internal_error" } };
    }
    const call: WebApiCall = { method, args, ...who };
    this.calls.push(call);
    const answer = error
      ? ok200({ ok: false, error })
      : this.answer(method, args, req, token, team);
    const refused = (answer.body as { ok?: boolean; error?: unknown }).error;
    if (typeof refused === "string") call.error = refused;
    return answer;
  }

  private answer(
    method: string,
    args: Record<string, unknown>,
    req: IncomingMessage,
    token: string | undefined,
    team: string | undefined,
  ): Answer {
    switch (method) {
      case "auth.test":
        return ok200(this.authTest(token, team));
      case "users.info": {
        // As Slack answers: the handle, and the profile's display and real names.
        const user = String(args.user);
        const name = this.userNames.get(user);
        return ok200({
          ok: true,
          user: {
            id: user,
            name: name ?? user.toLowerCase(),
            is_admin: this.admins.has(user),
            is_owner: false,
            profile: { display_name: name ?? "", real_name: name ?? "" },
          },
        });
      }
      case "chat.postMessage": {
        const refused = this.uploads.checkBlocks(args.blocks, team ?? DEFAULT_WORKSPACE.id);
        if (refused) return ok200(refused);
        const message = this.record(team ?? DEFAULT_WORKSPACE.id, String(args.channel), args);
        return ok200({ ok: true, channel: args.channel, ts: message.ts, message });
      }
      case "chat.postEphemeral": {
        // Shown to one user in a channel; Slack keeps no copy in the channel's history.
        if (!args.user) return ok200({ ok: false, error: "user_not_found" });
        if (!args.text && !args.blocks) return ok200({ ok: false, error: "no_text" });
        const refused = this.uploads.checkBlocks(args.blocks, team ?? DEFAULT_WORKSPACE.id);
        if (refused) return ok200(refused);
        const ts = `${Math.floor(Date.now() / 1000)}.${String(++this.messageSeq).padStart(6, "0")}`;
        this.ephemerals.push({
          team: team ?? DEFAULT_WORKSPACE.id,
          channel: String(args.channel),
          user: String(args.user),
          args,
        });
        return ok200({ ok: true, message_ts: ts });
      }
      case "conversations.history": {
        // Newest first, from `oldest` on; metadata only with include_all_metadata, as Slack does.
        const oldest = Number(args.oldest ?? 0);
        const withMetadata = String(args.include_all_metadata) === "true";
        const messages = this.messagesIn(String(args.channel), team)
          .filter((m) => Number(m.ts) >= oldest)
          .reverse()
          .slice(0, Number(args.limit ?? 100))
          .map(({ metadata, ...m }) => (withMetadata && metadata ? { ...m, metadata } : m));
        return ok200({ ok: true, messages, has_more: false });
      }
      case "chat.update":
        return ok200(
          this.uploads.checkBlocks(args.blocks, team ?? DEFAULT_WORKSPACE.id) ?? {
            ok: true,
            channel: args.channel,
            ts: args.ts,
          },
        );
      case "files.getUploadURLExternal":
        return ok200(
          this.missingScope(token, "files:write") ??
            this.uploads.getUploadURL(team ?? DEFAULT_WORKSPACE.id, args),
        );
      case "files.completeUploadExternal":
        return ok200(
          this.missingScope(token, "files:write") ??
            this.uploads.complete(team ?? DEFAULT_WORKSPACE.id, args),
        );
      case "files.info":
        return ok200(
          this.missingScope(token, "files:read") ??
            this.uploads.info(team ?? DEFAULT_WORKSPACE.id, args),
        );
      case "conversations.open": {
        // The bot's direct message with one user: the same channel each time, as Slack keeps it.
        const users = String(args.users ?? "");
        if (!users || users.includes(",")) return ok200({ ok: false, error: "invalid_arguments" });
        return ok200({ ok: true, channel: { id: `D${users}` } });
      }
      case "views.publish":
        return ok200(this.publishHome(team ?? DEFAULT_WORKSPACE.id, args));
      case "oauth.v2.access":
        return ok200(this.oauthAccess(args, req.headers.authorization));
      case "apps.connections.open":
        return ok200({ ok: true, url: `ws://127.0.0.1:${this.port}/socket` });
      default:
        return ok200({ ok: false, error: "unknown_method" });
    }
  }

  private authTest(token: string | undefined, team: string | undefined): Record<string, unknown> {
    const workspace = team ? this.workspace(team) : DEFAULT_WORKSPACE;
    const expiresAt = token ? this.tokens.get(token)?.expiresAt : undefined;
    return {
      ok: true,
      url: `https://${workspace.domain}.slack.com/`,
      team: workspace.name,
      user: "studybot",
      team_id: workspace.id,
      user_id: workspace.botUserId,
      bot_id: workspace.botId,
      ...(workspace.enterprise ? { enterprise_id: workspace.enterprise.id } : {}),
      is_enterprise_install: false,
      ...(expiresAt !== undefined
        ? { expires_in: Math.max(0, Math.floor((expiresAt - this.now()) / 1000)) }
        : {}),
    };
  }

  /** views.publish: a `home` view of at most 100 blocks, stored per team and user. */
  private publishHome(team: string, args: Record<string, unknown>): Record<string, unknown> {
    const view = args.view;
    const user = args.user_id;
    if (typeof user !== "string" || !user || !isHomeView(view)) {
      return { ok: false, error: "invalid_arguments" };
    }
    const key = homeKey(team, user);
    const current = this.homes.get(key);
    if (typeof args.hash === "string" && current && args.hash !== current.hash) {
      return { ok: false, error: "hash_conflict" };
    }
    const workspace = this.workspaces.get(team) ?? DEFAULT_WORKSPACE;
    const id = current?.view.id ?? `V${String(this.next()).padStart(8, "0")}`;
    const stored = { ...view, id };
    const hash = `${Math.floor(this.now() / 1000)}.${this.next()}`;
    this.homes.set(key, { view: stored, hash });
    return {
      ok: true,
      view: {
        ...stored,
        team_id: team,
        private_metadata: view.private_metadata ?? "",
        callback_id: view.callback_id ?? "",
        external_id: view.external_id ?? "",
        state: { values: {} },
        hash,
        root_view_id: id,
        previous_view_id: null,
        app_id: workspace.appId,
        app_installed_team_id: team,
        bot_id: workspace.botId,
      },
    };
  }

  /** oauth.v2.access: a code for a bot token, or (grant_type=refresh_token) a rotation. */
  private oauthAccess(
    args: Record<string, unknown>,
    authorization: string | undefined,
  ): Record<string, unknown> {
    // Slack prefers HTTP Basic for the app's credentials, and takes them as fields too.
    const basic = basicCredentials(authorization);
    const clientId = basic?.id ?? stringArg(args.client_id);
    const clientSecret = basic?.secret ?? stringArg(args.client_secret);
    if (clientId !== this.clientId) return { ok: false, error: "invalid_client_id" };
    if (clientSecret !== this.clientSecret) return { ok: false, error: "bad_client_secret" };
    const grant = stringArg(args.grant_type) ?? "authorization_code";
    if (grant === "refresh_token") return this.refresh(stringArg(args.refresh_token));
    if (grant !== "authorization_code") return { ok: false, error: "invalid_grant_type" };

    const code = stringArg(args.code);
    const issued = code === undefined ? undefined : this.codes.get(code);
    if (!issued || issued.used || this.now() >= issued.expiresAt) {
      return { ok: false, error: "invalid_code" };
    }
    if (issued.redirectUri !== undefined && args.redirect_uri !== issued.redirectUri) {
      return { ok: false, error: "bad_redirect_uri" };
    }
    issued.used = true;
    return {
      ok: true,
      ...this.grant(issued.team, issued.scopes, issued.rotation ? issued.lifetime : undefined),
      authed_user: { id: issued.userId },
    };
  }

  /** A refresh token works once; it gives a new access token and a new refresh token. */
  private refresh(refreshToken: string | undefined): Record<string, unknown> {
    const record = refreshToken === undefined ? undefined : this.tokens.get(refreshToken);
    if (record?.kind !== "refresh" || record.used || record.revoked) {
      return { ok: false, error: "invalid_refresh_token" };
    }
    record.used = true;
    this.refreshes.set(record.team, this.refreshesOf(record.team) + 1);
    return { ok: true, ...this.grant(record.team, record.scopes, record.lifetime) };
  }

  /** The token part of an oauth.v2.access answer; with `lifetime` (s), a rotating pair. */
  private grant(team: string, scopes: string[], lifetime: number | undefined) {
    const workspace = this.workspace(team);
    const rotating = lifetime !== undefined;
    const accessToken = this.mintToken(team, {
      scopes,
      ...(rotating ? { expiresIn: lifetime } : {}),
    });
    let refresh = {};
    if (rotating) {
      const refreshToken = `xoxe-1-${team}-${this.next()}`;
      this.tokens.set(refreshToken, {
        team,
        kind: "refresh",
        revoked: false,
        used: false,
        scopes,
        lifetime,
      });
      refresh = { refresh_token: refreshToken, expires_in: lifetime };
    }
    return {
      app_id: workspace.appId,
      scope: scopes.join(","),
      token_type: "bot",
      access_token: accessToken,
      bot_user_id: workspace.botUserId,
      ...refresh,
      team: { id: workspace.id, name: workspace.name },
      enterprise: workspace.enterprise ?? null,
      is_enterprise_install: false,
    };
  }
}

/** What a token has unless a test says otherwise: the install's, with files:write for uploads. */
const DEFAULT_SCOPES = ["commands", "chat:write", "files:write"];

function ok200(body: unknown): Answer {
  return { status: 200, body };
}

function channelKey(team: string, channel: string): string {
  return `${team}/${channel}`;
}

function homeKey(team: string, user: string): string {
  return `${team}/${user}`;
}

function stringArg(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

function isHomeView(value: unknown): value is HomeView {
  if (typeof value !== "object" || value === null) return false;
  const view = value as { type?: unknown; blocks?: unknown };
  return (
    view.type === "home" && Array.isArray(view.blocks) && view.blocks.length <= HOME_MAX_BLOCKS
  );
}

function bearerToken(header: string | undefined): string | undefined {
  return /^Bearer\s+(\S+)$/i.exec(header ?? "")?.[1];
}

function basicCredentials(header: string | undefined): { id: string; secret: string } | undefined {
  const encoded = /^Basic\s+(\S+)$/i.exec(header ?? "")?.[1];
  if (!encoded) return undefined;
  const decoded = Buffer.from(encoded, "base64").toString();
  const colon = decoded.indexOf(":");
  return colon < 0 ? undefined : { id: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
}

/** A message as conversations.history returns it. */
export interface SlackMessage {
  type: "message";
  ts: string;
  bot_id: string;
  text: string;
  blocks: unknown;
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
  /** A file share (files.completeUploadExternal with a channel): the files, as Slack shows them. */
  files?: Record<string, unknown>[];
  upload?: boolean;
  thread_ts?: string;
}

function isMetadata(value: unknown): value is SlackMessage["metadata"] {
  return (
    typeof value === "object" &&
    value !== null &&
    "event_type" in value &&
    typeof value.event_type === "string"
  );
}

/** Form fields that carry JSON, as the WebClient encodes objects. */
const JSON_FIELDS = new Set(["blocks", "attachments", "metadata", "view"]);

function parseArgs(raw: string, isJson: boolean): Record<string, unknown> {
  if (!raw) return {};
  if (isJson) return JSON.parse(raw) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    out[key] = JSON_FIELDS.has(key) ? parseJsonOr(value) : value;
  }
  return out;
}

/** Malformed JSON stays a string, for the method to refuse as Slack would. */
function parseJsonOr(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

async function readBytes(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req)
    chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks);
}

/** The body and headers of a signed JSON event, to POST to the bot's /slack/events. */
export function signedEvent(
  secret: string,
  envelope: unknown,
  options: { timestamp?: number } = {},
): { body: string; headers: Record<string, string> } {
  return signed(secret, JSON.stringify(envelope), "application/json", options);
}

function signed(
  secret: string,
  body: string,
  contentType: string,
  options: { timestamp?: number; signature?: string },
): { body: string; headers: Record<string, string> } {
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  return {
    body,
    headers: {
      "content-type": contentType,
      "x-slack-request-timestamp": timestamp,
      "x-slack-signature": options.signature ?? signSlackRequest(secret, timestamp, body),
    },
  };
}

/** Sends a request to the bot the way Slack does: form-encoded (or JSON, for events) and signed. */
export async function sendSigned(
  port: number,
  secret: string,
  form: Record<string, string> | { json: unknown },
  options: { timestamp?: number; signature?: string } = {},
): Promise<{ status: number; body: string }> {
  const request =
    "json" in form
      ? signed(secret, JSON.stringify(form.json), "application/json", options)
      : signed(
          secret,
          new URLSearchParams(form as Record<string, string>).toString(),
          "application/x-www-form-urlencoded",
          options,
        );
  const response = await fetch(`http://127.0.0.1:${port}/slack/events`, {
    method: "POST",
    ...request,
  });
  return { status: response.status, body: await response.text() };
}

/** What a browser ends with after "Add to Slack": the bot's answer to the OAuth redirect. */
export interface SlackInstallResult {
  status: number;
  body: string;
  /** The slack.com authorize URL the install path sent the browser to (client_id, scope, state). */
  authorizeUrl: URL;
  /** The state cookie the install path set and the browser sent back. */
  cookie: string;
}

/**
 * Does what a browser does to install the app: GET the bot's install path (an "Add to Slack"
 * page, or a 302 to slack.com), keep its cookies, read `state` from the authorize URL, then —
 * as if the user had approved on slack.com — GET the redirect URI (the authorize URL's
 * `redirect_uri`, else the bot's /slack/oauth_redirect) with `code`, `state` and the cookies.
 */
export async function completeSlackInstall(
  botBaseUrl: string,
  code: string,
  options: { installPath?: string; redirectUriPath?: string } = {},
): Promise<SlackInstallResult> {
  const base = botBaseUrl.replace(/\/$/, "");
  const install = await fetch(`${base}${options.installPath ?? "/slack/install"}`, {
    redirect: "manual",
  });
  const page = await install.text();
  const location = install.headers.get("location");
  const link = /href="([^"]*\/oauth\/v2\/authorize[^"]*)"/.exec(page)?.[1];
  const target =
    install.status >= 300 && install.status < 400 ? location : link && decodeHtml(link);
  if (!target) {
    throw new Error(
      `the install path answered ${install.status} without an authorize URL: ${page}`,
    );
  }
  const authorizeUrl = new URL(target);
  const state = authorizeUrl.searchParams.get("state");
  // Browsers keep the cookie's name=value; attributes (Secure, HttpOnly, Path) stay with them.
  const cookie = install.headers
    .getSetCookie()
    .map((c) => c.split(";")[0]!.trim())
    .join("; ");
  const redirect = new URL(
    authorizeUrl.searchParams.get("redirect_uri") ??
      `${base}${options.redirectUriPath ?? "/slack/oauth_redirect"}`,
  );
  redirect.searchParams.set("code", code);
  if (state !== null) redirect.searchParams.set("state", state);
  const callback = await fetch(redirect, {
    redirect: "manual",
    headers: cookie ? { cookie } : {},
  });
  return { status: callback.status, body: await callback.text(), authorizeUrl, cookie };
}

function decodeHtml(text: string): string {
  return text
    .replace(/&amp;/g, "&")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">");
}

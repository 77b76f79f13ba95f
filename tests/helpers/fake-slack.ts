import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { type WebSocket, WebSocketServer } from "ws";
import { signSlackRequest } from "../../src/adapters/slack/verify.js";

export interface WebApiCall {
  method: string;
  args: Record<string, unknown>;
}

/**
 * A fake Slack on 127.0.0.1: the Web API (auth.test, users.info, chat.postMessage,
 * apps.connections.open), response_url endpoints, and a Socket Mode WebSocket. It records
 * every call, and can be told to fail a method with 500s or 429s for a while.
 */
export class FakeSlack {
  readonly calls: WebApiCall[] = [];
  readonly responses: { id: string; body: Record<string, unknown> }[] = [];
  readonly admins = new Set<string>();
  private readonly failures = new Map<string, number[]>();
  private server!: Server;
  private sockets!: WebSocketServer;
  socket: WebSocket | undefined;
  readonly socketMessages: Record<string, unknown>[] = [];
  port = 0;

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      void this.handle(req).then(async ({ status, body, headers }) => {
        await this.slowdown(req.url);
        res.writeHead(status, { "content-type": "application/json", ...headers });
        res.end(JSON.stringify(body));
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

  /**
   * The next calls of `method` answer with these statuses (500, or 429 with Retry-After: 1);
   * "response" fails response_url posts instead.
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

  /** What the bot posted in each channel, oldest first, as Slack stores it. */
  private readonly channels = new Map<string, SlackMessage[]>();
  private messageSeq = 0;

  /** The messages in a channel, oldest first. */
  messagesIn(channel: string): SlackMessage[] {
    return [...(this.channels.get(channel) ?? [])];
  }

  private record(channel: string, args: Record<string, unknown>): SlackMessage {
    this.messageSeq += 1;
    const message: SlackMessage = {
      type: "message",
      ts: `${Math.floor(Date.now() / 1000)}.${String(this.messageSeq).padStart(6, "0")}`,
      bot_id: "BBOT",
      text: String(args.text ?? ""),
      blocks: args.blocks,
      ...(isMetadata(args.metadata) ? { metadata: args.metadata } : {}),
    };
    this.channels.set(channel, [...(this.channels.get(channel) ?? []), message]);
    return message;
  }

  /** Waits until `predicate` holds, polling; fails after `ms`. */
  async until(predicate: () => boolean, ms = 8000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!predicate()) {
      if (Date.now() > deadline) throw new Error("timed out waiting for the fake Slack");
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  private async handle(
    req: IncomingMessage,
  ): Promise<{ status: number; body: unknown; headers?: Record<string, string> }> {
    const raw = await readAll(req);
    const path = req.url ?? "";
    if (path.startsWith("/response/")) {
      const failing = this.failures.get("response");
      if (failing && failing.length > 0) {
        const status = failing.shift()!;
        return { status, body: { ok: false, error: "internal_error" } };
      }
      this.responses.push({
        id: path.slice("/response/".length),
        body: JSON.parse(raw) as Record<string, unknown>,
      });
      return { status: 200, body: { ok: true } };
    }
    const method = path.replace(/^\/api\//, "");
    const args = parseArgs(raw, req.headers["content-type"]);
    const queued = this.failures.get(method);
    if (queued && queued.length > 0) {
      const status = queued.shift()!;
      this.calls.push({ method: `${method}#${status}`, args });
      return status === 429
        ? { status, body: { ok: false, error: "ratelimited" }, headers: { "retry-after": "1" } }
        : { status, body: { ok: false, error: "internal_error" } };
    }
    this.calls.push({ method, args });
    switch (method) {
      case "auth.test":
        return {
          status: 200,
          body: {
            ok: true,
            user_id: "UBOT",
            bot_id: "BBOT",
            team_id: "T1",
            team: "Test",
            user: "studybot",
            url: "https://test.slack.com/",
          },
        };
      case "users.info": {
        const user = String(args.user);
        return {
          status: 200,
          body: { ok: true, user: { id: user, is_admin: this.admins.has(user), is_owner: false } },
        };
      }
      case "chat.postMessage": {
        const message = this.record(String(args.channel), args);
        return { status: 200, body: { ok: true, channel: args.channel, ts: message.ts, message } };
      }
      case "conversations.history": {
        // Newest first, from `oldest` on; metadata only with include_all_metadata, as Slack does.
        const oldest = Number(args.oldest ?? 0);
        const withMetadata = String(args.include_all_metadata) === "true";
        const messages = (this.channels.get(String(args.channel)) ?? [])
          .filter((m) => Number(m.ts) >= oldest)
          .reverse()
          .slice(0, Number(args.limit ?? 100))
          .map(({ metadata, ...m }) => (withMetadata && metadata ? { ...m, metadata } : m));
        return { status: 200, body: { ok: true, messages, has_more: false } };
      }
      case "chat.update":
        return { status: 200, body: { ok: true, channel: args.channel, ts: args.ts } };
      case "apps.connections.open":
        return { status: 200, body: { ok: true, url: `ws://127.0.0.1:${this.port}/socket` } };
      default:
        return { status: 200, body: { ok: false, error: "unknown_method" } };
    }
  }
}

/** A message as conversations.history returns it. */
export interface SlackMessage {
  type: "message";
  ts: string;
  bot_id: string;
  text: string;
  blocks: unknown;
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
}

function isMetadata(value: unknown): value is SlackMessage["metadata"] {
  return (
    typeof value === "object" &&
    value !== null &&
    "event_type" in value &&
    typeof value.event_type === "string"
  );
}

function parseArgs(raw: string, contentType: string | undefined): Record<string, unknown> {
  if (!raw) return {};
  if (contentType?.includes("json")) return JSON.parse(raw) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    out[key] =
      key === "blocks" || key === "attachments" || key === "metadata" ? JSON.parse(value) : value;
  }
  return out;
}

async function readAll(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req)
    chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString();
}

/** Sends a request to the bot the way Slack does: form-encoded (or JSON, for events) and signed. */
export async function sendSigned(
  port: number,
  secret: string,
  form: Record<string, string> | { json: unknown },
  options: { timestamp?: number; signature?: string } = {},
): Promise<{ status: number; body: string }> {
  const isJson = "json" in form;
  const body = isJson
    ? JSON.stringify(form.json)
    : new URLSearchParams(form as Record<string, string>).toString();
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  const response = await fetch(`http://127.0.0.1:${port}/slack/events`, {
    method: "POST",
    headers: {
      "content-type": isJson ? "application/json" : "application/x-www-form-urlencoded",
      "x-slack-request-timestamp": timestamp,
      "x-slack-signature": options.signature ?? signSlackRequest(secret, timestamp, body),
    },
    body,
  });
  return { status: response.status, body: await response.text() };
}

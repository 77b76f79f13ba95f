import type { IncomingMessage, Server, ServerResponse } from "node:http";
import { type AddressInfo, connect, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import {
  createSlackHttpServer,
  SLACK_FRONT_LIMITS,
  type SlackFrontLimits,
} from "../../../src/adapters/slack/http-server.js";
import { signSlackRequest } from "../../../src/adapters/slack/verify.js";
import { silentLogger } from "../../../src/core/logger.js";

const SECRET = "front-secret";
const BOGUS_SIGNATURE = `v0=${"ab".repeat(32)}`; // well-formed, wrong

/**
 * The Slack front alone on 127.0.0.1, over raw sockets so a test controls when (and whether) a
 * body is sent. What it hands on goes to a recorder standing in for Bolt's receiver.
 */
describe("the Slack HTTP front", () => {
  let server: Server | undefined;
  const sockets: Socket[] = [];
  let forwarded: string[] = [];

  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.destroy();
    if (server) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server!.close(() => resolve()));
      server = undefined;
    }
    forwarded = [];
  });

  async function start(limits: Partial<SlackFrontLimits> = {}): Promise<number> {
    const recorder = (req: IncomingMessage, res: ServerResponse) => {
      const raw: unknown = Reflect.get(req, "rawBody");
      forwarded.push(Buffer.isBuffer(raw) ? raw.toString() : "(not buffered)");
      res.writeHead(200, { "content-type": "text/plain" });
      res.end("handled");
    };
    server = createSlackHttpServer({
      receiver: { requestListener: recorder },
      signingSecret: SECRET,
      logger: silentLogger,
      limits,
      otherRoutes: (req, res) => {
        if (req.url !== "/healthz") return false;
        res.end("ok");
        return true;
      },
    });
    await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
    return (server.address() as AddressInfo).port;
  }

  /** Opens a connection and sends a request head; the body (if any) is the caller's to send. */
  function open(port: number, headers: Record<string, string>, path = "/slack/events") {
    const socket = connect(port, "127.0.0.1");
    sockets.push(socket);
    socket.on("error", () => {}); // the front may cut a refused upload short
    const head = Object.entries({ host: "127.0.0.1", ...headers })
      .map(([k, v]) => `${k}: ${v}\r\n`)
      .join("");
    socket.write(`POST ${path} HTTP/1.1\r\n${head}\r\n`);
    let received = "";
    const response = new Promise<{ status: number; text: string; closed: boolean }>((resolve) => {
      const finish = (closed: boolean) => {
        const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(received)?.[1] ?? 0);
        resolve({ status, text: received, closed });
      };
      socket.on("data", (chunk) => {
        received += String(chunk);
        if (complete(received)) setTimeout(() => finish(socket.destroyed), 50);
      });
      socket.on("close", () => finish(true));
    });
    return { socket, response };
  }

  /** Whether `text` holds a whole response: a head and a body of its declared or chunked length. */
  function complete(text: string): boolean {
    const end = text.indexOf("\r\n\r\n");
    if (end < 0) return false;
    const head = text.slice(0, end);
    const body = text.slice(end + 4);
    if (/transfer-encoding: chunked/i.test(head)) return body.endsWith("0\r\n\r\n");
    return body.length >= Number(/content-length: (\d+)/i.exec(head)?.[1] ?? 0);
  }

  const signedHeaders = (body: string, timestamp = Math.floor(Date.now() / 1000)) => ({
    "content-type": "application/x-www-form-urlencoded",
    "content-length": String(Buffer.byteLength(body)),
    "x-slack-request-timestamp": String(timestamp),
    "x-slack-signature": signSlackRequest(SECRET, String(timestamp), body),
  });
  const plausibleHeaders = (extra: Record<string, string>) => ({
    "content-type": "application/x-www-form-urlencoded",
    "x-slack-request-timestamp": String(Math.floor(Date.now() / 1000)),
    "x-slack-signature": BOGUS_SIGNATURE,
    ...extra,
  });

  it("forwards a signed request with its raw body", async () => {
    const port = await start();
    const body = "command=%2Fstudy&text=help&team_id=T1&user_id=U1";
    const { socket, response } = open(port, signedHeaders(body));
    socket.write(body);
    const { status, text } = await response;
    expect(status).toBe(200);
    expect(text).toContain("handled");
    expect(forwarded).toEqual([body]);
  });

  it("refuses a request without signature headers at once, without waiting for its body", async () => {
    const port = await start();
    // A declared 1 MB body that never comes: only the head decides.
    const { response } = open(port, {
      "content-type": "application/x-www-form-urlencoded",
      "content-length": String(1 << 20),
    });
    const { status, closed } = await response;
    expect(status).toBe(401);
    expect(closed).toBe(true);
    expect(forwarded).toEqual([]);
  });

  it("refuses stale, future-dated and malformed headers at once", async () => {
    const port = await start();
    const now = Math.floor(Date.now() / 1000);
    const cases: Record<string, string>[] = [
      { "x-slack-request-timestamp": String(now - 301), "x-slack-signature": BOGUS_SIGNATURE },
      { "x-slack-request-timestamp": String(now + 301), "x-slack-signature": BOGUS_SIGNATURE },
      { "x-slack-request-timestamp": "soon", "x-slack-signature": BOGUS_SIGNATURE },
      { "x-slack-request-timestamp": String(now), "x-slack-signature": "v0=short" },
      { "x-slack-request-timestamp": String(now) },
    ];
    for (const headers of cases) {
      const { response } = open(port, {
        "content-type": "application/x-www-form-urlencoded",
        "content-length": "100000",
        ...headers,
      });
      expect((await response).status, JSON.stringify(headers)).toBe(401);
    }
    expect(forwarded).toEqual([]);
  });

  it("refuses a declared body over the cap with 413 before reading it", async () => {
    const port = await start();
    const { response } = open(
      port,
      plausibleHeaders({ "content-length": String(SLACK_FRONT_LIMITS.maxBodyBytes + 1) }),
    );
    expect((await response).status).toBe(413);
  });

  it("refuses a body of undeclared (chunked) length with 411 before reading it", async () => {
    const port = await start();
    const { socket, response } = open(port, plausibleHeaders({ "transfer-encoding": "chunked" }));
    const chunk = "a".repeat(8192);
    for (let i = 0; i < 4 && !socket.destroyed; i++) {
      socket.write(`${chunk.length.toString(16)}\r\n${chunk}\r\n`);
    }
    // No terminating chunk: a front that waits for the whole body never answers.
    const { status, closed } = await response;
    expect(status).toBe(411);
    expect(closed).toBe(true);
    expect(forwarded).toEqual([]);
  });

  it("times out a body that comes too slowly with 408", async () => {
    const port = await start({ bodyTimeoutMs: 300 });
    const { socket, response } = open(port, plausibleHeaders({ "content-length": "200" }));
    socket.write("command=%2Fstudy&text=");
    const { status, closed } = await response;
    expect(status).toBe(408);
    expect(closed).toBe(true);
  });

  it("closes a connection whose request head never ends", async () => {
    const port = await start({ headersTimeoutMs: 500 });
    const socket = connect(port, "127.0.0.1");
    sockets.push(socket);
    socket.on("error", () => {});
    let received = "";
    socket.on("data", (chunk) => {
      received += String(chunk);
    });
    socket.write("POST /slack/events HTTP/1.1\r\nhost: 127.0.0.1\r\n");
    await new Promise<void>((resolve) => socket.on("close", () => resolve()));
    expect(received).toMatch(/^HTTP\/1\.1 408/);
  });

  it("caps the bodies being read before they are verified, with 503", async () => {
    const port = await start({ maxPendingBodies: 2 });
    const held = [1, 2].map(() => open(port, plausibleHeaders({ "content-length": "500" })));
    for (const { socket } of held) socket.write("text=");
    await new Promise((resolve) => setTimeout(resolve, 100));
    const third = open(port, plausibleHeaders({ "content-length": "500" }));
    const refused = await third.response;
    expect(refused.status).toBe(503);
    expect(refused.text.toLowerCase()).toContain("retry-after: 1");
    // Once the held ones are gone, Slack's requests get through again.
    for (const { socket } of held) socket.destroy();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const body = "command=%2Fstudy&text=help";
    const next = open(port, signedHeaders(body));
    next.socket.write(body);
    expect((await next.response).status).toBe(200);
  });

  it("refuses a signed form body with a duplicated field with 400", async () => {
    const port = await start();
    const body = "command=%2Fstudy&text=help&text=stats";
    const { socket, response } = open(port, signedHeaders(body));
    socket.write(body);
    expect((await response).status).toBe(400);
    expect(forwarded).toEqual([]);
  });

  it("answers Slack's unsigned ssl_check, and hands it to nobody", async () => {
    const port = await start();
    const body = "ssl_check=1&token=legacy-token";
    const { socket, response } = open(port, {
      "content-type": "application/x-www-form-urlencoded",
      "content-length": String(body.length),
    });
    socket.write(body);
    expect((await response).status).toBe(200);
    expect(forwarded).toEqual([]);
  });

  it("still serves the other routes on the port", async () => {
    const port = await start();
    const response = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(await response.text()).toBe("ok");
  });
});

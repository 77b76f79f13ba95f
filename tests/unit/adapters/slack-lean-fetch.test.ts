import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { ErrorCode, WebClient } from "@slack/web-api";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { leanFetch, leanFetchFor } from "../../../src/adapters/slack/lean-fetch.js";

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
}

/** A local server standing in for slack.com/api: each test says how it answers. */
let answer: (req: IncomingMessage, res: ServerResponse, body: string) => void;
const seen: Seen[] = [];
let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      answer(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
afterEach(() => {
  seen.length = 0;
});

function json(res: ServerResponse, status: number, body: unknown, headers = {}): void {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers });
  res.end(JSON.stringify(body));
}

const client = (options: ConstructorParameters<typeof WebClient>[1] = {}) =>
  new WebClient("xoxb-lean-fetch", {
    slackApiUrl: `${base}/api/`,
    fetch: leanFetch,
    retryConfig: { retries: 0 },
    ...options,
  });

describe("the Web API client's lean fetch", () => {
  it("posts a method call as the client serializes it and hands back what Slack answered", async () => {
    answer = (_req, res) =>
      json(
        res,
        200,
        { ok: true, channel: "C1", ts: "1.2" },
        { "x-oauth-scopes": "chat:write,commands" },
      );
    const result = await client().chat.postMessage({
      channel: "C1",
      text: "Daily question: ünïcode ✓",
      blocks: [{ type: "section", text: { type: "mrkdwn", text: "*hi*" } }],
    });
    expect(result).toMatchObject({ ok: true, channel: "C1", ts: "1.2" });
    // The answer's headers reached the client: it reports the token's scopes from them.
    expect(result.response_metadata?.scopes).toEqual(["chat:write", "commands"]);
    const [call] = seen;
    expect(call?.method).toBe("POST");
    expect(call?.url).toBe("/api/chat.postMessage");
    expect(call?.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(call?.headers.authorization).toBe("Bearer xoxb-lean-fetch");
    // Sent by node:http, not the global fetch (which adds its WHATWG sec-fetch-mode header).
    expect(call?.headers["sec-fetch-mode"]).toBeUndefined();
    expect(Number(call?.headers["content-length"])).toBe(Buffer.byteLength(call!.body));
    const form = new URLSearchParams(call!.body);
    expect(form.get("text")).toBe("Daily question: ünïcode ✓");
    expect(JSON.parse(form.get("blocks")!)).toEqual([
      { type: "section", text: { type: "mrkdwn", text: "*hi*" } },
    ]);
  });

  it("gives the same Response as the global fetch for the same answer", async () => {
    answer = (_req, res) =>
      json(res, 200, { ok: false, error: "channel_not_found" }, { "x-a": "1" });
    const init = {
      method: "POST",
      redirect: "error" as const,
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: "channel=C404",
    };
    const lean = await leanFetch(`${base}/api/chat.postMessage`, init);
    const real = await fetch(`${base}/api/chat.postMessage`, init);
    expect(lean.status).toBe(real.status);
    expect(lean.ok).toBe(real.ok);
    expect(lean.statusText).toBe(real.statusText);
    expect(lean.headers.get("content-type")).toBe(real.headers.get("content-type"));
    expect(lean.headers.get("x-a")).toBe("1");
    expect(await lean.text()).toBe(await real.text());
    expect(seen[0]?.body).toBe(seen[1]?.body);
  });

  it("lets the client see a rate limit and its retry-after", async () => {
    answer = (_req, res) => json(res, 429, { ok: false }, { "retry-after": "7" });
    const error = await client({ rejectRateLimitedCalls: true })
      .chat.postMessage({ channel: "C1", text: "x" })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: ErrorCode.RateLimitedError, retryAfter: 7 });
  });

  it("lets the client see an HTTP error with its status and body", async () => {
    answer = (_req, res) => {
      res.writeHead(503, { "content-type": "text/plain" });
      res.end("down for maintenance");
    };
    const error = await client()
      .chat.postMessage({ channel: "C1", text: "x" })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: ErrorCode.HTTPError,
      statusCode: 503,
      body: "down for maintenance",
    });
  });

  it("gives up when the client's timeout fires, and closes the request", async () => {
    let closed = false;
    answer = (req) => {
      req.socket.on("close", () => {
        closed = true;
      });
    };
    const error = await client({ timeout: 150 })
      .chat.postMessage({ channel: "C1", text: "x" })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: ErrorCode.RequestError });
    expect((error as { original: Error }).original.name).toBe("TimeoutError");
    await expect.poll(() => closed).toBe(true);
  });

  it("fails a call whose server goes silent, even when the client sets no timeout", async () => {
    answer = () => {}; // never answers
    const error = await leanFetchFor(
      `${base}/api/chat.postMessage`,
      { method: "POST", redirect: "error", body: "a=1" },
      100,
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as { cause: Error }).cause.message).toMatch(
      /no answer from 127\.0\.0\.1:\d+ in time/,
    );
  });

  it("refuses a redirect, as fetch does with redirect: error", async () => {
    answer = (_req, res) => {
      res.writeHead(302, { location: "https://example.invalid/elsewhere" });
      res.end();
    };
    await expect(
      leanFetch(`${base}/api/chat.postMessage`, { method: "POST", redirect: "error", body: "a=1" }),
    ).rejects.toThrow(TypeError);
  });

  it("fails as fetch does when nothing listens", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const error = await leanFetch(`http://127.0.0.1:${port}/api/auth.test`, {
      method: "POST",
      redirect: "error",
      body: "",
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toBe("fetch failed");
    expect((error as { cause: { code: string } }).cause.code).toBe("ECONNREFUSED");
  });

  it("sends a file upload's multipart form through the global fetch, intact", async () => {
    answer = (_req, res) => json(res, 200, { ok: true });
    const form = new FormData();
    form.append("filename", "chart.png");
    form.append("file", new Blob([new Uint8Array([137, 80, 78, 71])]), "chart.png");
    const response = await leanFetch(`${base}/upload/1`, {
      method: "POST",
      redirect: "error",
      body: form,
    });
    expect(response.status).toBe(200);
    expect(seen[0]?.headers["sec-fetch-mode"]).toBe("cors");
    expect(seen[0]?.headers["content-type"]).toMatch(/^multipart\/form-data; boundary=/);
    expect(seen[0]?.body).toContain('name="file"; filename="chart.png"');
    expect(seen[0]?.body).toContain("PNG");
  });
});

import {
  createServer,
  type IncomingMessage,
  type RequestListener,
  type Server,
  type ServerResponse,
} from "node:http";
import { parse as parseQuery } from "node:querystring";
import type { Logger } from "../../core/logger.js";
import { checkSlackHeaders, verifySlackSignature } from "./verify.js";

export const SLACK_EVENTS_PATH = "/slack/events";

export interface SlackFrontLimits {
  /** The largest body (by its Content-Length) read; a larger one gets 413. */
  maxBodyBytes: number;
  /** Bodies being read before their signature can be checked; one more gets 503. */
  maxPendingBodies: number;
  /** How long a body may take to arrive once its head has; a slower one gets 408. */
  bodyTimeoutMs: number;
  /** How long a request head may take (Node's headersTimeout; Node answers 408). */
  headersTimeoutMs: number;
}

/**
 * Why these numbers. The largest request Slack sends this app is a block_actions payload that
 * carries one of our own messages back: at our renderer's limits (12,000 characters of Block
 * Kit text and 3,000 of fallback text, see limits.ts) that is about 32 KB form-encoded for
 * English text. A slash command is about 1 KB plus its text, and the core turns away text over
 * 2,000 characters anyway. 64 KiB leaves twice the largest real payload. Slack sends a body in
 * one go, so 5 s is ample. 64 bodies in flight at 64 KiB bound what requests not yet verified
 * can hold to 4 MiB; a real request is in flight for well under a millisecond, so even a burst
 * of Slack's (the load test's 48 at once) stays far below it.
 */
export const SLACK_FRONT_LIMITS: SlackFrontLimits = {
  maxBodyBytes: 64 * 1024,
  maxPendingBodies: 64,
  bodyTimeoutMs: 5000,
  headersTimeoutMs: 10_000,
};

/** Slack's SSL check (`ssl_check=1&token=…`, about 50 bytes) is the one unsigned request. */
const MAX_SSL_CHECK_BYTES = 512;

/**
 * The HTTP front of the Slack adapter, before Bolt's receiver. What the headers can tell is
 * checked before any body is read: a missing, malformed or stale (or future) timestamp or
 * signature gets 401 at once, a body of undeclared length 411, one declared over the cap 413.
 * Only then is the body read, bounded in time and in how many at once (408, 503), and its
 * signature checked (401); a form with a field given twice is refused (400: Bolt would hand the
 * handler an array). What passes goes to Bolt already buffered, so nothing unverified ever
 * reaches a handler. Every refusal closes the connection.
 */
export function createSlackHttpServer(options: {
  receiver: { requestListener: RequestListener };
  signingSecret: string;
  logger: Logger;
  nowSeconds?: () => number;
  /** Other routes served on the same port (health, metrics); returns true when it answered. */
  otherRoutes?: (req: IncomingMessage, res: ServerResponse) => boolean;
  limits?: Partial<SlackFrontLimits>;
}): Server {
  const limits = { ...SLACK_FRONT_LIMITS, ...options.limits };
  const now = options.nowSeconds ?? (() => Math.floor(Date.now() / 1000));
  let pending = 0;

  return createServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      // The whole request, head and body, for the other routes too; ours answers 408 first.
      requestTimeout: limits.headersTimeoutMs + limits.bodyTimeoutMs + 1000,
      // How often Node enforces the two: its default (30 s) would let a slow head linger.
      connectionsCheckingInterval: Math.min(1000, limits.headersTimeoutMs / 2),
    },
    (req, res) => {
      handle(req, res).catch((error: unknown) => {
        options.logger.error({ err: String(error) }, "slack request failed");
        answerAndClose(res, 500, "internal error");
      });
    },
  );

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? "/").split("?")[0];
    if (path !== SLACK_EVENTS_PATH) {
      if (options.otherRoutes?.(req, res)) return;
      return answerAndClose(res, 404, "not found");
    }
    if (req.method !== "POST") return answerAndClose(res, 405, "method not allowed");
    const timestamp = header(req, "x-slack-request-timestamp");
    const signature = header(req, "x-slack-signature");
    const form = header(req, "content-type")?.startsWith("application/x-www-form-urlencoded");
    const declared = req.headers["content-length"];
    const length = declared === undefined ? undefined : Number(declared);

    const headers = checkSlackHeaders({ timestamp, signature, nowSeconds: now() });
    if (!headers.ok) {
      const sslCheck =
        form && !timestamp && !signature && length !== undefined && length <= MAX_SSL_CHECK_BYTES;
      if (sslCheck) return answerSslCheck(req, res, path, length);
      return unauthorized(res, path, headers.reason);
    }
    // Slack always says how long its body is; one of unknown length could not be bounded before
    // it was read.
    if (length === undefined) return answerAndClose(res, 411, "length required");
    if (length > limits.maxBodyBytes) return answerAndClose(res, 413, "payload too large");

    const body = await readPending(req, res, length);
    if (!body) return;
    const verdict = verifySlackSignature({
      signingSecret: options.signingSecret,
      timestamp,
      signature,
      body,
      nowSeconds: now(),
    });
    if (!verdict.ok) return unauthorized(res, path, verdict.reason);
    if (form && Object.values(parseQuery(body.toString())).some(Array.isArray)) {
      options.logger.warn({ path }, "refused a Slack form with a duplicated field");
      return answerAndClose(res, 400, "duplicated form field");
    }
    // Bolt reads a request that is already buffered from `rawBody` instead of the stream.
    Object.assign(req, { rawBody: body });
    options.receiver.requestListener(req, res);
  }

  /** Slack's unsigned SSL check: answered here; nothing from it is passed to Bolt. */
  async function answerSslCheck(
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
    length: number,
  ) {
    const body = await readPending(req, res, length);
    if (!body) return;
    if (parseQuery(body.toString()).ssl_check === "1") return answerAndClose(res, 200, "");
    return unauthorized(res, path, "missing or malformed timestamp");
  }

  /**
   * Reads a body not yet verified, counted against the cap on such bodies; answers and returns
   * null when it is over the cap, too big, too slow, or the client went away.
   */
  async function readPending(
    req: IncomingMessage,
    res: ServerResponse,
    maxBytes: number,
  ): Promise<Buffer | null> {
    if (pending >= limits.maxPendingBodies) {
      options.logger.warn({ pending }, "refused a Slack request: too many bodies being read");
      answerAndClose(res, 503, "busy", { "retry-after": "1" });
      return null;
    }
    pending++;
    try {
      const result = await readBody(req, maxBytes, limits.bodyTimeoutMs);
      if (result === "too large") answerAndClose(res, 413, "payload too large");
      else if (result === "too slow") answerAndClose(res, 408, "request timeout");
      return Buffer.isBuffer(result) ? result : null;
    } finally {
      pending--;
    }
  }

  function unauthorized(res: ServerResponse, path: string, reason: string): void {
    options.logger.warn({ reason, path }, "refused an unsigned or badly signed Slack request");
    answerAndClose(res, 401, "unauthorized");
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? undefined : value;
}

/**
 * Answers and closes the connection at once. Node would otherwise go on reading a refused
 * request's body to throw it away (to keep the connection alive): memory spent on a request
 * already known not to be Slack's.
 */
function answerAndClose(
  res: ServerResponse,
  status: number,
  text: string,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent) return;
  const socket = res.req.socket;
  res.writeHead(status, { "content-type": "text/plain", connection: "close", ...headers });
  res.end(text, () => socket.destroy());
}

/**
 * The body, or why not. On a refusal the request is paused, so no more of it is pulled off the
 * wire before the connection closes.
 */
function readBody(
  req: IncomingMessage,
  maxBytes: number,
  timeoutMs: number,
): Promise<Buffer | "too large" | "too slow" | "gone"> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (result: Buffer | "too large" | "too slow" | "gone") => {
      clearTimeout(timer);
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onGone);
      req.off("close", onGone);
      if (!Buffer.isBuffer(result)) req.pause();
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length; // Node stops at the declared length; this only makes sure of it
      if (size > maxBytes) return done("too large");
      chunks.push(chunk);
    };
    const onEnd = () => done(Buffer.concat(chunks, size));
    const onGone = () => done("gone");
    const timer = setTimeout(() => done("too slow"), timeoutMs);
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onGone);
    req.on("close", onGone);
  });
}

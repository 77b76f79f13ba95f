import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { HTTPReceiver } from "@slack/bolt";
import type { Logger } from "../../core/logger.js";
import { verifySlackSignature } from "./verify.js";

export const SLACK_EVENTS_PATH = "/slack/events";
const MAX_BODY_BYTES = 1 << 20;

/**
 * The HTTP front of the Slack adapter. It checks every request's signature and timestamp
 * (both directions) before Bolt sees it, so a forged, stale or future-dated request gets 401
 * and reaches no handler; then it hands the buffered request to Bolt's receiver.
 */
export function createSlackHttpServer(options: {
  receiver: HTTPReceiver;
  signingSecret: string;
  logger: Logger;
  nowSeconds?: () => number;
  /** Other routes served on the same port (health, metrics); returns true when it answered. */
  otherRoutes?: (req: IncomingMessage, res: ServerResponse) => boolean;
}): Server {
  const now = options.nowSeconds ?? (() => Math.floor(Date.now() / 1000));
  return createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      options.logger.error({ err: String(error) }, "slack request failed");
      if (!res.headersSent) send(res, 500, "internal error");
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? "/").split("?")[0];
    if (path !== SLACK_EVENTS_PATH) {
      if (options.otherRoutes?.(req, res)) return;
      return send(res, 404, "not found");
    }
    if (req.method !== "POST") return send(res, 405, "method not allowed");
    const body = await readBody(req);
    if (body === null) return send(res, 413, "payload too large");
    const header = (name: string) => {
      const value = req.headers[name];
      return Array.isArray(value) ? undefined : value;
    };
    if (header("content-type")?.startsWith("application/x-www-form-urlencoded")) {
      // Slack's unsigned SSL check: answer it here, and pass nothing from it to Bolt.
      if (new URLSearchParams(body.toString()).get("ssl_check") === "1") return send(res, 200, "");
    }
    const verdict = verifySlackSignature({
      signingSecret: options.signingSecret,
      timestamp: header("x-slack-request-timestamp"),
      signature: header("x-slack-signature"),
      body,
      nowSeconds: now(),
    });
    if (!verdict.ok) {
      options.logger.warn(
        { reason: verdict.reason, path },
        "refused an unsigned or badly signed Slack request",
      );
      return send(res, 401, "unauthorized");
    }
    // Bolt reads a request that is already buffered from `rawBody` instead of the stream.
    Object.assign(req, { rawBody: body });
    options.receiver.requestListener(req, res);
  }
}

function send(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { "content-type": "text/plain" });
  res.end(text);
}

async function readBody(req: IncomingMessage): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > MAX_BODY_BYTES) return null;
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

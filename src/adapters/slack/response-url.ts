import { Agent as HttpAgent, request as httpRequest } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";

/**
 * Posts a reply to a Slack response_url, as Bolt's `respond()` does, over kept-alive
 * connections with node:http instead of the global fetch: a click's reply is the hottest call
 * the adapter makes, and fetch costs about three times the CPU per POST (its body is teed, its
 * streams are WHATWG ones). Resolves on a 2xx answer; throws with the status otherwise, so a
 * retry (withRetries) or the caller's error handling sees it, as with Bolt's RespondError.
 */
const agents = {
  "http:": new HttpAgent({ keepAlive: true, maxSockets: 64 }),
  "https:": new HttpsAgent({ keepAlive: true, maxSockets: 64 }),
};

export class ResponseUrlError extends Error {
  constructor(readonly status: number) {
    super(`Failed to respond to the response_url: ${status}`);
    this.name = "ResponseUrlError";
  }
}

export function postToResponseUrl(url: string, message: unknown): Promise<void> {
  const target = new URL(url);
  const body = Buffer.from(JSON.stringify(message));
  const send = target.protocol === "https:" ? httpsRequest : httpRequest;
  const agent = target.protocol === "https:" ? agents["https:"] : agents["http:"];
  return new Promise((resolve, reject) => {
    const req = send(
      target,
      {
        method: "POST",
        agent,
        headers: { "content-type": "application/json", "content-length": body.length },
        timeout: 10_000,
      },
      (res) => {
        // Drained, so the connection goes back to the pool.
        res.resume();
        res.on("end", () => {
          const status = res.statusCode ?? 0;
          if (status >= 200 && status < 300) resolve();
          else reject(new ResponseUrlError(status));
        });
        res.on("error", reject);
      },
    );
    req.on("timeout", () => req.destroy(new Error("response_url timed out")));
    req.on("error", reject);
    req.end(body);
  });
}

/** Posts one message to a request's response_url. */
export type Respond = (message: Record<string, unknown> | string) => Promise<void>;

/** A `respond` for one request's response_url: what the adapter's replies go through. */
export function responder(url: string | undefined): Respond {
  return async (message) => {
    if (!url) throw new Error("this request has no response_url");
    await postToResponseUrl(url, typeof message === "string" ? { text: message } : message);
  };
}

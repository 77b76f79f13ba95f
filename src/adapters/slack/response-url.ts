import { httpPost } from "./http-post.js";

export class ResponseUrlError extends Error {
  constructor(readonly status: number) {
    super(`Failed to respond to the response_url: ${status}`);
    this.name = "ResponseUrlError";
  }
}

/**
 * Posts a reply to a Slack response_url, as Bolt's `respond()` does, but through httpPost (a
 * click's reply is the hottest call the adapter makes). Resolves on a 2xx answer; throws with
 * the status otherwise, so a retry (withRetries) or the caller's error handling sees it, as with
 * Bolt's RespondError.
 */
export async function postToResponseUrl(url: string, message: unknown): Promise<void> {
  const { status } = await httpPost(new URL(url), Buffer.from(JSON.stringify(message)), {
    headers: { "content-type": "application/json" },
    readBody: false,
    idleTimeoutMs: 10_000,
  });
  if (status < 200 || status >= 300) throw new ResponseUrlError(status);
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

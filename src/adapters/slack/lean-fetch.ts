import type { FetchFunction } from "@slack/web-api";
import { httpPost } from "./http-post.js";

/** What the Web API client hands its fetch. */
type FetchRequestInit = NonNullable<Parameters<FetchFunction>[1]>;

/** Statuses whose Response may carry no body (the Response constructor refuses one). */
const NO_BODY = new Set([101, 103, 204, 205, 304]);

/**
 * The `fetch` our Web API clients use: the call they make for every method (a POST of a
 * URL-encoded string, `redirect: "error"`) goes through httpPost; anything else (a file
 * upload's multipart FormData, another shape) goes to the global fetch, unchanged. It answers
 * as fetch does, so the client's retry policy reads the same things: a real Response with the
 * status and headers (429's retry-after), the abort signal's reason when its timeout fires,
 * a TypeError "fetch failed" for a network error or a redirect.
 */
export const leanFetch: FetchFunction = (input, init) => leanFetchFor(input, init);

/**
 * How long a call may go without a byte before it fails: the global fetch (undici) gives up on
 * a silent server after 300 s (its headers and body timeouts), even when the client sets no
 * timeout of its own, so a hung connection cannot hold a client's queue forever. Same here.
 */
export const SILENT_SERVER_MS = 300_000;

/** leanFetch with its silence limit as a parameter (tests give it a short one). */
export async function leanFetchFor(
  input: Parameters<FetchFunction>[0],
  init: Parameters<FetchFunction>[1],
  silentServerMs = SILENT_SERVER_MS,
): ReturnType<FetchFunction> {
  if (!isPlainPost(init)) return globalThis.fetch(input, init);
  const url = typeof input === "string" ? new URL(input) : input;
  let reply: Awaited<ReturnType<typeof httpPost>>;
  try {
    reply = await httpPost(url, Buffer.from(init.body ?? ""), {
      headers: {
        // fetch's default for a string body, unless the caller names one (the Web API does).
        "content-type": "text/plain;charset=UTF-8",
        ...lowerCased(init.headers ?? {}),
      },
      readBody: true,
      signal: init.signal,
      idleTimeoutMs: silentServerMs,
    });
  } catch (error) {
    if (init.signal?.aborted && error === init.signal.reason) throw error;
    throw new TypeError("fetch failed", { cause: error });
  }
  if (reply.status >= 300 && reply.status < 400) {
    throw new TypeError("fetch failed", { cause: new Error(`redirected (${reply.status})`) });
  }
  const headers = new Headers();
  for (const [name, value] of Object.entries(reply.headers)) {
    if (value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) headers.append(name, one);
  }
  return new Response(NO_BODY.has(reply.status) ? null : reply.body, {
    status: reply.status,
    statusText: reply.statusText,
    headers,
  });
}

function isPlainPost(
  init: FetchRequestInit | undefined,
): init is FetchRequestInit & { body?: string | undefined } {
  return (
    init !== undefined &&
    init.method === "POST" &&
    init.redirect === "error" &&
    (init.body === undefined || typeof init.body === "string")
  );
}

/** Header names as node:http sends them; the same name twice keeps the caller's last one. */
function lowerCased(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) out[name.toLowerCase()] = value;
  return out;
}

import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";

/**
 * One POST over kept-alive node:http connections: what the adapter's replies to response_urls
 * and its Web API calls go through. The global fetch costs about three times the CPU per POST
 * (it tees the body and runs WHATWG streams), and these are the calls a busy bot makes most.
 */
const agents = {
  "http:": new HttpAgent({ keepAlive: true, maxSockets: 64 }),
  "https:": new HttpsAgent({ keepAlive: true, maxSockets: 64 }),
};

export interface PostReply {
  status: number;
  statusText: string;
  headers: IncomingHttpHeaders;
  /** The answer's body; empty when `readBody` was false (it is drained, not kept). */
  body: Buffer;
}

export interface PostOptions {
  headers: Record<string, string | number>;
  /** Keep the body (the Web API's JSON); a response_url's answer is only drained. */
  readBody: boolean;
  /** Gives up when no byte moves for this long (the socket's idle timeout). */
  idleTimeoutMs?: number;
  /** Aborts the request: it rejects with the signal's reason, as fetch does. */
  signal?: AbortSignal | undefined;
}

export function httpPost(url: URL, body: Buffer, options: PostOptions): Promise<PostReply> {
  const https = url.protocol === "https:";
  const send = https ? httpsRequest : httpRequest;
  const { signal } = options;
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const req = send(
      url,
      {
        method: "POST",
        agent: https ? agents["https:"] : agents["http:"],
        headers: { ...options.headers, "content-length": body.length },
        ...(options.idleTimeoutMs ? { timeout: options.idleTimeoutMs } : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        if (options.readBody) res.on("data", (chunk: Buffer) => chunks.push(chunk));
        // Drained either way, so the connection goes back to the pool.
        else res.resume();
        res.on("end", () => {
          signal?.removeEventListener("abort", onAbort);
          resolve({
            status: res.statusCode ?? 0,
            statusText: res.statusMessage ?? "",
            headers: res.headers,
            body: Buffer.concat(chunks),
          });
        });
        res.on("error", fail);
      },
    );
    function fail(error: unknown): void {
      signal?.removeEventListener("abort", onAbort);
      reject(error);
    }
    function onAbort(): void {
      req.destroy();
      fail(signal!.reason);
    }
    signal?.addEventListener("abort", onAbort, { once: true });
    req.on("timeout", () => req.destroy(new Error(`no answer from ${url.host} in time`)));
    req.on("error", fail);
    req.end(body);
  });
}

import type { RESTOptions } from "discord.js";

type MakeRequest = RESTOptions["makeRequest"];

/**
 * discord.js's REST hands a file upload to undici's `request` as a FormData, and `request` runs
 * on the process's global dispatcher, which whichever undici loads first creates (they share
 * one). When that is another undici (Bolt loads undici 7 through Socket Mode; discord.js brings
 * undici 6), it cannot read this FormData and the upload fails with "action is not a function":
 * every picture post and reply to Discord broke in a process that also loaded Slack. The form is
 * encoded to bytes here first, which any dispatcher sends.
 */
export function formsAsBytes(makeRequest: MakeRequest): MakeRequest {
  return async (url, init) => {
    if (!(init.body instanceof FormData)) return makeRequest(url, init);
    const encoded = new Response(init.body);
    const headers = new Headers(init.headers as ConstructorParameters<typeof Headers>[0]);
    headers.set("content-type", encoded.headers.get("content-type")!);
    return makeRequest(url, {
      ...init,
      headers: Object.fromEntries(headers),
      body: new Uint8Array(await encoded.arrayBuffer()),
    });
  };
}

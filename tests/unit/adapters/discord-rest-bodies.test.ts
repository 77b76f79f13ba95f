import { describe, expect, it } from "vitest";
import { formsAsBytes } from "../../../src/adapters/discord/rest-bodies.js";

type Init = Parameters<Parameters<typeof formsAsBytes>[0]>[1];

/** A makeRequest that only records what it was handed. */
function recorder() {
  const calls: { url: string; init: Init }[] = [];
  const makeRequest = async (url: string, init: Init) => {
    calls.push({ url, init });
    return new Response("{}", { status: 200 });
  };
  return { calls, makeRequest: makeRequest as Parameters<typeof formsAsBytes>[0] };
}

describe("Discord REST bodies", () => {
  it("sends a file upload's form as bytes that parse back to the same form", async () => {
    const { calls, makeRequest } = recorder();
    const form = new FormData();
    form.append("payload_json", JSON.stringify({ content: "Answer: question of the day" }));
    form.append("files[0]", new Blob([new Uint8Array([137, 80, 78, 71])]), "answers.png");
    await formsAsBytes(makeRequest)("http://127.0.0.1/api/channels/1/messages", {
      method: "POST",
      headers: { Authorization: "Bot token", "X-Audit-Log-Reason": "kept" },
      body: form,
    });
    const { init } = calls[0]!;
    expect(init.body).toBeInstanceOf(Uint8Array);
    const headers = init.headers as Record<string, string>;
    expect(headers["content-type"]).toMatch(/^multipart\/form-data; boundary=/);
    expect(headers.authorization).toBe("Bot token");
    expect(headers["x-audit-log-reason"]).toBe("kept");
    const parsed = await new Response(init.body as Uint8Array, { headers }).formData();
    expect(parsed.get("payload_json")).toBe(form.get("payload_json"));
    const file = parsed.get("files[0]") as File;
    expect(file.name).toBe("answers.png");
    expect([...new Uint8Array(await file.arrayBuffer())]).toEqual([137, 80, 78, 71]);
  });

  it("hands every other body through untouched", async () => {
    const { calls, makeRequest } = recorder();
    const init = { method: "POST", headers: { "Content-Type": "application/json" }, body: "{}" };
    await formsAsBytes(makeRequest)("http://127.0.0.1/api/x", init);
    expect(calls[0]!.init).toBe(init);
  });
});

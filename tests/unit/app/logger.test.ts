import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger } from "../../../src/app/logger.js";

describe("the logger", () => {
  it("writes JSON lines and scrubs secrets from messages and fields", () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const logger = createLogger("info", ["xoxb-very-secret-token", undefined, "abc"], sink);
    logger.info(
      {
        err: "auth failed for xoxb-very-secret-token",
        nested: { url: "https://x/?t=xoxb-very-secret-token" },
      },
      "token xoxb-very-secret-token rejected",
    );
    logger.debug({}, "not at info level");
    expect(lines).toHaveLength(1);
    const entry = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(entry.level).toBe("info");
    expect(lines[0]).not.toContain("xoxb-very-secret-token");
    expect(entry.msg).toBe("token [redacted] rejected");
    // A "secret" too short to be a real one is not scrubbed out of ordinary words.
    logger.info({}, "abcdef");
    expect(JSON.parse(lines[1]!).msg).toBe("abcdef");
  });
});

import { mkdtempSync, readFileSync } from "node:fs";
import { connect, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FakeSlack, sendSigned } from "../helpers/fake-slack.js";
import { freePort, listening, startBot, until } from "./bot-process.js";

const SECRET = "front-load-secret";
const CONNECTIONS = 250;
const BODY_BYTES = 1_000_000; // under the old front's 1 MiB cap, so it buffered all of it
const FRONT_CAP = 64 * 1024; // SLACK_FRONT_LIMITS.maxBodyBytes: the largest body it reads
const CHUNK = Buffer.alloc(64 * 1024, "a");
const MB = 1024 * 1024;
const ALLOWED_GROWTH = 20 * MB;

/** The child's resident set, as the kernel counts it. */
function rss(pid: number): number {
  const line = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  if (!line) throw new Error("no VmRSS");
  return Number(line[1]) * 1024;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Junk = "unsigned" | "chunked" | "held";

/**
 * One junk upload, sent the way a flood would: a request head that is not Slack's, then its
 * body in 64 KiB pieces, all but the last byte, and the connection held open until the test
 * lets go. "unsigned": no signature at all, a declared 1 MB body. "chunked": a fresh timestamp
 * and a well-formed but wrong signature, 1 MB of undeclared length. "held": the same headers
 * with a declared body at the front's cap, so it is read (and held) until its timeout.
 */
async function junkUpload(port: number, kind: Junk): Promise<Socket> {
  const socket = connect(port, "127.0.0.1");
  socket.on("error", () => {}); // a front that refuses early cuts the upload short
  await new Promise<void>((resolve) => {
    socket.once("connect", resolve);
    socket.once("close", resolve);
  });
  const bytes = kind === "held" ? FRONT_CAP : BODY_BYTES;
  const signedLooking = `x-slack-request-timestamp: ${Math.floor(Date.now() / 1000)}\r\nx-slack-signature: v0=${"0".repeat(64)}\r\n`;
  const head = {
    unsigned: `content-length: ${bytes}\r\n`,
    chunked: `${signedLooking}transfer-encoding: chunked\r\n`,
    held: `${signedLooking}content-length: ${bytes}\r\n`,
  }[kind];
  socket.write(
    `POST /slack/events HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/x-www-form-urlencoded\r\n${head}\r\n`,
  );
  let sent = 0;
  while (sent < bytes - 1 && !socket.destroyed) {
    const piece = CHUNK.subarray(0, Math.min(CHUNK.length, bytes - 1 - sent));
    const flushed =
      kind === "chunked"
        ? socket.write(`${piece.length.toString(16)}\r\n`) &&
          socket.write(piece) &&
          socket.write("\r\n")
        : socket.write(piece);
    sent += piece.length;
    if (!flushed) {
      await new Promise<void>((resolve) => {
        socket.once("drain", resolve);
        socket.once("close", resolve);
      });
    }
  }
  return socket;
}

const KINDS: Junk[] = ["unsigned", "chunked", "held"];

describe("the Slack HTTP front under junk uploads", () => {
  let fake: FakeSlack;
  let dir: string;

  beforeEach(async () => {
    fake = await new FakeSlack().start();
    dir = mkdtempSync(join(tmpdir(), "studybot-front-"));
  });
  afterEach(async () => {
    await fake.stop();
  });

  it("returns to within 20 MB of its starting memory after 250 junk connections holding 1 MB bodies", async () => {
    const port = freePort();
    const bot = startBot({
      DATABASE_PATH: join(dir, "front.db"),
      CONTENT_DIR: "content",
      SLACK_BOT_TOKEN: "xoxb-front",
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: fake.apiUrl,
      PORT: String(port),
    });
    const pid = bot.child.pid!;
    const help = () =>
      sendSigned(port, SECRET, {
        command: "/study",
        text: "help",
        team_id: "T1",
        team_domain: "load",
        user_id: "U1",
        user_name: "u1",
        channel_id: "C1",
        response_url: fake.responseUrl("help"),
      });
    try {
      await until(() => listening(port));
      // Warm up the paths measured (Bolt, the core, the refusals), then let the process settle.
      for (let i = 0; i < 20; i++) expect((await help()).status).toBe(200);
      const warm = await Promise.all(KINDS.map((kind) => junkUpload(port, kind)));
      for (const socket of warm) socket.destroy();
      await sleep(2000);
      const before = rss(pid);

      const sockets = await Promise.all(
        Array.from({ length: CONNECTIONS }, (_, i) => junkUpload(port, KINDS[i % KINDS.length]!)),
      );
      await sleep(500);
      const peak = rss(pid);
      // Held past the front's body timeout (5 s), so the held uploads are timed out, not hung up.
      await sleep(6000);
      for (const socket of sockets) socket.destroy();
      await sleep(1000);

      // Give the collector time to give the memory back (no forced GC: the child is as in
      // production); stop waiting as soon as it has.
      let after = rss(pid);
      const deadline = Date.now() + 20_000;
      while (after - before >= ALLOWED_GROWTH && Date.now() < deadline) {
        await sleep(500);
        after = rss(pid);
      }
      process.stdout.write(
        `slack front: RSS ${(before / MB).toFixed(1)} MB before, ${(peak / MB).toFixed(1)} MB with ${CONNECTIONS} junk uploads held, ${(after / MB).toFixed(1)} MB after\n`,
      );
      expect(after - before).toBeLessThan(ALLOWED_GROWTH);
      // And it still answers Slack.
      expect((await help()).status).toBe(200);
    } finally {
      bot.child.kill("SIGTERM");
      await bot.exited;
    }
  });
});

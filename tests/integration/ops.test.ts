import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { migrate } from "../../src/store/migrate.js";
import { openDatabase } from "../../src/store/open.js";
import { MINI_DECK } from "../helpers/bot.js";
import { logLine, startStudybot } from "../helpers/child.js";
import { FakeDiscord } from "../helpers/fake-discord.js";
import { FakeSlack, sendSigned } from "../helpers/fake-slack.js";

const SECRET = "ops-signing-secret-31337";
const SLACK_TOKEN = "xoxb-ops-bot-token-31337";
const DISCORD_TOKEN = "discord-ops-token-31337";

/** Starts `studybot serve` on a fresh database. */
function serve(env: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), "studybot-ops-"));
  const db = join(dir, "s.db");
  // Object.assign keeps the `output` getter live (a spread would copy today's value).
  const bot = startStudybot({
    DATABASE_PATH: db,
    CONTENT_DIR: MINI_DECK,
    LOG_LEVEL: "info",
    ...env,
  });
  return Object.assign(bot, { db });
}

/** `serve` on Slack, against this fake. */
function serveSlack(fake: FakeSlack, env: Record<string, string> = {}) {
  return serve({
    SLACK_BOT_TOKEN: SLACK_TOKEN,
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: fake.apiUrl,
    PORT: "0",
    ...env,
  });
}

async function until(predicate: () => boolean | Promise<boolean>, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("running for real", () => {
  it("serves /healthz and /metrics beside Slack, logs each interaction, stops cleanly on SIGTERM", async () => {
    const fake = await new FakeSlack().start();
    const bot = serveSlack(fake);
    try {
      await until(() => logLine(bot.output, "slack adapter started") !== undefined);
      const port = logLine(bot.output, "slack adapter started")!.port as number;
      let health: Response | undefined;
      await until(async () => {
        health = await fetch(`http://127.0.0.1:${port}/healthz`);
        return health.status === 200;
      });
      const body = (await health!.json()) as {
        status: string;
        checks: Record<string, { ok: boolean }>;
      };
      expect(body.status).toBe("ok");
      expect(Object.keys(body.checks).sort()).toEqual(["database", "scheduler", "slack"]);

      const reply = await sendSigned(port, SECRET, {
        team_id: "T1",
        channel_id: "C1",
        user_id: "U1",
        user_name: "alice",
        command: "/study",
        text: "team join Night Owls",
        response_url: fake.responseUrl("ops"),
      });
      expect(reply.status).toBe(200);
      const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      expect(metrics).toMatch(
        /studybot_interactions_total\{platform="slack",command="team-join",outcome="ok"\} 1/,
      );
      expect(metrics).toContain("studybot_reply_seconds_bucket");
      expect(metrics).toMatch(/studybot_database_bytes [1-9]\d*/);
      expect(metrics).toContain("studybot_scheduler_lag_seconds");
      expect(metrics).toContain("studybot_channel_posts_total");
      const line = logLine(bot.output, "interaction")!;
      expect(line).toMatchObject({ platform: "slack", command: "team-join", outcome: "ok" });
      expect(typeof line.ms).toBe("number");
    } finally {
      bot.child.kill("SIGTERM");
    }
    expect(await bot.exited).toBe(0);
    expect(logLine(bot.output, "stopped")).toBeDefined();
    for (const secret of [SECRET, SLACK_TOKEN]) expect(bot.output).not.toContain(secret);
    // The database is intact, checkpointed, and has the team.
    const db = openDatabase(bot.db);
    expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
    expect(db.prepare("SELECT name FROM teams").pluck().all()).toEqual(["Night Owls"]);
    expect(migrate(db).applied).toEqual([]);
    db.close();
    await fake.stop();
  });

  it("stops cleanly on a SIGTERM that comes while it is still starting", async () => {
    const fake = await new FakeSlack().start();
    const bot = serveSlack(fake, { LOG_LEVEL: "debug" });
    try {
      // Its first log line: start-up is under way, the Slack adapter not yet started.
      await until(() => bot.errors.includes("\n"));
      expect(logLine(bot.output, "slack adapter started")).toBeUndefined();
      bot.child.kill("SIGTERM");
      expect(await bot.exited).toBe(0);
      // It finished starting, then stopped as on any SIGTERM, its queued log lines written.
      expect(logLine(bot.output, "slack adapter started")).toBeDefined();
      expect(logLine(bot.output, "stopping")).toMatchObject({ signal: "SIGTERM" });
      expect(logLine(bot.output, "stopped")).toBeDefined();
    } finally {
      bot.child.kill("SIGKILL");
      await fake.stop();
    }
  });

  it("answers 503 with the reason when Discord is not connected, on PORT", async () => {
    const fake = await new FakeDiscord().start();
    const probe = spawnSync(
      process.execPath,
      [
        "-e",
        "const s=require('net').createServer().listen(0,()=>{console.log(s.address().port);s.close()})",
      ],
      { encoding: "utf8" },
    );
    const port = probe.stdout.trim();
    const bot = serve({ DISCORD_TOKEN, DISCORD_API_URL: fake.apiUrl, PORT: port });
    try {
      // The ops server listens once the platforms are up: its own log line says when.
      await until(() => logLine(bot.output, "health and metrics listening") !== undefined);
      await until(async () => (await fetch(`http://127.0.0.1:${port}/healthz`)).status === 200);
      const healthy = spawnSync(process.execPath, ["dist/cli.js", "health"], {
        env: { PATH: process.env.PATH, PORT: port },
        encoding: "utf8",
      });
      expect(healthy.status).toBe(0);
      await fake.stop(); // Discord goes away
      let body = "";
      await until(async () => {
        const response = await fetch(`http://127.0.0.1:${port}/healthz`);
        body = await response.text();
        return response.status === 503;
      });
      expect(JSON.parse(body)).toMatchObject({
        status: "unhealthy",
        reason: "discord: not connected",
      });
      const unhealthy = spawnSync(process.execPath, ["dist/cli.js", "health"], {
        env: { PATH: process.env.PATH, PORT: port },
        encoding: "utf8",
      });
      expect(unhealthy.status).toBe(1);
    } finally {
      bot.child.kill("SIGTERM");
    }
    expect(await bot.exited).toBe(0);
    expect(bot.output).not.toContain(DISCORD_TOKEN);
  });

  it("`studybot health` is unhealthy when what holds PORT drops the connection", async () => {
    // Not the bot: something that accepts and hangs up (as .ci/run's holder of port 3000 does).
    const other = createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => other.listen(0, "127.0.0.1", resolve));
    const address = other.address();
    const port = typeof address === "object" && address ? address.port : 0;
    try {
      const health = startStudybot({ PORT: String(port) }, ["health"]);
      expect(await health.exited).toBe(1);
      expect(health.errors).toContain(`no answer from http://127.0.0.1:${port}/healthz`);
    } finally {
      other.close();
    }
  });

  it("keeps serving after an unhandled rejection, logging it with a reference", () => {
    const script = join(mkdtempSync(join(tmpdir(), "studybot-rejection-")), "run.mjs");
    writeFileSync(
      script,
      `import { keepServingOnUnhandledRejections } from "${process.cwd()}/dist/app/service.js";
       import { createLogger } from "${process.cwd()}/dist/app/logger.js";
       keepServingOnUnhandledRejections(createLogger("info"));
       Promise.reject(new Error("nobody caught me"));
       setTimeout(() => console.log("still serving"), 100);`,
    );
    const result = spawnSync(process.execPath, [script], { encoding: "utf8" });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("still serving");
    const logged = JSON.parse(result.stderr.trim().split("\n")[0]!) as {
      msg: string;
      reference: string;
    };
    expect(logged.msg).toBe("unhandled rejection");
    expect(logged.reference).toMatch(/^[A-Z0-9]{8}$/);
  });
});

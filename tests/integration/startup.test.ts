import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { migrate } from "../../src/store/migrate.js";
import { openDatabase } from "../../src/store/open.js";
import { MINI_DECK } from "../helpers/bot.js";
import { type StartOptions, startStudybot } from "../helpers/child.js";
import { FakeDiscord } from "../helpers/fake-discord.js";
import { FakeSlack } from "../helpers/fake-slack.js";

const DISCORD_TOKEN = "startup-discord-token-4242";
const SLACK_TOKEN = "xoxb-startup-slack-token-4242";

/** A folder the unprivileged bot (see StartOptions) can write to. */
function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), "studybot-startup-"));
  chmodSync(dir, 0o777);
  return dir;
}

/**
 * Starts the bot, which must refuse to start: exit 1 with exactly one line on stderr besides
 * the JSON log lines, and no stack trace. Returns that line.
 */
async function refusal(
  env: Record<string, string>,
  args = ["serve"],
  options: StartOptions = {},
): Promise<string> {
  const bot = startStudybot({ CONTENT_DIR: MINI_DECK, LOG_LEVEL: "warn", ...env }, args, options);
  const code = await bot.exited;
  const lines = bot.errors
    .split("\n")
    .filter((l) => l.trim() !== "" && !l.startsWith("{"))
    .map((l) => l.trim());
  expect(code, bot.output).toBe(1);
  expect(lines, bot.output).toHaveLength(1);
  expect(bot.output).not.toMatch(/\n\s+at /);
  for (const secret of [DISCORD_TOKEN, SLACK_TOKEN]) expect(bot.output).not.toContain(secret);
  return lines[0]!;
}

/** A port that nothing listens on now (taken from the OS, then let go). */
async function closedPort(): Promise<number> {
  const server = await hold();
  const port = portOf(server);
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Holds a port the OS picks, on every address (as the bot's own listen does). */
function hold(): Promise<Server> {
  const server = createServer();
  return new Promise((resolve) => server.listen(0, () => resolve(server)));
}

function portOf(server: Server): number {
  const address = server.address();
  if (typeof address !== "object" || address === null) throw new Error("not listening");
  return address.port;
}

describe("start-up refuses bad state with one line", () => {
  it("names a corrupt database file", async () => {
    const path = join(folder(), "s.db");
    writeFileSync(path, "this is not a database, just some text long enough to be read".repeat(4));
    const line = await refusal({ DATABASE_PATH: path }, ["console"]);
    expect(line).toBe(
      `studybot: Cannot open the database at ${path}: the file is not a SQLite database. Restore it from a backup or point DATABASE_PATH elsewhere.`,
    );
    // The same for the other commands that open it.
    expect(await refusal({ DATABASE_PATH: path }, ["db", "migrate"])).toContain(path);
  });

  it("refuses a folder it cannot write to", async () => {
    const locked = join(folder(), "locked");
    mkdirSync(locked);
    chmodSync(locked, 0o555);
    const unprivileged = { unprivileged: true };
    const inside = join(locked, "s.db");
    expect(await refusal({ DATABASE_PATH: inside }, ["console"], unprivileged)).toBe(
      `studybot: Cannot create the database at ${inside}: the folder ${locked} is not writable (SQLite keeps its -wal and -shm files beside the database). Make it writable for this user, or point DATABASE_PATH elsewhere.`,
    );
    const below = join(locked, "data", "s.db");
    expect(await refusal({ DATABASE_PATH: below }, ["console"], unprivileged)).toBe(
      `studybot: Cannot create the folder ${join(locked, "data")} for the database at ${below}: permission denied. Create it writable for this user, or point DATABASE_PATH elsewhere.`,
    );
  });

  it("refuses a read-only database file instead of failing every command later", async () => {
    const path = join(folder(), "s.db");
    const db = openDatabase(path);
    migrate(db);
    db.close();
    chmodSync(path, 0o444);
    const line = await refusal({ DATABASE_PATH: path }, ["console"], { unprivileged: true });
    expect(line).toBe(
      `studybot: Cannot write to the database at ${path}: the file is read-only. Make it writable for this user, or point DATABASE_PATH elsewhere.`,
    );
  });

  it("names a port in use, for the ops server beside Discord and for Slack's receiver", async () => {
    const taken = await hold();
    const port = String(portOf(taken));
    const discord = await new FakeDiscord().start();
    const slack = await new FakeSlack().start();
    try {
      const expected = `studybot: port ${port} is in use: set PORT to a free port, or stop what holds it.`;
      const dir = folder();
      expect(
        await refusal({
          DATABASE_PATH: join(dir, "d.db"),
          DISCORD_TOKEN,
          DISCORD_API_URL: discord.apiUrl,
          PORT: port,
        }),
      ).toBe(expected);
      expect(
        await refusal({
          DATABASE_PATH: join(dir, "s.db"),
          SLACK_BOT_TOKEN: SLACK_TOKEN,
          SLACK_SIGNING_SECRET: "startup-signing-secret",
          SLACK_API_URL: slack.apiUrl,
          PORT: port,
        }),
      ).toBe(expected);
    } finally {
      taken.close();
      await discord.stop();
      await slack.stop();
    }
  });

  it("names Discord's API URL when it refuses connections", async () => {
    const url = `http://127.0.0.1:${await closedPort()}/api`;
    const line = await refusal({
      DATABASE_PATH: join(folder(), "s.db"),
      DISCORD_TOKEN,
      DISCORD_API_URL: url,
      OPS_HTTP: "off",
    });
    expect(line).toBe(
      `studybot: Cannot reach Discord at ${url}: the connection was refused. Check DISCORD_API_URL (unset means https://discord.com/api) and the network.`,
    );
  });

  it("says so when Discord refuses the token", async () => {
    const fake = await new FakeDiscord().start();
    fake.fail(/^GET \/gateway\/bot$/, [401]);
    try {
      const line = await refusal({
        DATABASE_PATH: join(folder(), "s.db"),
        DISCORD_TOKEN,
        DISCORD_API_URL: fake.apiUrl,
        OPS_HTTP: "off",
      });
      expect(line).toMatch(/^studybot: Discord refused DISCORD_TOKEN \(401 Unauthorized\): /);
    } finally {
      await fake.stop();
    }
  });

  it("refuses a DISCORD_API_URL that is not http(s)", async () => {
    for (const url of ["ftp://127.0.0.1/api", "localhost:3000"]) {
      const line = await refusal({
        DATABASE_PATH: join(folder(), "s.db"),
        DISCORD_TOKEN,
        DISCORD_API_URL: url,
        OPS_HTTP: "off",
      });
      expect(line).toBe(
        `studybot: Invalid DISCORD_API_URL "${url}": must be an http:// or https:// URL, e.g. https://discord.com/api`,
      );
    }
  });

  it("scrubs secrets from start-up errors, even when the settings are invalid", async () => {
    // A token pasted into the wrong setting is echoed by the error that names the setting.
    const line = await refusal({
      DATABASE_PATH: join(folder(), "s.db"),
      SLACK_BOT_TOKEN: SLACK_TOKEN,
      SLACK_SIGNING_SECRET: "startup-signing-secret",
      PORT: SLACK_TOKEN,
    });
    expect(line).toMatch(/^studybot: Invalid PORT "\[redacted\]": /);
    // Any other start-up line too: here the path that the error names holds the token.
    const path = join(folder(), `${DISCORD_TOKEN}.db`);
    writeFileSync(path, "not a database ".repeat(20));
    const named = await refusal({ DATABASE_PATH: path, DISCORD_TOKEN }, ["console"]);
    expect(named).toContain("Cannot open the database at ");
    expect(named).toContain("[redacted].db");
  });
});

import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { migrationLabel, migrationsDir, readMigrations } from "../../src/store/migrate.js";
import { MINI_DECK } from "../helpers/bot.js";
import { startStudybot } from "../helpers/child.js";
import { cleanedUpAfterEach } from "../helpers/postgres.js";
import { freePort } from "../helpers/postgres-server.js";

/**
 * `studybot db …` and start-up on PostgreSQL, through the built CLI (dist/cli.js) as operators
 * run it, against the tests' real server.
 */

const CLI = "dist/cli.js";

const { database } = cleanedUpAfterEach();

const tempDir = () => mkdtempSync(join(tmpdir(), "studybot-db-"));

/** The settings every run gets; DATABASE_PATH is a file that does not exist unless a test makes it. */
function baseEnv(): {
  DATABASE_PATH: string;
  CONTENT_DIR: string;
  LOG_LEVEL: string;
  USER: string;
} {
  return {
    DATABASE_PATH: join(tempDir(), "s.db"),
    CONTENT_DIR: MINI_DECK,
    LOG_LEVEL: "warn",
    USER: "tester",
  };
}

/** Runs the CLI to its end, feeding `lines` on stdin. */
function run(args: string[], env: Record<string, string>, lines: string[] = []) {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    input: lines.join("\n"),
    encoding: "utf8",
    env: { PATH: process.env.PATH, PORT: "0", ...baseEnv(), ...env },
    timeout: 30_000,
  });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

/** host:port/database of a URL, as the CLI names a PostgreSQL database. */
function where(url: string): string {
  const u = new URL(url);
  return `${u.hostname}:${u.port || "5432"}${u.pathname}`;
}

const passwordOf = (url: string) => decodeURIComponent(new URL(url).password);

/** Rows per table of a PostgreSQL database. */
async function rowCounts(url: string): Promise<Record<string, number>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const tables = (
      await client.query<{ name: string }>(
        "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename",
      )
    ).rows.map((r) => r.name);
    const counts: Record<string, number> = {};
    for (const table of tables) {
      const { rows } = await client.query<{ n: string }>(`SELECT COUNT(*) AS n FROM ${table}`);
      counts[table] = Number(rows[0]?.n);
    }
    return counts;
  } finally {
    await client.end();
  }
}

/** The lines of a "Stats: name" block that must survive a copy (no clock-dependent ones). */
function statsOf(out: string, name: string): string[] {
  const start = out.indexOf(`Stats: ${name}\n`);
  if (start < 0) throw new Error(`no stats of ${name} in:\n${out}`);
  const block = out.slice(start).split("\n\n")[0]!;
  return block.split("\n").filter((l) => /^(Points|Answered|Accuracy|Team):/.test(l));
}

describe("studybot db migrate on PostgreSQL", () => {
  it("migrates an empty database once, then says it is up to date", async () => {
    const { url } = await database({ migrated: false });
    const env = baseEnv();
    const first = run(["db", "migrate"], { ...env, DATABASE_URL: url });
    expect(first.err).toBe("");
    expect(first.code).toBe(0);
    const migrations = readMigrations(migrationsDir("postgres"));
    expect(migrations[0] && migrationLabel(migrations[0])).toBe("0001_initial");
    expect(first.out).toBe(
      `Migrated ${where(url)} from version 0 to ${migrations.length}: ${migrations.map(migrationLabel).join(", ")}\n`,
    );
    const again = run(["db", "migrate"], { ...env, DATABASE_URL: url });
    expect(again.code).toBe(0);
    expect(again.out).toBe(`${where(url)} is up to date (version ${migrations.length}).\n`);
    // DATABASE_URL wins: no SQLite file was made at DATABASE_PATH, and no password was shown.
    expect(existsSync(env.DATABASE_PATH)).toBe(false);
    expect(first.out + again.out).not.toContain(passwordOf(url));
  });
});

describe("studybot db backup on PostgreSQL", () => {
  it("refuses with exit 2, says how to use pg_dump, and writes no file", async () => {
    const { url } = await database();
    const file = join(tempDir(), "x.dump");
    const { code, out, err } = run(["db", "backup", file], { DATABASE_URL: url });
    expect(code).toBe(2);
    expect(out).toBe("");
    expect(err).toContain(`DATABASE_URL points at PostgreSQL (${where(url)})`);
    expect(err).toContain('  pg_dump --format=custom --file=studybot.dump "$DATABASE_URL"\n');
    expect(err).toContain('  pg_restore --dbname="$DATABASE_URL" studybot.dump\n');
    expect(err).not.toContain(passwordOf(url));
    expect(existsSync(file)).toBe(false);
  });
});

describe("studybot db copy --to", () => {
  /**
   * A SQLite database with real data, made by studying in the console: tester answers a KMS
   * question right, bob a WAF one; both join Night Owls; the channel gets a daily schedule.
   * Returns the console's output.
   */
  async function studyOnSqlite(path: string): Promise<string> {
    const bot = startStudybot({ ...baseEnv(), DATABASE_PATH: path }, ["console"], {
      stdin: true,
    });
    const until = async (text: string, from: number) => {
      const deadline = Date.now() + 15_000;
      while (!bot.output.slice(from).includes(text)) {
        if (Date.now() > deadline)
          throw new Error(`timed out waiting for "${text}":\n${bot.output}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return bot.output.slice(from);
    };
    const send = async (line: string, expected: string) => {
      const from = bot.output.length;
      bot.stdin!.write(`${line}\n`);
      return until(expected, from);
    };
    /** Starts a one-question quiz and answers it with the letter the right option got. */
    const answerRight = async (as: string, topic: string, right: string) => {
      const shown = await send(`${as}quiz ${topic} 1`, "Answer with a letter");
      const letter = new RegExp(`^ {2}([A-D])\\) ${right}$`, "m").exec(shown)?.[1];
      if (!letter) throw new Error(`no option "${right}" in:\n${shown}`);
      await send(`${as}${letter}`, "quiz finished");
    };
    await until('Type "help" to begin', 0);
    await answerRight("", "kms", "KMS");
    await answerRight("@bob ", "waf", "WAF");
    await send("team join Night Owls", "tester joined team Night Owls");
    await send("@bob team join night owls", "bob joined team Night Owls");
    await send("setup 09:00 UTC", "Daily question set");
    await send("stats", "Due for review");
    await send("@bob stats", "Due for review");
    await send("team list", "2 members");
    bot.stdin!.end("exit\n");
    expect(await bot.exited).toBe(0);
    expect(bot.errors).toBe("");
    return bot.output;
  }

  it("copies a studied SQLite database, and the bot on PostgreSQL sees the same", async () => {
    const sqlite = join(tempDir(), "s.db");
    const before = await studyOnSqlite(sqlite);
    const tester = statsOf(before, "tester");
    // Right answers score (10 or more, with the streak bonus): points worth comparing after.
    expect(tester).toEqual([
      expect.stringMatching(/^Points: [1-9]\d+$/),
      "Answered: 1",
      "Accuracy: 100%",
      "Team: Night Owls",
    ]);
    const bob = statsOf(before, "bob");
    expect(bob[0]).toMatch(/^Points: [1-9]\d+$/);

    const { url } = await database({ migrated: false });
    const copied = run(["db", "copy", "--to", url], { DATABASE_PATH: sqlite });
    expect(copied.err).toBe("");
    expect(copied.code).toBe(0);
    expect(copied.out).toMatch(new RegExp(`^Copied \\d+ rows from ${sqlite} to ${where(url)}:\n`));
    for (const [table, rows] of [
      ["workspaces", 1],
      ["teams", 1],
      ["members", 2],
      ["answers", 2],
      ["channel_schedules", 1],
    ] as const) {
      expect(copied.out).toContain(`  ${table.padEnd(18)} ${rows}\n`);
    }
    expect(copied.out).toContain("Set DATABASE_URL to this database");
    expect(copied.out).not.toContain(passwordOf(url));

    // The console again, now on PostgreSQL (DATABASE_PATH names a file that is never made).
    const env = { ...baseEnv(), DATABASE_URL: url };
    const after = run(["console"], env, [
      "stats",
      "@bob stats",
      "team list",
      "@cy team join Night Owls", // a new member after the copy gets a fresh id
      "team list",
      "exit",
    ]);
    expect(after.err).toBe("");
    expect(after.code).toBe(0);
    expect(statsOf(after.out, "tester")).toEqual(tester);
    expect(statsOf(after.out, "bob")).toEqual(bob);
    expect(after.out).toContain("- Night Owls: 2 members");
    expect(after.out).toContain("cy joined team Night Owls");
    expect(after.out).toContain("- Night Owls: 3 members");
    expect(existsSync(env.DATABASE_PATH)).toBe(false);
  }, 60_000);

  it("refuses to copy into a database that has rows, with one line, changing nothing", async () => {
    const sqlite = join(tempDir(), "s.db");
    expect(run(["db", "migrate"], { DATABASE_PATH: sqlite }).code).toBe(0);
    const { url } = await database();
    // A workspace in the target: someone's live data.
    expect(run(["console"], { DATABASE_URL: url }, ["team join Owls", "exit"]).code).toBe(0);
    const counts = await rowCounts(url);
    expect(counts.teams).toBe(1);

    const refused = run(["db", "copy", "--to", url], { DATABASE_PATH: sqlite });
    expect(refused.code).toBe(1);
    expect(refused.out).toBe("");
    expect(refused.err).toBe(
      "studybot: The PostgreSQL database already has data (table workspaces is not empty): db copy only fills an empty database. Create a new one (createdb), or empty this one first.\n",
    );
    expect(await rowCounts(url)).toEqual(counts);
  });

  it("needs --to with a postgres:// URL (exit 2, with usage)", () => {
    for (const args of [
      ["db", "copy"],
      ["db", "copy", "--to", "mysql://root:pw@127.0.0.1:3306/studybot"],
      ["db", "copy", "--to", "studybot.db"],
    ]) {
      const { code, out, err } = run(args, {});
      expect(code, args.join(" ")).toBe(2);
      expect(out).toBe("");
      expect(err).toBe(
        "studybot db copy needs --to postgres://user:password@host:5432/database (an empty database).\n",
      );
    }
  });
});

describe("start-up on PostgreSQL", () => {
  it("stops with one line, no stack and no password, when nothing listens at DATABASE_URL", async () => {
    const port = await freePort();
    const url = `postgres://studybot:pa55-w0rd-here@127.0.0.1:${port}/studybot`;
    for (const command of ["serve", "console"]) {
      const { code, err } = run([command], { DATABASE_URL: url });
      expect(code, command).toBe(1);
      expect(err, command).toBe(
        `studybot: Cannot connect to PostgreSQL at 127.0.0.1:${port}/studybot: nothing is listening. Check DATABASE_URL and that the server is running.\n`,
      );
    }
  });

  it("stops with one line when the server refuses the password", async (context) => {
    const { url } = await database();
    const wrong = new URL(url);
    wrong.password = "not-the-password-42";
    const { code, out, err } = run(["console"], { DATABASE_URL: wrong.toString() }, ["exit"]);
    if (code === 0) context.skip("this server lets any password in (trust authentication)");
    expect(code).toBe(1);
    expect(err.trim().split("\n")).toHaveLength(1);
    expect(err).toContain(`studybot: PostgreSQL at ${where(url)} refused the login`);
    expect(out + err).not.toContain("not-the-password-42");
    const right = passwordOf(url);
    if (right) expect(out + err).not.toContain(right);
  });
});

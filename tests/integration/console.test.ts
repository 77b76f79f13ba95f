import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openDatabase } from "../../src/store/open.js";
import { MINI_DECK } from "../helpers/bot.js";
import { startStudybot } from "../helpers/child.js";

const CLI = "dist/cli.js"; // built by `npm test`'s pretest

/** Runs the real CLI as a child process, feeding `lines` through a pipe. */
function run(args: string[], lines: string[] = [], env: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), "studybot-cli-"));
  const result = spawnSync(process.execPath, [CLI, ...args], {
    input: lines.join("\n"),
    encoding: "utf8",
    env: {
      PATH: process.env.PATH,
      DATABASE_PATH: join(dir, "s.db"),
      CONTENT_DIR: MINI_DECK,
      LOG_LEVEL: "warn",
      USER: "tester",
      ...env,
    },
    timeout: 30_000,
  });
  return { code: result.status, out: result.stdout, err: result.stderr, dir };
}

describe("the console, fed by a pipe", () => {
  it("answers only the question on screen, with session controls and an exam", () => {
    // kms and waf have one single-answer question each in the mini deck: "A" always answers.
    const { code, out } = run(
      ["console"],
      [
        "quiz kms 3",
        "quiz waf 1",
        "A",
        "A",
        "quiz kms 1",
        "skip",
        "repeat",
        "quit",
        "exam 1 5",
        "quit",
        "exit",
      ],
    );
    expect(code).toBe(0);
    // The reproduction: the second letter finds no open question.
    expect(out).toMatch(/Your .*KMS.* quiz \(1 of 1 left\) was closed\./);
    const finished = out.indexOf("AWS WAF quiz finished");
    expect(finished).toBeGreaterThan(-1);
    expect(out.slice(finished)).toContain("You have no open question right now.");
    expect(out).toContain("That is the last question left");
    expect(out).toContain("AWS KMS quiz ended");
    // The console prints the exam's end time (UTC), and the result on hand-in.
    expect(out).toMatch(/Time is up \d\d:\d\d UTC/);
    expect(out).toContain("Exam result: 100 of 1000");
  });

  it("plays a live round with --fast: @name lines are other players, `wait` moves the clock", () => {
    // The mini deck's one KMS question is single-answer: "A" and "B" are both answers to it.
    const { code, out } = run(
      ["console", "--fast"],
      [
        "live kms 1 10",
        "@bob live join",
        "A",
        "wait",
        "A",
        "@bob B",
        "@bob B",
        "wait",
        "wait",
        "live summary",
        "@carl live summary",
        "exit",
      ],
    );
    expect(code).toBe(0);
    expect(out).toContain("Live round: AWS KMS");
    // A letter before the first question has nothing to answer.
    expect(out).toContain("You have no open question right now.");
    expect(out).toContain("⏩ 10 seconds later");
    expect(out).toContain("Live 1/1");
    expect(out.match(/Locked in/g)).toHaveLength(2);
    expect(out).toContain("You already answered this question");
    // Both players answered: the reveal comes 3 s after the question, the end 3 s after that.
    expect(out).toContain("⏩ 3 seconds later");
    expect(out).toContain("Answer 1/1");
    expect(out).toContain("Live round over");
    expect(out).toMatch(/Your live round: AWS KMS[\s\S]*place \d of 2/);
    expect(out).toContain("You did not answer in this round");
  });

  it("writes pictures to files and prints where, with what they show in words", () => {
    const tmp = mkdtempSync(join(tmpdir(), "studybot-pictures-"));
    // The day's question, answered by members who try every option and every pair: whatever
    // kind it is, one of them is right, so the leaderboard has a card. Then its reveal.
    const tries = ["A", "B", "C", "D", "A B", "A C", "A D", "B C", "B D", "C D"].map(
      (letters, i) => `@m${i} daily ${letters}`,
    );
    const { code, out } = run(
      ["console", "--fast"],
      ["stats", "post-now", ...tries, "leaderboard", "wait 43300", "exit"],
      { TMPDIR: tmp },
    );
    expect(code).toBe(0);
    expect(out).toMatch(/Picture: \S+leaderboard-\d+-\d+\.png/);
    expect(out).toMatch(/Answer: question of the day[\s\S]*Picture: \S+answers-\d+-\d+\.png/);
    const [, file] = /Picture: (\S+\.png)/.exec(out) ?? [];
    expect(file?.startsWith(tmp)).toBe(true);
    const png = readFileSync(file!);
    expect(png.subarray(1, 4).toString()).toBe("PNG");
    expect(png.readUInt32BE(16)).toBe(1000); // IHDR width
    expect(out).toMatch(/Picture: .*\n\s+Study progress of tester/);
  });

  it("runs every core command and exits cleanly at end of input", () => {
    const { code, out, err } = run(
      ["console"],
      [
        "help",
        "topics",
        "topics data",
        "lookup ddos",
        "quiz kms 1",
        "A",
        "A",
        "review",
        "@bob quiz waf 1",
        "@bob B",
        "leaderboard",
        "leaderboard all teams",
        "stats",
        "stats bob",
        "team join Blue Falcons",
        "@bob team join blue falcons",
        "team list",
        "team leave",
        "setup 09:00 Europe/Berlin weekdays shield",
        "status",
        "pause",
        "resume",
        "post-now",
        "",
        "nonsense words here",
        `lookup ${"x".repeat(10_000)}`,
        "setup 31:00 Nowhere/Land",
      ],
    );
    expect(err).toBe("");
    expect(code).toBe(0);
    for (const expected of [
      "Studybot help",
      "Network protection (", // the topics list, by area
      "AWS Shield",
      "AWS KMS quiz: 1 question",
      "no open question",
      "Nothing due",
      "Question 1 of 1 · AWS WAF",
      "Leaderboard: the last 7 days",
      "Team leaderboard: all time",
      "Stats: tester",
      "Stats: bob",
      "tester joined team Blue Falcons",
      "bob joined team Blue Falcons",
      "Blue Falcons: 2 members",
      "tester left team Blue Falcons",
      "Daily question set",
      "Next post", // status
      "paused in this channel",
      "back on",
      "Question of the day",
      "I don't know the command",
      "too long",
      "not a time of day",
    ]) {
      expect(out, expected).toContain(expected);
    }
    // Options are shuffled with real randomness here, so "A" may be right or wrong.
    expect(out.match(/Right!|Not quite/g)?.length).toBe(2);
  });

  it("serve without credentials starts the console and says how to connect", () => {
    const { code, out } = run([], ["lookup waf"]);
    expect(code).toBe(0);
    expect(out).toContain("No Discord or Slack credentials");
    expect(out).toContain("SLACK_BOT_TOKEN");
    expect(out).toContain("AWS WAF");
  });
});

describe("the console at a terminal", () => {
  it("exits 0 on Ctrl-C (SIGINT) after closing the database, as `exit` does", async () => {
    const path = join(mkdtempSync(join(tmpdir(), "studybot-cli-")), "s.db");
    const bot = startStudybot(
      { DATABASE_PATH: path, CONTENT_DIR: MINI_DECK, LOG_LEVEL: "warn", USER: "tester" },
      ["console"],
      { stdin: true },
    );
    const until = async (text: string) => {
      const deadline = Date.now() + 15_000;
      while (!bot.output.includes(text)) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for "${text}"`);
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    await until('Type "help" to begin');
    bot.stdin!.write("team join Night Owls\n");
    await until("joined team Night Owls");
    expect(existsSync(`${path}-wal`)).toBe(true); // the write sits in the WAL until closed
    bot.child.kill("SIGINT");
    expect(await bot.exited).toBe(0);
    expect(bot.errors).toBe("");
    // Checkpointed and closed: no WAL left behind (or an empty one), the team in the file.
    expect(!existsSync(`${path}-wal`) || statSync(`${path}-wal`).size === 0).toBe(true);
    const db = openDatabase(path);
    expect(db.prepare("SELECT name FROM teams").pluck().all()).toEqual(["Night Owls"]);
    db.close();
  });
});

describe("the CLI", () => {
  it("stops with one clear line on a bad setting", () => {
    const { code, err } = run(["console"], [], { LOG_LEVEL: "loud" });
    expect(code).toBe(1);
    expect(err.trim().split("\n")).toHaveLength(1);
    expect(err).toContain('Invalid LOG_LEVEL "loud"');
  });

  it("refuses to start on invalid content", () => {
    const { code, err } = run(["console"], [], { CONTENT_DIR: "tests/fixtures/nowhere" });
    expect(code).toBe(1);
    expect(err).toContain("refusing to start");
  });

  it("looks topics up, as text and JSON", () => {
    expect(run(["lookup", "sql", "injection"]).out).toContain("AWS WAF");
    const json = JSON.parse(run(["lookup", "ddos", "--json"]).out);
    expect(json.topic.id).toBe("shield");
    expect(run(["lookup", "qqqqzzzz"]).code).toBe(1);
  });

  it("lints content, migrates and backs up the database", () => {
    const lint = run(["content", "lint", MINI_DECK]).out;
    expect(lint).toContain("Content is valid");
    // How guessable the deck is, with its aims (reported, not yet enforced).
    expect(lint).toMatch(
      /Deck mini, 5 questions:\n {2}[!-] the right option is the unique longest in/,
    );
    const migrated = run(["db", "migrate"]);
    expect(migrated.out).toContain("0001_initial");
    const backup = join(migrated.dir, "backup.db");
    const result = spawnSync(process.execPath, [CLI, "db", "backup", backup], {
      encoding: "utf8",
      env: { PATH: process.env.PATH, DATABASE_PATH: join(migrated.dir, "s.db") },
    });
    expect(result.stdout).toContain("Backed up");
    const check = run(["db", "migrate"], [], { DATABASE_PATH: backup });
    expect(check.out).toContain("up to date");

    // A backup copies what is there, even a database newer than this code, and changes nothing.
    const source = join(migrated.dir, "s.db");
    const db = openDatabase(source);
    db.prepare(
      "INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, 'future', 0)",
    ).run();
    db.close();
    const newer = spawnSync(process.execPath, [CLI, "db", "backup", join(migrated.dir, "b2.db")], {
      encoding: "utf8",
      env: { PATH: process.env.PATH, DATABASE_PATH: source },
    });
    expect(newer.status).toBe(0);
    const refused = run(["db", "migrate"], [], { DATABASE_PATH: source });
    expect(refused.code).not.toBe(0);
    expect(refused.err).toContain("newer than this");
  });

  it("refuses to back up a database that does not exist, and creates none", () => {
    const dir = mkdtempSync(join(tmpdir(), "studybot-cli-"));
    const missing = join(dir, "data", "s.db");
    const backup = join(dir, "backup.db");
    const { code, out, err } = run(["db", "backup", backup], [], { DATABASE_PATH: missing });
    expect(code).toBe(1);
    expect(out).toBe("");
    expect(err).toBe(
      `studybot: There is no database at ${missing}. Check DATABASE_PATH (\`studybot db migrate\` creates one).\n`,
    );
    expect(existsSync(join(dir, "data"))).toBe(false);
    expect(existsSync(backup)).toBe(false);
  });

  it("prints the members' reports for the deck's maintainers, by question, with reasons", () => {
    const db = join(mkdtempSync(join(tmpdir(), "studybot-reports-")), "s.db");
    expect(run(["content", "reports"], [], { DATABASE_PATH: db }).out).toBe("No open reports.\n");
    const studied = run(["console"], ["quiz kms 1", "A", "report option B is also right"], {
      DATABASE_PATH: db,
    });
    expect(studied.out).toContain("your report on question kms-01 went to");
    const { code, out } = run(["content", "reports"], [], { DATABASE_PATH: db });
    expect(code).toBe(0);
    expect(out).toMatch(
      /^kms-01 \(questions\/kms\.yaml\): 1 open report\n {2}#1 \d{4}-\d{2}-\d{2} workspace 1: option B is also right\n$/,
    );
    expect(out).not.toContain("tester"); // who reported stays with the workspace
  });

  it("prints help for every command", () => {
    for (const command of ["serve", "console", "lookup", "content", "db", "discord", "slack"]) {
      const { code, out } = run([command, "--help"]);
      expect(code, command).toBe(0);
      expect(out, command).toContain(`Usage: studybot ${command}`);
    }
    expect(run(["--help"]).out).toContain("Commands:");
    expect(run(["frobnicate"]).code).toBe(2);
    // Nine CLI starts one after another: a budget for a busy machine, not a speed check.
  }, 60_000);
});

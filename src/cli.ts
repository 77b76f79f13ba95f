#!/usr/bin/env node
import { parseArgs } from "node:util";
import { renderText } from "./adapters/console/render.js";
import { type Config, loadConfig, secretsInEnvironment, secretsOf } from "./app/config.js";
import { DB_HELP } from "./app/db-help.js";
import { createLogger, logDestination, scrubber } from "./app/logger.js";
import { explainPlatformFailure, startupErrorLine } from "./app/startup-errors.js";
import { formatProblem } from "./content/problems.js";
import { deckQuality, missedAims, qualityLines } from "./content/quality.js";
import { TopicIndex } from "./core/lookup.js";

const USAGE = `Usage: studybot <command> [options]

Commands:
  serve                 run the bot (the default; the console when no platform is configured)
  console               study from this terminal
  lookup <query>        find a topic card (--json for machine-readable output)
  content lint [dir]    check decks for problems (default: CONTENT_DIR)
  content reports       the questions members reported as wrong, for the deck's maintainers
  content import <file> --deck <id>
                        make a deck folder from a CSV or an Anki "Notes in Plain Text" export
  content export <deck> [--csv] [--out file]
                        write a deck as that CSV (to stdout without --out)
  db migrate            bring the database schema up to date (SQLite or PostgreSQL)
  db backup <file>      copy the live database to <file> (SQLite online backup)
  db copy --to URL      copy the SQLite database into an empty PostgreSQL one
  health                ask a running bot's /healthz (for Docker's HEALTHCHECK)
  discord register [--guild ID]
                        register the slash commands (one guild: instant; else global)
  slack manifest [--url https://your.host]
                        print a Slack app manifest (HTTP mode with --url, else Socket Mode)

Every command takes --help. Settings come from the environment or .env: see README.md.`;

const HELP: Record<string, string> = {
  serve: `Usage: studybot serve

Runs the bot on every configured platform, one core behind them all: Discord when
DISCORD_TOKEN is set; Slack when SLACK_BOT_TOKEN is set (HTTP mode on PORT with
SLACK_SIGNING_SECRET, or Socket Mode with SLACK_APP_TOKEN). With neither: the console.
Stops cleanly on SIGTERM or SIGINT.`,
  health: `Usage: studybot health

Asks the bot running on this machine (http://127.0.0.1:PORT/healthz) whether it is healthy.
Exits 0 when it is, 1 when not or when it does not answer within 3 seconds.`,
  discord: `Usage: studybot discord register [--guild ID]

Bulk-overwrites Studybot's slash commands: in one guild with --guild (instant, for testing),
or globally. Needs DISCORD_TOKEN; the application id comes from DISCORD_APPLICATION_ID or,
when unset, from Discord.`,
  slack: `Usage: studybot slack manifest [--url https://your.host]

Prints a Slack app manifest (YAML) to create the app from: the /study command, interactivity,
the Home tab, the events and the bot scopes Studybot needs. With --url (https), requests go to
<url>/slack/events (HTTP mode) and "Add to Slack" returns to <url>/slack/oauth_redirect;
without it, the manifest turns on Socket Mode (one workspace).`,
  console: `Usage: studybot console [--fast]

Study from this terminal: type commands (try "help"), answer with option letters.
A line "@name <command>" acts as another member, so you can try a leaderboard or a live
round alone. Reads from a pipe too; ends at end of input or "exit".
--fast: the clock stands still until a "wait" line moves it to what is due next (a live
round's next question or reveal), or "wait <seconds>" moves it on: a scripted live round
plays in no time.`,
  lookup: `Usage: studybot lookup <query> [--json]

Prints the topic card that best matches <query>, or the closest topics on a miss.`,
  content: `Usage: studybot content lint [dir]
       studybot content reports
       studybot content import <file> --deck <id> [--title T] [--format csv|anki]
                               [--out dir] [--overwrite] [--seed N]
       studybot content export <deck> [--csv] [--out file]

lint:    checks every deck under [dir] (default: CONTENT_DIR, ./content) and prints each
         problem as file:line: field: message, then how guessable each deck is against its
         aims. Exits 1 when there is any problem or missed aim.
reports: the open reports of every workspace (members' "this question is wrong"), by question,
         most reported first, with their reasons; admins close them with \`reports close <id>\`.
import:  reads a CSV (the header is in README.md, "Importing and exporting decks") or an Anki
         "Notes in Plain Text" export (.txt/.tsv, or by its #separator/#html headers; --format
         overrides) and writes the deck folder <out>/<id>/ (default out: CONTENT_DIR), checked
         by the loader before it is written. Prints every row or note it could not use as
         file:line: reason, then what it generated or changed and the quality aims the new deck
         misses (as warnings). Refuses an existing deck folder unless --overwrite. --seed picks
         the Anki questions' distractors (the same seed gives the same deck). Exits 1 when a
         row was not used or nothing was written.
export:  writes <deck> (a deck folder, or a deck id in CONTENT_DIR) as that CSV, one row per
         question with its topic's card, so that importing it gives the same deck back.`,
  db: DB_HELP,
};

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: false,
    options: {
      help: { type: "boolean", short: "h" },
      json: { type: "boolean" },
      url: { type: "string" },
      guild: { type: "string" },
      to: { type: "string" },
      fast: { type: "boolean" },
      deck: { type: "string" },
      title: { type: "string" },
      format: { type: "string" },
      out: { type: "string" },
      overwrite: { type: "boolean" },
      seed: { type: "string" },
      csv: { type: "boolean" },
    },
  });
  const [command = "serve", ...args] = positionals;
  if (values.help) {
    process.stdout.write(`${(positionals.length > 0 && HELP[command]) || USAGE}\n`);
    return 0;
  }
  switch (command) {
    case "serve":
    case "console":
      return serve(loadConfig(), command === "serve", values.fast === true);
    case "lookup":
      return lookupCommand(loadConfig(), args.join(" "), values.json === true);
    case "content":
      if (args[0] === "reports" && args.length === 1) {
        const { contentReports } = await import("./app/content-reports.js");
        return contentReports(loadConfig());
      }
      if (args[0] === "import") return importCommand(args.slice(1), values);
      if (args[0] === "export") return exportCommand(args.slice(1), values);
      if (args[0] !== "lint") return usage(HELP.content!);
      return lint(args[1] ?? loadConfig().CONTENT_DIR);
    case "db": {
      // Each command loads what it needs when it runs: the SDKs and drivers take a second to
      // load, which `--help`, `lookup` and `content lint` need not wait for.
      const { dbCommand } = await import("./app/db-command.js");
      return dbCommand(loadConfig(), args, {
        to: typeof values.to === "string" ? values.to : undefined,
      });
    }
    case "health":
      return healthCommand(loadConfig());
    case "discord": {
      if (args[0] !== "register") return usage(HELP.discord!);
      const config = loadConfig();
      if (!config.DISCORD_TOKEN) return usage("studybot discord register needs DISCORD_TOKEN.");
      const guild = typeof values.guild === "string" ? values.guild : undefined;
      const { registerDiscordCommands } = await import("./adapters/discord/register.js");
      const result = await registerDiscordCommands({
        token: config.DISCORD_TOKEN,
        apiUrl: config.DISCORD_API_URL,
        ...(config.DISCORD_APPLICATION_ID ? { applicationId: config.DISCORD_APPLICATION_ID } : {}),
        ...(guild ? { guildId: guild } : {}),
      });
      process.stdout.write(
        `Registered ${result.names.length} commands ${guild ? `in guild ${guild}` : "globally (may take up to an hour to appear)"} for application ${result.applicationId}: ${result.names.map((n) => `/${n}`).join(", ")}\n`,
      );
      return 0;
    }
    case "slack": {
      if (args[0] !== "manifest") return usage(HELP.slack!);
      // `--url` given with no value (or an unusable one) is a mistake, not Socket Mode.
      const { manifestUrlProblem, slackManifest } = await import("./adapters/slack/manifest.js");
      const problem = "url" in values ? manifestUrlProblem(values.url) : null;
      if (problem) return usage(problem);
      process.stdout.write(
        slackManifest(typeof values.url === "string" ? { url: values.url } : {}),
      );
      return 0;
    }
    case "help":
      process.stdout.write(`${USAGE}\n`);
      return 0;
    default:
      return usage(`Unknown command "${command}".\n\n${USAGE}`);
  }
}

function earliest(...dates: (Date | null)[]): Date | null {
  const times = dates.filter((d): d is Date => d !== null).map((d) => d.getTime());
  return times.length > 0 ? new Date(Math.min(...times)) : null;
}

function usage(text: string): number {
  process.stderr.write(`${text}\n`);
  return 2;
}

async function serve(config: Config, asService: boolean, fast = false): Promise<number> {
  const { platformsConfigured } = await import("./app/platforms.js");
  const running = asService && platformsConfigured(config);
  const destination = logDestination(running ? "async" : "sync");
  const logger = createLogger(config.LOG_LEVEL, secretsOf(config), destination);
  const { keepServingOnUnhandledRejections, nextStopSignal, runUntilSignal, startService } =
    await import("./app/service.js");
  keepServingOnUnhandledRejections(logger);
  if (running) {
    const stopSignal = nextStopSignal();
    const service = await startService(config, logger).catch((error: unknown) => {
      // The lines logged so far first, then the one line that says what is wrong.
      destination.flushSync();
      throw explainPlatformFailure(error, config);
    });
    return runUntilSignal(service, logger, stopSignal);
  }
  const out = process.stdout;
  if (asService) {
    out.write(
      "No Discord or Slack credentials found, so Studybot runs here in the console.\n" +
        "To connect Discord, set DISCORD_TOKEN; for Slack, SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET\n" +
        "(or SLACK_APP_TOKEN for Socket Mode). README.md has the steps.\n",
    );
  }
  const { consolePoster } = await import("./adapters/console/poster.js");
  const { runConsole } = await import("./adapters/console/console.js");
  const { VirtualClock } = await import("./adapters/console/virtual-clock.js");
  // --fast: time moves only on `wait` lines, so a live round plays out as fast as it is typed.
  const clock = fast ? new VirtualClock() : undefined;
  const service = await startService(config, logger, {
    console: { poster: consolePoster(out) },
    ...(clock ? { clock: clock.now } : {}),
  });
  const { topics, questions } = service.app.bot.library;
  out.write(
    `Studybot console: ${topics.length} topics, ${questions.length} questions. Type "help" to begin, "exit" to leave.\n\n`,
  );
  // Ctrl-C ends the console like `exit`: the database is checkpointed and closed, exit 0.
  // A second Ctrl-C (while stopping) falls through to Node's default and kills the process.
  const interrupted = new AbortController();
  const onInterrupt = () => interrupted.abort();
  process.once("SIGINT", onInterrupt);
  try {
    await runConsole(service.app.bot, {
      input: process.stdin,
      output: out,
      userName: process.env.USER || "you",
      prompt: process.stdin.isTTY === true,
      afterLine: () => service.scheduler?.idle() ?? Promise.resolve(),
      stop: interrupted.signal,
      ...(clock
        ? {
            wait: async (seconds?: number) => {
              const queue = service.app.database.queue;
              const next =
                seconds !== undefined
                  ? new Date(clock.now().getTime() + seconds * 1000)
                  : earliest(
                      await queue.nextLiveStepAt(["console"]),
                      await queue.nextTryAt(["console"]),
                    );
              if (!next) return "(nothing is due: wait <seconds> moves the clock on anyway)";
              const moved = clock.moveTo(next);
              await service.scheduler?.tick();
              return `⏩ ${Math.round(moved / 100) / 10} seconds later`;
            },
          }
        : {}),
    });
  } finally {
    process.off("SIGINT", onInterrupt);
    await service.stop();
  }
  return 0;
}

async function healthCommand(config: Config): Promise<number> {
  // A timer that keeps the process alive: AbortSignal.timeout's does not, and a fetch whose
  // connection is dropped on accept can stay pending with nothing else alive, so the process
  // would end with exit code 0 ("healthy") having heard nothing.
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(new Error("no answer within 3 s")), 3000);
  try {
    const response = await fetch(`http://127.0.0.1:${config.PORT}/healthz`, {
      signal: deadline.signal,
    });
    process.stdout.write(`${await response.text()}\n`);
    return response.ok ? 0 : 1;
  } catch (error) {
    process.stderr.write(
      `studybot: no answer from http://127.0.0.1:${config.PORT}/healthz (${String(error)})\n`,
    );
    return 1;
  } finally {
    clearTimeout(timer);
  }
}

async function lookupCommand(config: Config, query: string, json: boolean): Promise<number> {
  if (!query.trim()) return usage(HELP.lookup!);
  const { loadLibrary } = await import("./content/load.js");
  const index = new TopicIndex(loadLibrary(config.CONTENT_DIR).topics);
  const result = index.lookup(query);
  if (json) {
    process.stdout.write(
      `${JSON.stringify({ query, topic: result.topic, others: result.others.map((t) => ({ id: t.id, title: t.title })) }, null, 2)}\n`,
    );
    return result.topic ? 0 : 1;
  }
  if (!result.topic) {
    process.stdout.write(
      `No topic matches "${query}". Closest: ${result.others.map((t) => t.id).join(", ")}\n`,
    );
    return 1;
  }
  const t = result.topic;
  process.stdout.write(
    `${renderText({
      ephemeral: true,
      tone: "info",
      title: t.title,
      text: t.summary,
      fields: [
        { name: "Key points", value: t.keyPoints.map((p) => `- ${p}`).join("\n") },
        { name: "Example", value: t.example },
      ],
      footer: `id: ${t.id}`,
    })}\n`,
  );
  return 0;
}

/** The options `content import` and `content export` read, as parseArgs gives them. */
type ExchangeFlags = Record<string, string | boolean | undefined>;
const flag = (values: ExchangeFlags, name: string) =>
  typeof values[name] === "string" ? (values[name] as string) : undefined;

async function importCommand(args: string[], values: ExchangeFlags): Promise<number> {
  const [file, ...rest] = args;
  const deckId = flag(values, "deck");
  if (!file || rest.length > 0 || !deckId) return usage(HELP.content!);
  const format = flag(values, "format");
  if (format !== undefined && format !== "csv" && format !== "anki") {
    return usage("studybot content import: --format is csv or anki.");
  }
  const seedText = flag(values, "seed");
  const seed = seedText === undefined ? undefined : Number(seedText);
  if (seed !== undefined && !Number.isSafeInteger(seed)) {
    return usage("studybot content import: --seed is a whole number.");
  }
  // Loaded here, not at the top: only these two commands need it.
  const { importDeck } = await import("./content/exchange/index.js");
  const result = importDeck({
    file,
    deckId,
    title: flag(values, "title"),
    outDir: flag(values, "out") ?? loadConfig().CONTENT_DIR,
    format,
    overwrite: values.overwrite === true,
    seed,
  });
  // Line 0 is the file as a whole; any other line is where the row or note starts.
  const at = (line: number) => (line > 0 ? `${file}:${line}` : file);
  for (const p of result.problems) process.stdout.write(`${at(p.line)}: ${p.message}\n`);
  for (const w of result.warnings) process.stdout.write(`${at(w.line)}: warning: ${w.message}\n`);
  if (result.written.length === 0) {
    process.stdout.write("\nNothing written.\n");
    return 1;
  }
  const unused = result.problems.length;
  process.stdout.write(
    `\nWrote ${result.deckDir}: ${result.topics} topics, ${result.questions} questions${unused > 0 ? `; ${unused} problem(s) above` : ""}.\n`,
  );
  return unused > 0 ? 1 : 0;
}

async function exportCommand(args: string[], values: ExchangeFlags): Promise<number> {
  const [deck, ...rest] = args;
  if (!deck || rest.length > 0) return usage(HELP.content!);
  const { exportDeck, exportTarget } = await import("./content/exchange/index.js");
  const out = flag(values, "out");
  const result = exportDeck({ ...exportTarget(deck, loadConfig().CONTENT_DIR), out, csv: true });
  if (result.problems.length > 0) {
    for (const p of result.problems) process.stderr.write(`${p.message}\n`);
    process.stderr.write("\nNothing exported: fix the content first (studybot content lint).\n");
    return 1;
  }
  // The CSV goes to stdout when there is no --out, so the summary goes to stderr.
  if (!out) process.stdout.write(result.csv);
  process.stderr.write(`Exported ${result.rows} rows${out ? ` to ${out}` : ""}.\n`);
  return 0;
}

async function lint(dir: string): Promise<number> {
  // Loaded where it is needed: the YAML parser is big, and a running bot reads its cache.
  const { loadContent } = await import("./content/load.js");
  const { library, problems } = loadContent(dir);
  for (const p of problems) process.stdout.write(`${formatProblem(p)}\n`);
  const summary = `${library.decks.length} deck(s), ${library.topics.length} topics, ${library.questions.length} questions`;
  if (problems.length > 0) {
    process.stdout.write(
      `\n${problems.length} problem${problems.length === 1 ? "" : "s"} in ${dir} (${summary} valid).\n`,
    );
    return 1;
  }
  process.stdout.write(`Content is valid: ${summary}.\n`);
  // How guessable each deck is, against its aims: a deck that misses one fails the lint.
  for (const quality of deckQuality(library)) {
    process.stdout.write(`\nDeck ${quality.deck}, ${quality.questions} questions:\n`);
    for (const line of qualityLines(quality))
      process.stdout.write(`  ${line.over ? "!" : "-"} ${line.text}\n`);
  }
  const missed = missedAims(library);
  if (missed.length > 0) {
    process.stdout.write(
      `\n${missed.length} aim(s) missed (marked !): rework those questions (see content/README.md).\n`,
    );
    return 1;
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // Start-up failures are the operator's to fix: one clear line (see startup-errors.ts),
    // scrubbed of secrets like every log line, even when the settings themselves were invalid.
    const scrub = scrubber(secretsInEnvironment());
    process.stderr.write(`studybot: ${scrub(startupErrorLine(error))}\n`);
    process.exitCode = 1;
  },
);

/**
 * `npm run bench:platforms`: Studybot next to the frameworks it runs on, each a fresh process
 * driven the same way, in rounds (every target once, then again) so that whatever else the
 * machine does spreads over all of them. Slack: Studybot (HTTP mode), a Bolt app that acks and
 * respond()s as Studybot does, a Bolt app that only acks, and node:http checking the HMAC;
 * BENCH_CLICKS signed clicks (2,000), 48 in flight, twice. Discord: Studybot and a minimal
 * discord.js bot on a fake gateway; the clicks paced at 500/s, then all at once. BENCH_REPEATS
 * rounds (5). Web API posts: a WebClient through Studybot's lean fetch, and through the global
 * fetch. Prints a table per target, the ratios issue #22 names, and Studybot's memory.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { loadLibrary } from "../../../src/content/load.js";
import { compileApps } from "./compile.js";
import { discordTargets } from "./discord-targets.js";
import { measureRun, type RunResult } from "./measure-run.js";
import { platformBenchOptions } from "./options.js";
import { memoryTable, type Results, ratioTable, targetTable } from "./report.js";
import { slackTargets } from "./slack-targets.js";
import { CONTENT_DIR, type StudybotSample } from "./studybot.js";
import { webApiTargets } from "./web-api-targets.js";

const options = platformBenchOptions(process.env);
const log = (text = "") => process.stdout.write(`${text}\n`);
/** Progress, apart from the report. */
const note = (text: string) => process.stderr.write(`${text}\n`);
const HOW_READ = [
  "Each number: median (min–max) over the rounds.",
  "answers/s: clicks over the time from the first sent to the last acknowledged (for the Slack apps that reply: to the last reply received).",
  "Ack: on Slack from sending to the HTTP response; on Discord from the gateway dispatch to the interaction callback reaching the fake.",
  "CPU: the target process's user+system time over the burst (/proc/<pid>/stat, all threads), per click. Peak RSS: its VmHWM at the burst's end.",
  "Web API posts: a WebClient posting Studybot's daily post, BENCH_CLICKS posts a burst, 48 in flight; answers/s is posts/s, ack the call's time, CPU the posting process's per post.",
  "Bench CPU: the bench process's own (sender and fake platform), per click: near 1 core's worth, the bench sets the pace.",
].join("\n");
const scratch = mkdtempSync(join(tmpdir(), "studybot-bench-platforms-"));
// Ctrl-C reaches the targets too (same process group); this removes their databases.
process.once("SIGINT", () => {
  rmSync(scratch, { recursive: true, force: true });
  process.exit(130);
});

try {
  const started = performance.now();
  const apps = await compileApps(scratch);
  const library = loadLibrary(CONTENT_DIR);
  const sample: StudybotSample = {};
  const slack = slackTargets(apps, scratch, library, sample);
  const discord = discordTargets(apps, scratch, library, sample);
  const posts = webApiTargets(apps, scratch, sample);
  const targets = [...slack, ...discord, ...posts];
  const results: Results = new Map(targets.map((t) => [t.name, [] as RunResult[]]));
  for (let round = 1; round <= options.repeats; round++) {
    for (const target of targets) {
      const t = performance.now();
      const run = await measureRun(target, options.clicks);
      results.get(target.name)!.push(run);
      const rates = run.bursts.map((b) => Math.round(b.answersPerSecond)).join(", ");
      note(
        `round ${round}/${options.repeats}: ${target.name}: ${rates} answers/s (${((performance.now() - t) / 1000).toFixed(1)} s)`,
      );
    }
  }

  const [studybotSlack, boltRespond, boltAck, bareHttp] = slack;
  const [studybotDiscord, discordJs] = discord;
  const [leanPosts, globalPosts] = posts;
  log(
    `${options.clicks.toLocaleString("en-US")} clicks a burst, ${options.repeats} rounds; node ${process.version}, ${availableParallelism()} cores; each target a fresh process per round (logging off, no Node flags); the sender and the fake platform run in the bench's process.`,
  );
  log(HOW_READ);
  for (const target of targets) {
    log();
    for (const line of targetTable(target, results.get(target.name)!)) log(line);
  }
  log();
  log("Ratios, per round (the two ran in the same round), then median (min–max) over the rounds:");
  log();
  const ratios = ratioTable(
    [
      { of: studybotSlack!, to: boltRespond!, goal: { burst: 1, atLeast: 0.9 } },
      { of: studybotSlack!, to: boltAck!, goal: { burst: 1, atLeast: 0.5 } },
      { of: boltAck!, to: bareHttp! },
      { of: studybotDiscord!, to: discordJs!, goal: { burst: 1, atLeast: 0.8 } },
      { of: leanPosts!, to: globalPosts! },
    ],
    results,
  );
  for (const line of ratios) log(line);
  log();
  const ceilings = { idleMb: 100, peakMb: 180, peakAfterAnswers: 4000 };
  const studybots = [studybotSlack!, studybotDiscord!];
  for (const line of memoryTable(studybots, options.clicks, ceilings, results)) log(line);
  note(`done in ${((performance.now() - started) / 1000).toFixed(0)} s`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

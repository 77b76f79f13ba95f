/**
 * `npx tsx tests/bench/docs-pictures.ts`: the pictures in README.md, made by the bot. A member
 * studies the real decks for six weeks (an in-memory database, a moving clock, fixed
 * randomness); then her stats, a reveal of a channel question ten members answered, and the
 * leaderboard are rendered as the adapters render them, into docs/.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { renderChart } from "../../src/charts/request.js";
import { loadLibrary } from "../../src/content/load.js";
import type { RequestContext } from "../../src/core/env.js";
import { silentLogger } from "../../src/core/logger.js";
import { seededRandom } from "../../src/core/random.js";
import { Studybot } from "../../src/core/studybot.js";
import type { View } from "../../src/core/views.js";
import { migrate } from "../../src/store/migrate.js";
import { openDatabase } from "../../src/store/open.js";
import { SqliteStore } from "../../src/store/sqlite-store.js";

const DAY = 86_400_000;
let now = Date.parse("2026-10-20T09:00:00Z");
const db = openDatabase(":memory:");
migrate(db);
const random = seededRandom(7);
const bot = new Studybot({
  library: loadLibrary("content"),
  store: new SqliteStore(db),
  clock: () => new Date(now),
  random,
  logger: silentLogger,
});
const who = (name: string, channelId: string | null = null): RequestContext => ({
  workspace: { platform: "docs", externalId: "w1" },
  user: { id: name.toLowerCase(), name },
  channelId,
  isAdmin: name === "Ana",
});

/** The letters a member picks for the view's question: right with probability `skill`. */
function pick(view: View, skill: number): string {
  const q = view.question!;
  const question = bot.library.questions.find((x) => view.text?.includes(x.prompt))!;
  const right = q.options.filter((o) => question.options.find((x) => x.text === o.text)?.correct);
  if (random() < skill) return right.map((o) => o.letter).join(" ");
  const wrong = q.options.filter((o) => !right.includes(o));
  return [...wrong.slice(0, 1), ...right]
    .slice(0, right.length)
    .map((o) => o.letter)
    .join(" ");
}

async function study(name: string, questions: number, skill: number) {
  let views = await bot.runText(who(name), `review ${questions}`);
  if (!views.some((v) => v.question))
    views = await bot.runText(who(name), `review new ${questions}`);
  for (let i = 0; i < questions; i++) {
    const q = views.find((v) => v.question);
    if (!q) break;
    views = await bot.runText(who(name), pick(q, skill));
  }
}

const team = ["Ana", "Ben", "Chloé", "Dev", "Eli", "Fatima", "Gus", "Hana", "Ivo", "Jun"];
for (let d = 0; d < 42; d++) {
  for (const [i, name] of team.entries()) {
    // Ana studies nearly every day, the others less and less often.
    if (name !== "Ana" && (d + i) % (i + 2) !== 0) continue;
    if (name === "Ana" && d % 9 === 4) continue;
    await study(name, name === "Ana" ? 6 + (d % 5) : 4, 0.55 + (i % 3) * 0.1 + d / 200);
  }
  now += DAY;
}
await bot.committed();

// A question posted to a channel, answered by everyone, then closed: its reveal.
await bot.runText(who("Ana", "general"), "post-now");
const [ask] = db
  .prepare("SELECT id FROM asks WHERE member_id IS NULL ORDER BY asked_at DESC LIMIT 1")
  .pluck()
  .all() as string[];
const posted = await bot.channelPostView(ask!, 0, {}, "UTC");
for (const [i, name] of team.entries()) {
  await bot.runText(
    who(name, "general"),
    `daily ${pick(posted!, 0.4 + i * 0.05).replace(/ /g, "")}`,
  );
}
now += 13 * 3_600_000;
await bot.committed();

const pictures: [string, View | null][] = [
  ["stats", (await bot.runText(who("Ana"), "stats"))[0]!],
  ["reveal", await bot.revealView(ask!)],
  ["leaderboard", (await bot.runText(who("Ana"), "leaderboard month"))[0]!],
];
mkdirSync("docs", { recursive: true });
for (const [name, view] of pictures) {
  const chart = view?.image && (await renderChart(view.image));
  if (!chart) throw new Error(`no picture for ${name}`);
  writeFileSync(`docs/${name}.png`, chart.png);
  process.stdout.write(`docs/${name}.png (${chart.width}×${chart.height}): ${chart.alt}\n`);
}

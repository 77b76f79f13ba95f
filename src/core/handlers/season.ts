import type { Env, Requester } from "../env.js";
import { UserError } from "../errors.js";
import {
  SEASON_LENGTH_SETTING,
  SEASON_START_SETTING,
  type SeasonLength,
  type SeasonSettings,
  seasonName,
  seasonOf,
  seasonSettings,
} from "../seasons.js";
import { addDays, formatDay, utcDay } from "../time.js";
import { userText } from "../user-text.js";
import type { View } from "../views.js";

const MEDALS = ["🥇", "🥈", "🥉"];
const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

/** A workspace's season settings (the default where none were set). */
export async function workspaceSeasons(env: Env, workspaceId: number): Promise<SeasonSettings> {
  return seasonSettings(
    await env.store.getSetting(workspaceId, SEASON_LENGTH_SETTING),
    await env.store.getSetting(workspaceId, SEASON_START_SETTING),
  );
}

function describe(settings: SeasonSettings): string {
  if (settings.length === "weekly") return `weekly, from ${WEEKDAYS[settings.start]}`;
  const day = settings.start === 1 ? "the 1st" : `day ${settings.start}`;
  return `${settings.length}, from ${day} of the month`;
}

/** `season`: how seasons run here and the current one. */
export async function seasonInfo(env: Env, r: Requester): Promise<View[]> {
  const settings = await workspaceSeasons(env, r.workspaceId);
  const season = seasonOf(settings, utcDay(r.now));
  return [
    {
      ephemeral: true,
      tone: "info",
      title: `Season: ${seasonName(settings, season)}`,
      text: [
        `Seasons here are ${describe(settings)}. This one runs ${formatDay(season.start)} to ${formatDay(addDays(season.end, -1))} (UTC days).`,
        `Standings: ${r.cmd("leaderboard season")}; past winners: ${r.cmd("hall")}.`,
      ].join("\n"),
      footer: `Admins: ${r.cmd("season monthly 1")}, ${r.cmd("season weekly mon")} or ${r.cmd("season quarterly 1")}.`,
    },
  ];
}

/** Admins: `season weekly [weekday]` · `season monthly [day]` · `season quarterly [day]`. */
export async function seasonSet(
  env: Env,
  r: Requester,
  length: SeasonLength,
  start: number,
): Promise<View[]> {
  if (length === "weekly" ? !(start >= 0 && start <= 6) : !(start >= 1 && start <= 28)) {
    throw new UserError(
      length === "weekly"
        ? "A weekly season starts on a weekday."
        : "A season starts on a day from 1 to 28 (every month has those).",
    );
  }
  await env.store.setSetting(r.workspaceId, SEASON_LENGTH_SETTING, length, r.now);
  await env.store.setSetting(r.workspaceId, SEASON_START_SETTING, String(start), r.now);
  const settings = { length, start };
  const season = seasonOf(settings, utcDay(r.now));
  return [
    {
      ephemeral: true,
      tone: "success",
      text: `Seasons are now ${describe(settings)}. The current one, ${seasonName(settings, season)}, ends after ${formatDay(addDays(season.end, -1))}. Points already earned count: seasons add up the answers as they were given.`,
    },
  ];
}

/** `hall`: the hall of fame, each closed season's top three, newest first. */
export async function hall(env: Env, r: Requester): Promise<View[]> {
  const settings = await workspaceSeasons(env, r.workspaceId);
  const winners = await env.store.seasonWinners(r.workspaceId, 10);
  if (winners.length === 0) {
    return [
      {
        ephemeral: false,
        tone: "info",
        title: "🏆 Hall of fame",
        text: `No season has ended here yet. The current one: ${r.cmd("leaderboard season")}.`,
      },
    ];
  }
  const bySeason = new Map<string, typeof winners>();
  for (const w of winners) bySeason.set(w.seasonStart, [...(bySeason.get(w.seasonStart) ?? []), w]);
  return [
    {
      ephemeral: false,
      tone: "info",
      title: "🏆 Hall of fame",
      fields: [...bySeason].map(([start, top]) => ({
        name: seasonName(settings, { start, end: top[0]!.seasonEnd }),
        value: top
          .map((w) => `${MEDALS[w.rank - 1] ?? `#${w.rank}`} ${userText(w.name)}: ${w.points} pts`)
          .join("\n"),
      })),
    },
  ];
}

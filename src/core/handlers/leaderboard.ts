import type { Period } from "../commands.js";
import type { Env, Requester } from "../env.js";
import { leaderboardPicture } from "../pictures.js";
import type { DeckPoints, Standing } from "../ports.js";
import { seasonName, seasonOf } from "../seasons.js";
import { addDays, formatDay, utcDay } from "../time.js";
import { userText } from "../user-text.js";
import type { View } from "../views.js";
import { workspaceSeasons } from "./season.js";

export const LEADERBOARD_SIZE = 10;

/**
 * The first UTC day a rolling period counts: week = the last 7 days, month = the last 30,
 * all = ever (a season's first day depends on the workspace: see seasonStart).
 */
export function periodStart(period: Exclude<Period, "season">, now: Date): string | null {
  const today = utcDay(now);
  if (period === "week") return addDays(today, -6);
  if (period === "month") return addDays(today, -29);
  return null;
}

const PERIOD_TITLES: Record<Exclude<Period, "season">, string> = {
  week: "the last 7 days",
  month: "the last 30 days",
  all: "all time",
};

/** Where a period starts and how it is titled; a season's from the workspace's settings. */
async function periodOf(env: Env, r: Requester, period: Period) {
  if (period !== "season")
    return { since: periodStart(period, r.now), title: PERIOD_TITLES[period] };
  const settings = await workspaceSeasons(env, r.workspaceId);
  const season = seasonOf(settings, utcDay(r.now));
  return {
    since: season.start,
    title: `this season (${seasonName(settings, season)}, until ${formatDay(addDays(season.end, -1))})`,
  };
}

/**
 * The workspace's leaderboard, across every deck; with `deck`, only the points earned on the
 * questions of the deck studied here.
 */
export async function leaderboard(
  env: Env,
  r: Requester,
  period: Period,
  teams: boolean,
  deck = false,
): Promise<View[]> {
  const { since, title: periodTitle } = await periodOf(env, r, period);
  const ranked = deck
    ? deckRanking(await env.store.deckPoints(r.workspaceId, since, env.deck), teams)
    : null;
  const rows = ranked
    ? ranked.slice(0, LEADERBOARD_SIZE)
    : teams
      ? await env.store.teamStandings(r.workspaceId, since, LEADERBOARD_SIZE)
      : await env.store.standings(r.workspaceId, since, LEADERBOARD_SIZE);
  const lines = rows.map((s) => line(s, teams, s.id === (teams ? r.member.teamId : r.member.id)));
  if (!teams) {
    const mine = ranked
      ? (ranked.find((s) => s.id === r.member.id) ?? {
          id: r.member.id,
          name: "",
          points: 0,
          rank: 0,
        })
      : await env.store.standingOf(r.workspaceId, r.member.id, since);
    if (!rows.some((s) => s.id === r.member.id)) {
      lines.push(
        mine.points > 0
          ? `…\n**#${mine.rank} ${userText(r.member.displayName)}: ${mine.points} pts (you)**`
          : `You have no points in this period yet: ${r.cmd("quiz")} to get on the board.`,
      );
    }
  } else if (r.member.teamId === null) {
    lines.push(`You are not in a team: ${r.cmd("team join <name>")}.`);
  }
  const title = `${teams ? "Team leaderboard" : "Leaderboard"}${deck ? ` · ${env.library.decks[0]!.title}` : ""}: ${periodTitle}`;
  return [
    {
      ephemeral: false,
      tone: "info",
      title,
      ...(rows.length > 0 ? { image: leaderboardPicture(title, rows) } : {}),
      text:
        rows.length === 0
          ? `${teams ? "No team has points" : "Nobody has points"} in this period yet.\n${lines.join("\n")}`
          : lines.join("\n"),
      footer: deck
        ? "Points earned on this deck's questions only. Scoring: right answers score 10/15/20 by difficulty, plus a daily streak bonus."
        : "Scoring: right answers score 10/15/20 by difficulty, plus a daily streak bonus.",
    },
  ];
}

const MEDALS = ["🥇", "🥈", "🥉"];

function line(s: Standing, teams: boolean, mine: boolean): string {
  const place = MEDALS[s.rank - 1] ?? `#${s.rank}`;
  const size = teams ? ` (${s.members} member${s.members === 1 ? "" : "s"})` : "";
  const text = `${place} ${userText(s.name)}${size}: ${s.points} pts`;
  return mine ? `**${text} (you)**` : text;
}

/** A deck's points ranked: people, or teams (the sum of their members'), ties sharing a rank. */
function deckRanking(points: readonly DeckPoints[], teams: boolean): Standing[] {
  const rows: Omit<Standing, "rank">[] = teams
    ? [
        ...points
          .reduce((by, p) => {
            if (p.teamId === null) return by;
            const t = by.get(p.teamId) ?? {
              id: p.teamId,
              name: p.teamName ?? "",
              points: 0,
              members: 0,
            };
            t.points += p.points;
            t.members = (t.members ?? 0) + 1;
            return by.set(p.teamId, t);
          }, new Map<number, Omit<Standing, "rank">>())
          .values(),
      ]
    : points.map((p) => ({ id: p.memberId, name: p.name, points: p.points }));
  const sorted = rows.sort((a, b) => b.points - a.points || a.name.localeCompare(b.name));
  // Equal points share the rank of the first with them.
  return sorted.map((s) => ({ ...s, rank: sorted.findIndex((o) => o.points === s.points) + 1 }));
}

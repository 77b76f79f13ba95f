import { encodeAction } from "./actions.js";
import { ACTIVE_MEMBER_DAYS, topicKnowledge } from "./daily-choice.js";
import { channelDeck } from "./deck-choice.js";
import { type CommandStyle, commandFormatter, type Env } from "./env.js";
import type { Recap } from "./ports.js";
import { addDays, DAY_MS, formatDay, utcDay } from "./time.js";
import { userText } from "./user-text.js";
import type { View } from "./views.js";

const MEDALS = ["🥇", "🥈", "🥉"];

/** The subject of a channel's recap of one local day: sent once. */
export const recapSubject = (workspaceId: number, channelId: string, localDate: string) =>
  `recap:${workspaceId}:${channelId}:${localDate}`;

/** Queues a channel's weekly recap for its local day, once. True when it was queued now. */
export function planRecap(env: Env, recap: Recap, localDate: string, now: Date): Promise<boolean> {
  return env.store.queueNotice({
    workspaceId: recap.workspaceId,
    channelId: recap.channelId,
    subject: recapSubject(recap.workspaceId, recap.channelId, localDate),
    toMember: null,
    at: now,
  });
}

/**
 * The recap of the last 7 UTC days before today: the top three and the most improved (against
 * the 7 days before), team standings, the channel's answer rate (answers to its questions over
 * questions × active members), and the topic the channel knows least, with a button to quiz it.
 */
export async function recapView(
  base: Env,
  workspaceId: number,
  channelId: string,
  style: CommandStyle,
  now: Date,
): Promise<View> {
  const env = await channelDeck(base, workspaceId, channelId);
  const cmd = commandFormatter(style);
  const today = utcDay(now);
  const from = addDays(today, -7);
  const top = await env.store.standingsBetween(workspaceId, from, today, 50);
  const before = new Map(
    (await env.store.standingsBetween(workspaceId, addDays(from, -7), from, 1000)).map((s) => [
      s.id,
      s.points,
    ]),
  );
  const improved = top
    .map((s) => ({ s, gain: s.points - (before.get(s.id) ?? 0) }))
    .filter((x) => x.gain > 0)
    .sort((a, b) => b.gain - a.gain)[0];
  const teams = (await env.store.teamStandings(workspaceId, from, 3)).filter((t) => t.points > 0);
  const week = await env.store.channelWeek(
    workspaceId,
    channelId,
    new Date(Date.parse(`${from}T00:00:00Z`)),
    new Date(Date.parse(`${today}T00:00:00Z`)),
  );
  const active = await env.store.channelActiveMembers(
    workspaceId,
    channelId,
    new Date(now.getTime() - ACTIVE_MEMBER_DAYS * DAY_MS),
  );
  const rate =
    week.posts > 0 && active.length > 0
      ? Math.round((week.answers / (week.posts * active.length)) * 100)
      : null;
  const known = topicKnowledge(env, await env.store.cardsOfMembers(active), active.length, now);
  const weakest = [...known]
    .filter(([topic]) => env.index.get(topic))
    .sort((a, b) => a[1] - b[1])[0]?.[0];
  const fields = [
    {
      name: "Top three",
      value:
        top.length > 0
          ? top
              .slice(0, 3)
              .map((s, i) => `${MEDALS[i]} ${userText(s.name)}: ${s.points} pts`)
              .join("\n")
          : "Nobody scored last week.",
      inline: true,
    },
    {
      name: "Most improved",
      value: improved
        ? `${userText(improved.s.name)}: +${improved.gain} pts on the week before`
        : "-",
      inline: true,
    },
  ];
  if (teams.length > 0)
    fields.push({
      name: "Teams",
      value: teams.map((t, i) => `${MEDALS[i]} ${userText(t.name)}: ${t.points} pts`).join("\n"),
      inline: false,
    });
  fields.push({
    name: "This channel",
    value: [
      `${week.posts} question${week.posts === 1 ? "" : "s"}, ${week.answers} answer${week.answers === 1 ? "" : "s"} from ${week.players} member${week.players === 1 ? "" : "s"}`,
      rate !== null ? `answer rate ${rate}% of ${active.length} active members` : "",
    ]
      .filter(Boolean)
      .join("; "),
    inline: false,
  });
  const topic = weakest ? env.topics.get(weakest) : undefined;
  if (topic) fields.push({ name: "Known least here", value: `**${topic.title}**`, inline: false });
  return {
    ephemeral: false,
    tone: "info",
    title: `📅 The week in review: ${formatDay(from)} to ${formatDay(addDays(today, -1))}`,
    fields,
    ...(topic
      ? {
          buttons: [
            {
              label: `Quiz me on ${topic.title}`.slice(0, 80),
              actionId: encodeAction({ type: "quiz", topicId: topic.id }),
              command: `quiz ${topic.id}`,
              style: "primary" as const,
            },
          ],
        }
      : {}),
    footer: `${cmd("leaderboard week")} · ${cmd("leaderboard season")}`,
  };
}

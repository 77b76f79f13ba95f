import type { Env, Requester } from "../env.js";
import { UserError } from "../errors.js";
import { statsPicture } from "../pictures.js";
import type { CardState, ExamResult, Member } from "../ports.js";
import {
  type DueForecast,
  dueForecast,
  examTrend,
  overallReadiness,
  readiness,
  weakestTopics,
} from "../progress.js";
import { currentStreak, freezesOn } from "../scoring.js";
import { clip } from "../text.js";
import { utcDay } from "../time.js";
import { userText } from "../user-text.js";
import type { View } from "../views.js";

/** A field value's limit on Discord, the strictest platform; the lines below are built to fit. */
const FIELD_MAX = 1024;

/**
 * Answers, accuracy, streak, the due forecast, readiness per area, the weakest topics and the
 * last exams, for the asker or another member. The numbers come from progress.ts.
 */
export async function stats(env: Env, r: Requester, user?: string): Promise<View[]> {
  const member = user
    ? await findMember(env, r, user)
    : ((await env.store.getMember(r.member.id)) ?? r.member);
  const cards = await env.store.cards(member.id, env.deck);
  const forecast = dueForecast(cards, r.now);
  const accuracy = member.answered > 0 ? Math.round((member.correct / member.answered) * 100) : 0;
  const team = member.teamId === null ? null : await env.store.getTeam(member.teamId);
  const streak = currentStreak(member, utcDay(r.now));
  const freezes = freezesOn(member, utcDay(r.now));
  const due = forecast.now;
  return [
    {
      ephemeral: true,
      tone: "info",
      title: `Stats: ${userText(member.displayName)}`,
      image: await statsPicture(env, member, cards, r.now),
      fields: [
        { name: "Points", value: String(member.totalPoints), inline: true },
        { name: "Answered", value: String(member.answered), inline: true },
        { name: "Accuracy", value: member.answered > 0 ? `${accuracy}%` : "-", inline: true },
        { name: "Streak", value: `${streak} day${streak === 1 ? "" : "s"}`, inline: true },
        {
          name: "Streak freezes",
          value: `${freezes.held} held · ${freezes.used} used`,
          inline: true,
        },
        { name: "Team", value: team ? userText(team.name) : "-", inline: true },
        { name: "Due for review", value: forecastLine(forecast) },
        {
          name: "Readiness (an estimate: expected share right on an exam today)",
          value: fitLines(readinessLines(env, cards, r.now)),
        },
        {
          name: "Weakest topics (your recall of the questions you have seen)",
          value: fitLines(weakestLines(env, r, cards)),
        },
        { name: "Last exams", value: examsLine(await env.store.examResults(member.id, 5), r) },
      ],
      footer: due > 0 ? `${due} card${due === 1 ? "" : "s"} due: ${r.cmd("review")}` : undefined,
    },
  ];
}

/** "**2** now · **3** tomorrow · **9** this week"; later today only when something is. */
function forecastLine(f: DueForecast): string {
  const parts = [`**${f.now}** now`];
  if (f.laterToday > 0) parts.push(`**${f.laterToday}** later today`);
  parts.push(`**${f.tomorrow}** tomorrow`, `**${f.week}** this week`);
  return parts.join(" · ");
}

function readinessLines(env: Env, cards: CardState[], now: Date): string[] {
  const areas = readiness(env, cards, now);
  const lines = areas.map(
    (a) =>
      `${bar(percent(a.readiness))} ${percent(a.readiness)}% **${a.area.title}** (${a.seen}/${a.questions} seen)`,
  );
  const overall = overallReadiness(areas);
  // With one area the overall figure would only repeat it.
  if (areas.length > 1 && overall !== null) {
    lines.unshift(`**${percent(overall)}%** overall, areas weighted as the exam weights them`);
  }
  return lines;
}

function weakestLines(env: Env, r: Requester, cards: CardState[]): string[] {
  const weakest = weakestTopics(env, cards, r.now, 5);
  if (weakest.length === 0) return [`none yet: answer a few with ${r.cmd("quiz")}`];
  // Titles are clipped so five lines stay inside one field even with long titles and ids.
  return weakest.map(
    (t) =>
      `${percent(t.recall)}% **${clip(t.topic.title, 60)}** (${t.seen}/${t.questions} seen) · ${r.cmd(`quiz ${t.topic.id}`)}`,
  );
}

/** "812 ✅ (1 Dec), 650 (25 Nov) · trend: up 162 over 2 exams", newest first. */
function examsLine(results: ExamResult[], r: Requester): string {
  if (results.length === 0) return `no exams yet: try ${r.cmd("exam")}`;
  const shown = results
    .map((e) => `${e.scaled}${e.passed ? " ✅" : ""} (${shortDate.format(e.endedAt)})`)
    .join(", ");
  const trend = examTrend(results);
  if (!trend) return shown;
  const direction =
    trend.change > 0 ? `up ${trend.change}` : trend.change < 0 ? `down ${-trend.change}` : "level";
  return `${shown} · trend: ${direction} over ${trend.over} exams`;
}

/** "1 Dec": exam days in UTC, like every other day the bot counts. */
const shortDate = new Intl.DateTimeFormat("en-GB", {
  timeZone: "UTC",
  day: "numeric",
  month: "short",
});

function percent(share: number): number {
  return Math.round(share * 100);
}

/** Joins lines, dropping whole lines from the end (and saying how many) to fit one field. */
function fitLines(lines: string[]): string {
  const kept: string[] = [];
  let length = 0;
  for (const [i, line] of lines.entries()) {
    const more = `…and ${lines.length - i} more`;
    const room = FIELD_MAX - length - (i < lines.length - 1 ? more.length + 1 : 0);
    if (line.length + 1 > room) {
      kept.push(more);
      break;
    }
    kept.push(line);
    length += line.length + 1;
  }
  return kept.join("\n");
}

async function findMember(env: Env, r: Requester, user: string): Promise<Member> {
  // A platform id (adapters turn their mentions into ids before the core sees them), a display
  // name, or "@name".
  const cleaned = user.trim().replace(/^@/, "");
  const member = cleaned ? await env.store.findMember(r.workspaceId, cleaned) : null;
  if (!member) {
    throw new UserError(
      `I have no stats for "${userText(user.slice(0, 40))}" in this workspace yet.`,
    );
  }
  return member;
}

function bar(percent: number): string {
  const filled = Math.round(percent / 20);
  return "▰".repeat(filled) + "▱".repeat(5 - filled);
}

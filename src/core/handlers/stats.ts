import { type Env, questionsOfTopics, type Requester } from "../env.js";
import { UserError } from "../errors.js";
import type { Member } from "../ports.js";
import { currentStreak } from "../scoring.js";
import { retrievability } from "../srs.js";
import { utcDay } from "../time.js";
import { userText } from "../user-text.js";
import type { View } from "../views.js";

/** Answers, accuracy, streak, due cards and mastery per area, for the asker or another member. */
export function stats(env: Env, r: Requester, user?: string): View[] {
  const member = user ? findMember(env, r, user) : (env.store.getMember(r.member.id) ?? r.member);
  const cards = env.store.cards(member.id, env.deck);
  const due = cards.filter((c) => c.due <= r.now).length;
  const accuracy = member.answered > 0 ? Math.round((member.correct / member.answered) * 100) : 0;
  const recall = new Map(cards.map((c) => [c.questionId, retrievability(c, r.now)]));
  const areas = env.library.decks.flatMap((d) => d.areas);
  const mastery = areas.map((area) => {
    const topicIds = new Set(env.library.topics.filter((t) => t.area === area.id).map((t) => t.id));
    const questions = questionsOfTopics(env, topicIds);
    const seen = questions.filter((q) => recall.has(q.id));
    const sum = questions.reduce((total, q) => total + (recall.get(q.id) ?? 0), 0);
    const percent = questions.length > 0 ? Math.round((sum / questions.length) * 100) : 0;
    return `${bar(percent)} ${percent}% **${area.title}** (${seen.length}/${questions.length} seen)`;
  });
  const team = member.teamId === null ? null : env.store.getTeam(member.teamId);
  const streak = currentStreak(member, utcDay(r.now));
  return [
    {
      ephemeral: true,
      tone: "info",
      title: `Stats: ${userText(member.displayName)}`,
      fields: [
        { name: "Points", value: String(member.totalPoints), inline: true },
        { name: "Answered", value: String(member.answered), inline: true },
        { name: "Accuracy", value: member.answered > 0 ? `${accuracy}%` : "-", inline: true },
        { name: "Streak", value: `${streak} day${streak === 1 ? "" : "s"}`, inline: true },
        { name: "Due for review", value: String(due), inline: true },
        { name: "Team", value: team ? userText(team.name) : "-", inline: true },
        { name: "Mastery by area (how much you would recall today)", value: mastery.join("\n") },
      ],
      footer: due > 0 ? `${due} card${due === 1 ? "" : "s"} due: ${r.cmd("review")}` : undefined,
    },
  ];
}

function findMember(env: Env, r: Requester, user: string): Member {
  // Accept "@name", Slack's "<@U123>" / "<@U123|name>", and Discord's "<@123>" or a bare id.
  const cleaned = user
    .trim()
    .replace(/^<@!?([^|>]+)(?:\|[^>]*)?>$/, "$1")
    .replace(/^@/, "");
  const member = cleaned ? env.store.findMember(r.workspaceId, cleaned) : null;
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

import { encodeAction } from "./actions.js";
import { type CommandStyle, commandFormatter, type Env, plainDeadline, topicOf } from "./env.js";
import { LEAD_MS } from "./live-rounds.js";
import { answersPicture } from "./pictures.js";
import type { Ask, LiveAnswer, LiveRound } from "./ports.js";
import { questionView } from "./question-view.js";
import { clip } from "./text.js";
import { userText } from "./user-text.js";
import { LETTERS, type View } from "./views.js";

const MEDALS = ["🥇", "🥈", "🥉"];
/** Standings lines in a reveal (the running board) and in the final message. */
const RUNNING_ROWS = 5;
const FINAL_ROWS = 10;

export interface LiveStanding {
  memberId: number;
  name: string;
  points: number;
  right: number;
  answered: number;
  rank: number;
}

/**
 * Standings from a round's answers: points, then right answers, then who answered sooner
 * overall. Equal points and right answers share a rank.
 */
export function liveStandings(answers: readonly LiveAnswer[]): LiveStanding[] {
  const by = new Map<number, LiveStanding & { time: number }>();
  for (const a of answers) {
    const s = by.get(a.memberId) ?? {
      memberId: a.memberId,
      name: a.name,
      points: 0,
      right: 0,
      answered: 0,
      rank: 0,
      time: 0,
    };
    s.points += a.points;
    s.right += a.correct ? 1 : 0;
    s.answered += 1;
    s.time += a.answeredAt.getTime();
    by.set(a.memberId, s);
  }
  const sorted = [...by.values()].sort(
    (a, b) => b.points - a.points || b.right - a.right || a.time - b.time,
  );
  const ranked: LiveStanding[] = [];
  for (const [i, { time: _time, ...s }] of sorted.entries()) {
    const prev = ranked[i - 1];
    const tied = prev !== undefined && prev.points === s.points && prev.right === s.right;
    ranked.push({ ...s, rank: tied ? prev.rank : i + 1 });
  }
  return ranked;
}

/** Team points from a round's answers, best first; members without a team are left out. */
export function liveTeamStandings(
  answers: readonly LiveAnswer[],
): { name: string; points: number; players: number }[] {
  const by = new Map<number, { name: string; points: number; players: Set<number> }>();
  for (const a of answers) {
    if (a.teamId === null) continue;
    const t = by.get(a.teamId) ?? { name: a.teamName ?? "team", points: 0, players: new Set() };
    t.points += a.points;
    t.players.add(a.memberId);
    by.set(a.teamId, t);
  }
  return [...by.values()]
    .map((t) => ({ name: t.name, points: t.points, players: t.players.size }))
    .sort((a, b) => b.points - a.points || a.name.localeCompare(b.name));
}

function standingLines(standings: readonly LiveStanding[], rows: number): string {
  if (standings.length === 0) return "No answers yet.";
  const lines = standings
    .slice(0, rows)
    .map((s) => `${MEDALS[s.rank - 1] ?? `#${s.rank}`} ${userText(s.name)}: ${s.points} pts`);
  if (standings.length > rows) lines.push(`…and ${standings.length - rows} more`);
  return lines.join("\n");
}

const time = (style: CommandStyle) => style.formatDeadline ?? plainDeadline;

/** The start message: what the round is, when it begins, how to join. */
export function startView(round: LiveRound, style: CommandStyle): View {
  const cmd = commandFormatter(style);
  const first = new Date(round.createdAt.getTime() + LEAD_MS);
  const count = round.questionIds.length;
  return {
    ephemeral: false,
    tone: "info",
    title: `🎮 Live round: ${round.label}`,
    text: [
      `**${count} question${count === 1 ? "" : "s"}**, ${round.seconds} seconds each. The first one appears ${time(style)(first)}.`,
      `Press **Join** to play (or just answer). Answers are private; right answers score by difficulty, with a bonus for speed.`,
    ].join("\n"),
    buttons: [
      {
        label: "Join",
        actionId: encodeAction({ type: "live", op: "join", roundId: round.id }),
        command: "live join",
        style: "primary",
      },
    ],
    footer: `${cmd("live stop")} ends it (whoever started it, or an admin).`,
  };
}

/** A question of the round, its deadline shown by the platform (a live countdown where it can). */
export function liveQuestionView(
  env: Env,
  round: LiveRound,
  ask: Ask,
  style: CommandStyle,
): View | null {
  const question = env.questions.get(ask.questionId);
  if (!question) return null;
  const view = questionView(
    env,
    { cmd: commandFormatter(style), typedAnswers: style.typedAnswers ?? true },
    ask,
    question,
    `Live ${round.position + 1}/${round.questionIds.length}`,
  );
  return {
    ...view,
    footer:
      `⏱️ Closes ${time(style)(ask.closesAt)} (${round.seconds} seconds). Answers stay private until the reveal. ${view.footer ?? ""}`.trim(),
  };
}

/** After a question: the answer, why, how the channel answered, the fastest right, the standings. */
export function liveRevealView(
  env: Env,
  round: LiveRound,
  ask: Ask,
  answers: readonly LiveAnswer[],
): View | null {
  const question = env.questions.get(ask.questionId);
  if (!question) return null;
  const topic = topicOf(env, question);
  const here = answers.filter((a) => a.askId === ask.id);
  const letterOf = (original: number) => LETTERS[ask.optionOrder.indexOf(original)]!;
  const shares = ask.optionOrder.map((original) => {
    const option = question.options[original]!;
    const n = here.filter((a) => a.chosen.includes(original)).length;
    const share = here.length > 0 ? Math.round((n / here.length) * 100) : 0;
    return `${option.correct ? "✅" : "▫️"} **${letterOf(original)}. ${option.text}**: ${share}% (${n})`;
  });
  const fastest = here
    .filter((a) => a.correct)
    .slice(0, 3)
    .map(
      (a, i) =>
        `${MEDALS[i]} ${userText(a.name)} (${((a.answeredAt.getTime() - ask.askedAt.getTime()) / 1000).toFixed(1)} s)`,
    );
  const answer = question.options
    .map((o, i) => (o.correct ? `${letterOf(i)}. ${o.text}` : ""))
    .filter(Boolean)
    .join(" and ");
  return {
    ephemeral: false,
    tone: "info",
    title: `Answer ${round.position + 1}/${round.questionIds.length} · ${topic.title}`,
    image: answersPicture(
      `Answer ${round.position + 1}/${round.questionIds.length} · ${topic.title}`,
      ask,
      question,
      here,
    ),
    text: [`**${answer}**`, firstSentence(question.explanation)].join("\n"),
    fields: [
      { name: `How the channel answered (${here.length})`, value: shares.join("\n") },
      {
        name: "Fastest right",
        value: fastest.length > 0 ? fastest.join("\n") : "Nobody this time.",
        inline: true,
      },
      {
        name: "Standings",
        value: standingLines(liveStandings(answers), RUNNING_ROWS),
        inline: true,
      },
    ],
  };
}

/** The end: final standings, team standings, the most missed topics, and "my summary". */
export function liveEndView(
  env: Env,
  round: LiveRound,
  answers: readonly LiveAnswer[],
  style: CommandStyle,
): View {
  const cmd = commandFormatter(style);
  const standings = liveStandings(answers);
  const teams = liveTeamStandings(answers);
  const asked = round.askIds.filter(Boolean).length;
  const why =
    round.endReason === "stopped"
      ? "Stopped early."
      : round.endReason === "stale"
        ? "Ended early: the bot was away too long to carry on."
        : round.endReason === "failed"
          ? "Ended early: a message could not be posted here."
          : "";
  const fields = [{ name: "Final standings", value: standingLines(standings, FINAL_ROWS) }];
  if (teams.length > 0) {
    fields.push({
      name: "Teams",
      value: teams
        .slice(0, FINAL_ROWS)
        .map(
          (t, i) =>
            `${MEDALS[i] ?? `#${i + 1}`} ${userText(t.name)}: ${t.points} pts (${t.players} playing)`,
        )
        .join("\n"),
    });
  }
  const missed = mostMissedTopics(env, answers);
  return {
    ephemeral: false,
    tone: "success",
    title: `🏁 Live round over: ${round.label}`,
    text: [
      `${asked} question${asked === 1 ? "" : "s"}, ${standings.length} player${standings.length === 1 ? "" : "s"}. ${why}`.trim(),
      standings[0] ? `Well played, ${userText(standings[0].name)}!` : "Nobody answered this time.",
      `Live points count for the leaderboards (${cmd("leaderboard")}); every answer went into your review schedule.`,
    ].join("\n"),
    fields,
    buttons: [
      {
        label: "My summary",
        actionId: encodeAction({ type: "live", op: "summary", roundId: round.id }),
        command: "live summary",
        style: "primary",
      },
      ...missed.slice(0, 3).map((topicId) => {
        const topic = env.topics.get(topicId)!;
        return {
          label: `Learn more: ${topic.title}`,
          actionId: encodeAction({ type: "lookup", topicId }),
          command: `lookup ${topicId}`,
        };
      }),
    ],
  };
}

/** Topics ordered by how many wrong answers they got in the round (only those with some). */
function mostMissedTopics(env: Env, answers: readonly LiveAnswer[], memberId?: number): string[] {
  const misses = new Map<string, number>();
  for (const a of answers) {
    if (a.correct || (memberId !== undefined && a.memberId !== memberId)) continue;
    const topic = env.questions.get(a.questionId)?.topic;
    if (topic && env.topics.get(topic)) misses.set(topic, (misses.get(topic) ?? 0) + 1);
  }
  return [...misses.entries()].sort((a, b) => b[1] - a[1]).map(([t]) => t);
}

/** One player's own summary, privately: right, missed, points, place, what to practise. */
export function liveSummaryView(
  env: Env,
  round: LiveRound,
  answers: readonly LiveAnswer[],
  memberId: number,
  cmd: (text: string) => string,
): View {
  const mine = answers.filter((a) => a.memberId === memberId);
  const standings = liveStandings(answers);
  const me = standings.find((s) => s.memberId === memberId);
  const asked = round.askIds.filter(Boolean).length;
  if (!me) {
    return {
      ephemeral: true,
      tone: "info",
      text: `You did not answer in this round (${asked} question${asked === 1 ? "" : "s"}). Join the next one, or practise with ${cmd("quiz")}.`,
    };
  }
  const missedTopics = mostMissedTopics(env, answers, memberId);
  const missed = mine
    .filter((a) => !a.correct)
    .map((a) => {
      const q = env.questions.get(a.questionId);
      return q ? `- ${topicOf(env, q).title}: ${clip(q.prompt, 90)}` : null;
    })
    .filter((line): line is string => line !== null);
  const practise = missedTopics[0];
  return {
    ephemeral: true,
    tone: me.right === asked ? "success" : "info",
    title: `Your live round: ${round.label}`,
    text: [
      `**${me.right} of ${asked} right**, ${me.points} points, place ${me.rank} of ${standings.length}.`,
      mine.length < asked ? `You answered ${mine.length} of the ${asked} questions.` : "",
      missed.length > 0 ? `Missed:\n${missed.join("\n")}` : "Nothing missed: well done!",
      practise ? `Practise it: ${cmd(`quiz ${practise}`)}` : "",
    ]
      .filter(Boolean)
      .join("\n"),
    buttons: missedTopics.slice(0, 3).map((topicId) => ({
      label: `Learn more: ${env.topics.get(topicId)!.title}`,
      actionId: encodeAction({ type: "lookup", topicId }),
      command: `lookup ${topicId}`,
    })),
  };
}

/** The private acknowledgement of a live answer: what was locked in, nothing about right or wrong. */
export function lockedInView(letters: string, closesAt: Date, time: (at: Date) => string): View {
  return {
    ephemeral: true,
    tone: "info",
    text: `🔒 Locked in: **${letters}**. The answer is revealed when time is up, ${time(closesAt)}.`,
  };
}

function firstSentence(text: string): string {
  const match = /^.*?[.!?](\s|$)/s.exec(text.trim());
  return (match ? match[0] : text).trim();
}

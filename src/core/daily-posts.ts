import { newAsk } from "./asks.js";
import { DEFAULT_OPEN_HOURS, formatLocal } from "./daily.js";
import { chooseChannelQuestion } from "./daily-choice.js";
import { type CommandStyle, commandFormatter, type Env, topicOf } from "./env.js";
import { answersPicture } from "./pictures.js";
import type { Ask, Schedule } from "./ports.js";
import { questionView } from "./question-view.js";
import { localDay } from "./time.js";
import { userText } from "./user-text.js";
import { LETTERS, type View } from "./views.js";

/** Raised inside a transaction to undo an ask when the day's slot turns out to be taken. */
class SlotTaken extends Error {}

export interface PlannedPost {
  ask: Ask;
  reason: string;
}

/**
 * Plans a channel post: chooses the question, records its ask and claims the post, all in one
 * transaction. A scheduled post claims its channel's local date; when that is taken (a restart,
 * a second process), nothing is recorded and the result is null.
 */
export async function planChannelPost(
  env: Env,
  where: {
    workspaceId: number;
    channelId: string;
    kind: "scheduled" | "extra";
    /** The local date of the slot (scheduled), or today's (extra). */
    localDate: string;
    topics: readonly string[];
    openHours: number;
    claimedBy: string;
    now: Date;
  },
): Promise<PlannedPost | null> {
  try {
    return await env.store.transaction(async () => {
      if (
        where.kind === "scheduled" &&
        (await env.store.hasScheduledPost(where.workspaceId, where.channelId, where.localDate))
      ) {
        return null;
      }
      const choice = await chooseChannelQuestion(env, where);
      if (!choice) return null;
      const ask = await newAsk(env, choice.question, {
        workspaceId: where.workspaceId,
        memberId: null,
        channelId: where.channelId,
        sessionId: null,
        now: where.now,
        openHours: where.openHours,
      });
      const claimed = await env.store.claimChannelPost({
        workspaceId: where.workspaceId,
        channelId: where.channelId,
        localDate: where.localDate,
        kind: where.kind,
        askId: ask.id,
        claimedBy: where.claimedBy,
        claimedAt: where.now,
        closesAt: ask.closesAt,
      });
      if (!claimed) throw new SlotTaken();
      return { ask, reason: choice.reason };
    });
  } catch (error) {
    if (error instanceof SlotTaken) return null;
    throw error;
  }
}

/** Plans an extra post for a channel now (post-now), within the channel's topic filter. */
export function planExtraPost(
  env: Env,
  workspaceId: number,
  channelId: string,
  schedule: Schedule | null,
  now: Date,
  claimedBy: string,
) {
  const timezone = schedule?.timezone ?? "UTC";
  return planChannelPost(env, {
    workspaceId,
    channelId,
    kind: "extra",
    localDate: localDay(now, timezone),
    topics: schedule?.topics ?? [],
    openHours: schedule?.openHours ?? DEFAULT_OPEN_HOURS,
    claimedBy,
    now,
  });
}

/** The channel post of an ask, with how many have answered so far. */
export function channelPostView(
  env: Env,
  ask: Ask,
  answered: number,
  style: CommandStyle,
  timezone: string,
): View {
  const question = env.questions.get(ask.questionId);
  if (!question)
    return { ephemeral: false, tone: "warning", text: "This question was retired from the deck." };
  const view = questionView(
    env,
    { cmd: commandFormatter(style), typedAnswers: style.typedAnswers ?? true },
    ask,
    question,
    "Question of the day",
  );
  const closes = formatLocal(ask.closesAt, timezone);
  const count = answered === 0 ? "No answers yet" : `${answered} answered so far`;
  return { ...view, footer: `${count} · open until ${closes} · ${view.footer ?? ""}`.trim() };
}

const MAX_NAMES = 20;

/** The reveal after a channel question closes: the answer, why, how the channel answered, who was right. */
export async function revealView(env: Env, ask: Ask): Promise<View> {
  const question = env.questions.get(ask.questionId);
  if (!question)
    return {
      ephemeral: false,
      tone: "info",
      text: "The question that closed was retired from the deck.",
    };
  const topic = topicOf(env, question);
  const answers = await env.store.answersToAsk(ask.id);
  const letterOf = (original: number) => LETTERS[ask.optionOrder.indexOf(original)]!;
  const counts = question.options.map((_, i) => answers.filter((a) => a.chosen.includes(i)).length);
  const right = answers.filter((a) => a.correct);
  const lines = ask.optionOrder.map((original) => {
    const option = question.options[original]!;
    const n = counts[original]!;
    const share = answers.length > 0 ? Math.round((n / answers.length) * 100) : 0;
    return `${option.correct ? "✅" : "▫️"} **${letterOf(original)}. ${option.text}**: ${n} (${share}%)`;
  });
  const names = right.slice(0, MAX_NAMES).map((a, i) => `${i + 1}. ${userText(a.name)}`);
  if (right.length > MAX_NAMES) names.push(`…and ${right.length - MAX_NAMES} more`);
  const answer = question.options
    .map((o, i) => (o.correct ? `${letterOf(i)}. ${o.text}` : ""))
    .filter(Boolean)
    .join(" and ");
  return {
    ephemeral: false,
    tone: "info",
    title: `Answer: question of the day · ${topic.title}`,
    image: answersPicture(`How the channel answered · ${topic.title}`, ask, question, answers),
    text: [question.prompt, "", `**${answer}**`, question.explanation].join("\n"),
    fields: [
      { name: "How the channel answered", value: lines.join("\n") },
      {
        name: `Right, fastest first (${right.length} of ${answers.length})`,
        value: names.length > 0 ? names.join("\n") : "Nobody this time.",
      },
    ],
  };
}

import { type CommandStyle, commandFormatter, type Env } from "./env.js";
import { openWindow, stepPosition, summaryMember } from "./live-rounds.js";
import {
  liveEndView,
  liveQuestionView,
  liveRevealView,
  liveSummaryView,
  startView,
} from "./live-views.js";
import type { LiveStep } from "./ports.js";
import type { View } from "./views.js";

/** A live round's message as the scheduler sends it: to the channel, or to one member there. */
export interface LiveMessageOut {
  view: View;
  /** The member's platform id, for a message only they see (a summary). */
  privateTo?: string;
}

/**
 * A live round's message, built as the scheduler hands it to the platform. Handing over a
 * question opens its answer window; a question the round has moved past is not sent (null),
 * nor is anything of a round that is gone.
 */
export async function liveMessage(
  env: Env,
  roundId: string,
  step: LiveStep,
  style: CommandStyle,
  now: Date,
): Promise<LiveMessageOut | null> {
  const round = await env.store.getLiveRound(roundId);
  if (!round) return null;
  const out = (view: View | null) => (view ? { view } : null);
  if (step === "start") return out(startView(round, style));
  if (step === "end")
    return out(liveEndView(env, round, await env.store.liveAnswers(round.id), style));
  const memberId = summaryMember(step);
  if (memberId !== null) {
    const member = await env.store.getMember(memberId);
    if (!member) return null;
    const answers = await env.store.liveAnswers(round.id);
    const view = liveSummaryView(env, round, answers, memberId, commandFormatter(style));
    return { view, privateTo: member.externalId };
  }
  const at = stepPosition(step);
  if (!at) return null;
  if (at.kind === "q") {
    const open = await openWindow(env, round, at.position, now);
    const ask = open && (await env.store.getAsk(open.askId));
    return out(open && ask ? liveQuestionView(env, open.round, ask, style) : null);
  }
  const ask = await env.store.getAsk(round.askIds[at.position] ?? "");
  if (!ask) return null;
  const answers = await env.store.liveAnswers(round.id);
  return out(liveRevealView(env, { ...round, position: at.position }, ask, answers));
}

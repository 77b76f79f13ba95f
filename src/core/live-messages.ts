import type { CommandStyle, Env } from "./env.js";
import { openWindow, stepPosition } from "./live-rounds.js";
import { liveEndView, liveQuestionView, liveRevealView, startView } from "./live-views.js";
import type { LiveStep } from "./ports.js";
import type { View } from "./views.js";

/**
 * The view of a live round's message, built as the scheduler hands it to the platform. Handing
 * over a question opens its answer window; a question the round has moved past is not sent
 * (null), nor is anything of a round that is gone.
 */
export async function liveMessage(
  env: Env,
  roundId: string,
  step: LiveStep,
  style: CommandStyle,
  now: Date,
): Promise<View | null> {
  const round = await env.store.getLiveRound(roundId);
  if (!round) return null;
  if (step === "start") return startView(round, style);
  if (step === "end") return liveEndView(env, round, await env.store.liveAnswers(round.id), style);
  const at = stepPosition(step);
  if (!at) return null;
  if (at.kind === "q") {
    const open = await openWindow(env, round, at.position, now);
    const ask = open && (await env.store.getAsk(open.askId));
    return open && ask ? liveQuestionView(env, open.round, ask, style) : null;
  }
  const ask = await env.store.getAsk(round.askIds[at.position] ?? "");
  if (!ask) return null;
  return liveRevealView(
    env,
    { ...round, position: at.position },
    ask,
    await env.store.liveAnswers(round.id),
  );
}

import type { Question } from "../content/schema.js";
import type { Env } from "./env.js";
import type { Ask } from "./ports.js";
import { randomId, shuffled } from "./random.js";

/**
 * Records a new showing of a question, options freshly shuffled (true/false keeps its order).
 * A private ask has a member; a channel ask has none, and anyone in the channel may answer.
 */
export async function newAsk(
  env: Env,
  question: Question,
  where: {
    workspaceId: number;
    memberId: number | null;
    channelId: string | null;
    sessionId: string | null;
    now: Date;
    openHours: number;
    /** The live round it is a question of. */
    roundId?: string;
  },
): Promise<Ask> {
  const order =
    question.kind === "truefalse"
      ? [0, 1]
      : shuffled(
          question.options.map((_, i) => i),
          env.random,
        );
  const ask: Ask = {
    id: randomId(env.random),
    workspaceId: where.workspaceId,
    memberId: where.memberId,
    channelId: where.channelId,
    sessionId: where.sessionId,
    questionId: question.id,
    optionOrder: order,
    askedAt: where.now,
    closesAt: new Date(where.now.getTime() + where.openHours * 3_600_000),
    roundId: where.roundId ?? null,
  };
  await env.store.createAsk(ask);
  return ask;
}

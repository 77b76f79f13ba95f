import { type Command, LIVE_LIMITS, type LiveStarters } from "../commands.js";
import { type Env, type RequestContext, type Requester, resolveTopics } from "../env.js";
import { UserError } from "../errors.js";
import { startRound, stopRound } from "../live-rounds.js";
import { liveSummaryView } from "../live-views.js";
import type { LiveRound } from "../ports.js";
import type { View } from "../views.js";

/** The workspace setting that says who may start a live round. */
export const LIVE_STARTERS_SETTING = "live.starters";

/**
 * The admin checks a live command needs, made before the request writes anything (a lazy check
 * may wait on the platform's API): starting, where the workspace lets only admins start; stopping
 * a round somebody else started.
 */
export async function checkLiveRights(
  env: Env,
  ctx: RequestContext,
  command: Command,
  isAdmin: () => Promise<boolean>,
): Promise<void> {
  if (command.name !== "live" && command.name !== "live-stop") return;
  if (!ctx.channelId) return; // refused by the handler, with its reason
  const workspaceId = await env.store.ensureWorkspace(ctx.workspace, env.clock());
  if (command.name === "live") {
    const who = await env.store.getSetting(workspaceId, LIVE_STARTERS_SETTING);
    if (who === "admins" && !(await isAdmin())) {
      throw new UserError(
        `In this workspace only ${ctx.adminRole ?? "admins"} can start a live round.`,
        (cmd) => `Practise on your own with ${cmd("quiz")} meanwhile.`,
      );
    }
    return;
  }
  const round = await env.store.activeLiveRound(workspaceId, ctx.channelId);
  if (!round) return; // the handler says there is none
  const starter = await env.store.getMember(round.startedBy);
  if (starter?.externalId !== ctx.user.id.slice(0, 128) && !(await isAdmin())) {
    throw new UserError(
      `Only whoever started this round, or ${ctx.adminRole ?? "an admin"}, can stop it.`,
    );
  }
}

/** `live [topic] [count] [seconds]`: starts a round in this channel. */
export async function live(
  env: Env,
  r: Requester,
  options: { topic?: string; count?: number; seconds?: number },
): Promise<View[]> {
  const channelId = inChannel(r);
  const scope = options.topic ? resolveTopics(env, options.topic, r) : null;
  const count = options.count ?? LIVE_LIMITS.defaultCount;
  const seconds = options.seconds ?? LIVE_LIMITS.defaultSeconds;
  const round = await startRound(env, {
    workspaceId: r.workspaceId,
    channelId,
    startedBy: r.member.id,
    label: scope?.label ?? "the whole deck",
    topics: scope ? [...scope.ids] : [],
    count,
    seconds,
    now: r.now,
  });
  if (!round) {
    throw new UserError(
      "A live round is already running in this channel.",
      (cmd) => `Join it, or end it with ${cmd("live stop")}.`,
    );
  }
  if (round.questionIds.length === 0) {
    throw new UserError(`There are no questions on ${scope?.label ?? "this deck"} yet.`);
  }
  env.onChannelPost?.();
  const fewer =
    round.questionIds.length < count ? ` (all ${round.questionIds.length} there are)` : "";
  return [
    {
      ephemeral: true,
      tone: "success",
      text: `Live round on **${round.label}** starting: ${round.questionIds.length} question${round.questionIds.length === 1 ? "" : "s"}${fewer}, ${seconds} seconds each. You are in.`,
    },
  ];
}

/** `live stop`: ends the channel's round with the standings so far. */
export async function liveStop(env: Env, r: Requester): Promise<View[]> {
  const round = await activeRound(env, r);
  if (!(await stopRound(env, round, r.now))) {
    throw new UserError("That round has just ended.");
  }
  env.onChannelPost?.();
  return [{ ephemeral: true, tone: "info", text: "Stopped: the standings so far are coming." }];
}

/** `live join`, or the Join button (which names its round). */
export async function liveJoin(env: Env, r: Requester, roundId?: string): Promise<View[]> {
  const round = roundId ? await namedRound(env, r, roundId) : await activeRound(env, r);
  if (round.phase === "ended") {
    throw new UserError("That round is over.", (cmd) => `Start another with ${cmd("live")}.`);
  }
  const joined = await env.store.joinLiveRound(round.id, r.member.id, r.now);
  return [
    {
      ephemeral: true,
      tone: "success",
      text: joined
        ? "You're in! Answer each question with its buttons before the countdown ends."
        : "You're already in this round.",
    },
  ];
}

/** My summary: the end message's button (its round), or `live summary` (the channel's last). */
export async function liveSummary(env: Env, r: Requester, roundId?: string): Promise<View[]> {
  const round = roundId
    ? await namedRound(env, r, roundId)
    : await env.store.lastLiveRound(r.workspaceId, inChannel(r));
  if (!round) {
    throw new UserError(
      "No live round has been played here yet.",
      (cmd) => `Start one with ${cmd("live")}.`,
    );
  }
  return [liveSummaryView(env, round, await env.store.liveAnswers(round.id), r.member.id, r.cmd)];
}

/** Admins: who may start live rounds here. */
export async function liveStarters(env: Env, r: Requester, who: LiveStarters): Promise<View[]> {
  await env.store.setSetting(r.workspaceId, LIVE_STARTERS_SETTING, who, r.now);
  return [
    {
      ephemeral: true,
      tone: "success",
      text:
        who === "admins"
          ? "From now on only admins can start live rounds in this workspace."
          : "Everyone can start live rounds in this workspace again.",
    },
  ];
}

function inChannel(r: Requester): string {
  if (!r.ctx.channelId) {
    throw new UserError(
      "Live rounds are played in a channel, together.",
      (cmd) => `Start one there with ${cmd("live")}; here, try ${cmd("quiz")}.`,
    );
  }
  return r.ctx.channelId;
}

async function activeRound(env: Env, r: Requester): Promise<LiveRound> {
  const round = await env.store.activeLiveRound(r.workspaceId, inChannel(r));
  if (!round) {
    throw new UserError(
      "No live round is running here.",
      (cmd) => `Start one with ${cmd("live")}.`,
    );
  }
  return round;
}

/** A round by id, treating one of another workspace exactly like one that does not exist. */
async function namedRound(env: Env, r: Requester, roundId: string): Promise<LiveRound> {
  const round = await env.store.getLiveRound(roundId);
  if (!round || round.workspaceId !== r.workspaceId) {
    throw new UserError("That live round is no longer available.");
  }
  return round;
}

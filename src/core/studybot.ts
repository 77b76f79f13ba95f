import type { Library, Question } from "../content/schema.js";
import { type Action, decodeAction } from "./actions.js";
import type { Clock } from "./clock.js";
import { ADMIN_COMMANDS, type Command } from "./commands.js";
import { channelPostView, type PlannedPost, planChannelPost, revealView } from "./daily-posts.js";
import { channelDeck, studyDeck } from "./deck-choice.js";
import { Decks } from "./decks.js";
import {
  type CommandStyle,
  commandFormatter,
  type Env,
  plainDeadline,
  plainTime,
  type RequestContext,
  type Requester,
  withDeck,
} from "./env.js";
import { UserError } from "./errors.js";
import { closeExpiredExams } from "./exam.js";
import { answer, dailyAnswer } from "./handlers/answer.js";
import { deckInfo, deckSet, deckUse } from "./handlers/deck.js";
import { exam } from "./handlers/exam.js";
import { help } from "./handlers/help.js";
import { home } from "./handlers/home.js";
import { leaderboard } from "./handlers/leaderboard.js";
import {
  checkLiveRights,
  live,
  liveJoin,
  liveStarters,
  liveStop,
  liveSummary,
} from "./handlers/live.js";
import { lookup, topicCard } from "./handlers/lookup.js";
import { quiz, review } from "./handlers/quiz.js";
import { recapOff, recapSet } from "./handlers/recap.js";
import { remindInfo, remindOff, remindSet } from "./handlers/remind.js";
import { closeReport, report, reports } from "./handlers/report.js";
import { pause, postNow, resume, setup, status } from "./handlers/schedule.js";
import { hall, seasonInfo, seasonSet } from "./handlers/season.js";
import { stats } from "./handlers/stats.js";
import { joinTeam, leaveTeam, listTeams } from "./handlers/teams.js";
import { topics as topicsView } from "./handlers/topics.js";
import { type LiveMessageOut, liveMessage } from "./live-messages.js";
import { advanceRound, closeIfAllAnswered, failRound } from "./live-rounds.js";
import type { Logger } from "./logger.js";
import { checkCommand, parseCommand } from "./parse.js";
import type { LiveStep, Recap, Reminder, Schedule, StudyStore, WorkspaceRef } from "./ports.js";
import { type Random, randomId } from "./random.js";
import { planRecap, recapView } from "./recaps.js";
import { planReminder, reminderView } from "./reminders.js";
import { closeSeason, seasonAnnouncementView } from "./season-close.js";
import { quit, repeat, retry, skip } from "./sessions.js";
import { suggestTimeZones } from "./time.js";
import { stripMarkers } from "./user-text.js";
import { errorView, type View } from "./views.js";

export interface StudybotDeps {
  library: Library;
  store: StudyStore;
  clock: Clock;
  random: Random;
  logger: Logger;
  /** Called when a channel post was queued (post-now), so the scheduler can send it at once. */
  onChannelPost?: () => void;
  /** Told about every request when it is done: for logs and metrics. */
  observer?: (event: RequestEvent) => void;
  /** A monotonic clock in milliseconds, for durations (default: performance.now). */
  monotonic?: () => number;
}

export interface RequestEvent {
  platform: string;
  workspace: string;
  command: string;
  /** ok; user_error: the person was told what would work; failed: our fault, with a reference. */
  outcome: "ok" | "user_error" | "failed";
  ms: number;
  reference?: string;
}

/** What a request's log line says it was (the command, once it is known). */
interface RequestLog {
  what: string;
}

export interface Suggestion {
  name: string;
  value: string;
}

/**
 * The study domain behind every platform: give it who is asking and what they typed or
 * clicked, get views back. It never throws: a person's mistake becomes a friendly view, an
 * unexpected failure is logged with a reference id that the person sees.
 */
export class Studybot {
  /** Shared by every request; each runs with its own unit of work as `store`. */
  private readonly env: Env & { store: StudyStore };
  private readonly observer: ((event: RequestEvent) => void) | undefined;
  private readonly monotonic: () => number;
  private liveListener: ((roundId: string) => void) | undefined;

  constructor(deps: StudybotDeps) {
    this.observer = deps.observer;
    this.monotonic = deps.monotonic ?? (() => performance.now());
    const decks = new Decks(deps.library);
    this.whole = deps.library;
    // Outside a request (the scheduler's work, a platform's calls) the env studies the default
    // deck; each request studies its own (see studyDeck).
    this.env = withDeck(
      {
        ...deps,
        decks,
        index: decks.default.index,
        questions: new Map<string, Question>(deps.library.questions.map((q) => [q.id, q])),
        topics: new Map(deps.library.topics.map((t) => [t.id, t])),
        deck: decks.default.key,
      },
      decks.default,
    );
  }

  private readonly whole: Library;

  /** Every deck the bot teaches. */
  get library(): Library {
    return this.whole;
  }

  /**
   * A member's home screen (Slack's App Home): their standing, what is due, their progress and
   * team; for admins, the workspace's daily-question channels too. Runs as a request.
   */
  home(ctx: RequestContext): Promise<View[]> {
    return this.guard(ctx, "home", async (env) => {
      // Asked before the unit writes anything (the member row), as for admin commands; a check
      // that cannot tell just leaves the admin part out.
      const admin = await isAdmin(ctx).catch(() => false);
      const r = await this.requester(env, ctx);
      return home(await studyDeck(env, r), r, admin);
    });
  }

  /** Runs a line of the shared text grammar (Slack's `/study ...`, the console). */
  runText(ctx: RequestContext, text: string): Promise<View[]> {
    return this.guard(ctx, "text", (env, log) =>
      this.dispatch(env, ctx, parseCommand(stripMarkers(text)), log),
    );
  }

  /**
   * Runs a typed command (Discord maps its native options onto these). Pass a function to
   * build the command when building may fail with a UserError (bad option values).
   */
  run(ctx: RequestContext, command: Command | (() => Command)): Promise<View[]> {
    return this.guard(ctx, typeof command === "function" ? "command" : command.name, (env, log) =>
      this.dispatch(env, ctx, typeof command === "function" ? command() : command, log),
    );
  }

  /**
   * Runs a button's action id. `letters` carries what a multi-select chose, for a submit.
   * A malformed or forged id gets a polite refusal.
   */
  runAction(ctx: RequestContext, actionId: string, letters?: string): Promise<View[]> {
    return this.guard(ctx, "action", (env, log) => {
      const action = decodeAction(actionId);
      if (!action)
        throw new UserError(
          "That button is no longer valid.",
          (cmd) => `Start again with ${cmd("quiz")} or ${cmd("help")}.`,
        );
      return this.dispatchAction(env, ctx, action, log, letters);
    });
  }

  /**
   * The platform says the bot was removed from a workspace (uninstalled, tokens revoked): its
   * daily questions stop, and `status` says why. Its members' progress is kept.
   */
  async workspaceRemoved(workspace: RequestContext["workspace"], reason: string): Promise<number> {
    const now = this.env.clock();
    const paused = await this.inUnit(async (env) => {
      const workspaceId = await env.store.ensureWorkspace(workspace, now);
      return env.store.pauseWorkspaceSchedules(workspaceId, reason, now);
    });
    this.env.logger.info(
      { platform: workspace.platform, workspace: workspace.externalId, paused, reason },
      "workspace removed",
    );
    return paused;
  }

  /**
   * Resolves once every answer recorded so far is committed. Adapters acknowledge a request
   * only after this: writes of requests that arrive together may share one commit.
   */
  committed(): Promise<void> {
    return this.env.store.committed();
  }

  /**
   * The views, once what produced them is committed; if the commit failed, an apology instead,
   * so nobody is told "Right!" about an answer that was not saved.
   */
  async whenCommitted(request: View[] | Promise<View[]>): Promise<View[]> {
    const views = await request;
    try {
      await this.committed();
      return views;
    } catch (error) {
      const reference = randomId(this.env.random, 8).toUpperCase();
      this.env.logger.error({ reference, err: String(error) }, "commit failed");
      return [
        errorView(`I couldn't save that just now (reference ${reference}); please try again.`),
      ];
    }
  }

  /** Tells the core whom to call when a channel post was queued (the scheduler's kick). */
  onChannelPost(listener: () => void): void {
    this.env.onChannelPost = listener;
  }

  /**
   * Plans a schedule's post for its slot's local date: chooses the question, records it and
   * claims the day. Null when the day is already claimed (restart, second process).
   */
  planScheduledPost(
    schedule: Schedule,
    localDate: string,
    claimedBy: string,
  ): Promise<PlannedPost | null> {
    return this.inUnit(async (env) =>
      planChannelPost(await channelDeck(env, schedule.workspaceId, schedule.channelId), {
        workspaceId: schedule.workspaceId,
        channelId: schedule.channelId,
        kind: "scheduled",
        localDate,
        topics: schedule.topics,
        openHours: schedule.openHours,
        claimedBy,
        now: env.clock(),
      }),
    );
  }

  /**
   * Plans a member's reminder for its slot's local date: queued when cards are due, once a
   * local day. False when nothing is due (nothing is sent) or it was queued already.
   */
  planReminder(reminder: Reminder, localDate: string): Promise<boolean> {
    return this.inUnit((env) => planReminder(env, reminder, localDate, env.clock()));
  }

  /** A notice as it is sent; null when there is nothing to send any more (nothing due). */
  noticeView(
    notice: { subject: string; toMember: number | null },
    style: CommandStyle,
  ): Promise<View | null> {
    return this.inUnit(async (env) => {
      const [kind, a, b] = notice.subject.split(":");
      if (kind === "remind" && notice.toMember !== null)
        return reminderView(env, notice.toMember, style, env.clock());
      if (kind === "season" && a && b)
        return seasonAnnouncementView(env, Number(a), b, commandFormatter(style));
      if (kind === "recap" && a && b) return recapView(env, Number(a), b, style, env.clock());
      return null;
    });
  }

  /** Queues a channel's weekly recap for its local day (once); false when it was queued before. */
  planRecap(recap: Recap, localDate: string): Promise<boolean> {
    return this.inUnit((env) => planRecap(env, recap, localDate, env.clock()));
  }

  /** Closes a workspace's season that has just ended (once); returns the season settled. */
  closeSeason(workspaceId: number): Promise<string> {
    return this.inUnit((env) => closeSeason(env, workspaceId, env.clock()));
  }

  /**
   * The workspace a direct message belongs to where the platform's DMs name none (Discord):
   * the one where the member set their reminder. Null when there is none.
   */
  directMessageWorkspace(platform: string, userExternalId: string): Promise<WorkspaceRef | null> {
    return this.env.store.reminderWorkspace(platform, userExternalId.slice(0, 128));
  }

  /**
   * Runs core work as one unit of work: a request, or the scheduler's and a platform's calls.
   * Live answers it records are told to the live listener once the unit has ended (its writes
   * visible to the next unit), never from inside it.
   */
  private async inUnit<T>(work: (env: Env) => Promise<T>): Promise<T> {
    let liveAnswered: Set<string> | undefined;
    const result = await this.env.store.unit((tx) =>
      work({
        ...this.env,
        store: tx,
        onLiveAnswer: (id) => {
          liveAnswered ??= new Set();
          liveAnswered.add(id);
        },
      }),
    );
    for (const id of liveAnswered ?? []) this.liveListener?.(id);
    return result;
  }

  /** Tells the core whom to call when a live round got an answer (the scheduler's early close). */
  onLiveAnswer(listener: (roundId: string) => void): void {
    this.liveListener = listener;
  }

  /** Takes a live round's due step (see core/live-rounds.ts); false when nothing was due. */
  advanceLiveRound(roundId: string): Promise<boolean> {
    return this.inUnit((env) => advanceRound(env, roundId, env.clock()));
  }

  /** Brings a live question's reveal forward when every player has answered it. */
  closeLiveIfAllAnswered(roundId: string): Promise<boolean> {
    return this.inUnit((env) => closeIfAllAnswered(env, roundId, env.clock()));
  }

  /** A live round's start or question could not be posted: it ends (nobody can play it). */
  liveMessageFailed(roundId: string): Promise<boolean> {
    return this.inUnit((env) => failRound(env, roundId, env.clock()));
  }

  /**
   * A live round's channel message, as it is handed to the platform: a question's answer window
   * opens now. Null when the round has moved past it (the message is then not sent).
   */
  liveMessageView(
    roundId: string,
    step: LiveStep,
    style: CommandStyle,
  ): Promise<LiveMessageOut | null> {
    return this.inUnit((env) => liveMessage(env, roundId, step, style, env.clock()));
  }

  /**
   * Hands in every exam whose time is up, so a member who never comes back still gets a
   * result. The scheduler calls it every tick; returns how many were handed in.
   */
  closeExpiredExams(): Promise<number> {
    return this.inUnit((env) => closeExpiredExams(env, env.clock()));
  }

  /** The channel message of a posted question, with its answer count. */
  async channelPostView(
    askId: string,
    answered: number,
    style: CommandStyle,
    timezone: string,
  ): Promise<View | null> {
    const ask = await this.env.store.getAsk(askId);
    return ask ? channelPostView(this.env, ask, answered, style, timezone) : null;
  }

  /** The reveal of a closed channel question. */
  async revealView(askId: string): Promise<View | null> {
    const ask = await this.env.store.getAsk(askId);
    return ask ? revealView(this.env, ask) : null;
  }

  /** Up to 25 topic suggestions for what has been typed so far. */
  /**
   * Up to 25 topic suggestions for what has been typed so far, from the deck studied where it is
   * typed (the channel's, else the member's, else the default). Reads only.
   */
  async autocompleteTopics(
    prefix: string,
    where?: { workspace: RequestContext["workspace"]; channelId: string | null; userId: string },
  ): Promise<Suggestion[]> {
    const deck = where ? await this.deckWhere(where) : this.env.decks.default;
    return deck.index
      .autocomplete(prefix.slice(0, 100), 25)
      .map((t) => ({ name: t.title.slice(0, 100), value: t.id }));
  }

  /** Up to 25 decks for what has been typed so far (Discord's `/deck use`). */
  autocompleteDecks(prefix: string): Suggestion[] {
    const typed = prefix.trim().toLowerCase();
    return this.env.decks.all
      .filter((d) => d.deck.id.includes(typed) || d.deck.title.toLowerCase().includes(typed))
      .slice(0, 25)
      .map((d) => ({ name: d.deck.title.slice(0, 100), value: d.deck.id }));
  }

  /** The deck studied where a request would come from, without recording anything. */
  private async deckWhere(where: {
    workspace: RequestContext["workspace"];
    channelId: string | null;
    userId: string;
  }) {
    const store = this.env.store;
    const workspaceId = await store.ensureWorkspace(where.workspace, this.env.clock());
    const channel = where.channelId ? await store.channelDeck(workspaceId, where.channelId) : null;
    const member = channel ? null : await store.findMember(workspaceId, where.userId);
    return this.env.decks.chosen(channel ?? member?.deckId);
  }

  /** Up to 25 time zone names for what has been typed so far. */
  autocompleteTimeZones(prefix: string): Suggestion[] {
    return suggestTimeZones(prefix.slice(0, 64), 25).map((z) => ({ name: z, value: z }));
  }

  private async dispatch(
    env: Env,
    ctx: RequestContext,
    unchecked: Command,
    log: RequestLog,
  ): Promise<View[]> {
    log.what = unchecked.name;
    const command = checkCommand(withoutMarkers(unchecked));
    // Asked before anything is written: a lazy check may wait on the platform's API, and must
    // not do so while this unit holds the write lock.
    if (ADMIN_COMMANDS.has(command.name) && !(await isAdmin(ctx))) {
      throw new UserError(
        `Only ${ctx.adminRole ?? "workspace admins"} can use ${commandFormatter(ctx)(command.name)}.`,
      );
    }
    await checkLiveRights(env, ctx, command, () => isAdmin(ctx));
    const r = await this.requester(env, ctx);
    // An answer needs no deck (its ask names the question; questions and topics of every deck
    // are at hand): the busiest request reads no channel deck.
    if (!ANSWERS.has(command.name)) env = await studyDeck(env, r);
    switch (command.name) {
      case "help":
        return help(env, r);
      case "topics":
        return topicsView(env, r, command.area);
      case "lookup":
        return lookup(env, r, command.term);
      case "quiz":
        return quiz(env, r, command.topic, command.count);
      case "review":
        return review(env, r, {
          ...(command.topic !== undefined ? { topic: command.topic } : {}),
          ...(command.count !== undefined ? { count: command.count } : {}),
          ...(command.fresh ? { fresh: true } : {}),
        });
      case "exam":
        return exam(env, r, command.count, command.minutes);
      case "answer":
        return answer(env, r, command.letters, {
          ...(command.askId !== undefined ? { askId: command.askId } : {}),
          ...(command.truth !== undefined ? { truth: command.truth } : {}),
        });
      case "daily-answer":
        return dailyAnswer(env, r, command.letters);
      case "repeat":
        return repeat(env, r);
      case "skip":
        return skip(env, r);
      case "quit":
        return quit(env, r);
      case "retry":
        return retry(env, r);
      case "leaderboard":
        return leaderboard(env, r, command.period, command.teams, command.deck === true);
      case "recap-set":
        return recapSet(env, r, command.day, command.time);
      case "recap-off":
        return recapOff(env, r);
      case "season":
        return seasonInfo(env, r);
      case "season-set":
        return seasonSet(env, r, command.length, command.start);
      case "hall":
        return hall(env, r);
      case "remind":
        return remindInfo(env, r);
      case "remind-off":
        return remindOff(env, r);
      case "remind-set":
        return remindSet(env, r, command);
      case "deck":
        return deckInfo(env, r);
      case "deck-set":
        return deckSet(env, r, command.deck);
      case "deck-use":
        return deckUse(env, r, command.deck);
      case "stats":
        return stats(env, r, command.user);
      case "team-join":
        return joinTeam(env, r, command.team);
      case "team-leave":
        return leaveTeam(env, r);
      case "team-list":
        return listTeams(env, r);
      case "setup":
        return setup(env, r, command);
      case "pause":
        return pause(env, r);
      case "resume":
        return resume(env, r);
      case "status":
        return status(env, r);
      case "post-now":
        return postNow(env, r);
      case "report":
        return report(env, r, {
          ...(command.askId !== undefined ? { askId: command.askId } : {}),
          ...(command.reason !== undefined ? { reason: command.reason } : {}),
        });
      case "reports":
        return reports(env, r);
      case "reports-close":
        return closeReport(env, r, command.id);
      case "live":
        return live(env, r, command);
      case "live-stop":
        return liveStop(env, r);
      case "live-join":
        return liveJoin(env, r);
      case "live-summary":
        return liveSummary(env, r);
      case "live-starters":
        return liveStarters(env, r, command.who);
    }
  }

  private async dispatchAction(
    env: Env,
    ctx: RequestContext,
    action: Action,
    log: RequestLog,
    letters?: string,
  ): Promise<View[]> {
    switch (action.type) {
      case "answer":
        return this.dispatch(
          env,
          ctx,
          { name: "answer", letters: action.letters, askId: action.askId },
          log,
        );
      case "submit":
        if (!letters) throw new UserError("Choose your options first, then submit.");
        return this.dispatch(env, ctx, { name: "answer", letters, askId: action.askId }, log);
      case "quiz":
        return this.dispatch(env, ctx, { name: "quiz", topic: action.topicId }, log);
      case "control":
        return this.dispatch(
          env,
          ctx,
          action.control === "review-new"
            ? { name: "review", fresh: true }
            : { name: action.control },
          log,
        );
      case "report":
        return this.dispatch(env, ctx, { name: "report", askId: action.askId }, log);
      case "live": {
        const r = await this.requester(env, ctx);
        env = await studyDeck(env, r);
        log.what = `live-${action.op}`;
        return action.op === "join"
          ? liveJoin(env, r, action.roundId)
          : liveSummary(env, r, action.roundId);
      }
      case "lookup": {
        const topic = this.env.topics.get(action.topicId);
        if (!topic) throw new UserError("That topic is no longer in the deck.");
        const r = await this.requester(env, ctx);
        return [topicCard(await studyDeck(env, r), r, topic)];
      }
    }
  }

  private async requester(env: Env, ctx: RequestContext): Promise<Requester> {
    const now = env.clock();
    const workspaceId = await env.store.ensureWorkspace(ctx.workspace, now);
    // The view markers (user-text.ts) are ours alone: a name cannot bring its own.
    const name = stripMarkers(ctx.user.name).trim().slice(0, 80) || ctx.user.id;
    const member = await env.store.ensureMember(workspaceId, ctx.user.id.slice(0, 128), name, now);
    return {
      ctx,
      workspaceId,
      member,
      now,
      cmd: commandFormatter(ctx),
      typedAnswers: ctx.typedAnswers ?? true,
      time: ctx.formatTime ?? plainTime,
      deadline: ctx.formatDeadline ?? plainDeadline,
    };
  }

  /**
   * Runs one request as one unit of work: everything it writes commits together, or nothing
   * does. Never throws: a UserError becomes its friendly view, anything else a reference id.
   */
  private async guard(
    ctx: RequestContext,
    what: string,
    work: (env: Env, log: RequestLog) => Promise<View[]>,
  ): Promise<View[]> {
    const started = this.monotonic();
    const log: RequestLog = { what };
    let outcome: RequestEvent["outcome"] = "ok";
    let reference: string | undefined;
    let views: View[];
    try {
      views = await this.inUnit((env) => work(env, log));
      if (views.some((v) => v.tone === "error")) outcome = "user_error";
    } catch (error) {
      if (error instanceof UserError) {
        outcome = "user_error";
        const { hint } = error;
        views = [
          errorView(error.message, typeof hint === "function" ? hint(commandFormatter(ctx)) : hint),
        ];
      } else {
        outcome = "failed";
        reference = randomId(this.env.random, 8).toUpperCase();
        this.env.logger.error(
          {
            reference,
            what: log.what,
            platform: ctx.workspace.platform,
            workspace: ctx.workspace.externalId,
            err:
              error instanceof Error
                ? { message: error.message, stack: error.stack }
                : String(error),
          },
          "request failed",
        );
        views = [
          errorView(
            `Something went wrong on our side (reference ${reference}).`,
            "Please try again; if it keeps happening, give an admin that reference.",
          ),
        ];
      }
    }
    this.observer?.({
      platform: ctx.workspace.platform,
      workspace: ctx.workspace.externalId,
      command: log.what,
      outcome,
      ms: this.monotonic() - started,
      ...(reference ? { reference } : {}),
    });
    return views;
  }
}

/** Commands that answer a question already asked: they work without the deck studied here. */
const ANSWERS: ReadonlySet<Command["name"]> = new Set(["answer", "daily-answer"]);

/**
 * The command with the view markers (user-text.ts) taken out of everything typed into it: what
 * a platform's own options carry (Discord) arrives here without passing the text parser.
 */
function withoutMarkers(command: Command): Command {
  const clean = { ...command };
  for (const [key, value] of Object.entries(clean) as [string, unknown][]) {
    if (typeof value === "string") Reflect.set(clean, key, stripMarkers(value));
    if (Array.isArray(value))
      Reflect.set(
        clean,
        key,
        value.map((v: unknown) => (typeof v === "string" ? stripMarkers(v) : v)),
      );
  }
  return clean;
}

/** The asker's admin right, asking the platform only when it is not known already. */
function isAdmin(ctx: RequestContext): Promise<boolean> {
  return typeof ctx.isAdmin === "function" ? ctx.isAdmin() : Promise.resolve(ctx.isAdmin);
}

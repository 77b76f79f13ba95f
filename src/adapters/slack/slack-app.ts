import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import {
  type AllMiddlewareArgs,
  App,
  type AuthorizeResult,
  type AuthorizeSourceData,
  type BlockAction,
  HTTPReceiver,
  type SlackActionMiddlewareArgs,
  type SlackCommandMiddlewareArgs,
} from "@slack/bolt";
import { decodeAction } from "../../core/actions.js";
import { beforeDeadline } from "../../core/answer-deadline.js";
import { deliver, postErrorOf } from "../../core/deliver.js";
import type { CommandStyle, RequestContext } from "../../core/env.js";
import { UserError } from "../../core/errors.js";
import { InFlight } from "../../core/in-flight.js";
import type { Logger } from "../../core/logger.js";
import { type ChannelPoster, type PlatformAdapter, PostError } from "../../core/platform.js";
import type { Studybot } from "../../core/studybot.js";
import type { View } from "../../core/views.js";
import { AdminCache } from "./admins.js";
import { PICK_ACTION, pickBlockId, renderSlack, type SlackMessage } from "./blocks.js";
import { boltLogger } from "./bolt-logger.js";
import { SlackHome } from "./home.js";
import { createSlackHttpServer, SLACK_EVENTS_PATH } from "./http-server.js";
import { SlackInstallations, type SlackOAuthOptions, type SlackTeam } from "./installations.js";
import { leanFetch } from "./lean-fetch.js";
import { followWithPicture, uploadPicture } from "./pictures.js";
import { type Respond, responder } from "./response-url.js";
import { NotInstalled, SlackWorkspaces } from "./workspaces.js";

export const SLACK_COMMAND = "/study";

/**
 * Commands are typed after `/study`, answers too (`/study B`). Instants use Slack's date
 * formatting, so each reader sees their own time zone (the fallback is UTC).
 */
const SLACK_STYLE: CommandStyle = {
  commandPrefix: `${SLACK_COMMAND} `,
  adminRole: "workspace admins and owners",
  formatChannel: (channelId) => `<#${channelId}>`,
  formatTime: (at) =>
    `<!date^${Math.floor(at.getTime() / 1000)}^{time}|${at.toISOString().slice(11, 16)} UTC>`,
  // Slack renders no countdown; to the second, in each reader's own time zone.
  formatDeadline: (at) =>
    `<!date^${Math.floor(at.getTime() / 1000)}^at {time_secs}|at ${at.toISOString().slice(11, 19)} UTC>`,
};

export interface SlackOptions {
  /** One workspace: its bot token (single-workspace mode). */
  botToken?: string;
  /** Many workspaces: "Add to Slack" and an installation per workspace (HTTP mode only). */
  oauth?: SlackOAuthOptions;
  /** HTTP mode: Slack signs every request with this. */
  signingSecret?: string;
  /** Socket Mode: an app-level token (xapp-...). */
  appToken?: string;
  /** The Web API base, for a proxy or a test fake; Slack's own when unset. */
  apiUrl?: string;
  port?: number;
  /** How the Web API client retries 5xx and 429 answers. */
  retry?: { retries: number; minTimeout: number; maxTimeout: number };
  /** Other routes on the HTTP receiver's port (health, metrics). */
  otherRoutes?: (req: IncomingMessage, res: ServerResponse) => boolean;
  logger: Logger;
}

/** Slack as a platform: HTTP mode serves `PORT` (and `start` resolves with it). */
export interface SlackAdapter extends PlatformAdapter {
  render(view: View): SlackMessage;
}

/** The Slack adapter: `/study <grammar>` and Block Kit buttons, on Bolt, in HTTP or Socket Mode. */
export function createSlackAdapter(bot: Studybot, options: SlackOptions): SlackAdapter {
  const socketMode = options.appToken !== undefined;
  if (!socketMode && !options.signingSecret) {
    throw new Error(
      "Slack HTTP mode needs SLACK_SIGNING_SECRET (or set SLACK_APP_TOKEN for Socket Mode).",
    );
  }
  if (
    (options.botToken === undefined) === (options.oauth === undefined) ||
    (options.oauth && socketMode)
  ) {
    throw new Error("Slack needs either a bot token, or OAuth settings in HTTP mode.");
  }
  const logger = boltLogger(options.logger);
  const clientOptions = {
    fetch: leanFetch,
    ...(options.apiUrl ? { slackApiUrl: options.apiUrl } : {}),
    retryConfig: options.retry ?? { retries: 5, factor: 2, minTimeout: 1000, maxTimeout: 30_000 },
  };
  const receiver = socketMode
    ? undefined
    : new HTTPReceiver({
        signingSecret: options.signingSecret!,
        endpoints: SLACK_EVENTS_PATH,
        logger,
        // Our HTTP front (http-server.ts) is the receiver's only caller and has already checked
        // the signature, more strictly (clock skew both ways); checking it twice buys nothing.
        signatureVerification: false,
      });
  const installations = options.oauth
    ? new SlackInstallations({
        ...options.oauth,
        ...(options.apiUrl ? { apiUrl: options.apiUrl } : {}),
        logger: options.logger,
      })
    : undefined;
  const app = new App({
    ...(installations
      ? {
          authorize: (source: AuthorizeSourceData<boolean>) =>
            authorizeInstalled(installations, source, options.logger),
        }
      : { token: options.botToken! }),
    logger,
    clientOptions,
    // Bolt's conversation store keeps state per conversation; we keep ours in the database, and
    // its default in-memory store costs every request (it builds an Error each time).
    convoStore: false,
    ...(receiver ? { receiver } : { socketMode: true, appToken: options.appToken! }),
  });
  const workspaces = new SlackWorkspaces(
    bot,
    installations,
    options.botToken ? { token: options.botToken, apiUrl: options.apiUrl } : undefined,
  );
  // Its own client: one quick users.info, bounded well inside Slack's 3 s (admins.ts).
  const admins = new AdminCache({ ...(options.apiUrl ? { apiUrl: options.apiUrl } : {}), logger });

  // Requests being answered now: a stop lets them finish (Socket Mode has no server to close).
  const inFlight = new InFlight();
  const home = new SlackHome({
    bot,
    client: app.client,
    workspaces,
    admins,
    style: SLACK_STYLE,
    logger: options.logger,
  });
  app.command(SLACK_COMMAND, async (args) => {
    await inFlight.track(onCommand(bot, admins, workspaces, options.logger, args));
    home.refreshSoon(args.command.team_id, args.command.user_id);
  });
  app.action(PICK_ACTION, async ({ ack }) => ack()); // ticking a checkbox only changes the form
  app.action(/^v1:/, async (args) => {
    const action = args as BlockActionArgs;
    const fromHome = action.body.view?.type === "home";
    await inFlight.track(
      fromHome
        ? onHomeAction(bot, workspaces, app.client, options.logger, action)
        : onAction(bot, workspaces, options.logger, action),
    );
    const teamId = action.body.team?.id ?? action.body.user.team_id;
    if (teamId) home.refreshSoon(teamId, action.body.user.id);
  });
  app.event("app_home_opened", async ({ event, body, context }) => {
    const team = teamOfEvent(body);
    if (event.tab !== "home" || !team) return;
    if (await workspaces.refusal(team.teamId, context.botToken)) return;
    await inFlight.track(
      home.publish(team.teamId, event.user).catch((error: unknown) => {
        options.logger.warn({ err: String(error) }, "publishing a Slack Home tab failed");
      }),
    );
  });
  // Uninstalled or revoked: forget the installation and stop posting daily questions there
  // instead of failing every day. A revocation of user tokens only leaves the bot working.
  app.event("app_uninstalled", async ({ body }) => {
    const team = teamOfEvent(body);
    if (team) await workspaces.removed(team, "Slack: app uninstalled");
  });
  app.event("tokens_revoked", async ({ body, event }) => {
    const team = teamOfEvent(body);
    const bots = (event as { tokens?: { bot?: unknown[] } }).tokens?.bot;
    if (team && (bots === undefined || bots.length > 0))
      await workspaces.removed(team, "Slack: tokens revoked");
  });
  app.error(async (error) => {
    options.logger.error({ err: String(error) }, "slack handler failed");
  });

  let server: Server | undefined;
  let socketOpen = false;
  let refreshing: NodeJS.Timeout | undefined;
  return {
    // The Web API client carries the bot token from the start: posting needs no connection.
    async startPosting() {},
    async start() {
      // One workspace: learn the token's own team, so a request for another team is refused.
      workspaces.learnHomeTeam();
      if (installations) {
        refreshing = setInterval(
          () => void workspaces.refreshTokens(options.logger),
          REFRESH_EVERY_MS,
        );
        refreshing.unref();
        void workspaces.refreshTokens(options.logger);
      }
      if (!receiver) {
        await app.start();
        socketOpen = true;
        return {};
      }
      const otherRoutes = options.otherRoutes;
      server = createSlackHttpServer({
        receiver,
        signingSecret: options.signingSecret!,
        logger: options.logger,
        otherRoutes: (req, res) =>
          (installations?.routes(req, res) ?? false) || (otherRoutes?.(req, res) ?? false),
      });
      // A port in use rejects start() with Node's EADDRINUSE error (it names the port), instead
      // of an unhandled 'error' event crashing the process.
      const listening = server;
      await new Promise<void>((resolve, reject) => {
        listening.once("error", reject);
        listening.listen(options.port ?? 3000, () => {
          listening.off("error", reject);
          resolve();
        });
      });
      return { port: (server.address() as AddressInfo).port };
    },
    async stop() {
      clearInterval(refreshing);
      home.stop();
      if (server) {
        const open = server;
        const closed = new Promise<void>((resolve) => open.close(() => resolve()));
        open.closeIdleConnections();
        // Requests in flight get a few seconds to finish; then their connections are cut.
        await inFlight.drain();
        open.closeAllConnections();
        await closed;
      } else if (socketOpen) {
        socketOpen = false;
        await inFlight.drain();
        await app.stop();
      }
    },
    name: "slack",
    style: SLACK_STYLE,
    connected: () => (server ? server.listening : socketOpen),
    poster: slackPoster(app.client, workspaces, options.logger),
    render: renderSlack,
  };
}

type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;
type BlockActionArgs = SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs;

async function onCommand(
  bot: Studybot,
  admins: AdminCache,
  workspaces: SlackWorkspaces,
  log: Logger,
  args: CommandArgs,
): Promise<void> {
  const { command, ack, context, client } = args;
  const respond = responder(command.response_url);
  const refusal = await workspaces.refusal(command.team_id, context.botToken);
  if (refusal) {
    await ack({ response_type: "ephemeral", text: refusal });
    return;
  }
  const ctx: RequestContext = {
    workspace: { platform: "slack", externalId: command.team_id, name: command.team_domain },
    user: { id: command.user_id, name: command.user_name },
    channelId: command.channel_id,
    // Asked only for an admin command, before the ack, so bounded (admins.ts): when Slack does
    // not answer in time the command does not run at all.
    isAdmin: async () => {
      try {
        return await admins.isAdmin(context.botToken, command.team_id, command.user_id);
      } catch (error) {
        log.warn({ err: String(error) }, "users.info failed: admin command refused");
        throw new UserError(
          "I couldn't check your admin rights with Slack just now; please try again.",
        );
      }
    },
    ...SLACK_STYLE,
  };
  // Acknowledged once what the request recorded is committed; if that is slow (another process
  // holds the database's write lock), Slack gets "saving" in time and the answer follows.
  const { value: views, deferred } = await beforeDeadline(
    bot.whenCommitted(bot.runText(ctx, mentionsAsIds(command.text))),
    () => ack({ response_type: "ephemeral", text: "Saving… one moment." }),
  );
  if (deferred) {
    await sendAll(views, respond, true);
    return;
  }
  const [first, ...rest] = views;
  await ack(
    first
      ? { response_type: first.ephemeral ? "ephemeral" : "in_channel", ...renderSlack(first) }
      : undefined,
  );
  await sendAll(rest, respond, false);
  // A picture (stats, the leaderboard card) follows the text: rendering is off the ack's path.
  if (first?.image) await followWithPicture(client, {}, respond, first, log);
}

/** Errors after which posting to that channel again will not help. */
const PERMANENT_ERRORS = new Set([
  "channel_not_found",
  "not_in_channel",
  "is_archived",
  "missing_scope",
  "not_authed",
  "invalid_auth",
  "account_inactive",
  "token_revoked",
  "access_denied",
  "restricted_action",
]);

/** The metadata event type on every channel post, whose payload carries the post's key. */
export const POST_METADATA_TYPE = "studybot_post";

/** The key in a message's metadata payload (the Web API types the payload as `{}`). */
function keyOf(metadata: { event_payload?: object }): unknown {
  const payload = metadata.event_payload;
  return payload && "key" in payload ? payload.key : undefined;
}

function slackPoster(
  client: App["client"],
  workspaces: SlackWorkspaces,
  log: Logger,
): ChannelPoster {
  const classify = (error: unknown): PostError =>
    error instanceof NotInstalled
      ? new PostError(error.message, true)
      : postErrorOf(error, (error as { data?: { error?: string } }).data?.error, PERMANENT_ERRORS);
  /** Runs a Web API call with the workspace's token; a revoked workspace is let go of. */
  const call = async <T>(team: string, work: (token: { token?: string }) => Promise<T>) => {
    try {
      const token = await workspaces.tokenFor(team);
      return await work(token ? { token } : {});
    } catch (error) {
      await workspaces.failed(team, error);
      throw classify(error);
    }
  };
  return {
    style: SLACK_STYLE,
    async post(team, channelId, view, key) {
      const result = await call(team, async (token) => {
        // The picture (a reveal's chart) goes in as an image block; without it, the text.
        const picture = await uploadPicture(client, token, view, log);
        const message = renderSlack(view);
        return client.chat.postMessage({
          ...token,
          channel: channelId,
          ...message,
          ...(picture ? { blocks: [...message.blocks, picture] } : {}),
          // Slack has no idempotency key; the key rides along as metadata so a resend after a
          // crash can find this message in the channel's history (see find).
          metadata: { event_type: POST_METADATA_TYPE, event_payload: { key } },
        });
      });
      return String(result.ts);
    },
    async find(team, channelId, key, since) {
      // Messages from a minute before the earlier send on (clocks differ a little); the bot
      // posts a few messages a day per channel, so one page reaches back far enough.
      const result = await call(team, (token) =>
        client.conversations.history({
          ...token,
          channel: channelId,
          oldest: String(Math.max(0, since.getTime() - 60_000) / 1000),
          limit: 200,
          include_all_metadata: true,
        }),
      );
      const found = result.messages?.find(
        (m) => m.metadata?.event_type === POST_METADATA_TYPE && keyOf(m.metadata) === key,
      );
      return found?.ts ?? null;
    },
    async postPrivate(team, channelId, user, view) {
      const result = await call(team, (token) =>
        client.chat.postEphemeral({ ...token, channel: channelId, user, ...renderSlack(view) }),
      );
      return String(result.message_ts);
    },
    async openDirect(team, user) {
      // The app's messages tab with the member: the same channel each time.
      const result = await call(team, (token) =>
        client.conversations.open({ ...token, users: user }),
      );
      return String(result.channel?.id);
    },
    async update(team, channelId, ts, view) {
      await call(team, (token) =>
        client.chat.update({ ...token, channel: channelId, ts, ...renderSlack(view) }),
      );
    },
  };
}

async function onAction(
  bot: Studybot,
  workspaces: SlackWorkspaces,
  log: Logger,
  args: BlockActionArgs,
): Promise<void> {
  const { body, action, ack, context } = args;
  const respond = responder((body as { response_url?: string }).response_url);
  const teamId = body.team?.id ?? body.user.team_id;
  if (!teamId || action.type !== "button") {
    await ack();
    return;
  }
  const refusal = await workspaces.refusal(teamId, context.botToken);
  if (refusal) {
    await ack();
    await respond({ response_type: "ephemeral", replace_original: false, text: refusal }).catch(
      () => {},
    );
    return;
  }
  const ctx: RequestContext = {
    workspace: { platform: "slack", externalId: teamId },
    user: { id: body.user.id, name: body.user.name ?? body.user.username ?? body.user.id },
    channelId: body.channel?.id ?? null,
    isAdmin: false,
    ...SLACK_STYLE,
  };
  const letters = submittedLetters(body, action.action_id);
  const { value: views, deferred } = await beforeDeadline(
    bot.whenCommitted(bot.runAction(ctx, action.action_id, letters)),
    () => ack(),
  );
  if (!deferred) await ack();
  // A private question is replaced by its feedback, so its buttons cannot be clicked again;
  // a channel post stays for everyone, and each member's feedback is private.
  const privateMessage = body.container?.is_ephemeral === true;
  try {
    await sendAll(views, respond, privateMessage && views[0]?.replacesQuestion === true);
  } catch (error) {
    log.error({ err: String(error) }, "slack respond failed");
  }
}

/**
 * A button on the Home tab ("Review now"): the Home tab has no thread to answer in, so the
 * review runs in the member's direct messages with the bot, where its questions are answered
 * as anywhere else.
 */
async function onHomeAction(
  bot: Studybot,
  workspaces: SlackWorkspaces,
  client: App["client"],
  log: Logger,
  args: BlockActionArgs,
): Promise<void> {
  const { body, action, ack, context } = args;
  await ack();
  const teamId = body.team?.id ?? body.user.team_id;
  if (!teamId || action.type !== "button" || (await workspaces.refusal(teamId, context.botToken)))
    return;
  try {
    const token = await workspaces.tokenFor(teamId);
    const auth = token ? { token } : {};
    const dm = await client.conversations.open({ ...auth, users: body.user.id });
    const channel = dm.channel?.id;
    if (!channel) throw new Error("conversations.open gave no channel");
    const views = await bot.whenCommitted(
      bot.runAction(
        {
          workspace: { platform: "slack", externalId: teamId },
          user: { id: body.user.id, name: body.user.name ?? body.user.username ?? body.user.id },
          channelId: channel,
          isAdmin: false,
          ...SLACK_STYLE,
        },
        action.action_id,
      ),
    );
    for (const view of views)
      await client.chat.postMessage({ ...auth, channel, ...renderSlack(view) });
  } catch (error) {
    log.error({ err: String(error) }, "a Slack Home button failed");
  }
}

/** The letters ticked in a Select TWO question's checkboxes, for its submit button. */
function submittedLetters(body: BlockAction, actionId: string): string | undefined {
  const action = decodeAction(actionId);
  if (action?.type !== "submit") return undefined;
  const state = body.state?.values?.[pickBlockId(action.askId)]?.[PICK_ACTION];
  const picked = state?.selected_options?.map((o) => o.value) ?? [];
  return picked.join("");
}

async function sendAll(views: View[], respond: Respond, replaceFirst: boolean): Promise<void> {
  const send = (view: View, replace: boolean) =>
    withRetries(() =>
      respond({
        response_type: view.ephemeral ? ("ephemeral" as const) : ("in_channel" as const),
        replace_original: replace,
        ...renderSlack(view),
      }),
    );
  await deliver(views, {
    first: (view) => send(view, replaceFirst),
    rest: (view) => send(view, false),
  });
}

/**
 * Slack's response_url can fail for a moment (5xx): try again a few times, backing off. The
 * answer itself is already committed; this only makes sure the member sees its feedback.
 */
async function withRetries<T>(send: () => Promise<T>, attempts = 4): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await send();
    } catch (error) {
      if (attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 * 4 ** (attempt - 1)));
    }
  }
}

/** Slack's mentions (`<@U123>`, `<@U123|name>`) as the member ids the core knows people by. */
export function mentionsAsIds(text: string): string {
  return text.replace(/<@([UW][A-Z0-9]+)(?:\|[^>]*)?>/g, "$1");
}

/** How often rotating tokens are checked for refresh (each lasts 12 hours; refreshed 2 before). */
const REFRESH_EVERY_MS = 15 * 60_000;

/**
 * Many workspaces: the installation of the request's workspace (its token refreshed first when
 * it is about to expire). A workspace without one gets no token, and the handlers refuse it
 * politely instead of Bolt answering Slack with an error nobody reads.
 */
async function authorizeInstalled(
  installations: SlackInstallations,
  source: AuthorizeSourceData<boolean>,
  log: Logger,
): Promise<AuthorizeResult> {
  try {
    return await installations.provider.authorize(source);
  } catch (error) {
    const team = source.teamId ?? source.enterpriseId;
    if (team && (await installations.installed({ teamId: team }).catch(() => false)))
      log.warn({ team, err: String(error) }, "slack authorize failed for an installed workspace");
    return { ...(source.teamId ? { teamId: source.teamId } : {}) };
  }
}

/** The team an event is for (its envelope's team_id). */
function teamOfEvent(body: unknown): SlackTeam | undefined {
  const envelope = body as { team_id?: unknown; enterprise_id?: unknown };
  if (typeof envelope.team_id !== "string") return undefined;
  return {
    teamId: envelope.team_id,
    ...(typeof envelope.enterprise_id === "string" ? { enterpriseId: envelope.enterprise_id } : {}),
  };
}

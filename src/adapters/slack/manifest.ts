import { stringify } from "yaml";
import { SLACK_EVENTS_PATH } from "./http-server.js";
import { SLACK_COMMAND } from "./slack-app.js";

/**
 * The bot scopes Studybot needs, and nothing more: the slash command, posting to channels it
 * is in or invited to, reading a user's admin flag for the admin subcommands, and reading the
 * channel's recent history (public and private) to find a post sent just before a crash, so it
 * is recorded instead of posted twice.
 */
export const SLACK_BOT_SCOPES = [
  "commands",
  "chat:write",
  "chat:write.public",
  "users:read",
  "channels:history",
  "groups:history",
];

/** A ready Slack app manifest (YAML). With a URL: HTTP mode; without one: Socket Mode. */
export function slackManifest(options: { url?: string; name?: string }): string {
  const name = options.name ?? "Studybot";
  const endpoint = options.url
    ? `${options.url.replace(/\/+$/, "")}${SLACK_EVENTS_PATH}`
    : undefined;
  const manifest = {
    display_information: {
      name,
      description: "Study together: topic lookups, quizzes, spaced repetition and leaderboards.",
      background_color: "#232f3e",
    },
    features: {
      bot_user: { display_name: name, always_online: true },
      slash_commands: [
        {
          command: SLACK_COMMAND,
          description: "Study: lookup, quiz, review, leaderboard, stats, team, setup",
          usage_hint: "help | lookup <term> | quiz [topic] [count] | review | leaderboard",
          should_escape: false,
          ...(endpoint ? { url: endpoint } : {}),
        },
      ],
    },
    oauth_config: { scopes: { bot: SLACK_BOT_SCOPES } },
    settings: {
      // Events tell us when the app is removed, so daily questions stop going to that workspace.
      event_subscriptions: {
        ...(endpoint ? { request_url: endpoint } : {}),
        bot_events: ["app_uninstalled", "tokens_revoked"],
      },
      interactivity: { is_enabled: true, ...(endpoint ? { request_url: endpoint } : {}) },
      org_deploy_enabled: false,
      socket_mode_enabled: endpoint === undefined,
      token_rotation_enabled: false,
    },
  };
  return stringify(manifest);
}

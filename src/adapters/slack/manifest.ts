import { stringify } from "yaml";
import { SLACK_EVENTS_PATH } from "./http-server.js";
import { SLACK_REDIRECT_PATH } from "./installations.js";
import { SLACK_BOT_SCOPES } from "./scopes.js";
import { SLACK_COMMAND } from "./slack-app.js";

/**
 * A ready Slack app manifest (YAML). With a URL: HTTP mode, with the OAuth redirect for "Add to
 * Slack" (many workspaces); without one: Socket Mode (one workspace). The Home tab is on.
 */
export function slackManifest(options: { url?: string; name?: string }): string {
  const name = options.name ?? "Studybot";
  const base = options.url?.replace(/\/+$/, "");
  const endpoint = base ? `${base}${SLACK_EVENTS_PATH}` : undefined;
  const manifest = {
    display_information: {
      name,
      description: "Study together: topic lookups, quizzes, spaced repetition and leaderboards.",
      background_color: "#232f3e",
    },
    features: {
      bot_user: { display_name: name, always_online: true },
      // Each member's progress, without a command; reviews started there run in the DM.
      app_home: {
        home_tab_enabled: true,
        messages_tab_enabled: true,
        messages_tab_read_only_enabled: false,
      },
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
    oauth_config: {
      ...(base ? { redirect_urls: [`${base}${SLACK_REDIRECT_PATH}`] } : {}),
      scopes: { bot: SLACK_BOT_SCOPES },
    },
    settings: {
      // Events tell us when the app is removed, so daily questions stop going to that
      // workspace, and when a member opens the Home tab, so it shows their progress.
      event_subscriptions: {
        ...(endpoint ? { request_url: endpoint } : {}),
        bot_events: ["app_home_opened", "app_uninstalled", "tokens_revoked"],
      },
      interactivity: { is_enabled: true, ...(endpoint ? { request_url: endpoint } : {}) },
      org_deploy_enabled: false,
      socket_mode_enabled: endpoint === undefined,
      token_rotation_enabled: false,
    },
  };
  return stringify(manifest);
}

/**
 * Checks `--url` for the manifest: the public https address Slack will call (a host, no path
 * beyond a prefix, no query). Returns the reason it cannot be used, or null.
 */
export function manifestUrlProblem(url: unknown): string | null {
  if (typeof url !== "string" || url.trim() === "")
    return "--url needs a value: the bot's public https address, e.g. --url https://studybot.example.com";
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `--url "${url}" is not a URL: give the bot's public https address, e.g. https://studybot.example.com`;
  }
  if (parsed.protocol !== "https:")
    return `--url must be https (Slack calls only https addresses); "${url}" is not.`;
  if (!parsed.hostname) return `--url "${url}" has no host.`;
  if (parsed.search || parsed.hash) return `--url "${url}" must not have a query or a fragment.`;
  return null;
}

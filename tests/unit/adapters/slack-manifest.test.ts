import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { manifestUrlProblem, slackManifest } from "../../../src/adapters/slack/manifest.js";

describe("the Slack app manifest", () => {
  it("points the command, interactivity and events at /slack/events in HTTP mode", () => {
    const manifest = parse(slackManifest({ url: "https://bot.example.com/" }));
    const url = "https://bot.example.com/slack/events";
    expect(manifest.features.slash_commands[0]).toMatchObject({ command: "/study", url });
    expect(manifest.settings.interactivity).toEqual({ is_enabled: true, request_url: url });
    expect(manifest.settings.event_subscriptions.request_url).toBe(url);
    expect(manifest.settings.socket_mode_enabled).toBe(false);
    // Written out: what the bot needs (commands, posting, posting where not invited, admin check).
    expect(manifest.oauth_config.scopes.bot).toEqual([
      "commands",
      "chat:write",
      "chat:write.public",
      "users:read",
      "channels:history",
      "groups:history",
      "im:write",
      "files:write",
    ]);
    expect(manifest.oauth_config.redirect_urls).toEqual([
      "https://bot.example.com/slack/oauth_redirect",
    ]);
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
    expect(manifest.settings.event_subscriptions.bot_events).toEqual([
      "app_home_opened",
      "app_uninstalled",
      "tokens_revoked",
    ]);
  });

  it.each([
    [true, "--url needs a value"],
    ["", "--url needs a value"],
    ["bot.example.com", "is not a URL"],
    ["http://bot.example.com", "must be https"],
    ["https://bot.example.com/?x=1", "must not have a query"],
  ])("refuses --url %o", (url, reason) => {
    expect(manifestUrlProblem(url)).toContain(reason);
  });

  it("takes an https address with a path prefix", () => {
    expect(manifestUrlProblem("https://example.com/studybot")).toBeNull();
    const manifest = parse(slackManifest({ url: "https://example.com/studybot" }));
    expect(manifest.oauth_config.redirect_urls).toEqual([
      "https://example.com/studybot/slack/oauth_redirect",
    ]);
  });

  it("turns on Socket Mode without a URL", () => {
    const manifest = parse(slackManifest({}));
    expect(manifest.settings.socket_mode_enabled).toBe(true);
    expect(manifest.features.slash_commands[0].url).toBeUndefined();
    expect(manifest.settings.interactivity).toEqual({ is_enabled: true });
  });
});

import type { AddressInfo } from "node:net";
import { App, type Installation, type InstallationStore, webApi } from "@slack/bolt";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { boltLogger } from "../../../src/adapters/slack/bolt-logger.js";
import { verifySlackSignature } from "../../../src/adapters/slack/verify.js";
import { silentLogger } from "../../../src/core/logger.js";
import { completeSlackInstall, FakeSlack, signedEvent } from "../../helpers/fake-slack.js";

const SECRET = "test-signing-secret";

/** The real Web API client against the fake, failing at once instead of retrying for minutes. */
function clientOf(fake: FakeSlack, token?: string, headers: Record<string, string> = {}) {
  return new webApi.WebClient(token, {
    slackApiUrl: fake.apiUrl,
    retryConfig: { retries: 0 },
    headers,
  });
}

/** What a rejected Web API call said, as the WebClient throws it. */
async function slackError(call: Promise<unknown>): Promise<string | undefined> {
  try {
    await call;
    return undefined;
  } catch (error) {
    const data = (error as { data?: { error?: string } }).data;
    return data?.error ?? String(error);
  }
}

describe("the fake Slack in single-workspace mode (the default)", () => {
  let fake: FakeSlack;
  beforeEach(async () => {
    fake = await new FakeSlack().start();
  });
  afterEach(async () => {
    await fake.stop();
  });

  it("answers any token as team T1, and records the token with no team", async () => {
    const client = clientOf(fake, "xoxb-anything");
    const me = await client.auth.test();
    expect(me).toMatchObject({ ok: true, team_id: "T1", team: "Test", user_id: "UBOT" });
    expect(me.bot_id).toBe("BBOT");
    await client.chat.postMessage({ channel: "C1", text: "hello" });
    expect(fake.messagesIn("C1").map((m) => m.text)).toEqual(["hello"]);
    expect(fake.callsOf("chat.postMessage")[0]).toMatchObject({ token: "xoxb-anything" });
    expect(fake.callsOf("chat.postMessage")[0]!.team).toBeUndefined();
    expect(fake.multiWorkspace).toBe(false);
  });

  it("takes the token from a form field too, and still answers a call without one", async () => {
    const client = clientOf(fake);
    await client.users.info({ token: "xoxb-field", user: "U1" });
    await client.chat.postMessage({ channel: "C1", text: "no token" });
    expect(fake.calls.map((c) => c.token)).toEqual(["xoxb-field", undefined]);
  });

  it("attributes a token it minted to its team without turning strict", async () => {
    const token = fake.mintToken("T1");
    await clientOf(fake, token).chat.postMessage({ channel: "C1", text: "mine" });
    expect(fake.callsOf("chat.postMessage")[0]).toMatchObject({ token, team: "T1" });
    expect(fake.messagesIn("C1", "T1")).toHaveLength(1);
  });
});

describe("the fake Slack with many workspaces", () => {
  let fake: FakeSlack;
  let clock: number;
  beforeEach(async () => {
    clock = Date.parse("2026-12-01T09:00:00Z");
    fake = await new FakeSlack({ now: () => clock }).start();
    fake.addWorkspace({ id: "T1", name: "Alpha", botUserId: "UALPHA" });
    fake.addWorkspace({ id: "T2", name: "Beta", enterprise: { id: "E1", name: "Org" } });
  });
  afterEach(async () => {
    await fake.stop();
  });

  it("answers auth.test for each token's own workspace", async () => {
    const alpha = await clientOf(fake, fake.mintToken("T1")).auth.test();
    const beta = await clientOf(fake, fake.mintToken("T2")).auth.test();
    expect(alpha).toMatchObject({
      ok: true,
      url: "https://alpha.slack.com/",
      team: "Alpha",
      team_id: "T1",
      user_id: "UALPHA",
      bot_id: "BT1",
      is_enterprise_install: false,
    });
    expect(beta).toMatchObject({ team: "Beta", team_id: "T2", user_id: "UT2BOT", bot_id: "BT2" });
    expect(beta.enterprise_id).toBe("E1");
    expect(fake.callsOf("auth.test").map((c) => c.team)).toEqual(["T1", "T2"]);
  });

  it("refuses an unknown token and a missing one, as Slack does", async () => {
    expect(fake.multiWorkspace).toBe(true);
    expect(await slackError(clientOf(fake, "xoxb-stranger").auth.test())).toBe("invalid_auth");
    expect(await slackError(clientOf(fake).chat.postMessage({ channel: "C1", text: "x" }))).toBe(
      "not_authed",
    );
    expect(fake.calls.map((c) => c.error)).toEqual(["invalid_auth", "not_authed"]);
    expect(fake.messagesIn("C1")).toEqual([]);
  });

  it("can be strict from the start, before any workspace is registered", async () => {
    const strict = await new FakeSlack({ multiWorkspace: true }).start();
    try {
      expect(await slackError(clientOf(strict, "xoxb-any").auth.test())).toBe("invalid_auth");
    } finally {
      await strict.stop();
    }
  });

  it("keeps each workspace's channels apart, even with the same channel id", async () => {
    const alpha = clientOf(fake, fake.mintToken("T1"));
    const beta = clientOf(fake, fake.mintToken("T2"));
    await alpha.chat.postMessage({ channel: "C1", text: "for alpha" });
    await beta.chat.postMessage({ channel: "C1", text: "for beta" });
    expect(fake.messagesIn("C1", "T1").map((m) => [m.text, m.bot_id])).toEqual([
      ["for alpha", "BT1"],
    ]);
    expect(fake.messagesIn("C1", "T2").map((m) => m.text)).toEqual(["for beta"]);
    const history = await beta.conversations.history({ channel: "C1" });
    expect(history.messages?.map((m) => m.text)).toEqual(["for beta"]);
  });

  describe("oauth.v2.access", () => {
    it("exchanges a code once for a bot token that never expires", async () => {
      const code = fake.authorizationCode("T2", { scopes: ["commands", "chat:write"] });
      const noToken = clientOf(fake);
      const answer = await noToken.oauth.v2.access({
        client_id: fake.clientId,
        client_secret: fake.clientSecret,
        code,
      });
      expect(answer).toMatchObject({
        ok: true,
        app_id: "A1",
        authed_user: { id: "UINSTALLER" },
        scope: "commands,chat:write",
        token_type: "bot",
        bot_user_id: "UT2BOT",
        team: { id: "T2", name: "Beta" },
        enterprise: { id: "E1", name: "Org" },
        is_enterprise_install: false,
      });
      expect(answer.access_token).toMatch(/^xoxb-/);
      expect(answer.refresh_token).toBeUndefined();
      expect(answer.expires_in).toBeUndefined();
      clock += 365 * 24 * 3600 * 1000;
      expect((await clientOf(fake, answer.access_token).auth.test()).team_id).toBe("T2");

      const again = noToken.oauth.v2.access({
        client_id: fake.clientId,
        client_secret: fake.clientSecret,
        code,
      });
      expect(await slackError(again)).toBe("invalid_code");
    });

    it("checks the app's credentials, from fields or HTTP Basic", async () => {
      const code = fake.authorizationCode("T1");
      const noToken = clientOf(fake);
      const wrongId = noToken.oauth.v2.access({ client_id: "9", client_secret: "x", code });
      expect(await slackError(wrongId)).toBe("invalid_client_id");
      const wrongSecret = noToken.oauth.v2.access({
        client_id: fake.clientId,
        client_secret: "nope",
        code,
      });
      expect(await slackError(wrongSecret)).toBe("bad_client_secret");
      const basic = `Basic ${Buffer.from(`${fake.clientId}:${fake.clientSecret}`).toString("base64")}`;
      // The WebClient's typed method wants the credentials as fields; Slack prefers Basic.
      const answer = await clientOf(fake, undefined, { Authorization: basic }).apiCall(
        "oauth.v2.access",
        { code },
      );
      expect(answer).toMatchObject({ ok: true, team: { id: "T1" } });
    });

    it("refuses an unknown code, an expired one, and a redirect_uri that does not match", async () => {
      const credentials = { client_id: fake.clientId, client_secret: fake.clientSecret };
      const noToken = clientOf(fake);
      expect(await slackError(noToken.oauth.v2.access({ ...credentials, code: "made-up" }))).toBe(
        "invalid_code",
      );
      const late = fake.authorizationCode("T1");
      clock += 11 * 60 * 1000;
      expect(await slackError(noToken.oauth.v2.access({ ...credentials, code: late }))).toBe(
        "invalid_code",
      );
      const code = fake.authorizationCode("T1", { redirectUri: "https://bot.example/redirect" });
      const elsewhere = noToken.oauth.v2.access({
        ...credentials,
        code,
        redirect_uri: "https://evil.example/redirect",
      });
      expect(await slackError(elsewhere)).toBe("bad_redirect_uri");
      const grant = noToken.apiCall("oauth.v2.access", { ...credentials, grant_type: "password" });
      expect(await slackError(grant)).toBe("invalid_grant_type");
    });

    it("with rotation, gives expiring tokens that refresh into new ones", async () => {
      const credentials = { client_id: fake.clientId, client_secret: fake.clientSecret };
      const noToken = clientOf(fake);
      const code = fake.authorizationCode("T1", { rotation: true });
      const first = await noToken.oauth.v2.access({ ...credentials, code });
      expect(first.access_token).toMatch(/^xoxe\.xoxb-/);
      expect(first.refresh_token).toMatch(/^xoxe-1-/);
      expect(first.expires_in).toBe(43_200);
      expect((await clientOf(fake, first.access_token).auth.test()).expires_in).toBe(43_200);

      clock += 60_000;
      const second = await noToken.oauth.v2.access({
        ...credentials,
        grant_type: "refresh_token",
        refresh_token: first.refresh_token!,
      });
      expect(second).toMatchObject({ ok: true, token_type: "bot", expires_in: 43_200 });
      expect(second.access_token).not.toBe(first.access_token);
      expect(second.refresh_token).not.toBe(first.refresh_token);
      expect(fake.refreshesOf("T1")).toBe(1);
      expect(fake.refreshesOf("T2")).toBe(0);

      // The old refresh token is spent; the old access token lives out its own 12 hours.
      const reused = noToken.oauth.v2.access({
        ...credentials,
        grant_type: "refresh_token",
        refresh_token: first.refresh_token!,
      });
      expect(await slackError(reused)).toBe("invalid_refresh_token");
      expect((await clientOf(fake, first.access_token).auth.test()).ok).toBe(true);
      clock += 43_200 * 1000 - 60_000;
      expect(await slackError(clientOf(fake, first.access_token).auth.test())).toBe(
        "token_expired",
      );
      expect((await clientOf(fake, second.access_token).auth.test()).team_id).toBe("T1");
      // A refresh token is no API token.
      expect(await slackError(clientOf(fake, second.refresh_token).auth.test())).toBe(
        "invalid_auth",
      );
    });

    it("takes a short lifetime for a test that wants tokens to expire soon", async () => {
      const code = fake.authorizationCode("T2", { rotation: true, expiresIn: 120 });
      const answer = await clientOf(fake).oauth.v2.access({
        client_id: fake.clientId,
        client_secret: fake.clientSecret,
        code,
      });
      expect(answer.expires_in).toBe(120);
      clock += 120_000;
      expect(await slackError(clientOf(fake, answer.access_token).auth.test())).toBe(
        "token_expired",
      );
    });
  });

  describe("uninstalling", () => {
    it("revokes one workspace's tokens, and a new install works again", async () => {
      const credentials = { client_id: fake.clientId, client_secret: fake.clientSecret };
      const code = fake.authorizationCode("T1", { rotation: true });
      const grant = await clientOf(fake).oauth.v2.access({ ...credentials, code });
      const beta = fake.mintToken("T2");
      fake.revoke("T1");
      expect(await slackError(clientOf(fake, grant.access_token).auth.test())).toBe(
        "token_revoked",
      );
      const refresh = clientOf(fake).oauth.v2.access({
        ...credentials,
        grant_type: "refresh_token",
        refresh_token: grant.refresh_token!,
      });
      expect(await slackError(refresh)).toBe("invalid_refresh_token");
      expect((await clientOf(fake, beta).auth.test()).ok).toBe(true);

      const reinstall = fake.authorizationCode("T1");
      const fresh = await clientOf(fake).oauth.v2.access({ ...credentials, code: reinstall });
      expect((await clientOf(fake, fresh.access_token).auth.test()).team_id).toBe("T1");
    });

    it("builds the signed events Slack sends about it", () => {
      const [revoked, uninstalled] = fake.uninstall("T2");
      expect(revoked).toMatchObject({
        type: "event_callback",
        team_id: "T2",
        enterprise_id: "E1",
        api_app_id: "A1",
        event: { type: "tokens_revoked", tokens: { bot: ["UT2BOT"] } },
        authorizations: [{ team_id: "T2", user_id: "UT2BOT", is_bot: true }],
      });
      expect(uninstalled).toMatchObject({ team_id: "T2", event: { type: "app_uninstalled" } });
      expect(revoked!.event_id).not.toBe(uninstalled!.event_id);

      const { body, headers } = signedEvent(SECRET, uninstalled);
      expect(JSON.parse(body)).toEqual(uninstalled);
      expect(headers["content-type"]).toBe("application/json");
      const verdict = verifySlackSignature({
        signingSecret: SECRET,
        timestamp: headers["x-slack-request-timestamp"],
        signature: headers["x-slack-signature"],
        body,
        nowSeconds: Math.floor(Date.now() / 1000),
      });
      expect(verdict).toEqual({ ok: true });
    });
  });

  describe("views.publish", () => {
    const home = (blocks: number) => ({
      type: "home" as const,
      blocks: Array.from({ length: blocks }, (_, i) => ({
        type: "section",
        text: { type: "mrkdwn", text: `block ${i}` },
      })),
    });

    it("keeps the last Home view per workspace and user", async () => {
      const alpha = clientOf(fake, fake.mintToken("T1"));
      const beta = clientOf(fake, fake.mintToken("T2"));
      await alpha.views.publish({ user_id: "U1", view: home(1) });
      const second = await alpha.views.publish({ user_id: "U1", view: home(2) });
      await beta.views.publish({ user_id: "U1", view: home(3) });
      expect(second.view).toMatchObject({ type: "home", team_id: "T1", app_id: "A1" });
      expect(fake.homeOf("T1", "U1")?.blocks).toHaveLength(2);
      expect(fake.homeOf("T2", "U1")?.blocks).toHaveLength(3);
      expect(fake.homeOf("T1", "U2")).toBeUndefined();
      expect(fake.callsOf("views.publish").map((c) => [c.team, c.args.user_id])).toEqual([
        ["T1", "U1"],
        ["T1", "U1"],
        ["T2", "U1"],
      ]);
      const opened = fake.appHomeOpenedEvent("T1", "U1");
      expect(opened.event).toMatchObject({ type: "app_home_opened", user: "U1", tab: "home" });
      expect(opened.event.view).toEqual(fake.homeOf("T1", "U1"));
    });

    it("refuses a view that is no home view, more than 100 blocks, and a stale hash", async () => {
      const client = clientOf(fake, fake.mintToken("T1"));
      const modal = {
        type: "modal" as const,
        title: { type: "plain_text" as const, text: "x" },
        blocks: [],
      };
      expect(await slackError(client.views.publish({ user_id: "U1", view: modal }))).toBe(
        "invalid_arguments",
      );
      expect(await slackError(client.views.publish({ user_id: "U1", view: home(101) }))).toBe(
        "invalid_arguments",
      );
      const first = await client.views.publish({ user_id: "U1", view: home(100) });
      await client.views.publish({ user_id: "U1", view: home(1) });
      const stale = client.views.publish({ user_id: "U1", view: home(2), hash: first.view!.hash! });
      expect(await slackError(stale)).toBe("hash_conflict");
      expect(fake.homeOf("T1", "U1")?.blocks).toHaveLength(1);
    });
  });
});

/** An installation store in memory that hands out copies, as a database would. */
class MemoryStore implements InstallationStore {
  readonly installations = new Map<string, Installation>();
  async storeInstallation(installation: Installation): Promise<void> {
    this.installations.set(installation.team!.id, structuredClone(installation));
  }
  async fetchInstallation(query: { teamId?: string }): Promise<Installation> {
    const found = query.teamId ? this.installations.get(query.teamId) : undefined;
    if (!found) throw new Error(`no installation for ${query.teamId}`);
    return structuredClone(found);
  }
  async deleteInstallation(query: { teamId?: string }): Promise<void> {
    if (query.teamId) this.installations.delete(query.teamId);
  }
}

describe("completeSlackInstall against Bolt's OAuth", () => {
  let fake: FakeSlack;
  let store: MemoryStore;
  let app: App;
  let base: string;
  let port: number;

  async function startApp(directInstall: boolean): Promise<void> {
    store = new MemoryStore();
    app = new App({
      signingSecret: SECRET,
      clientId: fake.clientId,
      clientSecret: fake.clientSecret,
      stateSecret: "state-secret",
      scopes: ["commands", "chat:write"],
      installationStore: store,
      installerOptions: { directInstall },
      clientOptions: { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } },
      logger: boltLogger(silentLogger),
    });
    app.event("app_home_opened", async ({ event, client }) => {
      await client.views.publish({
        user_id: event.user,
        view: { type: "home", blocks: [{ type: "section", text: { type: "mrkdwn", text: "hi" } }] },
      });
    });
    app.event("tokens_revoked", async ({ body }) => {
      await store.deleteInstallation({ teamId: body.team_id });
    });
    const server = await app.start(0);
    port = (server.address() as AddressInfo).port;
    base = `http://127.0.0.1:${port}`;
  }

  beforeEach(async () => {
    fake = await new FakeSlack().start();
    fake.addWorkspace({ id: "T2", name: "Beta" });
  });
  afterEach(async () => {
    await app.stop();
    await fake.stop();
  });

  it.each([
    ["an Add to Slack page", false],
    ["a redirect to slack.com", true],
  ])("installs through %s, with the state cookie", async (_, directInstall) => {
    await startApp(directInstall);
    const result = await completeSlackInstall(base, fake.authorizationCode("T2"));
    expect(result.status).toBe(200);
    expect(result.body).toContain("Thank you!");
    expect(result.authorizeUrl.origin + result.authorizeUrl.pathname).toBe(
      "https://slack.com/oauth/v2/authorize",
    );
    expect(result.authorizeUrl.searchParams.get("client_id")).toBe(fake.clientId);
    expect(result.authorizeUrl.searchParams.get("scope")).toBe("commands,chat:write");
    expect(result.cookie).toMatch(/^slack-app-oauth-state=/);

    const exchange = fake.callsOf("oauth.v2.access")[0]!;
    expect(exchange.args).toMatchObject({
      client_id: fake.clientId,
      client_secret: fake.clientSecret,
    });
    expect(exchange.args.redirect_uri).toBeUndefined();
    expect(fake.callsOf("auth.test")[0]!.team).toBe("T2"); // Bolt asks for the bot id
    const installation = store.installations.get("T2")!;
    expect(installation.bot).toMatchObject({ userId: "UT2BOT", id: "BT2" });
    expect(installation.bot?.token).toMatch(/^xoxb-T2-/);
    expect(installation.bot?.refreshToken).toBeUndefined();
  });

  it("fails the install on a spent code, and without the state cookie", async () => {
    await startApp(false);
    const code = fake.authorizationCode("T2");
    expect((await completeSlackInstall(base, code)).status).toBe(200);
    const again = await completeSlackInstall(base, code);
    expect(again.status).toBe(500);
    expect(fake.callsOf("oauth.v2.access").map((c) => c.error)).toEqual([
      undefined,
      "invalid_code",
    ]);

    const noCookie = await fetch(`${base}/slack/oauth_redirect?code=x&state=y`);
    expect(noCookie.status).toBe(400);
  });

  it("refreshes a rotating token that expires within two hours before the next event", async () => {
    await startApp(false);
    const code = fake.authorizationCode("T2", { rotation: true, expiresIn: 3600 });
    expect((await completeSlackInstall(base, code)).status).toBe(200);
    const installed = store.installations.get("T2")!.bot!;
    expect(installed.token).toMatch(/^xoxe\.xoxb-/);
    expect(installed.refreshToken).toMatch(/^xoxe-1-/);

    const { body, headers } = signedEvent(SECRET, fake.appHomeOpenedEvent("T2", "U7"));
    const response = await fetch(`${base}/slack/events`, { method: "POST", body, headers });
    expect(response.status).toBe(200);
    await fake.until(() => fake.homeOf("T2", "U7") !== undefined);

    expect(fake.refreshesOf("T2")).toBe(1);
    const refreshed = store.installations.get("T2")!.bot!;
    expect(refreshed.token).not.toBe(installed.token);
    expect(refreshed.refreshToken).not.toBe(installed.refreshToken);
    const publish = fake.callsOf("views.publish")[0]!;
    expect(publish).toMatchObject({ token: refreshed.token, team: "T2" });
    expect(publish.args.team_id).toBe("T2"); // Bolt's per-team client adds it to every call
    const refresh = fake.callsOf("oauth.v2.access")[1]!;
    expect(refresh.args).toMatchObject({
      grant_type: "refresh_token",
      refresh_token: installed.refreshToken,
    });
  });

  it("delivers the uninstall events to the app's listeners", async () => {
    await startApp(false);
    expect((await completeSlackInstall(base, fake.authorizationCode("T2"))).status).toBe(200);
    for (const envelope of fake.uninstall("T2")) {
      const { body, headers } = signedEvent(SECRET, envelope);
      expect((await fetch(`${base}/slack/events`, { method: "POST", body, headers })).status).toBe(
        200,
      );
    }
    await fake.until(() => !store.installations.has("T2"));
    const token = fake.callsOf("auth.test")[0]!.token!;
    expect(await slackError(clientOf(fake, token).auth.test())).toBe("token_revoked");
  });
});

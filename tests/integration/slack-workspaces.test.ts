import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SlackInstallations } from "../../src/adapters/slack/installations.js";
import { createSlackAdapter, type SlackAdapter } from "../../src/adapters/slack/slack-app.js";
import { silentLogger } from "../../src/core/logger.js";
import { eventually, type Harness, makeHarness, STORE_KINDS } from "../helpers/bot.js";
import { completeSlackInstall, FakeSlack, sendSigned, signedEvent } from "../helpers/fake-slack.js";
import { makeScheduler } from "../helpers/scheduler.js";
import { SlackTestbed, slashCommandForm } from "../helpers/slack-testbed.js";

/**
 * Slack for many workspaces (issue 16): the real Bolt in OAuth mode against the fake Slack, two
 * workspaces installed side by side through "Add to Slack", each with its own token. Nothing
 * crosses: each workspace's calls carry its own token, and neither sees the other's members,
 * teams, schedules or leaderboards. On SQLite and on PostgreSQL.
 */

const SECRET = "signing-secret";
const STATE_SECRET = "state-secret";
const RETRY = { retries: 2, minTimeout: 10, maxTimeout: 50 };

type Message = { text?: string; blocks?: { text?: { text: string } }[] };
/** Every text of a published Home view's blocks, sections and fields. */
function homeText(view: unknown): string {
  const blocks = (view as { blocks?: { text?: { text: string }; fields?: { text: string }[] }[] })
    .blocks;
  return (blocks ?? [])
    .flatMap((b) => [b.text?.text, ...(b.fields ?? []).map((f) => f.text)])
    .filter(Boolean)
    .join("\n");
}

const textOf = (m: Message) =>
  [m.text, ...(m.blocks ?? []).map((b) => b.text?.text)].filter(Boolean).join("\n");

describe.each(STORE_KINDS)("Slack for many workspaces, on %s", (store) => {
  let fake: FakeSlack;
  let harness: Harness;
  let adapter: SlackAdapter;
  let port: number;
  let responses = 0;

  beforeEach(async () => {
    fake = await new FakeSlack({ multiWorkspace: true }).start();
    fake.addWorkspace({ id: "TALPHA", name: "Alpha" });
    fake.addWorkspace({ id: "TBETA", name: "Beta" });
    fake.admins.add("UA1");
    fake.admins.add("UB1");
    harness = await makeHarness({ store, now: "2026-12-01T08:00:00Z" });
    adapter = createSlackAdapter(harness.bot, {
      oauth: {
        clientId: fake.clientId,
        clientSecret: fake.clientSecret,
        stateSecret: STATE_SECRET,
        installations: harness.installations,
      },
      signingSecret: SECRET,
      apiUrl: fake.apiUrl,
      port: 0,
      retry: RETRY,
      logger: silentLogger,
    });
    port = (await adapter.start()).port!;
  });
  afterEach(async () => {
    await adapter.stop();
    await fake.stop();
    await harness.close();
  });

  const base = () => `http://127.0.0.1:${port}`;

  async function install(team: string, options: { rotation?: boolean; expiresIn?: number } = {}) {
    return completeSlackInstall(base(), fake.authorizationCode(team, options));
  }

  /** `/study <text>` from a user of a team, as Slack sends it; the reply Slack would show. */
  async function command(team: string, user: string, text: string, channel = "C1") {
    const id = `r${++responses}`;
    const result = await sendSigned(port, SECRET, {
      token: "legacy",
      team_id: team,
      team_domain: team.toLowerCase(),
      channel_id: channel,
      channel_name: "general",
      user_id: user,
      user_name: user.toLowerCase(),
      command: "/study",
      text,
      api_app_id: "A1",
      response_url: fake.responseUrl(id),
      trigger_id: "trigger",
    });
    expect(result.status).toBe(200);
    const ack = result.body ? (JSON.parse(result.body) as Message) : {};
    // What the member sees: the acknowledgement, then what follows through response_url.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const followUps = fake.responses.filter((r) => r.id === id).map((r) => r.body as Message);
    return { ...ack, text: [ack, ...followUps].map(textOf).join("\n") } as Message;
  }

  const tokenOf = async (team: string) =>
    (await harness.installations.getInstallation("slack", team))?.botToken;

  it("installs through Add to Slack, keeps each installation in the database, and says so in the browser", async () => {
    const page = await fetch(`${base()}/slack/install`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("slack.com/oauth/v2/authorize");
    const result = await install("TALPHA");
    expect(result.status).toBe(200);
    expect(result.body).toContain("Studybot is installed in Alpha");
    expect(result.authorizeUrl.searchParams.get("scope")).toContain("commands");
    const alpha = await harness.installations.getInstallation("slack", "TALPHA");
    expect(alpha?.botToken).toMatch(/^xoxb-/);
    expect(await harness.installations.getInstallation("slack", "TBETA")).toBeNull();
    // A code Slack never issued: a friendly page, and nothing stored.
    const forged = await completeSlackInstall(base(), "not-a-code");
    expect(forged.status).toBe(400);
    expect(forged.body).toContain("Studybot was not installed");
  });

  it("runs each workspace on its own token, and neither sees the other's data", async () => {
    await install("TALPHA");
    await install("TBETA");
    const alphaToken = await tokenOf("TALPHA");
    const betaToken = await tokenOf("TBETA");
    expect(alphaToken).not.toBe(betaToken);

    // A quiz answered in each.
    for (const [team, user] of [
      ["TALPHA", "UA2"],
      ["TBETA", "UB2"],
    ] as const) {
      const quiz = await command(team, user, "quiz 1");
      expect(textOf(quiz)).toMatch(/A\./);
    }
    // Admin commands ask users.info with the workspace's own token.
    await command("TALPHA", "UA1", "setup 09:00 UTC");
    await command("TBETA", "UB1", "team join owls");
    await command("TBETA", "UB1", "setup 10:00 UTC");
    const infoCalls = fake.callsOf("users.info");
    expect(infoCalls.length).toBeGreaterThan(0);
    for (const call of infoCalls) {
      expect(call.token).toBe(call.args.user === "UA1" ? alphaToken : betaToken);
    }
    // Members, teams, schedules and boards stay in their workspace.
    const alphaTeams = textOf(await command("TALPHA", "UA1", "team list"));
    expect(alphaTeams).not.toContain("owls");
    expect(textOf(await command("TBETA", "UB2", "team list"))).toContain("owls");
    expect(textOf(await command("TALPHA", "UA1", "stats ub2"))).toContain("no stats");
    const workspaces = await harness.column(
      "SELECT external_id FROM workspaces ORDER BY external_id",
    );
    expect(workspaces).toEqual(["TALPHA", "TBETA"]);
    // Every Web API call carried a token, and the token of the workspace it was for.
    for (const call of fake.calls.filter((c) => c.method !== "oauth.v2.access"))
      expect(call.team, `${call.method} with a token of neither workspace`).toBeDefined();
  });

  it("posts each workspace's daily question with its own token", async () => {
    await install("TALPHA");
    await install("TBETA");
    await command("TALPHA", "UA1", "setup 09:00 UTC");
    await command("TBETA", "UB1", "setup 09:00 UTC");
    harness.clock.set("2026-12-01T09:00:30Z");
    const { scheduler } = makeScheduler(harness, adapter.poster, "test", { platform: "slack" });
    await scheduler.tick();
    await scheduler.stop();
    const posts = fake.callsOf("chat.postMessage");
    expect(posts.map((p) => p.team).sort()).toEqual(["TALPHA", "TBETA"]);
    for (const post of posts) expect(post.token).toBe(await tokenOf(post.team!));
    expect(fake.messagesIn("C1", "TALPHA")).toHaveLength(1);
    expect(fake.messagesIn("C1", "TBETA")).toHaveLength(1);
  });

  it("publishes each member's App Home with their workspace's token, and refreshes it after an answer", async () => {
    await install("TALPHA");
    fake.userNames.set("UA2", "Ann");
    const opened = signedEvent(SECRET, fake.appHomeOpenedEvent("TALPHA", "UA2"));
    const response = await fetch(`${base()}/slack/events`, { method: "POST", ...opened });
    expect(response.status).toBe(200);
    await fake.until(() => fake.homeOf("TALPHA", "UA2") !== undefined);
    const publish = fake.callsOf("views.publish")[0]!;
    expect(publish.token).toBe(await tokenOf("TALPHA"));
    const home = JSON.stringify(fake.homeOf("TALPHA", "UA2"));
    expect(home).toContain("Your study, Ann");
    expect(homeText(fake.homeOf("TALPHA", "UA2"))).toContain("*Answered*\n0");

    const quiz = await command("TALPHA", "UA2", "quiz 1");
    const letter = /\*([A-H])\.\*/.exec(textOf(quiz))![1]!;
    await command("TALPHA", "UA2", letter);
    await eventually(async () => fake.callsOf("views.publish").length >= 2);
    expect(homeText(fake.homeOf("TALPHA", "UA2"))).toContain("*Answered*\n1");
  });

  it("publishes the Home tab in each workspace on its own token, and runs Review now in the member's DM", async () => {
    await install("TALPHA");
    await install("TBETA");
    for (const [team, user] of [
      ["TALPHA", "UA2"],
      ["TBETA", "UB2"],
    ] as const) {
      const opened = signedEvent(SECRET, fake.appHomeOpenedEvent(team, user));
      await fetch(`${base()}/slack/events`, { method: "POST", ...opened });
      await fake.until(() => fake.homeOf(team, user) !== undefined);
    }
    for (const call of fake.callsOf("views.publish"))
      expect(call.token).toBe(await tokenOf(call.team!));
    // The Home tab's button: the questions come to the member's direct messages.
    const button = /"action_id":"(v1:c:review[^"]*)"/.exec(
      JSON.stringify(fake.homeOf("TBETA", "UB2")),
    )![1]!;
    const click = {
      type: "block_actions",
      user: { id: "UB2", username: "ub2", name: "ub2", team_id: "TBETA" },
      team: { id: "TBETA", domain: "beta" },
      api_app_id: "A1",
      container: { type: "view", view_id: "V1" },
      view: { id: "V1", type: "home" },
      trigger_id: "trigger",
      actions: [{ type: "button", action_id: button, block_id: "b", value: "x", action_ts: "1" }],
    };
    expect((await sendSigned(port, SECRET, { payload: JSON.stringify(click) })).status).toBe(200);
    // The review's heading and its first question are two messages: wait for the question
    // (under load the heading can arrive alone first).
    const dm = () => fake.messagesIn("DUB2", "TBETA").map((m) => JSON.stringify(m.blocks));
    await fake.until(() => dm().some((blocks) => /A\./.test(blocks)));
    expect(dm().join("\n")).toMatch(/A\./);
    expect(fake.messagesIn("DUB2", "TALPHA")).toEqual([]);
  });

  it("refreshes rotating tokens that are close to expiring on its own, and lets go of a revoked one", async () => {
    await install("TALPHA", { rotation: true, expiresIn: 3600 });
    await install("TBETA", { rotation: true, expiresIn: 3600 });
    const installations = new SlackInstallations({
      clientId: fake.clientId,
      clientSecret: fake.clientSecret,
      stateSecret: STATE_SECRET,
      installations: harness.installations,
      apiUrl: fake.apiUrl,
      logger: silentLogger,
    });
    const before = await tokenOf("TALPHA");
    fake.revoke("TBETA");
    const refused = await installations.refreshExpiring(new Date());
    expect(refused).toEqual([{ teamId: "TBETA" }]);
    expect(fake.refreshesOf("TALPHA")).toBe(1);
    expect(await tokenOf("TALPHA")).not.toBe(before);
  });

  it("refuses a workspace that has not installed it, politely, without a token", async () => {
    await install("TALPHA");
    const reply = await command("TBETA", "UB2", "quiz");
    expect(textOf(reply)).toContain("isn't installed in this workspace");
    expect(fake.calls.filter((c) => c.team === "TBETA")).toEqual([]);
  });

  it("refreshes a rotating token before it expires and keeps the refreshed one", async () => {
    // A token with an hour left: inside the two hours before expiry in which it is refreshed.
    await install("TBETA", { rotation: true, expiresIn: 3600 });
    const first = await harness.installations.getInstallation("slack", "TBETA");
    expect(first?.expiresAt).not.toBeNull();
    expect(fake.refreshesOf("TBETA")).toBe(0);
    expect(textOf(await command("TBETA", "UB2", "stats"))).toContain("Stats");
    expect(fake.refreshesOf("TBETA")).toBeGreaterThanOrEqual(1);
    const second = await harness.installations.getInstallation("slack", "TBETA");
    expect(second?.botToken).not.toBe(first?.botToken);
    expect(second!.expiresAt!.getTime()).toBeGreaterThanOrEqual(first!.expiresAt!.getTime());
  });

  it("forgets a workspace that uninstalls or revokes its tokens, and pauses its daily questions", async () => {
    await install("TALPHA");
    await install("TBETA");
    await command("TALPHA", "UA1", "setup 09:00 UTC");
    await command("TBETA", "UB1", "setup 09:00 UTC");
    for (const envelope of fake.uninstall("TALPHA")) {
      const request = signedEvent(SECRET, envelope);
      expect((await fetch(`${base()}/slack/events`, { method: "POST", ...request })).status).toBe(
        200,
      );
    }
    await eventually(async () => (await tokenOf("TALPHA")) === undefined);
    const paused = await harness.column(
      `SELECT w.external_id FROM channel_schedules s JOIN workspaces w ON w.id = s.workspace_id
       WHERE s.paused = 1`,
    );
    expect(paused).toEqual(["TALPHA"]);
    expect(textOf(await command("TALPHA", "UA1", "quiz"))).toContain("isn't installed");
    expect(textOf(await command("TBETA", "UB2", "quiz 1"))).toMatch(/A\./);

    // A token revoked without an event: the next daily post finds out, and the workspace is let go.
    fake.revoke("TBETA");
    harness.clock.set("2026-12-01T09:00:30Z");
    const { scheduler } = makeScheduler(harness, adapter.poster, "test", { platform: "slack" });
    await scheduler.tick();
    await scheduler.stop();
    await eventually(async () => (await tokenOf("TBETA")) === undefined);
    expect(
      await harness.column(
        `SELECT s.paused_reason FROM channel_schedules s JOIN workspaces w ON w.id = s.workspace_id
         WHERE w.external_id = 'TBETA'`,
      ),
    ).toEqual(["Slack: token revoked"]);
  });
});

describe("Slack for one workspace (SLACK_BOT_TOKEN)", () => {
  const bed = new SlackTestbed({ signingSecret: SECRET, retry: RETRY });
  afterEach(() => bed.stop());

  it("answers its own workspace and refuses a request signed for another team", async () => {
    const { port, fake, harness } = await bed.start();
    const form = (team: string) => ({
      ...slashCommandForm("stats", { id: "U1", name: "alice" }, fake.responseUrl("x")),
      team_id: team,
    });
    const own = await sendSigned(port, SECRET, form("T1"));
    expect(own.body).toContain("Stats: alice");
    const other = await sendSigned(port, SECRET, form("TOTHER"));
    expect(other.body).toContain("This Studybot serves another Slack workspace only.");
    // Nothing of the other team was recorded, and no call used the token on its behalf.
    expect(await harness.column("SELECT external_id FROM workspaces")).toEqual(["T1"]);
  });
});

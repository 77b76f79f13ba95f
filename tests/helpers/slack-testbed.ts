import { createSlackAdapter, type SlackAdapter } from "../../src/adapters/slack/slack-app.js";
import { silentLogger } from "../../src/core/logger.js";
import { DailyScheduler } from "../../src/scheduler/daily-scheduler.js";
import { type Harness, makeHarness, type StoreKind } from "./bot.js";
import { FakeSlack, sendSigned } from "./fake-slack.js";

/**
 * The real Bolt adapter in HTTP mode on port 0, on a core with a real store (SQLite in memory, or PostgreSQL), talking to
 * a fake Slack on 127.0.0.1, with a scheduler that posts through it. `start()` before each test,
 * `stop()` after. Without `retry`, the Web API client keeps the production retry policy.
 */
export class SlackTestbed {
  fake!: FakeSlack;
  adapter!: SlackAdapter;
  port!: number;
  harness!: Harness;
  scheduler!: DailyScheduler;

  constructor(
    private readonly options: {
      signingSecret: string;
      retry?: { retries: number; minTimeout: number; maxTimeout: number };
      dbPath?: string;
      groupCommit?: boolean;
      store?: StoreKind;
      /** The decks (default: the tests' mini deck). */
      contentDir?: string;
    },
  ) {}

  async start(): Promise<this> {
    this.fake = await new FakeSlack().start();
    this.harness = await makeHarness({
      ...(this.options.dbPath ? { dbPath: this.options.dbPath } : {}),
      ...(this.options.groupCommit ? { groupCommit: true } : {}),
      ...(this.options.store ? { store: this.options.store } : {}),
      ...(this.options.contentDir ? { contentDir: this.options.contentDir } : {}),
    });
    this.adapter = createSlackAdapter(this.harness.bot, {
      botToken: "xoxb-test",
      signingSecret: this.options.signingSecret,
      apiUrl: this.fake.apiUrl,
      port: 0,
      ...(this.options.retry ? { retry: this.options.retry } : {}),
      logger: silentLogger,
    });
    this.port = (await this.adapter.start()).port!;
    this.scheduler = new DailyScheduler({
      bot: this.harness.bot,
      queue: this.harness.queue,
      posters: new Map([["slack", this.adapter.poster]]),
      clock: this.harness.clock.now,
      logger: silentLogger,
      instanceId: "test",
    });
    return this;
  }

  private responses = 0;

  /**
   * Sends a signed `/study <line>` as `user` (in `channel`): the body of its acknowledgement (the
   * reply), and the id of its response_url, where anything after the reply arrives.
   */
  async command(
    line: string,
    user = "U1",
    channel = "C1",
  ): Promise<{ status: number; body: string; responseId: string }> {
    const responseId = `cmd${++this.responses}`;
    const form = slashCommandForm(
      line,
      { id: user, name: "alice" },
      this.fake.responseUrl(responseId),
    );
    const sent = await sendSigned(this.port, this.options.signingSecret, {
      ...form,
      channel_id: channel,
    });
    return { status: sent.status, body: sent.body, responseId };
  }

  /** What arrived on a response_url, oldest first. */
  followUps(responseId: string): Record<string, unknown>[] {
    return this.fake.responses.filter((r) => r.id === responseId).map((r) => r.body);
  }

  async stop(): Promise<void> {
    await this.scheduler.stop();
    await this.adapter.stop();
    await this.fake.stop();
    await this.harness.close();
  }
}

/** A `/study` slash command's form fields, as Slack sends them (channel C1 of team T1). */
export function slashCommandForm(
  text: string,
  user: { id: string; name: string },
  responseUrl: string,
): Record<string, string> {
  return {
    token: "legacy",
    team_id: "T1",
    team_domain: "test",
    channel_id: "C1",
    channel_name: "general",
    user_id: user.id,
    user_name: user.name,
    command: "/study",
    text,
    api_app_id: "A1",
    response_url: responseUrl,
    trigger_id: "trigger",
  };
}

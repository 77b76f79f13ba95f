import {
  createDiscordAdapter,
  type DiscordAdapter,
} from "../../src/adapters/discord/discord-app.js";
import { silentLogger } from "../../src/core/logger.js";
import { DailyScheduler } from "../../src/scheduler/daily-scheduler.js";
import { type Harness, makeHarness, type StoreKind } from "./bot.js";
import { FakeDiscord } from "./fake-discord.js";

/**
 * The real discord.js adapter on a core with a real store (SQLite in memory, or PostgreSQL), connected to a fake Discord
 * on 127.0.0.1. `start()` in a beforeAll, `stop()` in the afterAll.
 */
export class DiscordTestbed {
  constructor(
    private readonly options: {
      dbPath?: string;
      groupCommit?: boolean;
      store?: StoreKind;
      /** The decks (default: the tests' mini deck). */
      contentDir?: string;
    } = {},
  ) {}
  fake!: FakeDiscord;
  adapter!: DiscordAdapter;
  harness!: Harness;

  async start(): Promise<this> {
    this.fake = await new FakeDiscord().start();
    this.harness = await makeHarness(this.options);
    this.adapter = createDiscordAdapter(this.harness.bot, {
      token: "discord-test-token",
      apiUrl: this.fake.apiUrl,
      logger: silentLogger,
    });
    await this.adapter.start();
    return this;
  }

  private readonly schedulers: DailyScheduler[] = [];

  /** A scheduler posting through this adapter on the harness's clock (stopped with the bed). */
  scheduler(): DailyScheduler {
    const scheduler = new DailyScheduler({
      bot: this.harness.bot,
      queue: this.harness.queue,
      posters: new Map([["discord", this.adapter.poster]]),
      clock: this.harness.clock.now,
      logger: silentLogger,
      instanceId: "test",
    });
    this.schedulers.push(scheduler);
    return scheduler;
  }

  async stop(): Promise<void> {
    for (const scheduler of this.schedulers) await scheduler.stop();
    await this.adapter.stop();
    await this.fake.stop();
    await this.harness.close();
  }
}

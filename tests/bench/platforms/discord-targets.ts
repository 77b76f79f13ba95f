import type { Library } from "../../../src/content/schema.js";
import { CHANNEL_ID, FakeDiscord, GUILD_ID } from "../../helpers/fake-discord.js";
import { readyOrStopped, startTarget, type TargetProcess } from "./child.js";
import type { ComparisonApp } from "./compile.js";
import { dispatchClicks, type Pace } from "./discord-clicks.js";
import { type DiscordClick, discordClickOf } from "./posts.js";
import type { Session, Target } from "./session.js";
import { type StudybotSample, startStudybot } from "./studybot.js";
import { until } from "./wait.js";

const TOKEN = "bench-discord-token";

/**
 * A steady 500 clicks a second first (what members feel at a busy but bearable rate), then all
 * at once (the saturation the ratio is read at), on a process the first burst warmed.
 */
const PACES: readonly Pace[] = [{ perSecond: 500 }, "all at once"];
export const DISCORD_BURSTS = ["paced, 500/s", "all at once"] as const;

interface Launched {
  process: TargetProcess;
  click(): DiscordClick;
}

/** A target connected to a fake Discord of its own, which dispatches the clicks. */
function discordTarget(name: string, launch: (fake: FakeDiscord) => Promise<Launched>): Target {
  return {
    name,
    platform: "discord",
    bursts: DISCORD_BURSTS,
    async start(): Promise<Session> {
      const fake = await new FakeDiscord().start();
      let launched: Launched;
      try {
        launched = await launch(fake);
      } catch (error) {
        await fake.stop();
        throw error;
      }
      const target = launched.process;
      return {
        pid: target.pid,
        async burst(index, members) {
          const sent = await dispatchClicks(fake, launched.click(), members, PACES[index]!);
          target.checkAlive();
          return {
            answered: sent.answered,
            latenciesMs: sent.latenciesMs,
            seconds: (sent.lastAckAt - sent.startedAt) / 1000,
          };
        },
        async stop() {
          await target.stop();
          await fake.stop();
        },
      };
    },
  };
}

/** Studybot on Discord, then the minimal discord.js bot it is compared with. */
export function discordTargets(
  apps: Record<ComparisonApp, string>,
  scratch: string,
  library: Library,
  sample: StudybotSample,
): Target[] {
  const studybotClick = () => {
    if (!sample.discord)
      throw new Error("Studybot on Discord must run first: its post gives the click");
    return sample.discord.click;
  };
  return [
    discordTarget("Studybot, Discord", async (fake) => {
      const target = await startStudybot(
        scratch,
        { platform: "discord", workspace: GUILD_ID, channel: CHANNEL_ID },
        // No health server: it would be one more listener, on every interface.
        { DISCORD_TOKEN: TOKEN, DISCORD_API_URL: fake.apiUrl, OPS_HTTP: "off" },
      );
      const posts = () => fake.callsTo("POST", /^\/channels\/\d+\/messages$/);
      // The gateway session must be up too: the fake drops events for a shard nobody runs.
      const ready = until(() => {
        target.checkAlive();
        return posts().length > 0 && fake.connectedShards().length > 0;
      }, "Studybot's daily post on Discord");
      await readyOrStopped(target, ready);
      const post = posts()[0]!.body as Parameters<typeof discordClickOf>[0];
      sample.discord = { click: discordClickOf(post, library) };
      return { process: target, click: studybotClick };
    }),
    discordTarget("discord.js: reply ok", async (fake) => {
      const target = startTarget(
        apps["discord-ok"],
        { DISCORD_TOKEN: TOKEN, DISCORD_API_URL: fake.apiUrl },
        scratch,
      );
      await readyOrStopped(target, target.line(/^ready$/m));
      return { process: target, click: studybotClick };
    }),
  ];
}

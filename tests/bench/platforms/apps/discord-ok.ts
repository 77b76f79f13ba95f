/**
 * A minimal discord.js bot: the Guilds intent (as Studybot's), discord.js's default caches, and
 * a private "ok" for every button or menu click. What the library costs per click, no more.
 */
import { Client, Events, GatewayIntentBits, MessageFlags } from "discord.js";

const client = new Client({
  intents: [GatewayIntentBits.Guilds],
  rest: { api: process.env.DISCORD_API_URL! },
});
client.on(Events.InteractionCreate, (interaction) => {
  if (!interaction.isMessageComponent()) return;
  interaction.reply({ content: "ok", flags: MessageFlags.Ephemeral }).catch(() => {});
});
client.once(Events.ClientReady, () => process.stdout.write("ready\n"));
await client.login(process.env.DISCORD_TOKEN!);

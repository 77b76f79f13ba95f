import { REST, Routes } from "discord.js";
import { DISCORD_COMMANDS } from "./commands/index.js";

/**
 * Bulk-overwrites the slash commands: in one guild (instant, for testing) or globally. Returns
 * the names registered. Separate from starting the bot, as registering is rare.
 */
export async function registerDiscordCommands(options: {
  token: string;
  applicationId?: string;
  apiUrl?: string;
  guildId?: string;
}): Promise<{ applicationId: string; names: string[] }> {
  const rest = new REST({ api: options.apiUrl ?? "https://discord.com/api" }).setToken(
    options.token,
  );
  const applicationId =
    options.applicationId ?? ((await rest.get(Routes.currentApplication())) as { id: string }).id;
  const body = [...DISCORD_COMMANDS.values()].map((c) => c.data);
  const route = options.guildId
    ? Routes.applicationGuildCommands(applicationId, options.guildId)
    : Routes.applicationCommands(applicationId);
  const registered = (await rest.put(route, { body })) as { name: string }[];
  return { applicationId, names: registered.map((c) => c.name) };
}

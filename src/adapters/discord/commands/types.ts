import type {
  AutocompleteInteraction,
  ChatInputCommandInteraction,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
} from "discord.js";
import type { Command } from "../../../core/commands.js";
import type { Studybot, Suggestion } from "../../../core/studybot.js";

/** What a slash command asks of the core: a typed command, maybe about another channel. */
export interface CoreRequest {
  /** Built lazily: bad option values throw a UserError that the core turns into a reply. */
  command: () => Command;
  /** The channel the command is about, when it names one (`/studybot setup channel:`). */
  channelId?: string;
}

/** One slash command: its registration data and how its options map onto the core. */
export interface DiscordCommand {
  data: RESTPostAPIChatInputApplicationCommandsJSONBody;
  execute(interaction: ChatInputCommandInteraction): CoreRequest;
  autocomplete?(
    interaction: AutocompleteInteraction,
    bot: Studybot,
  ): Suggestion[] | Promise<Suggestion[]>;
}

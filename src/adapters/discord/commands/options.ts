import type {
  AutocompleteInteraction,
  SlashCommandIntegerOption,
  SlashCommandStringOption,
} from "discord.js";
import type { Studybot } from "../../../core/studybot.js";

/** Suggests topics of the deck studied where the command is typed. */
export const topicSuggestions = (i: AutocompleteInteraction, bot: Studybot) =>
  bot.autocompleteTopics(i.options.getFocused(), {
    workspace: { platform: "discord", externalId: i.guildId ?? "" },
    channelId: i.channelId,
    userId: i.user.id,
  });

/** A `topic` option that autocompletes topics and areas (the command's autocomplete answers). */
export const topicOption = (description: string) => (o: SlashCommandStringOption) =>
  o.setName("topic").setDescription(description).setAutocomplete(true).setMaxLength(200);

/** A whole number from 1 to `max`: Discord refuses anything else before we see it. */
export const wholeNumberOption =
  (name: string, description: string, max: number) => (o: SlashCommandIntegerOption) =>
    o.setName(name).setDescription(description).setMinValue(1).setMaxValue(max);

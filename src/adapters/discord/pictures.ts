import {
  type ChatInputCommandInteraction,
  type Client,
  DiscordAPIError,
  PermissionFlagsBits,
  Routes,
} from "discord.js";
import { type RenderedChart, renderChart } from "../../charts/request.js";
import type { Logger } from "../../core/logger.js";
import type { View } from "../../core/views.js";
import { type DiscordMessage, renderDiscord } from "./render.js";

/** Missing Permissions: here, a channel where the bot may not attach files. */
const MISSING_PERMISSIONS = 50013;

/** The message with its picture as the embed's image, the file sent alongside. */
function withPicture<M extends Pick<DiscordMessage, "embeds">>(message: M, chart: RenderedChart) {
  const [embed, ...rest] = message.embeds;
  return {
    ...message,
    embeds: [{ ...embed, image: { url: `attachment://${chart.name}` } }, ...rest],
  };
}

/**
 * After a command's reply went out as text, its picture (rendered now, off the reply's path)
 * replaces it with the same message plus the image. Where the bot may not attach files (the
 * channel's permissions, or a failed render) the text reply simply stays.
 */
export async function attachToReply(
  interaction: ChatInputCommandInteraction,
  view: View,
  log: Logger,
): Promise<void> {
  if (!view.image) return;
  if (
    interaction.appPermissions &&
    !interaction.appPermissions.has(PermissionFlagsBits.AttachFiles)
  )
    return;
  const chart = await renderChart(view.image, (error) =>
    log.warn({ err: String(error) }, "a picture could not be drawn; the text stays"),
  );
  if (!chart) return;
  const { flags: _flags, ...message } = renderDiscord(view);
  try {
    await interaction.editReply({
      ...withPicture(message, chart),
      files: [{ attachment: chart.png, name: chart.name, description: chart.alt }],
    });
  } catch (error) {
    log.warn({ err: String(error) }, "a picture could not be attached; the text stays");
  }
}

/**
 * Posts a channel message with its picture when it has one; where the bot may not attach
 * files (Missing Permissions) or the picture cannot be drawn, the message goes out as text.
 */
export async function postWithPicture(
  client: Client,
  channelId: string,
  body: Omit<DiscordMessage, "flags" | "allowedMentions"> & Record<string, unknown>,
  view: View,
  log: Logger,
): Promise<{ id: string }> {
  const route = Routes.channelMessages(channelId);
  const chart = view.image
    ? await renderChart(view.image, (error) =>
        log.warn({ err: String(error) }, "a picture could not be drawn; posting the text"),
      )
    : null;
  if (chart) {
    try {
      return (await client.rest.post(route, {
        body: {
          ...withPicture(body, chart),
          attachments: [{ id: 0, filename: chart.name, description: chart.alt }],
        },
        files: [{ name: chart.name, data: chart.png, contentType: "image/png" }],
      })) as { id: string };
    } catch (error) {
      if (!(error instanceof DiscordAPIError && error.code === MISSING_PERMISSIONS)) throw error;
      log.info(
        { channel: channelId },
        "no Attach Files here: posting the text without its picture",
      );
    }
  }
  return (await client.rest.post(route, { body })) as { id: string };
}

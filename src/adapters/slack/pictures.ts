import type { App } from "@slack/bolt";
import { renderChart } from "../../charts/request.js";
import type { Logger } from "../../core/logger.js";
import type { View } from "../../core/views.js";
import type { Respond } from "./response-url.js";

type Client = App["client"];

/** An image block showing an uploaded file, with its alt text. */
export interface ImageBlock {
  type: "image";
  slack_file: { id: string };
  alt_text: string;
}

/**
 * Draws a view's picture and uploads it to Slack as a file of the app's own (shared nowhere), so
 * a message can show it in an image block. Null when there is no picture, it cannot be drawn,
 * or the app may not upload (an install without files:write): the text stands alone.
 */
export async function uploadPicture(
  client: Client,
  token: { token?: string },
  view: View,
  log: Logger,
): Promise<ImageBlock | null> {
  if (!view.image) return null;
  const chart = await renderChart(view.image, (error) =>
    log.warn({ err: String(error) }, "a picture could not be drawn; the text stays"),
  );
  if (!chart) return null;
  try {
    const upload = await client.filesUploadV2({
      ...token,
      file: chart.png,
      filename: chart.name,
      alt_text: chart.alt,
    });
    const id = upload.files[0]?.files?.[0]?.id;
    if (!id) return null;
    return { type: "image", slack_file: { id }, alt_text: chart.alt.slice(0, 2000) };
  } catch (error) {
    // missing_scope (no files:write) and the like: pictures are extra, never an error.
    log.info({ err: String(error) }, "a picture could not be uploaded; the text stays");
    return null;
  }
}

/** After a reply went out as text, its picture follows where the member saw the reply. */
export async function followWithPicture(
  client: Client,
  token: { token?: string },
  respond: Respond,
  view: View,
  log: Logger,
): Promise<void> {
  const block = await uploadPicture(client, token, view, log);
  if (!block) return;
  try {
    await respond({
      response_type: view.ephemeral ? "ephemeral" : "in_channel",
      replace_original: false,
      text: block.alt_text,
      blocks: [block],
    });
  } catch (error) {
    log.warn({ err: String(error) }, "a picture could not be shown; the text stays");
  }
}

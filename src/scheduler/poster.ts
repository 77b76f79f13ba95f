import type { CommandStyle } from "../core/env.js";
import type { View } from "../core/views.js";

/** How a platform adapter puts channel posts up, for the scheduler. */
export interface ChannelPoster {
  /** How commands are typed on this platform, for the post's footer ("/study B" on Slack). */
  readonly style: CommandStyle;
  /** Posts a public view to a channel; resolves with the platform's message reference. */
  post(workspaceExternalId: string, channelId: string, view: View): Promise<string>;
  /** Replaces a posted message (the answer count). */
  update(
    workspaceExternalId: string,
    channelId: string,
    messageRef: string,
    view: View,
  ): Promise<void>;
}

/**
 * A post the platform refused. `permanent` means trying again will not help ("channel not
 * found", "no access"): the channel is paused after a few of these in a row.
 */
export class PostError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
    this.name = "PostError";
  }
}

import type { Writable } from "node:stream";
import type { ChannelPoster } from "../../core/platform.js";
import { pictureLine } from "./pictures.js";
import { renderText } from "./render.js";

/** The console's direct messages: printed like channel posts, marked as a DM. */
const DM = "dm:";

/** The console's "channel": channel posts are printed where the person is typing. */
export function consolePoster(output: Writable): ChannelPoster {
  let count = 0;
  return {
    style: {},
    async post(_workspace, channelId, view) {
      const picture = await pictureLine(view);
      const where = channelId.startsWith(DM)
        ? `direct message to ${channelId.slice(DM.length)}`
        : `#${channelId}`;
      output.write(`\n[${where}]\n${renderText(view)}\n${picture ? `\n${picture}\n` : ""}\n`);
      count += 1;
      return `console-${count}`;
    },
    async postPrivate(_workspace, channelId, user, view) {
      output.write(
        `\n[#${channelId}, only ${user.replace(/^console:/, "")} sees this]\n${renderText(view)}\n\n`,
      );
      count += 1;
      return `console-${count}`;
    },
    async openDirect(_workspace, user) {
      return `${DM}${user.replace(/^console:/, "")}`;
    },
    async update() {
      // A terminal cannot edit what it printed; the count shows in the reveal instead.
    },
  };
}

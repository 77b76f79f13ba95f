import type { Writable } from "node:stream";
import type { ChannelPoster } from "../../core/platform.js";
import { pictureLine } from "./pictures.js";
import { renderText } from "./render.js";

/** The console's "channel": channel posts are printed where the person is typing. */
export function consolePoster(output: Writable): ChannelPoster {
  let count = 0;
  return {
    style: {},
    async post(_workspace, channelId, view) {
      const picture = await pictureLine(view);
      output.write(`\n[#${channelId}]\n${renderText(view)}\n${picture ? `\n${picture}\n` : ""}\n`);
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
    async update() {
      // A terminal cannot edit what it printed; the count shows in the reveal instead.
    },
  };
}

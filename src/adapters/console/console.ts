import { createInterface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import type { RequestContext } from "../../core/env.js";
import type { Studybot } from "../../core/studybot.js";
import { pictureLine } from "./pictures.js";
import { renderText } from "./render.js";

/** A line "@name rest" acts as member "name", so one person can try a leaderboard alone. */
const AS_MEMBER = /^@([\p{L}\p{N}_.-]{1,32})\s+(.*)$/u;

export interface ConsoleOptions {
  input: Readable;
  output: Writable;
  /** The default member's name (the operator). */
  userName: string;
  /** Print a prompt before each line (for a person at a terminal, not for a pipe). */
  prompt: boolean;
  /** Awaited after each line, so channel posts a line queued print before the next line runs. */
  afterLine?: () => Promise<void>;
  /** Where pictures (stats, leaderboard cards) are written; default: the system's temp folder. */
  picturesDir?: string;
  /** Ends the session as `exit` does (Ctrl-C): the line being handled finishes first. */
  stop?: AbortSignal;
  /**
   * A virtual clock's `wait [seconds]` (console --fast): moves time on by `seconds`, or to the
   * bot's next scheduled step when none is given, and resolves with what it says about it.
   */
  wait?: (seconds?: number) => Promise<string>;
}

/** `wait` or `wait 5`: a --fast console moving its clock on. */
const WAIT = /^wait(?:\s+(\d{1,6}))?$/i;

/**
 * The console adapter: one line in, views out as text. The console's operator is an admin of
 * the "console" workspace, in channel "console". Resolves when input ends, on `exit`, or when
 * `stop` fires.
 */
export async function runConsole(bot: Studybot, options: ConsoleOptions): Promise<void> {
  const screen = `console-${process.pid}-${Date.now().toString(36)}`;
  const lines = createInterface({ input: options.input, terminal: false, crlfDelay: Infinity });
  const stop = () => {
    if (options.prompt) options.output.write("\n"); // leave the prompt's line
    lines.close(); // ends the loop below
  };
  if (options.stop?.aborted) stop();
  options.stop?.addEventListener("abort", stop, { once: true });
  const write = (text: string) => options.output.write(`${text}\n`);
  const prompt = () => {
    if (options.prompt) options.output.write("studybot> ");
  };
  prompt();
  for await (const raw of lines) {
    if (options.stop?.aborted) break; // lines typed ahead of Ctrl-C are not run
    const line = raw.trim();
    // `exit` leaves the console; `quit` ends the quiz being taken (a core command).
    if (line === "exit") break;
    const wait = options.wait && WAIT.exec(line);
    if (wait && options.wait) {
      write(await options.wait(wait[1] ? Number(wait[1]) : undefined));
      await options.afterLine?.();
    } else if (line) {
      const as = AS_MEMBER.exec(line);
      const name = as ? as[1]! : options.userName;
      const ctx: RequestContext = {
        workspace: { platform: "console", externalId: "local", name: "Console" },
        user: { id: `console:${name.toLowerCase()}`, name },
        channelId: "console",
        isAdmin: true,
        // A terminal keeps nothing across runs: a question shown before a restart is not on
        // this screen, so a stray letter cannot answer it (`repeat` shows it again).
        screen,
      };
      const views = await bot.runText(ctx, as ? as[2]! : line);
      write(views.map(renderText).join("\n\n"));
      for (const view of views) {
        const picture = await pictureLine(view, options.picturesDir);
        if (picture) write(`\n${picture}`);
      }
      write("");
      await options.afterLine?.();
    }
    prompt();
  }
  options.stop?.removeEventListener("abort", stop);
  lines.close();
}

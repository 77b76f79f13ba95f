import { simpleCommand } from "./simple.js";

export const seasonCommand = simpleCommand(
  "season",
  "This season: when it ends, how seasons run here",
);
export const hallCommand = simpleCommand("hall", "The hall of fame: every season's winners");

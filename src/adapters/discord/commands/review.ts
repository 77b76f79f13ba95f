import { simpleCommand } from "./simple.js";

export const reviewCommand = simpleCommand(
  "review",
  "The questions your memory schedule says are due",
);

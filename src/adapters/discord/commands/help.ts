import { simpleCommand } from "./simple.js";

export const helpCommand = simpleCommand("help", "What Studybot can do, and the deck it teaches");

import type { ChartRequest } from "./chart-data.js";

/**
 * What the core answers with: a platform-neutral message. Each adapter has one renderer that
 * turns views into its platform's message, within that platform's limits.
 *
 * Text is "markdown-ish": **bold**, _italic_, `code`, and lines starting with "- " for bullets.
 * Anything a person supplied (names, team names, echoed input) is wrapped with `userText()`
 * (user-text.ts), so each renderer can escape it for its platform; never build markup from it.
 */
export interface View {
  /** Only the person who asked sees it (Discord ephemeral, Slack ephemeral). */
  ephemeral: boolean;
  tone: "info" | "success" | "warning" | "error";
  title?: string;
  text?: string;
  fields?: ViewField[];
  /** The options of a question, when the view asks one. */
  question?: QuestionPrompt;
  /** Buttons that are not answers: "quiz me on this", "next question". */
  buttons?: ViewButton[];
  footer?: string;
  /**
   * A picture of what the view says (a chart), where the platform can show one: the adapter
   * renders it and sends it with (or after) the view's text, which stays whole on its own for
   * platforms and channels where images are not allowed.
   */
  image?: ChartRequest;
  /**
   * This view answers the private question it follows (feedback, an exam's "recorded"): where
   * the platform can, it replaces that question, so it cannot be clicked again.
   */
  replacesQuestion?: boolean;
}

export interface ViewField {
  name: string;
  value: string;
  inline?: boolean;
}

export interface QuestionPrompt {
  /** The ask this prompt belongs to; answers quote it. */
  askId: string;
  /** "single" and "truefalse" answer with one click; "multi" picks `picks` options, then submits. */
  kind: "single" | "multi" | "truefalse";
  picks: number;
  /** Options in the order shown, each with its letter (A, B, ...). */
  options: { letter: string; text: string; actionId: string }[];
  /** For "multi": the action id of the submit; the adapter appends the chosen letters. */
  submitActionId?: string;
}

export interface ViewButton {
  label: string;
  actionId: string;
  /** The same thing as a typed command, for text-only platforms such as the console. */
  command: string;
  style?: "primary" | "secondary";
}

/** The first letters, for labelling options. */
export const LETTERS = "ABCDEFGH";

export function errorView(text: string, hint?: string): View {
  return { ephemeral: true, tone: "error", text: hint ? `${text}\n${hint}` : text };
}

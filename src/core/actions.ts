import { LETTERS } from "./views.js";

/**
 * What a button names. Encoded into short, versioned strings (Discord caps custom_id at 100
 * characters). An action says what was clicked, never who clicked: identity comes from the
 * platform event.
 */
export type Action =
  | { type: "answer"; askId: string; letters: string }
  | { type: "submit"; askId: string }
  | { type: "quiz"; topicId: string }
  | { type: "lookup"; topicId: string }
  /** "This question is wrong": a report on the ask whose feedback it sits under. */
  | { type: "report"; askId: string }
  /** A session control or follow-up, as a button: the same as typing it. */
  | { type: "control"; control: SessionControl }
  /** A live round's buttons: join it (its start message), or my summary (its end). */
  | { type: "live"; op: "join" | "summary"; roundId: string };

/**
 * What a control button does; "review" starts a review of what is due (the home screen's
 * button), "review-new" starts new questions when nothing is due.
 */
export type SessionControl = "repeat" | "skip" | "quit" | "retry" | "review" | "review-new";
const CONTROLS: ReadonlySet<string> = new Set<SessionControl>([
  "review",
  "repeat",
  "skip",
  "quit",
  "retry",
  "review-new",
]);

const VERSION = "v1";
const ID = /^[a-z0-9-]{1,64}$/;
const ASK_LETTERS = new RegExp(`^[${LETTERS}]{1,${LETTERS.length}}$`);

export function encodeAction(action: Action): string {
  switch (action.type) {
    case "answer":
      return `${VERSION}:a:${action.askId}:${action.letters}`;
    case "submit":
      return `${VERSION}:s:${action.askId}`;
    case "quiz":
      return `${VERSION}:q:${action.topicId}`;
    case "lookup":
      return `${VERSION}:l:${action.topicId}`;
    case "report":
      return `${VERSION}:r:${action.askId}`;
    case "control":
      return `${VERSION}:c:${action.control}`;
    case "live":
      return `${VERSION}:${action.op === "join" ? "lj" : "ls"}:${action.roundId}`;
  }
}

/** Reads an action id; null for anything malformed, forged or from an unknown version. */
export function decodeAction(text: string): Action | null {
  if (text.length > 100) return null;
  const [version, type, id, extra, ...rest] = text.split(":");
  if (version !== VERSION || !id || !ID.test(id) || rest.length > 0) return null;
  switch (type) {
    case "a":
      return extra && ASK_LETTERS.test(extra)
        ? { type: "answer", askId: id, letters: extra }
        : null;
    case "s":
      return extra === undefined ? { type: "submit", askId: id } : null;
    case "q":
      return extra === undefined ? { type: "quiz", topicId: id } : null;
    case "l":
      return extra === undefined ? { type: "lookup", topicId: id } : null;
    case "r":
      return extra === undefined ? { type: "report", askId: id } : null;
    case "c":
      return extra === undefined && CONTROLS.has(id)
        ? { type: "control", control: id as SessionControl }
        : null;
    case "lj":
    case "ls":
      return extra === undefined
        ? { type: "live", op: type === "lj" ? "join" : "summary", roundId: id }
        : null;
    default:
      return null;
  }
}

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
  | { type: "lookup"; topicId: string };

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
    default:
      return null;
  }
}

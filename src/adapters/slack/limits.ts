/** Slack's Block Kit limits (checked against Bolt 5 / Slack's docs, see shared/PLATFORMS.md). */
export const SLACK_LIMITS = {
  blocks: 50,
  sectionText: 3000,
  headerText: 150,
  contextText: 2000,
  fieldText: 2000,
  fields: 10,
  actionId: 255,
  buttonText: 75,
  buttonValue: 2000,
  optionText: 75,
  /** Total characters of a message's blocks before Slack answers msg_blocks_too_long (~13k). */
  totalChars: 12_000,
  /** The fallback `text` of a message. */
  messageText: 3000,
} as const;

export { clip as truncate } from "../../core/text.js";

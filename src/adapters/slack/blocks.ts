import type { KnownBlock } from "@slack/types";
import { renderMarked, type SpanPlace, stripMarkers } from "../../core/user-text.js";
import type { View } from "../../core/views.js";
import { SLACK_LIMITS as L, truncate } from "./limits.js";

/** The action id of the checkboxes of a Select TWO question; clicking them only records state. */
export const PICK_ACTION = "pick";
export const pickBlockId = (askId: string) => `pick:${askId}`;

export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}

/** Slack has no escape for its formatting characters; in user text they become look-alikes. */
const LOOK_ALIKES: Readonly<Record<string, string>> = { "*": "∗", _: "ˍ", "~": "∼", "`": "ˋ" };

/**
 * User text for Slack mrkdwn: & < > as entities (so no <!channel>, <@U1> or <url|link>), the
 * formatting characters as look-alikes. Inside the core's `code` nothing is formatted, so only
 * the entities and the backtick that would end it. A quote needs ">" first on its line.
 */
export function escapeSlack(span: string, place: SpanPlace): string {
  const entities = span.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  if (place.inCode) return entities.replace(/`/g, "ˋ");
  const escaped = entities.replace(/[*_~`]/g, (c) => LOOK_ALIKES[c] ?? c);
  return place.lineStart && escaped.startsWith("&gt;") ? `\u200b${escaped}` : escaped;
}

/** Our markdown-ish text -> Slack mrkdwn: **bold** becomes *bold*; user text is escaped. */
export function mrkdwn(text: string): string {
  return renderMarked(text, escapeSlack, (core) => core.replace(/\*\*(.+?)\*\*/g, "*$1*"));
}

/** Text Slack shows as it is (plain_text: header, buttons): only the markers go. */
const plain = (text: string) => stripMarkers(text);

/** One view as a Block Kit message within Slack's limits: long text is cut, never refused. */
export function renderSlack(view: View): SlackMessage {
  const blocks: KnownBlock[] = [];
  if (view.title) {
    blocks.push({
      type: "header",
      text: { type: "plain_text", text: truncate(plain(view.title), L.headerText), emoji: true },
    });
  }
  if (view.text) blocks.push(section(view.text));
  const question = view.question;
  if (question) {
    blocks.push(section(question.options.map((o) => `*${o.letter}.* ${o.text}`).join("\n")));
    if (question.kind === "multi" && question.submitActionId) {
      blocks.push({
        type: "actions",
        block_id: pickBlockId(question.askId),
        elements: [
          {
            type: "checkboxes",
            action_id: PICK_ACTION,
            options: question.options.map((o) => ({
              text: {
                type: "mrkdwn",
                text: truncate(mrkdwn(`*${o.letter}.* ${o.text}`), L.optionText),
              },
              value: o.letter,
            })),
          },
        ],
      });
      blocks.push({
        type: "actions",
        elements: [
          {
            type: "button",
            style: "primary",
            text: { type: "plain_text", text: `Submit ${question.picks} answers` },
            action_id: truncate(question.submitActionId, L.actionId),
            value: "submit",
          },
        ],
      });
    } else {
      blocks.push({
        type: "actions",
        elements: question.options.map((o) => ({
          type: "button" as const,
          text: { type: "plain_text" as const, text: o.letter },
          action_id: truncate(o.actionId, L.actionId),
          value: o.letter,
        })),
      });
    }
  }
  const inline = (view.fields ?? []).filter((f) => f.inline && !f.value.includes("\n"));
  if (inline.length > 0) {
    blocks.push({
      type: "section",
      fields: inline.slice(0, L.fields).map((f) => ({
        type: "mrkdwn" as const,
        text: truncate(mrkdwn(`**${f.name}**\n${f.value}`), L.fieldText),
      })),
    });
  }
  for (const f of (view.fields ?? []).filter((f) => !inline.includes(f))) {
    blocks.push(section(`**${f.name}**\n${f.value}`));
  }
  if (view.buttons && view.buttons.length > 0) {
    blocks.push({
      type: "actions",
      elements: view.buttons.slice(0, 5).map((b) => ({
        type: "button" as const,
        text: { type: "plain_text" as const, text: truncate(plain(b.label), L.buttonText) },
        action_id: truncate(b.actionId, L.actionId),
        value: truncate(plain(b.command), L.buttonValue),
        ...(b.style === "primary" ? { style: "primary" as const } : {}),
      })),
    });
  }
  if (view.footer) {
    blocks.push({
      type: "context",
      elements: [{ type: "mrkdwn", text: truncate(mrkdwn(view.footer), L.contextText) }],
    });
  }
  // The fallback (notifications) is mrkdwn too: a <!channel> in it would notify everyone.
  const fallback = renderMarked(view.title ?? view.text ?? "Studybot", escapeSlack);
  return { text: truncate(fallback, L.messageText), blocks: fitWithinLimits(blocks) };
}

function section(text: string): KnownBlock {
  return { type: "section", text: { type: "mrkdwn", text: truncate(mrkdwn(text), L.sectionText) } };
}

/** A piece of text in a block that may be shortened. */
type TextSlot = { text: string };

/** Keeps at most 50 blocks and about 12k characters, trimming the longest texts first. */
function fitWithinLimits(blocks: KnownBlock[]): KnownBlock[] {
  const kept = blocks.slice(0, L.blocks);
  const excess = () => JSON.stringify(kept).length - L.totalChars;
  // Nearly every message fits: one measure (it is on every reply's path), nothing to trim.
  if (excess() <= 0) return kept;
  const slots: TextSlot[] = kept.flatMap((b): TextSlot[] => {
    if (b.type === "section") return [...(b.text ? [b.text] : []), ...(b.fields ?? [])];
    if (b.type === "context")
      return b.elements.filter(
        (e): e is TextSlot & typeof e => "text" in e && typeof e.text === "string",
      );
    return [];
  });
  while (excess() > 0) {
    const longest = slots.reduce<TextSlot | undefined>(
      (a, b) => (!a || b.text.length > a.text.length ? b : a),
      undefined,
    );
    if (!longest || longest.text.length <= 100) break;
    longest.text = truncate(longest.text, Math.max(100, longest.text.length - excess() - 1));
  }
  // Still too long with every text short: drop trailing blocks that ask nothing.
  while (excess() > 0 && kept.length > 1) {
    const last = kept.findLastIndex((b) => b.type !== "actions");
    kept.splice(last < 0 ? kept.length - 1 : last, 1);
  }
  return kept;
}

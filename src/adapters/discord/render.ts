import {
  type APIActionRowComponent,
  type APIComponentInMessageActionRow,
  type APIEmbed,
  ButtonStyle,
  ComponentType,
  MessageFlags,
} from "discord.js";
import { clip as truncate } from "../../core/text.js";
import { renderMarked, type SpanPlace, stripMarkers } from "../../core/user-text.js";
import type { View } from "../../core/views.js";
import { DISCORD_LIMITS as L } from "./limits.js";

export interface DiscordMessage {
  embeds: APIEmbed[];
  components: APIActionRowComponent<APIComponentInMessageActionRow>[];
  flags?: MessageFlags.Ephemeral;
  /** For discord.js (replies, follow-ups): nothing in a message of ours pings anyone. */
  allowedMentions: { parse: [] };
  /** The same for a raw REST body (channel posts), which discord.js passes on as it is. */
  allowed_mentions: { parse: [] };
}

const COLORS: Record<View["tone"], number> = {
  info: 0x5865f2,
  success: 0x57f287,
  warning: 0xfee75c,
  error: 0xed4245,
};

/**
 * User text for Discord markdown: every markup character backslash-escaped (so no masked link,
 * heading, list, quote, spoiler or mention), @everyone and @here broken by a zero-width space.
 * Inside the core's `code` only a backtick could break out; it becomes a look-alike.
 */
export function escapeDiscord(span: string, place: SpanPlace): string {
  if (place.inCode) return span.replace(/`/g, "ˋ");
  const escaped = span
    .replace(/[\\*_~`|<>#\-[\]()]/g, "\\$&")
    .replace(/@(everyone|here)/gi, "@\u200b$1");
  // "1. " at the start of a line would begin a numbered list.
  return place.lineStart ? escaped.replace(/^(\d+)\./, "$1\\.") : escaped;
}

/** Text Discord reads as markdown (title, description, fields): user spans escaped. */
const md = (text: string) => renderMarked(text, escapeDiscord);

/** Text Discord shows as it is (footer, labels): user spans need nothing but their markers gone. */
const plain = (text: string) => stripMarkers(text);

/**
 * One view as an embed with components, within Discord's limits (the builders check neither
 * the 6000-character embed total nor 5 buttons a row): cut with an ellipsis, never refused.
 */
export function renderDiscord(view: View): DiscordMessage {
  const embed: APIEmbed = { color: COLORS[view.tone] };
  if (view.title) embed.title = truncate(md(view.title), L.embedTitle);
  const question = view.question;
  const description = [
    view.text ?? "",
    ...(question ? ["", ...question.options.map((o) => `**${o.letter}.** ${o.text}`)] : []),
  ]
    .join("\n")
    .trim();
  if (description) embed.description = truncate(md(description), L.embedDescription);
  const fields = (view.fields ?? []).slice(0, L.embedFields).map((f) => ({
    name: truncate(md(f.name), L.fieldName),
    value: truncate(md(f.value || "-"), L.fieldValue),
    inline: f.inline ?? false,
  }));
  if (fields.length > 0) embed.fields = fields;
  if (view.footer) {
    // Footers show no markdown: the core's backticks would show, the user's stay.
    const footer = renderMarked(
      view.footer,
      (span) => span,
      (core) => core.replace(/`/g, ""),
    );
    embed.footer = { text: truncate(footer, L.footer) };
  }
  fitEmbed(embed);

  const rows: APIActionRowComponent<APIComponentInMessageActionRow>[] = [];
  if (question?.kind === "multi" && question.submitActionId) {
    rows.push({
      type: ComponentType.ActionRow,
      components: [
        {
          type: ComponentType.StringSelect,
          custom_id: truncate(question.submitActionId, L.customId),
          placeholder: `Pick ${question.picks} answers`,
          min_values: question.picks,
          max_values: question.picks,
          options: question.options.slice(0, L.selectOptions).map((o) => ({
            label: truncate(plain(`${o.letter}. ${o.text}`), L.selectOptionLabel),
            value: o.letter,
          })),
        },
      ],
    });
  } else if (question) {
    rows.push(
      ...buttonRows(
        question.options.map((o) => ({ label: o.letter, id: o.actionId, primary: true })),
      ),
    );
  }
  if (view.buttons && view.buttons.length > 0) {
    rows.push(
      ...buttonRows(
        view.buttons.map((b) => ({
          label: b.label,
          id: b.actionId,
          primary: b.style === "primary",
        })),
      ),
    );
  }
  return {
    embeds: [embed],
    components: rows.slice(0, L.rows),
    ...(view.ephemeral ? { flags: MessageFlags.Ephemeral } : {}),
    allowedMentions: { parse: [] },
    allowed_mentions: { parse: [] },
  };
}

function buttonRows(buttons: { label: string; id: string; primary: boolean }[]) {
  const rows: APIActionRowComponent<APIComponentInMessageActionRow>[] = [];
  for (let i = 0; i < buttons.length; i += L.buttonsPerRow) {
    rows.push({
      type: ComponentType.ActionRow,
      components: buttons.slice(i, i + L.buttonsPerRow).map((b) => ({
        type: ComponentType.Button,
        style: b.primary ? ButtonStyle.Primary : ButtonStyle.Secondary,
        label: truncate(plain(b.label), L.buttonLabel),
        custom_id: truncate(b.id, L.customId),
      })),
    });
  }
  return rows;
}

function embedLength(e: APIEmbed): number {
  return (
    (e.title?.length ?? 0) +
    (e.description?.length ?? 0) +
    (e.footer?.text.length ?? 0) +
    (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0)
  );
}

/** Keeps the embed within 6000 characters in all: long fields first, then the description. */
function fitEmbed(embed: APIEmbed): void {
  let excess = embedLength(embed) - L.embedTotal;
  const fields = embed.fields ?? [];
  while (excess > 0 && fields.length > 0) {
    const longest = fields.reduce((a, b) => (b.value.length > a.value.length ? b : a));
    if (longest.value.length <= 64) break;
    longest.value = truncate(longest.value, Math.max(64, longest.value.length - excess));
    excess = embedLength(embed) - L.embedTotal;
  }
  while (excess > 0 && fields.length > 0) {
    fields.pop();
    excess = embedLength(embed) - L.embedTotal;
  }
  if (excess > 0 && embed.description) {
    embed.description = truncate(embed.description, Math.max(1, embed.description.length - excess));
  }
}

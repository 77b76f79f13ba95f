import type { LiveStep, OutboxItem, OutboxKind, PostedQuestion } from "../core/ports.js";

/** A leased outbox row with what its send needs, as both stores' queues read it. */
export interface OutboxRow {
  id: number;
  kind: OutboxKind;
  post_id: number | null;
  round_id: string | null;
  step: LiveStep | null;
  subject: string | null;
  to_member: number | null;
  to_external: string | null;
  workspace_id: number;
  platform: string;
  external_id: string;
  channel_id: string;
  local_date: string | null;
  ask_id: string | null;
  /** Sends handed over before this lease. */
  tries: number;
  /** When the previous send was handed over (ms), or null on the first try. */
  handed_before: number | null;
  timezone: string | null;
}

export function toOutboxItem(r: OutboxRow): OutboxItem {
  return {
    id: r.id,
    kind: r.kind,
    postId: r.post_id,
    workspaceId: r.workspace_id,
    platform: r.platform,
    workspaceExternalId: r.external_id,
    channelId: r.channel_id,
    localDate: r.local_date,
    askId: r.ask_id,
    live: r.round_id !== null && r.step !== null ? { roundId: r.round_id, step: r.step } : null,
    notice:
      r.subject !== null
        ? { subject: r.subject, toMember: r.to_member, toExternalId: r.to_external }
        : null,
    triesBefore: r.tries,
    handedBefore: r.handed_before === null ? null : new Date(r.handed_before),
    // A channel without a schedule (a post-now) shows its times in UTC.
    timezone: r.timezone ?? "UTC",
  };
}

/** An open posted question with its answer count, as the refresh reads it. */
export interface PostedRow {
  id: number;
  platform: string;
  external_id: string;
  channel_id: string;
  ask_id: string;
  message_ref: string | null;
  timezone: string | null;
  answers: number;
}

export function toPostedQuestion(r: PostedRow): PostedQuestion {
  return {
    id: r.id,
    platform: r.platform,
    workspaceExternalId: r.external_id,
    channelId: r.channel_id,
    askId: r.ask_id,
    messageRef: r.message_ref,
    timezone: r.timezone ?? "UTC",
    answers: r.answers,
  };
}

/**
 * Which files each of the fake Discord's messages has, and why: the bookkeeping behind its
 * uploads (the multipart format itself is in fake-discord-multipart.ts).
 */
import {
  DEFAULT_ATTACHMENT_SIZE_LIMIT,
  type DiscordAttachment,
  type DiscordError,
  MISSING_PERMISSIONS,
  resolveAttachments,
  type UploadedPart,
  withAttachments,
} from "./fake-discord-multipart.js";

/** The attachments a request leaves a message with, worked out before it is recorded. */
export interface AttachmentPlan {
  attachments: DiscordAttachment[];
  added: DiscordAttachment[];
  /** Where the message's attachments are kept (its id, `@original/{token}`), besides a new id. */
  keys: string[];
}

/** What the fake knows of an interaction it dispatched. */
export interface InteractionRecord {
  channelId: string;
  /** The message a component interaction came from. */
  messageId?: string;
  /** That message's attachments as the interaction carried them (no bytes). */
  messageAttachments?: DiscordAttachment[];
  /** What `@original` is: a new response (callback 4 or 5) or the component's message (6, 7). */
  original?: "new" | "component";
}

/** What the attachment store needs of the fake Discord around it. */
export interface AttachmentHost {
  /** `http://127.0.0.1:{port}` of the fake. */
  origin(): string;
  nextId(): string;
  /** The channel of an interaction the fake did not dispatch. */
  defaultChannel: string;
}

/**
 * The files on the fake Discord's messages: what each message has now, every accepted upload,
 * the channels where the bot lacks Attach Files, and what it needs to know of interactions
 * (their channel; for a component, the message it came from).
 */
export class DiscordAttachments {
  /** The largest file (bytes) a message may carry. */
  sizeLimit = DEFAULT_ATTACHMENT_SIZE_LIMIT;
  /** Every file accepted onto a message, oldest first. */
  readonly uploads: DiscordAttachment[] = [];
  /** message id or `@original/{token}` -> the attachments that message has now. */
  private readonly byMessage = new Map<string, DiscordAttachment[]>();
  private readonly byId = new Map<string, DiscordAttachment>();
  private readonly denied = new Set<string>();
  private readonly interactions = new Map<string, InteractionRecord>();

  constructor(private readonly host: AttachmentHost) {}

  /** The attachments a message (by id, or `@original/{token}`) has now. */
  of(key: string): DiscordAttachment[] {
    return [...(this.byMessage.get(key) ?? [])];
  }

  deny(channelId: string): void {
    this.denied.add(channelId);
  }

  allow(channelId: string): void {
    this.denied.delete(channelId);
  }

  denies(channelId: string): boolean {
    return this.denied.has(channelId);
  }

  /** Notes an interaction the fake dispatched: its channel, and a component's message. */
  noteInteraction(token: string, interaction: Record<string, unknown>): void {
    const source = interaction.message as { id?: unknown; attachments?: unknown } | undefined;
    this.interactions.set(token, {
      channelId: String(interaction.channel_id),
      ...(typeof source?.id === "string" ? { messageId: source.id } : {}),
      ...(Array.isArray(source?.attachments)
        ? { messageAttachments: source.attachments.map(fromJson) }
        : {}),
    });
  }

  /**
   * The attachments a message-making request leaves its message with, or Discord's refusal:
   * channel messages (create, edit), interaction callbacks 4 and 7, follow-ups and webhook edits
   * (`@original` too). Nothing for other requests, nor for a JSON body that neither lists
   * `attachments` nor edits a message that has some: those answer exactly as before.
   */
  plan(
    method: string,
    path: string,
    body: unknown,
    files: UploadedPart[],
  ): { plan?: AttachmentPlan } | { error: DiscordError } | undefined {
    const fields =
      typeof body === "object" && body !== null && !Array.isArray(body)
        ? (body as Record<string, unknown>)
        : {};
    const target = this.attachmentTarget(method, path, fields);
    if (!target) return undefined;
    const { holder, at } = target;
    if (files.length === 0 && holder.attachments === undefined && target.base.length === 0) {
      return undefined;
    }
    if (files.length > 0 && this.denied.has(target.channelId)) {
      return { error: MISSING_PERMISSIONS };
    }
    const channelId = target.channelId;
    const resolved = resolveAttachments({
      metadata: holder.attachments,
      files,
      existing: target.base,
      sizeLimit: this.sizeLimit,
      at,
      newId: () => this.host.nextId(),
      urlOf: (id, filename) =>
        `${this.host.origin()}/attachments/${channelId}/${id}/${encodeURIComponent(filename)}`,
    });
    if ("error" in resolved) return resolved;
    return { plan: { ...resolved, keys: target.keys } };
  }

  /**
   * Which message a request makes or edits, for its attachments: its channel, the attachments it
   * has now, where to keep them, and where the request's `attachments` list sits.
   */
  private attachmentTarget(
    method: string,
    path: string,
    fields: Record<string, unknown>,
  ):
    | {
        channelId: string;
        base: DiscordAttachment[];
        keys: string[];
        holder: Record<string, unknown>;
        at: string[];
      }
    | undefined {
    const create = method === "POST" ? /^\/channels\/(\d+)\/messages$/.exec(path) : null;
    if (create) return { channelId: create[1]!, base: [], keys: [], holder: fields, at: [] };
    const edit = method === "PATCH" ? /^\/channels\/(\d+)\/messages\/(\d+)$/.exec(path) : null;
    if (edit) {
      const [, channelId, id] = edit as unknown as [string, string, string];
      return { channelId, base: this.of(id), keys: [id], holder: fields, at: [] };
    }
    const callback =
      method === "POST" ? /^\/interactions\/\d+\/([^/]+)\/callback$/.exec(path) : null;
    if (callback) {
      const token = callback[1]!;
      const interaction = this.interactions.get(token);
      if (interaction && (fields.type === 4 || fields.type === 5)) interaction.original = "new";
      if (interaction && (fields.type === 6 || fields.type === 7)) {
        interaction.original = "component";
      }
      if (fields.type !== 4 && fields.type !== 7) return undefined;
      const source = fields.type === 7 ? interaction?.messageId : undefined;
      const data = fields.data;
      return {
        channelId: interaction?.channelId ?? this.host.defaultChannel,
        base: source ? this.attachmentsOfSource(interaction!) : [],
        keys: [`@original/${token}`, ...(source ? [source] : [])],
        holder: typeof data === "object" && data !== null ? (data as Record<string, unknown>) : {},
        at: ["data"],
      };
    }
    // discord.js sends `@original` as `%40original`.
    const webhook = /^\/webhooks\/\d+\/([^/]+)(?:\/messages\/(@original|\d+))?$/.exec(
      decodeURIComponent(path),
    );
    if (!webhook) return undefined;
    const token = webhook[1]!;
    const message = webhook[2];
    const interaction = this.interactions.get(token);
    const channelId = interaction?.channelId ?? this.host.defaultChannel;
    if (method === "POST" && message === undefined) {
      return { channelId, base: [], keys: [], holder: fields, at: [] };
    }
    if (method !== "PATCH" || message === undefined) return undefined;
    if (message !== "@original") {
      return {
        channelId,
        base: this.of(message),
        keys: [message],
        holder: fields,
        at: [],
      };
    }
    // @original is the response: a new message, or (callbacks 6 and 7) the component's message.
    const source = interaction?.original === "component" ? interaction.messageId : undefined;
    const key = `@original/${token}`;
    return {
      channelId,
      base:
        this.byMessage.has(key) || !source ? this.of(key) : this.attachmentsOfSource(interaction!),
      keys: [key, ...(source ? [source] : [])],
      holder: fields,
      at: [],
    };
  }

  /**
   * The attachments of a component interaction's message: as the fake stored them, else as the
   * interaction payload showed them (a message the test made up).
   */
  private attachmentsOfSource(interaction: InteractionRecord): DiscordAttachment[] {
    const id = interaction.messageId!;
    return this.byMessage.has(id) ? this.of(id) : [...(interaction.messageAttachments ?? [])];
  }

  /** Stores a request's attachments on its message, and puts them into the message's JSON. */
  keep(plan: AttachmentPlan, message?: Record<string, unknown>): Record<string, unknown> {
    const keys = [...plan.keys, ...(typeof message?.id === "string" ? [message.id] : [])];
    for (const key of keys) this.byMessage.set(key, [...plan.attachments]);
    for (const attachment of plan.added) this.byId.set(attachment.id, attachment);
    this.uploads.push(...plan.added);
    return withAttachments(message ?? {}, plan.attachments);
  }

  /** GET of an attachment's URL: its bytes, as Discord's CDN serves them. */
  serve(path: string): {
    status: number;
    body: unknown;
    headers?: Record<string, string>;
    raw?: Buffer;
  } {
    const attachment = this.byId.get(path.split("/")[3] ?? "");
    if (!attachment) return { status: 404, body: { message: "404: Not Found", code: 0 } };
    return {
      status: 200,
      body: null,
      headers: { "content-type": attachment.contentType },
      raw: attachment.bytes,
    };
  }
}

/** An attachment object from a payload, as the fake keeps attachments (without its bytes). */
function fromJson(raw: unknown): DiscordAttachment {
  const json = (typeof raw === "object" && raw !== null ? raw : {}) as Record<string, unknown>;
  const text = (value: unknown) => (typeof value === "string" ? value : undefined);
  const description = text(json.description);
  return {
    id: String(json.id),
    filename: text(json.filename) ?? "unknown",
    contentType: text(json.content_type) ?? "application/octet-stream",
    size: typeof json.size === "number" ? json.size : 0,
    bytes: Buffer.alloc(0),
    ...(description !== undefined ? { description } : {}),
    spoiler: ((Number(json.flags) || 0) & (1 << 3)) !== 0,
    url: text(json.url) ?? "",
  };
}

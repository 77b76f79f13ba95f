import { randomBytes } from "node:crypto";
import { imageSize, sniffType } from "./fake-discord-multipart.js";

/**
 * Slack's external file upload, as the fake models it from Slack's method docs and from what
 * @slack/web-api's `filesUploadV2` sends:
 * 1. `files.getUploadURLExternal` (filename, length, alt_txt, snippet_type) gives a `file_id`
 *    and an `upload_url` on the fake;
 * 2. the bytes are POSTed there, raw or as multipart form data (the web client sends a form
 *    with one file part named `body`), answered `200 OK - {bytes}`;
 * 3. `files.completeUploadExternal` (files: [{ id, title }], channel_id or channels,
 *    initial_comment, thread_ts, blocks) finishes it, once: with a channel the file is shared
 *    there in a message, without one it stays private to the bot.
 * A finished image can then be shown by an image block's `slack_file: { id }` or `{ url }`.
 */

/** One file, from its upload URL on. */
export interface SlackUpload {
  /** `F` and ten digits, as Slack's own match `^F[A-Z0-9]{8,}$`. */
  id: string;
  team: string;
  filename: string;
  /** The length files.getUploadURLExternal announced. */
  length: number;
  /** The alt text (`alt_txt`, or `alt_text` as @slack/web-api names it). */
  altText?: string;
  snippetType?: string;
  uploadUrl: string;
  /** The bytes POSTed to the upload URL; unset until they arrive. */
  bytes?: Buffer;
  /** How they came: the Content-Type of the POST (or of its file part), and whether multipart. */
  received?: { contentType: string | undefined; multipart: boolean };
  /** Set by files.completeUploadExternal. */
  completed: boolean;
  title?: string;
  /** Seconds, when files.getUploadURLExternal was called. */
  created: number;
  /** Where it was shared, with the ts of the message that carries it. */
  shares: { channel: string; ts: string; threadTs?: string }[];
}

export type SlackResult = Record<string, unknown> & { ok: boolean };

/** What the store needs to know of the fake around it. */
export interface SlackFilesHost {
  /** `http://127.0.0.1:{port}` of the fake. */
  origin(): string;
  now(): number;
  /** The bot user and workspace domain of a team. */
  workspace(team: string): { botUserId: string; domain: string };
  /** Posts the share message in a channel and gives its ts. */
  share(team: string, channel: string, message: Record<string, unknown>): string;
}

/** Slack's limit on an image's alt text (files.getUploadURLExternal's `alt_txt_too_large`). */
const MAX_ALT_TXT = 1000;
/** An image block's alt_text: "Maximum length for this field is 2000 characters." */
const MAX_BLOCK_ALT_TEXT = 2000;
const FILE_ID = /^F[A-Z0-9]{8,}$/;
/** "Currently only png, jpg, jpeg, and gif Slack image files are supported." */
const BLOCK_IMAGE_TYPES = /\.(png|jpe?g|gif)$/i;

export class SlackFiles {
  private readonly files = new Map<string, SlackUpload>();
  private readonly byUploadPath = new Map<string, SlackUpload>();
  private seq = 0;

  constructor(private readonly host: SlackFilesHost) {}

  /** A file by id, finished or not. */
  get(id: string): SlackUpload | undefined {
    return this.files.get(id);
  }

  /** Every file of `team` (all teams without one), in the order their upload URLs were given. */
  all(team?: string): SlackUpload[] {
    return [...this.files.values()].filter((f) => team === undefined || f.team === team);
  }

  /** files.getUploadURLExternal. */
  getUploadURL(team: string, args: Record<string, unknown>): SlackResult {
    const filename = text(args.filename);
    if (filename === undefined) return invalidArguments("missing required field: filename");
    if (args.length === undefined || args.length === "") {
      return invalidArguments("missing required field: length");
    }
    const length = Number(args.length);
    if (!Number.isInteger(length) || length < 0) {
      return invalidArguments("invalid type for field length");
    }
    if (length === 0) return { ok: false, error: "missing_argument" };
    // Slack documents `alt_txt`; @slack/web-api's filesUploadV2 sends `alt_text`.
    const altText = text(args.alt_txt) ?? text(args.alt_text);
    if (altText !== undefined && altText.length > MAX_ALT_TXT) {
      return { ok: false, error: "alt_txt_too_large" };
    }
    this.seq += 1;
    const id = `F${String(this.seq).padStart(10, "0")}`;
    const path = `/upload/v1/${id}.${randomBytes(8).toString("hex")}`;
    const snippetType = text(args.snippet_type);
    const upload: SlackUpload = {
      id,
      team,
      filename,
      length,
      ...(altText !== undefined ? { altText } : {}),
      ...(snippetType !== undefined ? { snippetType } : {}),
      uploadUrl: `${this.host.origin()}${path}`,
      completed: false,
      created: Math.floor(this.host.now() / 1000),
      shares: [],
    };
    this.files.set(id, upload);
    this.byUploadPath.set(path, upload);
    return { ok: true, upload_url: upload.uploadUrl, file_id: id };
  }

  /** Whether `path` is an upload URL the fake gave out. */
  isUploadPath(path: string): boolean {
    return path.startsWith("/upload/v1/");
  }

  /**
   * A POST to an upload URL: the file's bytes, raw or as the (first) file part of a form.
   * Slack answers 200 when the upload worked and anything else when it did not: here, an
   * unknown or finished URL (404), no bytes, or bytes that are not the announced length (400).
   */
  async receive(
    method: string,
    path: string,
    raw: Buffer,
    contentType: string | undefined,
  ): Promise<{ status: number; text: string }> {
    const upload = this.byUploadPath.get(path.replace(/\?.*$/, ""));
    if (!upload || upload.completed) return { status: 404, text: "upload URL not found" };
    if (method !== "POST") return { status: 405, text: "method not allowed" };
    let bytes = raw;
    let type = contentType;
    const multipart = /^multipart\/form-data\b/i.test(contentType ?? "");
    if (multipart) {
      const form = await new Response(new Uint8Array(raw), {
        headers: { "content-type": contentType! },
      })
        .formData()
        .catch(() => undefined);
      const part = form ? [...form.values()].find((v) => typeof v !== "string") : undefined;
      if (!part || typeof part === "string") return { status: 400, text: "no file in the form" };
      bytes = Buffer.from(await part.arrayBuffer());
      type = part.type || undefined;
    }
    if (bytes.length === 0) return { status: 400, text: "empty upload" };
    if (bytes.length !== upload.length) {
      return {
        status: 400,
        text: `length mismatch: ${bytes.length} bytes sent, ${upload.length} announced`,
      };
    }
    upload.bytes = bytes;
    upload.received = { contentType: type, multipart };
    return { status: 200, text: `OK - ${bytes.length}` };
  }

  /** files.completeUploadExternal. */
  complete(team: string, args: Record<string, unknown>): SlackResult {
    const entries = typeof args.files === "string" ? parseJson(args.files) : args.files;
    if (args.files === undefined) return invalidArguments("missing required field: files");
    if (!Array.isArray(entries) || entries.length === 0) {
      return invalidArguments("invalid type for field files");
    }
    const picked: { upload: SlackUpload; title?: string }[] = [];
    for (const entry of entries as unknown[]) {
      const id = typeof entry === "object" && entry !== null ? (entry as { id?: unknown }).id : "";
      if (typeof id !== "string" || id === "") {
        return invalidArguments("missing required field: id [json-pointer:/files/0/id]");
      }
      const upload = this.files.get(id);
      // Not ours, finished already ("can only be called once"), or its bytes never came.
      if (!upload || upload.team !== team || upload.completed || !upload.bytes) {
        return { ok: false, error: "file_not_found" };
      }
      const title = text((entry as { title?: unknown }).title);
      picked.push({ upload, ...(title !== undefined ? { title } : {}) });
    }
    const channels = [
      ...new Set(
        [text(args.channel_id), ...(text(args.channels)?.split(",") ?? [])]
          .map((c) => c?.trim())
          .filter((c): c is string => !!c),
      ),
    ];
    const threadTs = text(args.thread_ts);
    if (threadTs !== undefined && channels.length !== 1) {
      return invalidArguments("thread_ts needs exactly one channel");
    }
    const comment = text(args.initial_comment);
    // "If the initial_comment field is provided, the blocks field is ignored."
    const blocks = comment === undefined ? args.blocks : undefined;
    const ids = new Set(picked.map((p) => p.upload.id));
    const refused = this.checkBlocks(blocks, team, ids);
    if (refused) return refused;

    for (const { upload, title } of picked) {
      upload.completed = true;
      upload.title = title ?? upload.filename;
    }
    for (const channel of channels) {
      const ts = this.host.share(team, channel, {
        text: comment ?? "",
        ...(blocks !== undefined ? { blocks } : {}),
        files: picked.map((p) => this.objectOf(p.upload)),
        upload: true,
        ...(threadTs !== undefined ? { thread_ts: threadTs } : {}),
      });
      for (const { upload } of picked) {
        upload.shares.push({ channel, ts, ...(threadTs !== undefined ? { threadTs } : {}) });
      }
    }
    return { ok: true, files: picked.map((p) => this.objectOf(p.upload)) };
  }

  /** files.info: a finished file of the team. */
  info(team: string, args: Record<string, unknown>): SlackResult {
    const upload = this.files.get(text(args.file) ?? "");
    if (!upload || upload.team !== team || !upload.completed) {
      return { ok: false, error: "file_not_found" };
    }
    return {
      ok: true,
      file: this.objectOf(upload),
      comments: [],
      response_metadata: { next_cursor: "" },
    };
  }

  /**
   * The file's bytes at its `url_private`, as Slack serves them to a token of its team:
   * `undefined` when the path is no file URL of the fake.
   */
  download(path: string): { upload: SlackUpload; bytes: Buffer } | undefined {
    const id = /^\/files-pri\/[^/]+-(F[A-Z0-9]+)\//.exec(path)?.[1];
    const upload = id === undefined ? undefined : this.files.get(id);
    return upload?.completed && upload.bytes ? { upload, bytes: upload.bytes } : undefined;
  }

  /**
   * Checks the image blocks and elements of a message that show a Slack file (`slack_file`):
   * exactly one of `id` and `url` (`url_private` or `permalink`), a finished png, jpg or gif of
   * the team (any team for a response_url post, which carries no token), and alt text. Answers
   * Slack's `invalid_blocks` for the first that fails; `undefined` when all pass or there are
   * none. Blocks without `slack_file` are not looked at.
   */
  checkBlocks(
    blocks: unknown,
    team: string | undefined,
    finishing: Set<string> = new Set(),
  ): SlackResult | undefined {
    if (!Array.isArray(blocks)) return undefined;
    const problems: string[] = [];
    const walk = (value: unknown, pointer: string): void => {
      if (Array.isArray(value)) {
        for (const [i, item] of value.entries()) walk(item, `${pointer}/${i}`);
        return;
      }
      if (typeof value !== "object" || value === null) return;
      const node = value as Record<string, unknown>;
      if (node.type === "image" && "slack_file" in node) {
        const problem = this.imageProblem(node, pointer, team, finishing);
        if (problem) problems.push(problem);
        return;
      }
      for (const [key, field] of Object.entries(node)) walk(field, `${pointer}/${key}`);
    };
    walk(blocks, "/blocks");
    if (problems.length === 0) return undefined;
    return {
      ok: false,
      error: "invalid_blocks",
      errors: problems,
      response_metadata: { messages: problems.map((p) => `[ERROR] ${p}`) },
    };
  }

  private imageProblem(
    image: Record<string, unknown>,
    pointer: string,
    team: string | undefined,
    finishing: Set<string>,
  ): string | undefined {
    const alt = image.alt_text;
    if (typeof alt !== "string" || alt === "") {
      return `missing required field: alt_text [json-pointer:${pointer}]`;
    }
    if (alt.length > MAX_BLOCK_ALT_TEXT) {
      return `must be less than ${MAX_BLOCK_ALT_TEXT + 1} characters [json-pointer:${pointer}/alt_text]`;
    }
    const ref = image.slack_file as { id?: unknown; url?: unknown } | null;
    const at = `${pointer}/slack_file`;
    if (typeof ref !== "object" || ref === null) return `invalid slack file [json-pointer:${at}]`;
    const hasId = ref.id !== undefined;
    if (hasId === (ref.url !== undefined)) return `invalid slack file [json-pointer:${at}]`;
    if (hasId && (typeof ref.id !== "string" || !FILE_ID.test(ref.id))) {
      return `input must match regex pattern: ^[F][A-Z0-9]{8,}$ [json-pointer:${at}/id]`;
    }
    const upload = this.byRef(ref);
    const usable =
      upload &&
      (team === undefined || upload.team === team) &&
      (upload.completed || finishing.has(upload.id)) &&
      BLOCK_IMAGE_TYPES.test(upload.filename);
    return usable ? undefined : `invalid slack file [json-pointer:${at}]`;
  }

  /** The files the image blocks and elements of `blocks` show through `slack_file`. */
  shownBy(blocks: unknown): SlackUpload[] {
    const shown: SlackUpload[] = [];
    const walk = (value: unknown): void => {
      if (Array.isArray(value)) {
        for (const item of value) walk(item);
        return;
      }
      if (typeof value !== "object" || value === null) return;
      const node = value as Record<string, unknown>;
      const ref = node.type === "image" ? (node.slack_file as Record<string, unknown>) : undefined;
      if (ref && typeof ref === "object") {
        const found = this.byRef(ref);
        if (found) shown.push(found);
        return;
      }
      for (const field of Object.values(node)) walk(field);
    };
    walk(blocks);
    return shown;
  }

  /** The file a `slack_file` names: by `id`, else by `url` (its url_private or permalink). */
  private byRef(ref: { id?: unknown; url?: unknown }): SlackUpload | undefined {
    if (typeof ref.id === "string") return this.files.get(ref.id);
    return [...this.files.values()].find((f) => {
      const object = this.objectOf(f);
      return ref.url === object.url_private || ref.url === object.permalink;
    });
  }

  /** The file object, as completeUploadExternal, files.info and messages carry it. */
  objectOf(upload: SlackUpload): Record<string, unknown> {
    const { botUserId, domain } = this.host.workspace(upload.team);
    const bytes = upload.bytes ?? Buffer.alloc(0);
    const mimetype = sniffType(bytes, upload.filename).replace(/;.*$/, "");
    const extension = /\.([a-z0-9]+)$/i.exec(upload.filename)?.[1]?.toLowerCase() ?? "binary";
    const name = encodeURIComponent(upload.filename);
    const privateUrl = `${this.host.origin()}/files-pri/${upload.team}-${upload.id}/${name}`;
    const size = imageSize(bytes);
    const channels = upload.shares.map((s) => s.channel);
    const shares: Record<string, Record<string, unknown[]>> = {};
    for (const share of upload.shares) {
      const kind = share.channel.startsWith("C") ? "public" : "private";
      const byChannel = shares[kind] ?? {};
      shares[kind] = byChannel;
      const list = byChannel[share.channel] ?? [];
      byChannel[share.channel] = list;
      list.push({
        ts: share.ts,
        ...(share.threadTs !== undefined ? { thread_ts: share.threadTs } : {}),
        share_user_id: botUserId,
        team_id: upload.team,
        reply_users: [],
        reply_users_count: 0,
        reply_count: 0,
        source: "UNKNOWN",
      });
    }
    return {
      id: upload.id,
      created: upload.created,
      timestamp: upload.created,
      name: upload.filename,
      title: upload.title ?? upload.filename,
      mimetype,
      filetype: extension,
      pretty_type: extension.toUpperCase(),
      user: botUserId,
      user_team: upload.team,
      editable: false,
      size: bytes.length,
      mode: "hosted",
      is_external: false,
      external_type: "",
      is_public: channels.some((c) => c.startsWith("C")),
      public_url_shared: false,
      display_as_bot: false,
      username: "",
      url_private: privateUrl,
      url_private_download: privateUrl.replace(`/${name}`, `/download/${name}`),
      permalink: `https://${domain}.slack.com/files/${botUserId}/${upload.id}/${name}`,
      ...(size.width !== undefined ? { original_w: size.width, original_h: size.height } : {}),
      ...(upload.altText !== undefined ? { alt_txt: upload.altText } : {}),
      channels: channels.filter((c) => c.startsWith("C")),
      groups: channels.filter((c) => c.startsWith("G")),
      ims: channels.filter((c) => c.startsWith("D")),
      shares,
      comments_count: 0,
      has_rich_preview: false,
      file_access: "visible",
    };
  }
}

function text(value: unknown): string | undefined {
  if (typeof value === "number") return String(value);
  return typeof value === "string" && value !== "" ? value : undefined;
}

function parseJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}

function invalidArguments(message: string): SlackResult {
  return {
    ok: false,
    error: "invalid_arguments",
    response_metadata: { messages: [`[ERROR] ${message}`] },
  };
}

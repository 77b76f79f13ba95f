/**
 * File uploads for the fake Discord, as Discord documents them (Reference > Uploading Files, and
 * the attachment object in Message Resource): a `multipart/form-data` body with the message JSON
 * in a `payload_json` part (or its fields as plain parts) and one `files[n]` part per file, where
 * `n` is the placeholder id an `attachments: [{ id: n, filename, description }]` entry refers to.
 */

/** One file part of a multipart request, as it arrived. */
export interface UploadedPart {
  /** The form field's name, `files[n]`. */
  field: string;
  /** The part's `Content-Disposition` filename. */
  filename: string;
  /** The part's `Content-Type`, if it had one other than application/octet-stream. */
  contentType: string | undefined;
  bytes: Buffer;
}

/** A file attached to a message, as the fake stores it (bytes and all). */
export interface DiscordAttachment {
  /** The snowflake Discord gave it (not the request's placeholder). */
  id: string;
  filename: string;
  /** The media type: the part's Content-Type, else sniffed from the bytes or the name. */
  contentType: string;
  size: number;
  bytes: Buffer;
  /** The alt text, as `attachments[].description` gave it. */
  description?: string;
  title?: string;
  spoiler: boolean;
  /** Where the fake serves the bytes (GET, no auth), like Discord's CDN URL. */
  url: string;
  /** Of a PNG or GIF, read from its header. */
  width?: number;
  height?: number;
}

export interface DiscordError {
  status: number;
  body: { message: string; code: number; errors?: unknown };
}

/** "Maximum number of attachments in a message reached (10)", error 30015. */
export const MAX_ATTACHMENTS = 10;
/** "The maximum request size when sending a message is 25 MiB." */
export const MAX_REQUEST_BYTES = 25 * 1024 * 1024;
/** "The default limit is 10 MiB for all users" (per file; boosts raise it). */
export const DEFAULT_ATTACHMENT_SIZE_LIMIT = 10 * 1024 * 1024;
/** An attachment's description (alt text): "max 1024 characters". */
export const MAX_DESCRIPTION_LENGTH = 1024;
/** The ATTACH_FILES permission bit. */
export const ATTACH_FILES = 1n << 15n;

export const MISSING_PERMISSIONS: DiscordError = {
  status: 403,
  body: { message: "Missing Permissions", code: 50013 },
};
export const ENTITY_TOO_LARGE: DiscordError = {
  status: 413,
  body: { message: "Request entity too large", code: 40005 },
};
export const TOO_MANY_ATTACHMENTS: DiscordError = {
  status: 400,
  body: { message: "Maximum number of attachments in a message reached (10)", code: 30015 },
};

export function isMultipart(contentType: string | undefined): boolean {
  return /^multipart\/form-data\b/i.test(contentType ?? "");
}

/**
 * Reads a multipart body: the JSON of `payload_json` (else the other plain fields, as strings)
 * and the file parts. A body that is no valid form, or whose payload_json is no JSON, is refused.
 */
export async function readMultipart(
  raw: Buffer,
  contentType: string,
): Promise<{ body: Record<string, unknown>; files: UploadedPart[] } | { error: DiscordError }> {
  let form: FormData;
  try {
    form = await new Response(new Uint8Array(raw), {
      headers: { "content-type": contentType },
    }).formData();
  } catch {
    return { error: invalidFormBody({ _errors: [formError("MULTIPART_INVALID", "Invalid")] }) };
  }
  const fields: Record<string, unknown> = {};
  const files: UploadedPart[] = [];
  let payload: string | undefined;
  for (const [field, value] of form) {
    if (typeof value === "string") {
      if (field === "payload_json") payload = value;
      else fields[field] = value;
      continue;
    }
    const type = value.type && value.type !== "application/octet-stream" ? value.type : undefined;
    files.push({
      field,
      filename: value.name,
      contentType: type,
      bytes: Buffer.from(await value.arrayBuffer()),
    });
  }
  if (payload === undefined) return { body: fields, files };
  try {
    const parsed = JSON.parse(payload) as unknown;
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new Error();
    return { body: parsed as Record<string, unknown>, files };
  } catch {
    return {
      error: {
        status: 400,
        body: { message: "The request body contains invalid JSON.", code: 50109 },
      },
    };
  }
}

/**
 * The attachments a message has after a create or an edit, as Discord works them out:
 * - `metadata` (the request's `attachments`) lists every file the message keeps or gets: a new
 *   file by the `n` of its `files[n]`, a file it already has by its id (its description can be
 *   changed). Files it had and does not list are removed; uploaded files it does not list are
 *   not attached.
 * - without `metadata`, every uploaded file is added to what the message had.
 * Limits: ten attachments, `sizeLimit` bytes a file, 1024 characters of description.
 */
export function resolveAttachments(options: {
  metadata: unknown;
  files: UploadedPart[];
  existing: DiscordAttachment[];
  sizeLimit: number;
  /** Where `attachments` sits in the body, for error paths: `[]`, or `["data"]` in callbacks. */
  at: string[];
  newId: () => string;
  urlOf: (id: string, filename: string) => string;
}): { attachments: DiscordAttachment[]; added: DiscordAttachment[] } | { error: DiscordError } {
  const { files, existing } = options;
  if (files.length > MAX_ATTACHMENTS) return { error: TOO_MANY_ATTACHMENTS };
  const byPlaceholder = new Map<string, UploadedPart>();
  for (const file of files) {
    const placeholder = /^files\[(\d+)\]$/.exec(file.field)?.[1];
    if (placeholder === undefined || byPlaceholder.has(placeholder)) {
      return {
        error: invalidFormBody({
          [file.field]: { _errors: [formError("BASE_TYPE_INVALID", "Invalid file field name.")] },
        }),
      };
    }
    if (file.bytes.length > options.sizeLimit) return { error: ENTITY_TOO_LARGE };
    byPlaceholder.set(placeholder, file);
  }
  const added: DiscordAttachment[] = [];
  const attach = (file: UploadedPart, entry: AttachmentRequest): DiscordAttachment => {
    const id = options.newId();
    const filename = entry.filename ?? file.filename;
    const attachment: DiscordAttachment = {
      id,
      filename,
      contentType: file.contentType ?? sniffType(file.bytes, filename),
      size: file.bytes.length,
      bytes: file.bytes,
      ...(entry.description !== undefined ? { description: entry.description } : {}),
      ...(entry.title !== undefined ? { title: entry.title } : {}),
      spoiler: entry.is_spoiler === true || filename.startsWith("SPOILER_"),
      url: options.urlOf(id, filename),
      ...imageSize(file.bytes),
    };
    added.push(attachment);
    return attachment;
  };

  let attachments: DiscordAttachment[];
  if (!Array.isArray(options.metadata)) {
    attachments = [...existing, ...[...byPlaceholder.values()].map((file) => attach(file, {}))];
  } else {
    attachments = [];
    for (const [index, raw] of options.metadata.entries()) {
      // A copy: the request body stays as it came (the fake records it).
      const entry = {
        ...(typeof raw === "object" && raw !== null ? raw : {}),
      } as AttachmentRequest;
      const path = [...options.at, "attachments", String(index)];
      if (typeof entry.description === "string") {
        if (entry.description.length > MAX_DESCRIPTION_LENGTH) {
          return {
            error: invalidFormBody(
              nested([...path, "description"], {
                _errors: [
                  formError(
                    "BASE_TYPE_MAX_LENGTH",
                    `Must be ${MAX_DESCRIPTION_LENGTH} or fewer in length.`,
                  ),
                ],
              }),
            ),
          };
        }
      } else delete entry.description;
      if (typeof entry.filename !== "string") delete entry.filename;
      if (typeof entry.title !== "string") delete entry.title;
      const id = entry.id === undefined || entry.id === null ? undefined : String(entry.id);
      const upload = id === undefined ? undefined : byPlaceholder.get(id);
      const kept = existing.find((a) => a.id === id);
      if (upload) {
        byPlaceholder.delete(id!);
        attachments.push(attach(upload, entry));
      } else if (kept) {
        attachments.push({
          ...kept,
          ...(entry.description !== undefined ? { description: entry.description } : {}),
          ...(typeof entry.is_spoiler === "boolean" ? { spoiler: entry.is_spoiler } : {}),
        });
      } else {
        return {
          error: invalidFormBody(
            nested([...path, "id"], {
              _errors: [formError("ATTACHMENT_NOT_FOUND", "Unknown attachment or file.")],
            }),
          ),
        };
      }
    }
  }
  if (attachments.length > MAX_ATTACHMENTS) return { error: TOO_MANY_ATTACHMENTS };
  return { attachments, added };
}

interface AttachmentRequest {
  id?: unknown;
  filename?: string;
  description?: string;
  title?: string;
  is_spoiler?: unknown;
}

/** An attachment as message JSON carries it. */
export function attachmentJson(attachment: DiscordAttachment): Record<string, unknown> {
  return {
    id: attachment.id,
    filename: attachment.filename,
    ...(attachment.title !== undefined ? { title: attachment.title } : {}),
    ...(attachment.description !== undefined ? { description: attachment.description } : {}),
    content_type: attachment.contentType,
    size: attachment.size,
    url: attachment.url,
    proxy_url: attachment.url,
    ...(attachment.width !== undefined
      ? { width: attachment.width, height: attachment.height }
      : {}),
    ...(attachment.spoiler ? { flags: 1 << 3 } : {}),
  };
}

/**
 * Puts a message's attachments into its JSON as Discord returns it: `attachment://filename` URLs
 * in embeds and components become the file's URL (an embed image also gets its size and type),
 * and `attachments` lists the files nothing refers to ("any attached files that are not
 * referenced in embeds or components"). A reference to a file the message does not have is
 * left as it was.
 */
export function withAttachments(
  message: Record<string, unknown>,
  attachments: DiscordAttachment[],
): Record<string, unknown> {
  const referenced = new Set<string>();
  const resolve = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(resolve);
    if (typeof value !== "object" || value === null) return value;
    const out: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(value)) out[key] = resolve(field);
    for (const key of ["url", "icon_url"]) {
      const url = out[key];
      const name = typeof url === "string" ? /^attachment:\/\/(.+)$/.exec(url)?.[1] : undefined;
      const file = name === undefined ? undefined : attachments.find((a) => a.filename === name);
      if (!file) continue;
      referenced.add(file.id);
      out[key] = file.url;
      if (key === "url") {
        out.proxy_url = file.url;
        out.content_type = file.contentType;
        if (file.width !== undefined)
          Object.assign(out, { width: file.width, height: file.height });
      } else out.proxy_icon_url = file.url;
    }
    return out;
  };
  const embeds = resolve(message.embeds ?? []);
  const components = resolve(message.components ?? []);
  return {
    ...message,
    embeds,
    components,
    attachments: attachments.filter((a) => !referenced.has(a.id)).map(attachmentJson),
  };
}

function nested(path: string[], leaf: unknown): Record<string, unknown> {
  let value = leaf;
  for (const key of [...path].reverse()) value = { [key]: value };
  return value as Record<string, unknown>;
}

function formError(code: string, message: string): { code: string; message: string } {
  return { code, message };
}

/** Discord's 50035 with its `errors` tree. */
export function invalidFormBody(errors: Record<string, unknown>): DiscordError {
  return { status: 400, body: { code: 50035, errors, message: "Invalid Form Body" } };
}

const TYPES_BY_EXTENSION: Record<string, string> = {
  png: "image/png",
  gif: "image/gif",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  webp: "image/webp",
  svg: "image/svg+xml",
  txt: "text/plain; charset=utf-8",
  json: "application/json; charset=utf-8",
  pdf: "application/pdf",
};

/** The media type of bytes without a Content-Type: their magic number, else their name. */
export function sniffType(bytes: Buffer, filename: string): string {
  if (isPng(bytes)) return "image/png";
  if (bytes.subarray(0, 4).toString("latin1") === "GIF8") return "image/gif";
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return "image/jpeg";
  const extension = /\.([a-z0-9]+)$/i.exec(filename)?.[1]?.toLowerCase() ?? "";
  return TYPES_BY_EXTENSION[extension] ?? "application/octet-stream";
}

function isPng(bytes: Buffer): boolean {
  return bytes.length >= 24 && bytes.subarray(0, 8).equals(Buffer.from("89504e470d0a1a0a", "hex"));
}

/** Width and height of a PNG (IHDR) or a GIF (logical screen), else nothing. */
export function imageSize(bytes: Buffer): { width?: number; height?: number } {
  if (isPng(bytes)) return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
  if (bytes.length >= 10 && bytes.subarray(0, 4).toString("latin1") === "GIF8") {
    return { width: bytes.readUInt16LE(6), height: bytes.readUInt16LE(8) };
  }
  return {};
}

import { idSchema } from "../schema.js";

export const isId = (text: string): boolean => idSchema.safeParse(text).success;

/**
 * A title turned into an id: lowercase ASCII letters and digits joined by single hyphens.
 * At most 60 characters by default, so that a question id `<topic-id>-NN` stays within 64.
 * Empty when the title has no Latin letters or digits (the caller then numbers it).
 */
export function slugify(text: string, max = 60): string {
  const slug = text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "") // accents off: "café" -> "cafe"
    .toLowerCase()
    .replace(/&/g, " and ")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  if (slug.length <= max) return slug;
  const cut = slug.slice(0, max + 1);
  const hyphen = cut.lastIndexOf("-");
  return (hyphen > max / 2 ? cut.slice(0, hyphen) : slug.slice(0, max)).replace(/-+$/, "");
}

/** `base`, or `base-2`, `base-3`… : the first not in `taken`. Adds it to `taken`. */
export function uniqueId(base: string, taken: Set<string>): string {
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  taken.add(id);
  return id;
}

/** The next free `<topic>-NN` (two digits, more after 99), as the deck's ids are numbered. */
export function nextQuestionId(topic: string, taken: Set<string>): string {
  const stem = topic.length > 60 ? topic.slice(0, 60).replace(/-+$/, "") : topic;
  for (let n = 1; ; n++) {
    const id = `${stem}-${String(n).padStart(2, "0")}`;
    if (!taken.has(id)) {
      taken.add(id);
      return id;
    }
  }
}

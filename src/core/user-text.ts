/**
 * Text a person supplied (display names, team names, what they typed and we echo back) stays
 * plain in the core, but marked: `userText(name)` wraps it in two private-use characters. Each
 * renderer then escapes exactly those spans for its platform (Discord markdown, Slack mrkdwn)
 * while the core's own markup (**bold**, `code`) still renders, and removes the markers.
 *
 * A marked span never holds a marker itself (`userText` strips them), so a name cannot close
 * its span early and have the rest read as the core's markup. Input is also cleaned where it
 * enters (Studybot), so stored names stay plain.
 */
export const USER_OPEN = "\uE000";
export const USER_CLOSE = "\uE001";

const MARKERS = /[\uE000\uE001]/g;
const SPAN = /\uE000([^\uE000\uE001]*)\uE001/g;
const HELD = /\uE000(\d+)\uE001/g;

/** The text without any marker: for input as it arrives, and for reading a view as plain text. */
export function stripMarkers(text: string): string {
  return text.replace(MARKERS, "");
}

/**
 * Marks text a person supplied, for the renderers to escape. Line breaks become spaces: a name
 * or a query is shown inline, and a line break would let it start a heading or a list.
 */
export function userText(text: string): string {
  return `${USER_OPEN}${stripMarkers(text).replace(/[\r\n\u2028\u2029]+/g, " ")}${USER_CLOSE}`;
}

/** Whether text ends inside a marked span (an open marker with no close after it). */
export function endsInsideSpan(text: string): boolean {
  return text.lastIndexOf(USER_OPEN) > text.lastIndexOf(USER_CLOSE);
}

/** Where a marked span ends up in the rendered text, which decides how it must be escaped. */
export interface SpanPlace {
  /** Inside a `code` span of the core's: markup is not read there, only the backtick matters. */
  inCode: boolean;
  /** At the start of a line, where headings, lists and quotes begin. */
  lineStart: boolean;
}

/**
 * Renders marked text: `markup` converts the core's own markup (it never sees user text), then
 * each span becomes `escapeSpan(span, place)`. Markers that pair with nothing are dropped.
 */
export function renderMarked(
  text: string,
  escapeSpan: (span: string, place: SpanPlace) => string,
  markup: (core: string) => string = (core) => core,
): string {
  const spans: string[] = [];
  let held = "";
  let last = 0;
  for (const match of text.matchAll(SPAN)) {
    held += stripMarkers(text.slice(last, match.index));
    held += `${USER_OPEN}${spans.push(match[1]!) - 1}${USER_CLOSE}`;
    last = match.index + match[0].length;
  }
  held = markup(held + stripMarkers(text.slice(last)));
  let out = "";
  let ticks = 0;
  last = 0;
  for (const match of held.matchAll(HELD)) {
    const before = held.slice(last, match.index);
    ticks += before.split("`").length - 1;
    out += before;
    const lineStart = out.length === 0 || out.endsWith("\n");
    out += escapeSpan(spans[Number(match[1])] ?? "", { inCode: ticks % 2 === 1, lineStart });
    last = match.index + match[0].length;
  }
  return out + held.slice(last);
}

import type { Column } from "./csv-columns.js";
import { isId } from "./ids.js";
import { LIMITS } from "./limits.js";
import { splitList } from "./pipe-list.js";
import { oneLine } from "./text.js";
import type { ConfusedWith, ImportProblem } from "./types.js";

/** The topic card fields of one row; empty ones are left out. */
export interface RowTopic {
  ref: string;
  title?: string;
  area?: string;
  areaTitle?: string;
  summary?: string;
  keyPoints?: string[];
  example?: string;
  aliases?: string[];
  related?: string[];
  confusedWith?: ConfusedWith[];
}

const tooLong = (what: string, text: string, max: number) =>
  `${what} is ${text.length} characters (at most ${max})`;

/**
 * The topic columns of one row. No topic, or a title beyond its limit, refuses the row
 * (null); card text beyond a limit is left out and reported, and a card part is generated
 * in its place (card.ts).
 */
export function readTopicFields(
  get: (c: Column) => string,
  problems: string[],
  warnings: ImportProblem[],
  line: number,
): RowTopic | null {
  const ref = oneLine(get("topic"));
  if (!ref) {
    problems.push("no topic: every row names its topic (an id or a title)");
    return null;
  }
  const title = oneLine(get("topic_title"));
  if ((title || !isId(ref)) && (title || ref).length > LIMITS.title) {
    problems.push(tooLong("the topic title", title || ref, LIMITS.title));
    return null;
  }
  const topic: RowTopic = { ref };
  if (title) topic.title = title;
  const area = oneLine(get("area"));
  const areaTitle = oneLine(get("area_title"));
  if ((areaTitle || area).length > LIMITS.areaTitle && (areaTitle || !isId(area))) {
    problems.push(tooLong("the area title", areaTitle || area, LIMITS.areaTitle));
    return null;
  }
  if (area) topic.area = area;
  if (areaTitle) topic.areaTitle = areaTitle;

  // Card text: what breaks a limit is left out (the card part is generated instead).
  const summary = oneLine(get("summary"));
  if (summary.length > LIMITS.summary) {
    problems.push(`${tooLong("summary", summary, LIMITS.summary)}: not used`);
  } else if (summary) topic.summary = summary;
  const example = oneLine(get("example"));
  if (example.length > LIMITS.example) {
    problems.push(`${tooLong("example", example, LIMITS.example)}: not used`);
  } else if (example) topic.example = example;
  const points = splitList(get("key_points")).map(oneLine).filter(Boolean);
  const long = points.findIndex((p) => p.length > LIMITS.keyPoint);
  if (long >= 0) {
    problems.push(
      `${tooLong(`key point ${long + 1}`, points[long] ?? "", LIMITS.keyPoint)}: key points not used`,
    );
  } else if (points.length > LIMITS.keyPoints) {
    problems.push(`${points.length} key points (at most ${LIMITS.keyPoints}): key points not used`);
  } else if (points.length > 0) topic.keyPoints = points;

  const aliases: string[] = [];
  for (const alias of splitList(get("aliases")).map(oneLine).filter(Boolean)) {
    if (alias.length > LIMITS.alias) {
      warnings.push({
        line,
        message: `alias "${alias.slice(0, 30)}…" is longer than ${LIMITS.alias} characters: left out`,
      });
    } else if (!aliases.some((a) => a.toLowerCase() === alias.toLowerCase())) aliases.push(alias);
  }
  if (aliases.length > 0) topic.aliases = aliases;
  const related = splitList(get("related")).filter(Boolean);
  for (const id of related.filter((r) => !isId(r))) {
    warnings.push({ line, message: `related "${id}" is not a topic id: left out` });
  }
  if (related.some(isId)) topic.related = [...new Set(related.filter(isId))];
  const confused: ConfusedWith[] = [];
  for (const entry of splitList(get("confused_with")).filter(Boolean)) {
    const colon = entry.indexOf(":");
    const id = entry.slice(0, Math.max(colon, 0)).trim();
    const difference = oneLine(entry.slice(colon + 1));
    if (colon < 0 || !isId(id) || !difference || difference.length > LIMITS.difference) {
      warnings.push({
        line,
        message: `confused_with "${entry.slice(0, 40)}" is not "topic-id: the difference" (difference at most ${LIMITS.difference} characters): left out`,
      });
    } else confused.push({ topic: id, difference });
  }
  if (confused.length > 0) topic.confusedWith = confused;
  return topic;
}

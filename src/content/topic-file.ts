import { YamlSource } from "./yaml-source.js";

/** A topic card file split into its front matter and the sections of its Markdown body. */
export interface TopicFile {
  frontMatter: YamlSource | null;
  summary: string;
  keyPoints: string[];
  example: string;
  /** Line of each body part, for error messages; a missing section gets the line it belongs at. */
  lines: { summary: number; keyPoints: number; example: number };
  /** Which sections have their `## ` heading, to tell a missing section from an empty one. */
  headings: { keyPoints: boolean; example: boolean };
  problems: { line: number; field: string; message: string }[];
}

const SECTIONS = { "key points": "keyPoints", example: "example" } as const;
type Section = "summary" | (typeof SECTIONS)[keyof typeof SECTIONS];

/** Splits `---` front matter from the body and reads the body's sections. */
export function parseTopicFile(text: string): TopicFile {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  const problems: TopicFile["problems"] = [];
  const result: TopicFile = {
    frontMatter: null,
    summary: "",
    keyPoints: [],
    example: "",
    lines: { summary: 1, keyPoints: 1, example: 1 },
    headings: { keyPoints: false, example: false },
    problems,
  };
  if (lines[0]?.trim() !== "---") {
    problems.push({ line: 1, field: "front matter", message: "must start with a --- line" });
    return result;
  }
  const end = lines.findIndex((l, i) => i > 0 && l.trim() === "---");
  if (end < 0) {
    problems.push({ line: 1, field: "front matter", message: "has no closing --- line" });
    return result;
  }
  result.frontMatter = new YamlSource(lines.slice(1, end).join("\n"), 2);

  const text_: Record<Section, string[]> = { summary: [], keyPoints: [], example: [] };
  let section: Section = "summary";
  result.lines.summary = end + 2;
  for (let i = end + 1; i < lines.length; i++) {
    const line = lines[i] ?? "";
    const heading = /^##\s+(.+?)\s*$/.exec(line);
    if (heading) {
      const name = (heading[1] ?? "").toLowerCase() as keyof typeof SECTIONS;
      const known = SECTIONS[name];
      if (!known) {
        problems.push({
          line: i + 1,
          field: "body",
          message: `unknown section "${heading[1]}" (use "## Key points" and "## Example")`,
        });
        continue;
      }
      section = known;
      result.lines[known] = i + 1;
      result.headings[known] = true;
      continue;
    }
    text_[section].push(line);
  }
  // A missing section belongs before the next one, or at the end of the file.
  let last = lines.length;
  while (last > end + 1 && !lines[last - 1]?.trim()) last--;
  if (!result.headings.example) result.lines.example = last;
  if (!result.headings.keyPoints) {
    result.lines.keyPoints = result.headings.example ? result.lines.example : last;
  }
  result.summary = joinParagraph(text_.summary);
  result.example = joinParagraph(text_.example);
  result.keyPoints = bullets(text_.keyPoints);
  return result;
}

function joinParagraph(lines: string[]): string {
  return lines
    .map((l) => l.trim())
    .filter(Boolean)
    .join(" ");
}

/** Reads `- ` bullets; an indented or plain line continues the bullet above it. */
function bullets(lines: string[]): string[] {
  const out: string[] = [];
  for (const raw of lines) {
    const line = raw.trim();
    if (!line) continue;
    const bullet = /^[-*]\s+(.*)$/.exec(line);
    if (bullet) out.push(bullet[1] ?? "");
    else if (out.length > 0) out[out.length - 1] += ` ${line}`;
    else out.push(line);
  }
  return out;
}

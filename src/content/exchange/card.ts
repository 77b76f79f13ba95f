import { LIMITS } from "./limits.js";
import { clip, firstSentence, oneLine, plural } from "./text.js";
import type { DraftQuestion, DraftTopic, ImportProblem } from "./types.js";

export interface CompletedCard {
  summary: string;
  keyPoints: string[];
  example: string;
  warnings: ImportProblem[];
}

/**
 * A topic card with every part the schema needs. The parts the source left out are made
 * from what is known (the title, the questions' explanations and prompts), and the summary
 * says so in words: the schema is strict, so there is no field to mark them with.
 */
export function completeCard(
  topic: DraftTopic,
  questions: readonly DraftQuestion[],
  source: string,
): CompletedCard {
  const generated: string[] = [];
  const notes: ImportProblem[] = [];
  // A paragraph starting "## " would read back as a section heading, not as the text.
  const usable = (text: string | undefined, part: string) => {
    if (text === undefined || !/^##\s/.test(text)) return text;
    notes.push({
      line: topic.line,
      message: `topic "${topic.id}": its ${part} starts like a Markdown heading ("## "): not used`,
    });
    return undefined;
  };
  const given = {
    summary: usable(topic.summary, "summary"),
    example: usable(topic.example, "example"),
  };
  let keyPoints = topic.keyPoints ?? [];
  if (keyPoints.length < 2) {
    keyPoints = [...keyPoints, ...pointsFrom(questions, keyPoints)].slice(0, LIMITS.keyPoints);
    generated.push("key points");
  }
  if (keyPoints.length < 2) {
    keyPoints = [
      ...keyPoints,
      `Imported from ${clip(source, 120)} without key points.`,
      "Add two to eight facts here, one per bullet.",
    ].slice(0, 2);
  }
  let example = given.example;
  if (!example) {
    generated.push("example");
    const prompt = questions[0] ? oneLine(questions[0].prompt) : "";
    const lead = "A question on this topic, generated on import: ";
    example = prompt
      ? `${lead}${clip(prompt, LIMITS.example - lead.length)}`
      : `Imported from ${clip(source, 120)} without an example: add a short real-world scenario here.`;
  }
  let summary = given.summary;
  let warning: ImportProblem | undefined;
  if (!summary) {
    const from =
      questions.length > 0 ? `, drawn from its ${plural(questions.length, "question")}` : "";
    summary = clip(
      `${topic.title}. Imported from ${source}, which gave no card text for this topic: the card was generated${from}.`,
      LIMITS.summary,
    );
    generated.unshift("summary");
  } else if (generated.length > 0) {
    const how = questions.length > 0 ? "generated from its questions" : "left as placeholders";
    const note = ` (Imported from ${source}: the ${generated.join(" and ")} were ${how}.)`;
    if (summary.length + note.length <= LIMITS.summary) summary += note;
    else {
      warning = {
        line: topic.line,
        message: `topic "${topic.id}": its summary has no room to say that its ${generated.join(" and ")} were generated`,
      };
    }
  }
  if (generated.length > 0 && !warning) {
    warning = {
      line: topic.line,
      message: `topic "${topic.id}": no ${generated.join(", ")} given: generated (the summary says so)`,
    };
  }
  return { summary, keyPoints, example, warnings: [...notes, ...(warning ? [warning] : [])] };
}

/** Key points from the questions: each explanation's first sentence, then the right reasons. */
function pointsFrom(questions: readonly DraftQuestion[], have: readonly string[]): string[] {
  const seen = new Set(have.map((p) => p.toLowerCase()));
  const out: string[] = [];
  const candidates = [
    ...questions.map((q) => firstSentence(oneLine(q.explanation))),
    ...questions.flatMap((q) => q.options.filter((o) => o.correct).map((o) => o.why)),
  ];
  for (const text of candidates) {
    const point = clip(text, LIMITS.keyPoint);
    if (!point || seen.has(point.toLowerCase())) continue;
    seen.add(point.toLowerCase());
    out.push(point);
  }
  return out;
}

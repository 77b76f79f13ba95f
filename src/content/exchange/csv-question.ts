import type { Column } from "./csv-columns.js";
import { isId } from "./ids.js";
import { LIMITS } from "./limits.js";
import { splitList } from "./pipe-list.js";
import { oneLine } from "./text.js";
import type { Difficulty, DraftOption, DraftQuestion, ImportProblem } from "./types.js";

const letter = (i: number) => String.fromCharCode(65 + i);
const tooLong = (what: string, text: string, max: number) =>
  `${what} is ${text.length} characters (at most ${max})`;

const KINDS: Record<string, DraftQuestion["kind"]> = {
  single: "single",
  multi: "multi",
  multiple: "multi",
  truefalse: "truefalse",
  "true/false": "truefalse",
  "true-false": "truefalse",
};

/**
 * The question columns of one row, checked against the rules of our format (schema.ts):
 * every rule a row breaks is pushed to `problems` and the row gets no question (null).
 */
export function readQuestion(
  get: (c: Column) => string,
  has: (c: Column) => boolean,
  problems: string[],
  warnings: ImportProblem[],
  line: number,
): Omit<DraftQuestion, "topic"> | null {
  const prompt = get("prompt");
  if (!prompt) problems.push("no prompt");
  else if (prompt.length > LIMITS.prompt)
    problems.push(tooLong("the prompt", prompt, LIMITS.prompt));

  const kindText = get("kind").toLowerCase();
  let kind = kindText ? KINDS[kindText] : undefined;
  if (kindText && !kind) {
    problems.push(`kind "${get("kind")}" is not single, multi or truefalse`);
    return null;
  }
  let texts = splitList(get("options"));
  const isTrueFalse = (t: string[]) =>
    t.length === 2 && t[0]?.toLowerCase() === "true" && t[1]?.toLowerCase() === "false";
  // Without a kind, "True|False" options, or none with the answer given as a word, say it.
  const answerWord = /^(true|false)$/i.test(get("correct"));
  if (!kind && (isTrueFalse(texts) || (texts.length === 0 && answerWord))) kind = "truefalse";
  if (texts.length === 0 && kind !== "truefalse") {
    problems.push(
      "no options: give them |-separated (only a truefalse question may leave them out)",
    );
    return null;
  }
  if (kind === "truefalse") {
    if (texts.length > 0 && !isTrueFalse(texts)) {
      problems.push('a truefalse question has the options "True|False" (or none)');
      return null;
    }
    texts = ["True", "False"];
  }

  const letters = readLetters(get("correct"), kind === "truefalse");
  if (typeof letters === "string") {
    problems.push(letters);
    return null;
  }
  const beyond = letters.filter((i) => i >= texts.length);
  if (beyond.length > 0) {
    problems.push(
      `correct letter${beyond.length > 1 ? "s" : ""} ${beyond.map(letter).join(" ")} but only ${texts.length} option${texts.length === 1 ? "" : "s"}`,
    );
    return null;
  }
  kind ??= letters.length > 1 ? "multi" : "single";
  checkCounts(kind, texts.length, letters.length, problems);

  const whys = splitList(get("why"));
  if (!has("why"))
    problems.push("no why column: our format needs one reason per option, |-separated");
  else if (whys.length === 0) problems.push("no reasons (why): give one per option, |-separated");
  else if (whys.length !== texts.length) {
    problems.push(
      `${whys.length} reason${whys.length === 1 ? "" : "s"} (why) for ${texts.length} options`,
    );
  }
  const options: DraftOption[] = texts.map((text, i) => ({
    text: oneLine(text),
    correct: letters.includes(i),
    why: oneLine(whys[i] ?? ""),
  }));
  options.forEach((o, i) => {
    if (!o.text) problems.push(`option ${letter(i)} is empty`);
    else if (o.text.length > LIMITS.option)
      problems.push(tooLong(`option ${letter(i)}`, o.text, LIMITS.option));
    if (whys.length === texts.length && !o.why)
      problems.push(`the reason (why) for option ${letter(i)} is empty`);
    else if (o.why.length > LIMITS.why)
      problems.push(tooLong(`the reason (why) for option ${letter(i)}`, o.why, LIMITS.why));
    const same = options.findIndex(
      (p, j) => j < i && p.text && p.text.toLowerCase() === o.text.toLowerCase(),
    );
    if (same >= 0)
      problems.push(`options ${letter(same)} and ${letter(i)} are the same ("${o.text}")`);
  });

  const explanation = get("explanation");
  if (!explanation) problems.push("no explanation");
  else if (explanation.length > LIMITS.explanation) {
    problems.push(tooLong("the explanation", explanation, LIMITS.explanation));
  }
  const difficultyText = get("difficulty").toLowerCase() || "medium";
  const difficulty = ["easy", "medium", "hard"].includes(difficultyText)
    ? (difficultyText as Difficulty)
    : undefined;
  if (!difficulty) problems.push(`difficulty "${get("difficulty")}" is not easy, medium or hard`);

  if (problems.length > 0 || !difficulty) return null;
  const id = get("id");
  if (id && !isId(id)) {
    warnings.push({
      line,
      message: `id "${id}" is not a valid id (lowercase letters, digits and single hyphens, at most 64): a new one is generated`,
    });
  }
  return {
    line,
    ...(id && isId(id) ? { id } : {}),
    kind,
    difficulty,
    prompt,
    options,
    explanation,
  };
}

/** The option indexes named by `B`, `B D`, `B,D`; true/false also takes "True" or "False". */
function readLetters(text: string, trueFalse: boolean): number[] | string {
  const tokens = text.split(/[\s,;]+/).filter(Boolean);
  if (tokens.length === 0) return "no correct letter";
  const out: number[] = [];
  for (const token of tokens) {
    const word = token.toLowerCase();
    const index =
      trueFalse && (word === "true" || word === "false")
        ? word === "true"
          ? 0
          : 1
        : /^[a-z]$/i.test(token)
          ? token.toUpperCase().charCodeAt(0) - 65
          : -1;
    if (index < 0) return `correct "${text}": use option letters like B, or B D for several`;
    if (!out.includes(index)) out.push(index);
  }
  return out.sort((a, b) => a - b);
}

function checkCounts(
  kind: DraftQuestion["kind"],
  options: number,
  right: number,
  problems: string[],
) {
  if (kind === "single") {
    if (options !== 4) problems.push(`a single question has exactly 4 options, found ${options}`);
    if (right !== 1) {
      problems.push(
        `a single question has exactly 1 correct letter, found ${right} (use kind multi for Select TWO)`,
      );
    }
  } else if (kind === "multi") {
    if (options !== 5) problems.push(`a multi question has exactly 5 options, found ${options}`);
    if (right < 2 || right > 3)
      problems.push(`a multi question has 2 or 3 correct letters, found ${right}`);
  } else if (right !== 1) {
    problems.push(`a truefalse question has exactly 1 correct letter, found ${right}`);
  }
}

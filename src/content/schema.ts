import { z } from "zod";

/** Lowercase words joined by hyphens: the shape of every stable id in a deck. */
export const idSchema = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "use lowercase letters, digits and single hyphens")
  .max(64);

const line = (max: number) => z.string().trim().min(1, "must not be empty").max(max);

export const areaSchema = z.strictObject({
  id: idSchema,
  title: line(80),
  /** The area's share of the deck's exam questions (relative; 1 each when left out). */
  weight: z.number().positive().max(100).default(1),
});

/** The real exam a deck prepares for, which `exam` rehearses at the deck's share of it. */
export const examSchema = z.strictObject({
  name: line(80),
  questions: z.number().int().min(1).max(200),
  minutes: z.number().int().min(1).max(600),
  /** The deck's share of the exam, in percent (a one-domain deck: that domain's weight). */
  share: z.number().positive().max(100).default(100),
  /** The scaled score that passes, out of 1000 (the scale runs from 100). */
  passing: z.number().int().min(100).max(1000).default(700),
});

/** How lookup reads queries in this deck: words that mean nothing here, and other names. */
export const deckLookupSchema = z.strictObject({
  /** Words ignored in queries, on top of plain English ones ("aws" in an AWS deck). */
  stop_words: z.array(z.string().trim().toLowerCase().min(1).max(40)).max(200).default([]),
  /** A word people type -> words the deck's cards use for it ("vm" -> "ec2 instance"). */
  synonyms: z.record(z.string().trim().toLowerCase().min(1).max(40), line(120)).default({}),
});

export const deckSchema = z.strictObject({
  id: idSchema,
  title: line(120),
  description: line(600),
  /** The deck a channel or member studies until someone chooses another (the first when none says). */
  default: z.boolean().default(false),
  areas: z.array(areaSchema).min(1),
  exam: examSchema.optional(),
  lookup: deckLookupSchema.default({ stop_words: [], synonyms: {} }),
});
export type Exam = z.infer<typeof examSchema>;
export type Deck = z.infer<typeof deckSchema>;
export type Area = z.infer<typeof areaSchema>;

/** The front matter of a topic card; the Markdown body adds summary, key points and example. */
export const topicFrontMatterSchema = z.strictObject({
  id: idSchema,
  title: line(120),
  area: idSchema,
  aliases: z.array(line(80)).default([]),
  related: z.array(idSchema).default([]),
  confused_with: z.array(z.strictObject({ topic: idSchema, difference: line(300) })).default([]),
});

export const topicBodySchema = z.strictObject({
  summary: line(400),
  keyPoints: z.array(line(200)).min(2, "needs at least two key points").max(8),
  example: line(400),
});

export type Topic = z.infer<typeof topicFrontMatterSchema> &
  z.infer<typeof topicBodySchema> & { deck: string };

const optionSchema = z.strictObject({
  text: line(160),
  correct: z.boolean().default(false),
  why: line(240),
});
export type QuestionOption = z.infer<typeof optionSchema>;

const questionBase = {
  id: idSchema,
  topic: idSchema,
  difficulty: z.enum(["easy", "medium", "hard"]),
  prompt: line(600),
  explanation: line(600),
};

function checkCorrectCount(options: QuestionOption[], expected: number, ctx: z.RefinementCtx) {
  const right = options.filter((o) => o.correct).length;
  if (right !== expected) {
    ctx.addIssue({
      code: "custom",
      path: ["options"],
      message: `needs exactly ${expected} correct option${expected === 1 ? "" : "s"}, found ${right}`,
    });
  }
}

const singleSchema = z
  .strictObject({
    ...questionBase,
    kind: z.literal("single"),
    options: z.array(optionSchema).length(4, "a single question has exactly 4 options"),
  })
  .superRefine((q, ctx) => checkCorrectCount(q.options, 1, ctx));

const multiSchema = z
  .strictObject({
    ...questionBase,
    kind: z.literal("multi"),
    select: z.number().int().min(2).max(3),
    options: z.array(optionSchema).length(5, 'a "Select TWO" question has exactly 5 options'),
  })
  .superRefine((q, ctx) => checkCorrectCount(q.options, q.select, ctx));

const trueFalseSchema = z
  .strictObject({
    ...questionBase,
    kind: z.literal("truefalse"),
    options: z.tuple(
      [
        optionSchema.extend({ text: z.literal("True") }),
        optionSchema.extend({ text: z.literal("False") }),
      ],
      {
        error: (issue) =>
          issue.code === "too_small" || issue.code === "too_big"
            ? 'a true/false question has exactly 2 options, "True" then "False"'
            : undefined,
      },
    ),
  })
  .superRefine((q, ctx) => checkCorrectCount(q.options, 1, ctx));

export const questionSchema = z.discriminatedUnion(
  "kind",
  [singleSchema, multiSchema, trueFalseSchema],
  // zod's own message here is "Invalid discriminator value"; say it the way an enum does.
  {
    error: (issue) =>
      issue.code === "invalid_union"
        ? 'Invalid option: expected one of "single"|"multi"|"truefalse"'
        : undefined,
  },
);
export type Question = z.infer<typeof questionSchema>;
export type QuestionKind = Question["kind"];

/** How many options a right answer must pick. */
export function requiredPicks(question: Question): number {
  return question.kind === "multi" ? question.select : 1;
}

/** A loaded, cross-checked set of decks, ready for the core. */
export interface Library {
  decks: Deck[];
  topics: Topic[];
  questions: Question[];
}

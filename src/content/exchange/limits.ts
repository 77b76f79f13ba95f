/** The limits of src/content/schema.ts, checked here to say which row breaks them and how. */
export const LIMITS = {
  title: 120,
  areaTitle: 80,
  prompt: 600,
  option: 160,
  why: 240,
  explanation: 600,
  summary: 400,
  keyPoint: 200,
  keyPoints: 8,
  example: 400,
  alias: 80,
  difference: 300,
} as const;

import type { Library } from "../../../src/content/schema.js";

/**
 * What a member's click on the day's channel post carries, read off the post Studybot made (as
 * the load tests read it): the button of a right answer, or for a Select TWO question the
 * submit button with the right boxes ticked. Right answers, so every click takes the path of
 * a correct answer (points, streak) and none is turned away.
 */
export interface SlackClick {
  actionId: string;
  /** The checkboxes' block, for a Select TWO question. */
  pickBlockId?: string;
  letters: string[];
}

/** The data of an INTERACTION_CREATE for a click on the post. */
export type DiscordClick =
  | { custom_id: string; component_type: 2 }
  | { custom_id: string; component_type: 3; values: string[] };

type Block = {
  type: string;
  block_id?: string;
  text?: { text: string };
  elements?: { action_id: string; value?: string }[];
};

type Component = { type: number; custom_id?: string; label?: string; components?: Component[] };

function rightOptions(library: Library, prompt: (text: string) => boolean): Set<string> {
  const question = library.questions.find((q) => prompt(q.prompt));
  if (!question) throw new Error("the day's post shows no question of the deck");
  return new Set(question.options.filter((o) => o.correct).map((o) => o.text));
}

/** From chat.postMessage's arguments: header, prompt, options, then the buttons. */
export function slackClickOf(post: { blocks: Block[] }, library: Library): SlackClick {
  const prompt = post.blocks[1]!.text!.text;
  const right = rightOptions(library, (p) => prompt.endsWith(p));
  const letters = post.blocks[2]!.text!.text.split("\n")
    .filter((line) => right.has(line.replace(/^\*[A-H]\.\* /, "")))
    .map((line) => line.slice(1, 2));
  const pick = post.blocks.find((b) => b.block_id?.startsWith("pick:"));
  if (pick) {
    const submit = post.blocks.find((b) => b.elements?.[0]?.value === "submit")!;
    return { actionId: submit.elements![0]!.action_id, pickBlockId: pick.block_id!, letters };
  }
  const buttons = post.blocks.find((b) => b.type === "actions")!.elements!;
  return { actionId: buttons.find((e) => e.value === letters[0])!.action_id, letters };
}

/** From the channel message's body: an embed with the options, buttons or a select menu. */
export function discordClickOf(
  post: { embeds: { description: string }[]; components: Component[] },
  library: Library,
): DiscordClick {
  const description = post.embeds[0]!.description;
  const right = rightOptions(library, (p) => description.includes(p));
  const letters = description
    .split("\n")
    .map((line) => /^\*\*([A-H])\.\*\* (.*)$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null && right.has(m[2]!))
    .map((m) => m[1]!);
  const controls = post.components.flatMap((row) => row.components ?? []);
  const select = controls.find((c) => c.type === 3);
  if (select) return { custom_id: select.custom_id!, component_type: 3, values: letters };
  return { custom_id: controls.find((c) => c.label === letters[0])!.custom_id!, component_type: 2 };
}

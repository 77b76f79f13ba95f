import type { Env, Requester } from "../env.js";
import { UserError } from "../errors.js";
import { userText } from "../user-text.js";
import type { View } from "../views.js";
import { deckLine } from "./deck.js";

/** Topics grouped by area, or the topics of one area. */
export function topics(env: Env, r: Requester, areaTerm?: string): View[] {
  const areas = env.library.decks.flatMap((d) => d.areas);
  let shown = areas;
  if (areaTerm) {
    const wanted = areaTerm.trim().toLowerCase();
    shown = areas.filter(
      (a) => a.id === wanted || a.title.toLowerCase().includes(wanted) || a.id.includes(wanted),
    );
    if (shown.length === 0) {
      throw new UserError(
        `There is no area called "${userText(areaTerm.slice(0, 60))}".`,
        `The areas are: ${areas.map((a) => a.id).join(", ")}.`,
      );
    }
  }
  const fields = shown.map((area) => {
    const inArea = env.library.topics.filter((t) => t.area === area.id);
    return {
      name: `${area.title} (${inArea.length})`,
      value: inArea.map((t) => `${t.title} \`${t.id}\``).join(" · ") || "(none yet)",
    };
  });
  return [
    {
      ephemeral: true,
      tone: "info",
      title: areaTerm
        ? `Topics: ${shown.map((a) => a.title).join(", ")}`
        : `Topics: ${env.library.decks[0]!.title}`,
      text: [
        `Look one up with ${r.cmd("lookup <topic>")}, or practise with ${r.cmd("quiz <topic>")}.`,
        deckLine(env, r),
      ]
        .filter(Boolean)
        .join("\n"),
      fields,
    },
  ];
}

import type { Topic } from "../../content/schema.js";
import { encodeAction } from "../actions.js";
import { type Env, lookupAcrossDecks, questionsOfTopics, type Requester } from "../env.js";
import { userText } from "../user-text.js";
import type { View } from "../views.js";

/**
 * A topic card for what was typed, from the deck studied here; from another deck only when
 * nothing here matches (and then it says which). On a miss, the closest topics.
 */
export function lookup(env: Env, r: Requester, term: string): View[] {
  const found = lookupAcrossDecks(env, term);
  if (!found.topic) {
    const suggestions = found.others.map((t) => `- **${t.title}**: ${r.cmd(`lookup ${t.id}`)}`);
    return [
      {
        ephemeral: true,
        tone: "warning",
        title: `No topic matches "${userText(term.slice(0, 80))}"`,
        text: [
          "The closest topics:",
          ...suggestions,
          "",
          `Or browse them all with ${r.cmd("topics")}.`,
        ].join("\n"),
      },
    ];
  }
  const card = topicCard(env, r, found.topic, found.others);
  if (!found.from) return [card];
  return [{ ...card, footer: `From the ${found.from.title} deck · ${card.footer ?? ""}` }];
}

export function topicCard(env: Env, r: Requester, topic: Topic, others: Topic[] = []): View {
  const title = (id: string) => env.topics.get(id)?.title ?? id;
  const fields = [
    { name: "Key points", value: topic.keyPoints.map((p) => `- ${p}`).join("\n") },
    { name: "Example", value: topic.example },
  ];
  if (topic.confused_with.length > 0) {
    fields.push({
      name: "Often confused with",
      value: topic.confused_with.map((c) => `- **${title(c.topic)}**: ${c.difference}`).join("\n"),
    });
  }
  if (topic.related.length > 0) {
    fields.push({ name: "Related", value: topic.related.map(title).join(" · ") });
  }
  if (others.length > 0) {
    fields.push({
      name: "Also matching",
      value: others.map((t) => `${t.title} \`${t.id}\``).join(" · "),
    });
  }
  const questions = questionsOfTopics(env, new Set([topic.id])).length;
  return {
    ephemeral: true,
    tone: "info",
    title: topic.title,
    text: topic.summary,
    fields,
    buttons: [
      {
        label: "Quiz me on this",
        actionId: encodeAction({ type: "quiz", topicId: topic.id }),
        command: `quiz ${topic.id}`,
        style: "primary",
      },
    ],
    footer: `${questions} question${questions === 1 ? "" : "s"} on this topic · ${r.cmd(`quiz ${topic.id}`)}`,
  };
}

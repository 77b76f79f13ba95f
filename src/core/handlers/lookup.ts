import type { Topic } from "../../content/schema.js";
import { encodeAction } from "../actions.js";
import type { Env, Requester } from "../env.js";
import { userText } from "../user-text.js";
import type { View } from "../views.js";

/** A topic card for what was typed; on a miss, the closest topics. */
export function lookup(env: Env, r: Requester, term: string): View[] {
  const found = env.index.lookup(term);
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
  return [topicCard(env, r, found.topic, found.others)];
}

export function topicCard(env: Env, r: Requester, topic: Topic, others: Topic[] = []): View {
  const title = (id: string) => env.index.get(id)?.title ?? id;
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
  const questions = env.library.questions.filter((q) => q.topic === topic.id).length;
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

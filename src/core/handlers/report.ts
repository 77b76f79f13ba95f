import type { Env, Requester } from "../env.js";
import { UserError } from "../errors.js";
import { clip } from "../text.js";
import { userText } from "../user-text.js";
import { LETTERS, type View } from "../views.js";

/** How many open reports `reports` lists at once. */
const LISTED = 20;

/**
 * A member says a question is wrong or unclear: the ask a button names, or the last private
 * question they answered in this conversation. Kept with the order its options were shown in,
 * for the workspace's admins (never shown to other members). One report per member and ask.
 */
export async function report(
  env: Env,
  r: Requester,
  options: { askId?: string; reason?: string },
): Promise<View[]> {
  const ask = options.askId
    ? await env.store.getAsk(options.askId)
    : await env.store.lastAnsweredAsk(r.member.id, r.ctx.channelId);
  if (!ask || ask.workspaceId !== r.workspaceId) {
    throw new UserError(
      options.askId
        ? "That question is no longer available to report."
        : "There is no question you answered here to report yet.",
      (cmd) => `Answer one first (${cmd("quiz")}), then ${cmd("report what is wrong")}.`,
    );
  }
  // A button on someone else's private feedback cannot be pressed by another member, but its
  // id could be replayed: only the member who was asked (or anyone, for a channel question).
  if (ask.memberId !== null && ask.memberId !== r.member.id) {
    throw new UserError("You can only report questions you were asked.");
  }
  const reason = options.reason?.trim() ? clip(options.reason.trim(), 500) : null;
  const recorded = await env.store.createReport({
    workspaceId: r.workspaceId,
    memberId: r.member.id,
    askId: ask.id,
    questionId: ask.questionId,
    optionOrder: ask.optionOrder,
    reason,
    createdAt: r.now,
  });
  return [
    {
      ephemeral: true,
      tone: recorded ? "success" : "info",
      text: recorded
        ? `Thanks: your report on question \`${ask.questionId}\` went to this workspace's admins${reason ? "" : `. To say what is wrong, ${r.cmd("report <what is wrong>")} right after answering`}.`
        : "You have already reported this question; the admins have it.",
    },
  ];
}

/** Admins: the workspace's open reports, oldest first, each with what the member saw. */
export async function reports(env: Env, r: Requester): Promise<View[]> {
  const open = await env.store.openReports(r.workspaceId, LISTED + 1);
  if (open.length === 0) {
    return [{ ephemeral: true, tone: "info", title: "Question reports", text: "No open reports." }];
  }
  const lines = open.slice(0, LISTED).map((report) => {
    const question = env.questions.get(report.questionId);
    const right = question
      ? report.optionOrder
          .map((original, shown) => (question.options[original]?.correct ? LETTERS[shown] : ""))
          .join("")
      : "";
    const prompt = question ? clip(question.prompt, 90) : "(retired from the deck)";
    const why = report.reason ? `: “${userText(clip(report.reason, 200))}”` : "";
    return `**#${report.id}** \`${report.questionId}\` ${prompt} (shown key ${right || "?"}) · ${userText(report.memberName)}${why}`;
  });
  if (open.length > LISTED) lines.push(`…and more: close these to see the rest.`);
  return [
    {
      ephemeral: true,
      tone: "info",
      title: "Question reports",
      text: lines.join("\n"),
      footer: `Close one with ${r.cmd("reports close <id>")} once the deck is fixed (or the report is not a problem).`,
    },
  ];
}

export async function closeReport(env: Env, r: Requester, id: number): Promise<View[]> {
  if (!(await env.store.closeReport(r.workspaceId, id, r.now))) {
    throw new UserError(
      `There is no open report #${id} in this workspace.`,
      (cmd) => `${cmd("reports")} lists them.`,
    );
  }
  return [{ ephemeral: true, tone: "success", text: `Report #${id} is closed.` }];
}

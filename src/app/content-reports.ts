import { loadLibrary } from "../content/load.js";
import type { QuestionReport } from "../core/ports.js";
import { stripMarkers } from "../core/user-text.js";
import { openDatabaseFrom } from "../store/database.js";
import type { Config } from "./config.js";

/** How many open reports the command prints at most. */
const MAX_PRINTED = 500;

/**
 * `studybot content reports`: every workspace's open reports, for the deck's maintainers, by
 * question (most reported first), each with its reasons and when. Names are left out: who
 * reported is the workspace's business, what is wrong is the deck's.
 */
export async function contentReports(
  config: Config,
  out: NodeJS.WritableStream = process.stdout,
): Promise<number> {
  const library = loadLibrary(config.CONTENT_DIR);
  const database = await openDatabaseFrom(config);
  let open: QuestionReport[];
  try {
    await database.migrate();
    open = await database.store.openReports(null, MAX_PRINTED);
  } finally {
    await database.close();
  }
  if (open.length === 0) {
    out.write("No open reports.\n");
    return 0;
  }
  const byQuestion = new Map<string, QuestionReport[]>();
  for (const report of open)
    byQuestion.set(report.questionId, [...(byQuestion.get(report.questionId) ?? []), report]);
  const questions = new Map(library.questions.map((q) => [q.id, q]));
  const lines = [...byQuestion.entries()]
    .sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]))
    .flatMap(([id, reports]) => {
      const question = questions.get(id);
      const where = question ? `questions/${question.topic}.yaml` : "(retired from the deck)";
      return [
        `${id} (${where}): ${reports.length} open report${reports.length === 1 ? "" : "s"}`,
        ...reports.map(
          (r) =>
            `  #${r.id} ${r.createdAt.toISOString().slice(0, 10)} workspace ${r.workspaceId}: ${r.reason ? stripMarkers(r.reason) : "(no reason given)"}`,
        ),
      ];
    });
  out.write(`${lines.join("\n")}\n`);
  return 0;
}

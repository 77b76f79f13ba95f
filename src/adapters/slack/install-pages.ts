/** The pages a browser sees at the end of "Add to Slack". Plain HTML, nothing loaded from elsewhere. */

const STYLE =
  "font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;line-height:1.5";

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!,
  );
}

function document(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body style="${STYLE}">${body}</body></html>`;
}

/** After a good install: what to do next, in the workspace. */
export function installedPage(workspace: string): string {
  return document(
    "Studybot is installed",
    `<h1>Studybot is installed in ${escapeHtml(workspace)}</h1>
<p>Type <code>/study help</code> in any channel to begin, or open Studybot's <b>Home</b> tab in Slack to see your progress.</p>
<p>Admins: <code>/study setup 09:00 Europe/Berlin</code> in a channel posts a daily question there.</p>`,
  );
}

/** Why an install did not finish (Slack's or Bolt's error code), and how to try again. */
export function installFailedPage(code: string | undefined): string {
  const reason =
    code === "slack_oauth_invalid_state" || code === "slack_oauth_missing_state"
      ? "The install link expired or was opened in another browser."
      : code === "slack_oauth_missing_code" || code === "slack_oauth_installer_authorization_error"
        ? "The install was cancelled, or Slack refused it."
        : "Slack did not finish the install.";
  return document(
    "Studybot was not installed",
    `<h1>Studybot was not installed</h1>
<p>${reason} Nothing was changed.</p>
<p><a href="/slack/install">Start again</a>.</p>`,
  );
}

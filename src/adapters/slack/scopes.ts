/**
 * The bot scopes Studybot needs, and nothing more: the slash command; posting to channels it is
 * in or invited to; reading a user's name and admin flag (Home tab, admin subcommands); reading
 * a channel's recent history (public and private) to find a post sent just before a crash, so
 * it is recorded instead of posted twice; and opening a direct message, where a review started
 * from the Home tab runs. The manifest and every "Add to Slack" install ask for these.
 */
export const SLACK_BOT_SCOPES = [
  "commands",
  "chat:write",
  "chat:write.public",
  "users:read",
  "channels:history",
  "groups:history",
  "im:write",
  // Pictures (stats, reveal charts, leaderboard cards) are uploaded as the app's own files.
  "files:write",
];

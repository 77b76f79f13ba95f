import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../../src/app/config.js";

const noFile = join(tmpdir(), "no-such-studybot-shard-config.env");

describe("Discord shard settings", () => {
  it("runs one shard, as before, when neither is set", () => {
    const config = loadConfig({}, noFile);
    expect(config.DISCORD_SHARDS).toBeUndefined();
    expect(config.DISCORD_SHARD_IDS).toBeUndefined();
  });

  it.each([
    [{ DISCORD_SHARDS: "auto" }, "auto", undefined],
    [{ DISCORD_SHARDS: " AUTO " }, "auto", undefined],
    [{ DISCORD_SHARDS: "4" }, 4, undefined],
    [{ DISCORD_SHARDS: "1000" }, 1000, undefined],
    [{ DISCORD_SHARDS: "4", DISCORD_SHARD_IDS: "0,1" }, 4, [0, 1]],
    [{ DISCORD_SHARDS: "4", DISCORD_SHARD_IDS: " 3, 2 " }, 4, [3, 2]],
  ])("reads %o", (env, shards, ids) => {
    const config = loadConfig(env, noFile);
    expect(config.DISCORD_SHARDS).toBe(shards);
    expect(config.DISCORD_SHARD_IDS).toEqual(ids);
  });

  it.each([
    [{ DISCORD_SHARDS: "0" }, 'Invalid DISCORD_SHARDS "0": must be "auto" or a whole number'],
    [{ DISCORD_SHARDS: "abc" }, 'Invalid DISCORD_SHARDS "abc": must be "auto" or a whole number'],
    [{ DISCORD_SHARDS: "1.5" }, 'Invalid DISCORD_SHARDS "1.5"'],
    [{ DISCORD_SHARDS: "-2" }, 'Invalid DISCORD_SHARDS "-2"'],
    [{ DISCORD_SHARDS: "1001" }, "from 1 to 1000"],
    [{ DISCORD_SHARD_IDS: "0,1" }, "DISCORD_SHARD_IDS is set but DISCORD_SHARDS is not"],
    [
      { DISCORD_SHARDS: "auto", DISCORD_SHARD_IDS: "0" },
      'DISCORD_SHARD_IDS is set but DISCORD_SHARDS is "auto"',
    ],
    [
      { DISCORD_SHARDS: "2", DISCORD_SHARD_IDS: "0,2" },
      'Invalid DISCORD_SHARD_IDS "0,2": shard 2 does not exist with DISCORD_SHARDS=2 (ids run from 0 to 1)',
    ],
    [
      { DISCORD_SHARDS: "2", DISCORD_SHARD_IDS: "1,1" },
      'Invalid DISCORD_SHARD_IDS "1,1": names shard 1 twice',
    ],
    [
      { DISCORD_SHARDS: "2", DISCORD_SHARD_IDS: "0;1" },
      'Invalid DISCORD_SHARD_IDS "0;1": must be shard ids separated by commas',
    ],
    [{ DISCORD_SHARDS: "2", DISCORD_SHARD_IDS: "0,,1" }, "must be shard ids separated by commas"],
    [{ DISCORD_SHARDS: "2", DISCORD_SHARD_IDS: "one" }, "must be shard ids separated by commas"],
  ])("refuses %o with one line", (env, message) => {
    let error: unknown;
    try {
      loadConfig(env, noFile);
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toContain(message);
    expect((error as ConfigError).message).not.toContain("\n");
  });
});

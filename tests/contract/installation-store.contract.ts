import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Installation, InstallationStore } from "../../src/core/ports.js";

export interface InstallationsUnderTest {
  installations: InstallationStore;
  close(): Promise<void>;
}

function installation(id: string, overrides: Partial<Installation> = {}): Installation {
  return {
    platform: "slack",
    installationId: id,
    teamId: id,
    enterpriseId: null,
    botToken: `xoxb-${id}`,
    expiresAt: null,
    record: JSON.stringify({ team: { id }, bot: { token: `xoxb-${id}` } }),
    updatedAt: new Date("2026-12-01T10:00:00Z"),
    ...overrides,
  };
}

/** What every `InstallationStore` must do, on a fresh, empty store from `make`. */
export function installationStoreContract(
  name: string,
  make: () => Promise<InstallationsUnderTest>,
): void {
  describe(`InstallationStore contract: ${name}`, () => {
    let store: InstallationStore;
    let close: (() => Promise<void>) | undefined;
    beforeEach(async () => {
      const made = await make();
      store = made.installations;
      close = () => made.close();
    });
    afterEach(async () => {
      await close?.();
      close = undefined;
    });

    it("keeps an installation whole and gives it back by platform and id", async () => {
      const saved = installation("T1", {
        expiresAt: new Date("2026-12-01T22:00:00Z"),
        enterpriseId: "E1",
      });
      await store.saveInstallation(saved);
      expect(await store.getInstallation("slack", "T1")).toEqual(saved);
      expect(await store.getInstallation("slack", "T2")).toBeNull();
      expect(await store.getInstallation("discord", "T1")).toBeNull();
    });

    it("replaces an installation on a new install or a refreshed token", async () => {
      await store.saveInstallation(installation("T1"));
      const refreshed = installation("T1", {
        botToken: "xoxe.xoxb-new",
        expiresAt: new Date("2026-12-02T10:00:00Z"),
        record: '{"bot":{"token":"xoxe.xoxb-new"}}',
        updatedAt: new Date("2026-12-01T12:00:00Z"),
      });
      await store.saveInstallation(refreshed);
      expect(await store.getInstallation("slack", "T1")).toEqual(refreshed);
    });

    it("keeps workspaces apart: each has its own token", async () => {
      await store.saveInstallation(installation("T1"));
      await store.saveInstallation(installation("T2"));
      expect((await store.getInstallation("slack", "T1"))?.botToken).toBe("xoxb-T1");
      expect((await store.getInstallation("slack", "T2"))?.botToken).toBe("xoxb-T2");
    });

    it("deletes one installation, saying whether there was one", async () => {
      await store.saveInstallation(installation("T1"));
      await store.saveInstallation(installation("T2"));
      expect(await store.deleteInstallation("slack", "T1")).toBe(true);
      expect(await store.deleteInstallation("slack", "T1")).toBe(false);
      expect(await store.getInstallation("slack", "T1")).toBeNull();
      expect(await store.getInstallation("slack", "T2")).not.toBeNull();
    });

    it("lists the tokens expiring before a time, soonest first; tokens that never expire are not", async () => {
      const at = (h: number) => new Date(Date.UTC(2026, 11, 1, h));
      await store.saveInstallation(installation("late", { expiresAt: at(20) }));
      await store.saveInstallation(installation("soon", { expiresAt: at(11) }));
      await store.saveInstallation(installation("never"));
      await store.saveInstallation(installation("sooner", { expiresAt: at(10) }));
      const ids = async (before: Date, limit = 10) =>
        (await store.expiringInstallations("slack", before, limit)).map((i) => i.installationId);
      expect(await ids(at(12))).toEqual(["sooner", "soon"]);
      expect(await ids(at(23), 2)).toEqual(["sooner", "soon"]);
      expect(await ids(at(9))).toEqual([]);
    });
  });
}

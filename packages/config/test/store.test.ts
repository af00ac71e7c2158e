import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { defaultConfig, loadConfig } from "../src/index.js";

const dir = mkdtempSync(join(tmpdir(), "dnsteer-config-store-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function load(extra: Record<string, unknown>): ReturnType<typeof loadConfig> {
  const path = join(dir, "dnsteer.json");
  writeFileSync(path, JSON.stringify({ zones: [{ file: "example.zone" }], ...extra }));
  return loadConfig(path);
}

describe("store and roles", () => {
  it("defaults to the SQLite file and every role", () => {
    const c = load({});
    expect(c.store).toEqual({ kind: "sqlite" });
    expect(c.roles).toEqual(["responder", "prober", "decider"]);
    expect(defaultConfig().store).toEqual({ kind: "sqlite" });
  });

  it("takes a postgres store with its site and responder names", () => {
    const c = load({ store: { kind: "postgres", url: "postgresql:///dnsteer?host=/run/pg", site: "fra-1" }, roles: ["responder"] });
    expect(c.store).toEqual({
      kind: "postgres",
      url: "postgresql:///dnsteer?host=/run/pg",
      site: "fra-1",
      queryTimeoutMs: 30_000,
      connectTimeoutMs: 5_000,
    });
    expect(c.roles).toEqual(["responder"]);
  });

  it("takes the shared database's timeouts, within bounds named by their key", () => {
    const url = "postgresql:///dnsteer?host=/run/pg";
    const c = load({ store: { kind: "postgres", url, queryTimeoutMs: 2000, connectTimeoutMs: 1000 } });
    expect(c.store).toMatchObject({ queryTimeoutMs: 2000, connectTimeoutMs: 1000 });
    expect(() => load({ store: { kind: "postgres", url, queryTimeoutMs: 0 } })).toThrow(/store\.queryTimeoutMs/);
    expect(() => load({ store: { kind: "postgres", url, connectTimeoutMs: 10_000_000 } })).toThrow(/store\.connectTimeoutMs/);
  });

  it("names store.url when it is missing or not a postgresql URL, in one line", () => {
    for (const store of [{ kind: "postgres" }, { kind: "postgres", url: "mysql://x" }]) {
      let message = "";
      try {
        load({ store });
      } catch (err) {
        message = (err as Error).message;
      }
      expect(message).toMatch(/store\.url/);
    }
    expect(() => load({ store: { kind: "sqlite", url: "x" } })).toThrow(/store/);
    expect(() => load({ store: { kind: "mongo" } })).toThrow(/store\.kind/);
  });

  it("refuses unknown and repeated roles", () => {
    expect(() => load({ roles: ["responder", "api"] })).toThrow(/roles/);
    expect(() => load({ roles: ["prober", "prober"] })).toThrow(/roles/);
    expect(() => load({ roles: [] })).toThrow(/roles/);
  });
});

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { ConfigError, configReference, defaultConfig, keyPath, loadConfig, mergeOverDefaults } from "../src/index.js";

const dir = mkdtempSync(join(tmpdir(), "dnsteer-config-merge-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function load(body: object): ReturnType<typeof loadConfig> {
  const path = join(dir, "dnsteer.json");
  writeFileSync(path, JSON.stringify(body));
  return loadConfig(path);
}

describe("a file over the embedded default", () => {
  it("merges objects at every depth and replaces arrays", () => {
    expect(mergeOverDefaults({ a: { b: 1, c: 2 }, l: [1, 2] }, { a: { c: 3 }, l: [9] })).toEqual({ a: { b: 1, c: 3 }, l: [9] });
  });

  it('`"tcp": {"maxConnections": 10}` keeps every other tcp key', () => {
    expect(load({ tcp: { maxConnections: 10 } }).tcp).toEqual({ ...defaultConfig().tcp, maxConnections: 10 });
  });

  it("a nested group given in part keeps the rest (chaos, api, policy)", () => {
    const c = load({ chaos: { identity: "ns1" }, api: { port: 9000 }, policy: { downAfterLosses: 5 } });
    expect(c.chaos).toEqual({ version: null, identity: "ns1" });
    expect(c.api).toEqual({ ...defaultConfig().api, port: 9000 });
    expect(c.policy.evaluateIntervalMs).toBe(defaultConfig().policy.evaluateIntervalMs);
    expect(c.policy.downAfterLosses).toBe(5);
  });

  it("an empty file is the embedded default with its paths made absolute", () => {
    const c = load({});
    expect(c.listen).toEqual(defaultConfig().listen);
    expect(c.dataDir).toBe(join(dir, "data"));
  });
});

describe("errors name the key as the file spells it", () => {
  it("listen[1].address", () => {
    const bad = {
      listen: [
        { address: "127.0.0.1", port: 53 },
        { address: "nope", port: 53 },
      ],
    };
    expect(() => load(bad)).toThrow(ConfigError);
    expect(() => load(bad)).toThrow(/listen\[1\]\.address: must be an IPv4 or IPv6 address/);
  });

  it("keyPath formats indexes in brackets", () => {
    expect(keyPath(["providers", 0, "name"])).toBe("providers[0].name");
    expect(keyPath([])).toBe("(root)");
  });

  it("the message is one line", () => {
    try {
      load({ listen: [{ address: "x", port: 70000 }] });
      expect.unreachable();
    } catch (err) {
      expect((err as Error).message).not.toContain("\n");
      expect((err as Error).message).toContain("listen[0].port");
    }
  });
});

describe("docs/config.md", () => {
  it("is what `pnpm config:doc` generates from the schema (run it after changing the schema)", () => {
    const file = fileURLToPath(new URL("../../../docs/config.md", import.meta.url));
    expect(readFileSync(file, "utf8")).toBe(configReference());
  });

  it("lists every key of the embedded default", () => {
    const doc = configReference();
    for (const key of Object.keys(defaultConfig())) expect(doc).toContain(`| \`${key}`);
    expect(doc).toContain("`tcp.maxConnections`");
    expect(doc).toContain("`listen[].address`");
  });
});

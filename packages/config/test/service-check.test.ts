import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadConfig } from "../src/index.js";

const dir = mkdtempSync(join(tmpdir(), "dnsteer-config-check-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function load(serviceCheck: unknown): ReturnType<typeof loadConfig> {
  const path = join(dir, "dnsteer.json");
  writeFileSync(
    path,
    JSON.stringify({
      zones: [{ file: "example.zone" }],
      providers: [{ name: "p1", sourceV4: "192.0.2.1", serviceA: ["198.51.100.80"], serviceCheck }],
    }),
  );
  return loadConfig(path);
}

describe("providers[].serviceCheck", () => {
  it("takes a check and keeps what the worker defaults absent", () => {
    const c = load({ type: "https", host: "www.example.test", okStatus: [200, [300, 302]], rise: 3, fall: 2 });
    expect(c.providers[0]!.serviceCheck).toEqual({
      type: "https",
      host: "www.example.test",
      okStatus: [200, [300, 302]],
      rise: 3,
      fall: 2,
    });
  });

  it("names the bad key", () => {
    expect(() => load({ type: "icmp" })).toThrow(/providers\.0\.serviceCheck\.type|providers\[0\]\.serviceCheck\.type/);
    expect(() => load({ type: "http", fall: 0 })).toThrow(/serviceCheck\.fall/);
    expect(() => load({ type: "http", addresses: ["nope"] })).toThrow(/serviceCheck\.addresses.*must be an IP address/);
    expect(() => load({ type: "http", every: 5 })).toThrow(/every/);
  });
});

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../src/index.js";

const dir = mkdtempSync(join(tmpdir(), "dnsteer-config-xfr-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const KEY = { name: "xfr-key", algorithm: "hmac-sha256", secret: "c2VjcmV0" };

function load(zone: object, tsig: unknown[] = [KEY]): ReturnType<typeof loadConfig> {
  const path = join(dir, "dnsteer.json");
  writeFileSync(path, JSON.stringify({ tsig, zones: [{ file: "example.zone", ...zone }] }));
  return loadConfig(path);
}

describe("zones[].transfer, notify, serial and tsig keys", () => {
  it("a zone with transfers, secondaries to notify and a serial policy", () => {
    const config = load({
      transfer: { allow: ["192.0.2.0/24", "2001:db8::53"], key: "xfr-key" },
      notify: ["192.0.2.53", "192.0.2.54:5300", "[2001:db8::53]:53"],
      serial: "unixtime",
    });
    expect(config.zones[0]).toMatchObject({ transfer: { allow: ["192.0.2.0/24", "2001:db8::53"], key: "xfr-key" }, serial: "unixtime" });
    expect(config.tsig).toEqual([KEY]);
  });

  it("by default nobody may transfer and there are no keys", () => {
    expect(load({ transfer: {} }, []).zones[0]!.transfer).toEqual({ allow: [] });
  });

  it.each([
    ["a key no tsig entry names", { transfer: { key: "other" } }, [KEY]],
    ["host bits in an allow prefix", { transfer: { allow: ["192.0.2.1/24"] } }, [KEY]],
    ["a notify target by name", { notify: ["ns2.example.test"] }, [KEY]],
    ["a notify port out of range", { notify: ["192.0.2.53:70000"] }, [KEY]],
    ["an unknown serial policy", { serial: "date" }, [KEY]],
    ["hmac-md5", {}, [{ ...KEY, algorithm: "hmac-md5" }]],
    ["a secret that is not base64", {}, [{ ...KEY, secret: "not base64!" }]],
  ])("rejects %s", (_why, zone, tsig) => {
    expect(() => load(zone, tsig)).toThrow(ConfigError);
  });
});

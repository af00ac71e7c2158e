import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../src/index.js";

const dir = mkdtempSync(join(tmpdir(), "dnsteer-config-zones-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function load(zones: unknown): ReturnType<typeof loadConfig> {
  const path = join(dir, "dnsteer.json");
  writeFileSync(path, JSON.stringify({ zones }));
  return loadConfig(path);
}

describe("zones[]: $INCLUDE folders and size limit", () => {
  it("includeDirs resolve from the config file's folder like the zone file", () => {
    const [zone] = load([{ file: "z/example.zone", includeDirs: ["shared", "/etc/dnsteer/zones"], maxBytes: 1048576 }]).zones;
    expect(zone).toEqual({
      file: join(dir, "z/example.zone"),
      includeDirs: [join(dir, "shared"), "/etc/dnsteer/zones"],
      maxBytes: 1048576,
    });
  });

  it("both are optional", () => {
    expect(load([{ file: "example.zone" }]).zones[0]).toEqual({ file: join(dir, "example.zone") });
  });

  it.each([[{ includeDirs: "shared" }], [{ includeDirs: [""] }], [{ maxBytes: 0 }], [{ maxBytes: 1.5 }]])("rejects %j", (bad) => {
    expect(() => load([{ file: "example.zone", ...bad }])).toThrow(ConfigError);
  });
});

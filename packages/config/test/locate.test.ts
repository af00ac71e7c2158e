import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { describeConfig, locateConfig } from "../src/index.js";

/** Which config a command runs with, from a real folder tree. */
const root = mkdtempSync(join(tmpdir(), "dnsteer-config-"));
const write = (path: string, dataDir: string) => {
  mkdirSync(join(path, ".."), { recursive: true });
  writeFileSync(path, JSON.stringify({ dataDir }));
  return path;
};
const flagFile = write(join(root, "flag", "given.json"), "flag-data");
const envFile = write(join(root, "env", "env.json"), "/var/lib/dnsteer");
const here = join(root, "here");
write(join(here, "dnsteer.json"), "state");
const empty = join(root, "empty");
mkdirSync(empty);

describe("locateConfig", () => {
  it.each([
    ["--config wins over everything", "../flag/given.json", { DNSTEER_CONFIG: envFile }, here, flagFile, join(root, "flag", "flag-data")],
    ["then $DNSTEER_CONFIG", undefined, { DNSTEER_CONFIG: envFile }, here, envFile, "/var/lib/dnsteer"],
    ["then ./dnsteer.json, its data folder beside it", undefined, {}, here, join(here, "dnsteer.json"), join(here, "state")],
    ["an empty variable counts as unset", undefined, { DNSTEER_CONFIG: "" }, here, join(here, "dnsteer.json"), join(here, "state")],
    ["else the embedded default", undefined, {}, empty, null, "data"],
  ])("%s", (_label, flag, env, cwd, path, dataDir) => {
    const located = locateConfig(flag, env, cwd);
    expect(located.path).toBe(path);
    expect(located.config.dataDir).toBe(dataDir);
    expect(describeConfig(located)).toBe(`config: ${path ?? "embedded default"}`);
  });

  it("names a config file that is not there", () => {
    expect(() => locateConfig("missing.json", {}, empty)).toThrow(
      expect.objectContaining({ code: "UNREADABLE", message: expect.stringContaining(join(empty, "missing.json")) }),
    );
  });
});

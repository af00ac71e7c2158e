import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadZoneFile, ZoneError, ZoneSet } from "@dnsteer/zone";
import { afterAll, describe, expect, it } from "vitest";
import { zoneReloadResults } from "../src/reload/zone-results.js";

/** Each zone's result of a responder reload, from real zone files. */
const fixtures = fileURLToPath(new URL("../../../fixtures/zones/", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "dnsteer-zone-results-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const example = join(dir, "example.test.zone");
const other = join(dir, "other.test.zone");
writeFileSync(example, readFileSync(join(fixtures, "example.test.zone"), "utf8"));
writeFileSync(other, readFileSync(join(fixtures, "other.test.zone"), "utf8"));
const files = [{ file: example, origin: "example.test." }, { file: other }];
const load = () => new ZoneSet([loadZoneFile(example, { origin: "example.test." }), loadZoneFile(other)]);

describe("zoneReloadResults", () => {
  it("a first load: each zone ok with its serial and record count", () => {
    const results = zoneReloadResults(files, new ZoneSet(), { ok: true, after: load() }, 5);
    expect(results.map((r) => [r.origin, r.ok, r.serial, r.dataChangedSerialKept, r.error])).toEqual([
      ["example.test.", true, 2024010101, false, null],
      ["other.test.", true, 2024010101, false, null],
    ]);
    expect(results[0]!.records).toBeGreaterThan(10);
  });

  it("data changed under the same serial is flagged; a raised serial is not", () => {
    const before = load();
    writeFileSync(example, readFileSync(example, "utf8").replace("192.0.2.80", "192.0.2.81"));
    const kept = zoneReloadResults(files, before, { ok: true, after: load() }, 6);
    expect(kept.map((r) => r.dataChangedSerialKept)).toEqual([true, false]);
    const mid = load();
    writeFileSync(
      example,
      readFileSync(example, "utf8").replace("2024010101 ; serial", "2024010102 ; serial").replace("192.0.2.81", "192.0.2.82"),
    );
    const raised = zoneReloadResults(files, mid, { ok: true, after: load() }, 7);
    expect(raised.map((r) => [r.serial, r.dataChangedSerialKept])).toEqual([
      [2024010102, false],
      [2024010101, false],
    ]);
  });

  it("a failed reload: the bad file gets file:line, the other says why it was not reloaded; both keep their serial", () => {
    const before = load();
    const error = new ZoneError("BAD_RDATA", other, 12, "bad address");
    const results = zoneReloadResults(files, before, { ok: false, error }, 8);
    expect(results.map((r) => [r.origin, r.ok, r.serial, r.error])).toEqual([
      [
        "example.test.",
        false,
        2024010102,
        { message: `not reloaded: ${other}:12 failed (the responder reloads all zones or none)`, file: other, line: 12 },
      ],
      ["other.test.", false, 2024010101, { message: "bad address", file: other, line: 12 }],
    ]);
  });
});

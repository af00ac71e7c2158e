import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { ZoneReloadRepo } from "@dnsteer/storage";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LocalZones } from "../src/index.js";
import { type Harness, harness, zoneText } from "./helpers.js";

describe("zone reload state", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness();
  });
  afterEach(async () => {
    await h.close();
  });

  it("a reload whose data changed under the same serial says so", async () => {
    writeFileSync(h.zoneFile, zoneText(1, "new A 192.0.2.7\n"));
    const res = await h.call("POST", "/v1/zones/example.test./reload");
    expect(res.json()).toEqual({ origin: "example.test.", reloaded: true, serial: 1, previousSerial: 1, dataChangedSerialKept: true });
    writeFileSync(h.zoneFile, zoneText(2, "new A 192.0.2.7\n"));
    expect((await h.call("POST", "/v1/zones/example.test./reload")).json()).toEqual({
      origin: "example.test.",
      reloaded: true,
      serial: 2,
      previousSerial: 1,
    });
  });

  it("the zone list carries the responder's last reload from zone_reloads (null before any)", async () => {
    const before = await h.call("GET", "/v1/zones", { token: h.reader });
    expect(before.json().zones[0].lastReload).toBeNull();
    new ZoneReloadRepo(h.store.db).put([
      {
        origin: "example.test.",
        file: h.zoneFile,
        at: 1234,
        ok: false,
        serial: 1,
        records: 4,
        dataChangedSerialKept: true,
        error: { message: "bad address", file: h.zoneFile, line: 7 },
      },
    ]);
    const after = await h.call("GET", "/v1/zones", { token: h.reader });
    expect(after.statusCode).toBe(200);
    expect(after.json().zones[0].lastReload).toEqual({
      at: 1234,
      ok: false,
      serial: 1,
      recordCount: 4,
      dataChangedSerialKept: true,
      error: { message: "bad address", file: h.zoneFile, line: 7 },
    });
  });

  it("setSources: a zone no longer configured stops at once; a new one loads at the next reload", () => {
    const other = join(h.dir, "other.test.zone");
    writeFileSync(other, zoneText(3).replace("$ORIGIN example.test.", "$ORIGIN other.test."));
    const zones = new LocalZones([{ file: h.zoneFile, origin: "example.test." }], h.clock);
    zones.setSources([{ file: h.zoneFile, origin: "example.test." }, { file: other }]);
    expect(zones.list().map((z) => z.origin)).toEqual(["example.test."]);
    expect(zones.reloadAll()).toEqual([
      { origin: "example.test.", reloaded: true, serial: 1, previousSerial: 1 },
      { origin: "other.test.", reloaded: true, serial: 3, previousSerial: null },
    ]);
    expect(zones.zoneOf("www.other.test.")).toBe("other.test.");
    zones.setSources([{ file: other }]);
    expect(zones.list().map((z) => z.origin)).toEqual(["other.test."]);
    expect(zones.zoneOf("www.example.test.")).toBeUndefined();
  });
});

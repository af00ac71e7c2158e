import { writeFileSync } from "node:fs";
import { Store } from "@dnsteer/storage";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildApi, LocalZones } from "../src/index.js";
import { type Harness, harness, zoneText } from "./helpers.js";

describe("health and readiness", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness();
  });
  afterEach(async () => {
    await h.close();
  });

  it("is healthy and ready with the store and zones loaded", async () => {
    h.clock.t += 1500;
    expect((await h.call("GET", "/health", { token: null })).json()).toEqual({ status: "ok", uptimeMs: 1500 });
    expect((await h.call("GET", "/ready", { token: null })).json()).toEqual({
      ready: true,
      checks: [
        { name: "store", ok: true, message: expect.stringMatching(/^schema \d+$/) },
        { name: "zones", ok: true, message: "1 zones loaded" },
      ],
    });
  });

  it("is not ready while a configured zone failed to load", async () => {
    writeFileSync(h.zoneFile, zoneText(1, "oops\n"));
    const app = buildApi({ store: h.store, zones: new LocalZones(h.config.zones, h.clock), config: h.config, clock: h.clock });
    const res = await app.inject({ method: "GET", url: "/ready" });
    expect(res.statusCode).toBe(503);
    expect(res.json().checks[1]).toMatchObject({ name: "zones", ok: false, message: expect.stringContaining(`${h.zoneFile}:7:`) });
    await app.close();
  });

  it("is not ready when the store's file is closed", async () => {
    const store = Store.open(h.dbPath);
    const app = buildApi({ store, zones: new LocalZones(h.config.zones, h.clock), config: h.config, clock: h.clock });
    await app.ready();
    store.close(); // while the API runs
    const res = await app.inject({ method: "GET", url: "/ready" });
    expect(res.statusCode).toBe(503);
    expect(res.json().checks[0]).toMatchObject({ name: "store", ok: false });
    await app.close();
  });
});

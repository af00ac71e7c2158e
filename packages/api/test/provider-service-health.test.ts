import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Harness, harness } from "./helpers.js";

/** A provider whose service fails its checks (the worker's provider_health row) is shown down, with the failing check. */
describe("provider health: service checks", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness();
  });
  afterEach(async () => {
    await h.close();
  });

  it("GET /v1/provider-health shows a provider failing its service check as down, naming the cause and the failing check", async () => {
    const detail = "GET http://198.51.100.1:80/health: status 503";
    h.store.putProviderHealth(
      [
        { provider: "isp-a", healthy: false, cause: "service-check", family: 4, detail, since: h.clock.t - 5000, updatedAt: h.clock.t },
        { provider: "isp-b", healthy: true, cause: null, family: null, detail: null, since: h.clock.t - 9000, updatedAt: h.clock.t },
      ],
      h.clock.t,
    );
    const res = await h.call("GET", "/v1/provider-health", { token: h.reader });
    expect(res.statusCode).toBe(200);
    const byName = Object.fromEntries(res.json().providers.map((p: { name: string }) => [p.name, p]));
    expect(byName["isp-a"]).toMatchObject({ state: "down", sending: { ok: false, cause: "service-check", detail } });
    expect(byName["isp-b"].sending).toMatchObject({ ok: true, cause: null });
    expect(byName["isp-b"].state).not.toBe("down");
  });
});

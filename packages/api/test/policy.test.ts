import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { auditActions, type Harness, harness } from "./helpers.js";

describe("policy", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness(
      {},
      { policy: { evaluateIntervalMs: 5000, sourceMaxAgeMs: 3_600_000, downAfterLosses: 3, mode: "cost", marginMs: 4 } },
    );
  });
  afterEach(async () => {
    await h.close();
  });

  it("shows the effective policy: defaults, then the config file's", async () => {
    const res = await h.call("GET", "/v1/policy", { token: h.reader });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      effective: { mode: "cost", marginMs: 4, maxLoss: 0.2, rttCeilingMs: null },
      stored: null,
      updatedAt: null,
    });
  });

  it("validates without storing", async () => {
    const before = h.snapshot();
    const ok = await h.call("POST", "/v1/policy/validate", { token: h.reader, body: { mode: "latency-within-cost", toleranceMs: 15 } });
    expect(ok.json()).toMatchObject({
      valid: true,
      effective: { mode: "latency-within-cost", toleranceMs: 15, marginMs: 4 },
      problems: [],
    });
    const unknown = await h.call("POST", "/v1/policy/validate", { token: h.reader, body: { defaultProviders: ["isp-a", "isp-z"] } });
    expect(unknown.json()).toEqual({
      valid: false,
      problems: [{ field: "body.defaultProviders.1", message: 'no provider named "isp-z"' }],
    });
    expect(h.snapshot()).toBe(before);
  });

  it("stores settings (over the config's) that survive a restart, audited with before and after", async () => {
    const set = await h.call("PUT", "/v1/policy", { body: { mode: "latency", rttCeilingMs: 250, defaultProviders: ["isp-b"] } });
    expect(set.statusCode).toBe(200);
    expect(set.json()).toMatchObject({
      effective: { mode: "latency", rttCeilingMs: 250, marginMs: 4, defaultProviders: ["isp-b"] },
      updatedAt: h.clock.now(),
    });
    expect(h.store.admin.policy.get()!.settings).toEqual({ mode: "latency", rttCeilingMs: 250, defaultProviders: ["isp-b"] });
    await h.restart();
    expect((await h.call("GET", "/v1/policy")).json()).toMatchObject({
      effective: { mode: "latency", rttCeilingMs: 250 },
      stored: { mode: "latency" },
    });
    expect(auditActions(h)).toEqual(["policy.set policy by ops"]);
    const entry = h.store.admin.audit.page({ limit: 1, offset: 0 }).items[0]!;
    expect(entry).toMatchObject({ before: null, after: { mode: "latency", rttCeilingMs: 250 } });
  });

  it("names the bad field and stores nothing", async () => {
    const before = h.snapshot();
    const cases: [unknown, string][] = [
      [{ maxLoss: 0 }, "body.maxLoss"],
      [{ maxLoss: 1.5 }, "body.maxLoss"],
      [{ mode: "fastest" }, "body.mode"],
      [{ consecutive: 2.5 }, "body.consecutive"],
      [{ holdDownMs: -1 }, "body.holdDownMs"],
      [{ defaultProviders: ["isp-z"] }, "body.defaultProviders.0"],
      [{ defaultProviders: ["bad name"] }, "body.defaultProviders.0"],
      [{ colour: 1 }, "body.colour"],
    ];
    for (const [body, field] of cases) {
      const res = await h.call("PUT", "/v1/policy", { body });
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json()).toMatchObject({ error: "bad_request", field });
    }
    expect(h.snapshot()).toBe(before);
  });
});

import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { auditActions, decision, type Harness, harness } from "./helpers.js";

describe("providers", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness();
  });
  afterEach(async () => {
    await h.close();
  });

  it("lists the config's providers with cost model, capacity and drain state", async () => {
    const res = await h.call("GET", "/v1/providers", { token: h.reader });
    expect(res.statusCode).toBe(200);
    expect(res.json().providers).toEqual([
      expect.objectContaining({ name: "isp-a", commitMbps: 100, capacityMbps: 1000, drained: false, origin: "config", overridden: [] }),
      expect.objectContaining({ name: "isp-b", pricePerMbps: 2, capacityMbps: null, origin: "config" }),
    ]);
    expect((await h.call("GET", "/v1/providers/isp-a", { token: h.reader })).json()).toMatchObject({
      name: "isp-a",
      serviceA: ["198.51.100.1"],
    });
    expect((await h.call("GET", "/v1/providers/nope", { token: h.reader })).statusCode).toBe(404);
  });

  it("adds a provider (PUT) and changes one (PATCH); the store's providers table follows", async () => {
    const put = await h.call("PUT", "/v1/providers/isp-c", {
      body: { sourceV4: "192.0.2.3", serviceA: ["198.51.100.3"], commitMbps: 50, capacityMbps: 200 },
    });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toMatchObject({ name: "isp-c", origin: "api", commitMbps: 50, enabled: true, billingPercentile: 95 });
    expect(h.store.getProvider("isp-c")).toMatchObject({ enabled: true, commitMbps: 50, capacityMbps: 200 });

    const patch = await h.call("PATCH", "/v1/providers/isp-a", { body: { commitMbps: 250, priceAboveCommit: 3 } });
    expect(patch.json()).toMatchObject({
      name: "isp-a",
      commitMbps: 250,
      priceAboveCommit: 3,
      pricePerMbps: 1,
      overridden: ["commitMbps", "priceAboveCommit"],
    });
    expect(h.store.getProvider("isp-a")).toMatchObject({ commitMbps: 250, priceAboveCommit: 3 });
    expect(auditActions(h)).toEqual(["provider.put isp-c by ops", "provider.patch isp-a by ops"]);
    const entry = h.store.admin.audit.page({ limit: 1, offset: 0 }).items[0]!;
    expect(entry.before).toMatchObject({ commitMbps: 100 });
    expect(entry.after).toMatchObject({ commitMbps: 250 });
  });

  it("names the bad field and changes nothing", async () => {
    const before = h.snapshot();
    const cases: [string, string, unknown, string][] = [
      ["PATCH", "/v1/providers/isp-a", { commitMbps: -1 }, "body.commitMbps"],
      ["PATCH", "/v1/providers/isp-a", { capacityMbps: 0 }, "body.capacityMbps"],
      ["PATCH", "/v1/providers/isp-a", { serviceA: ["2001:db8::1"] }, "body.serviceA.0"],
      ["PATCH", "/v1/providers/isp-a", { billingPercentile: 101 }, "body.billingPercentile"],
      ["PATCH", "/v1/providers/isp-a", { colour: "blue" }, "body.colour"],
      ["PATCH", "/v1/providers/isp-a", {}, "body"],
      ["PUT", "/v1/providers/isp-c", { sourceV4: "192.0.2.300" }, "body.sourceV4"],
      ["PUT", "/v1/providers/isp-c", { device: "eth0/evil" }, "body.device"],
      ["PUT", "/v1/providers/-bad", {}, "params.name"],
      ["PUT", `/v1/providers/${"p".repeat(64)}`, {}, "params.name"],
    ];
    for (const [method, url, body, field] of cases) {
      const res = await h.call(method as "PUT", url, { body });
      expect(res.statusCode, `${method} ${url} ${JSON.stringify(body)}`).toBe(400);
      expect(res.json()).toMatchObject({ error: "bad_request", field });
    }
    expect((await h.call("PATCH", "/v1/providers/nope", { body: { commitMbps: 1 } })).statusCode).toBe(404);
    expect(h.snapshot()).toBe(before);
  });

  it("drains and undrains: the providers table holds it, the audit log records it", async () => {
    const drained = await h.call("POST", "/v1/providers/isp-b/drain");
    expect(drained.json()).toMatchObject({ name: "isp-b", drained: true });
    expect(h.store.getProvider("isp-b")!.drained).toBe(true);
    await h.call("POST", "/v1/providers/isp-b/undrain");
    expect(h.store.getProvider("isp-b")!.drained).toBe(false);
    expect((await h.call("POST", "/v1/providers/nope/drain")).statusCode).toBe(404);
    expect(auditActions(h)).toEqual(["provider.drain isp-b by ops", "provider.undrain isp-b by ops"]);
  });

  it("changes, additions and drain survive a restart and the worker's config sync", async () => {
    await h.call("PATCH", "/v1/providers/isp-a", { body: { capacityMbps: 500 } });
    await h.call("PUT", "/v1/providers/isp-c", { body: { sourceV4: "192.0.2.3" } });
    await h.call("POST", "/v1/providers/isp-b/drain");
    await h.restart(); // syncs the config's providers, as the worker does at start
    const list = (await h.call("GET", "/v1/providers")).json().providers;
    expect(list.map((p: { name: string }) => p.name)).toEqual(["isp-a", "isp-b", "isp-c"]);
    expect(list[0]).toMatchObject({ capacityMbps: 500 });
    expect(list[1]).toMatchObject({ drained: true });
    expect(h.store.getProvider("isp-c")).toMatchObject({ enabled: true, sourceV4: "192.0.2.3" });
    expect(h.store.getProvider("isp-a")).toMatchObject({ capacityMbps: 500 });
  });

  it("resets a configured provider to the config file; refuses for one added through the API", async () => {
    await h.call("PATCH", "/v1/providers/isp-a", { body: { capacityMbps: 500 } });
    const reset = await h.call("DELETE", "/v1/providers/isp-a/overrides");
    expect(reset.json()).toMatchObject({ capacityMbps: 1000, overridden: [] });
    expect(h.store.getProvider("isp-a")!.capacityMbps).toBe(1000);
    await h.call("PUT", "/v1/providers/isp-c", { body: {} });
    expect((await h.call("DELETE", "/v1/providers/isp-c/overrides")).statusCode).toBe(409);
  });

  it("reports health from the stored path aggregates and decisions", async () => {
    const stat = (prefix: string, provider: string, window: (number | null)[]) => ({
      prefix,
      prefixLength: 32,
      provider,
      kind: "icmp" as const,
      ewmaRttUs: 20_000,
      medianRttUs: 20_000,
      lossRatio: window.filter((w) => w === null).length / window.length,
      jitterUs: 100,
      sampleCount: window.length,
      lastRttUs: window.at(-1) ?? null,
      window,
      updatedAt: h.clock.now(),
    });
    h.store.upsertPathStats([
      stat("198.51.100.7", "isp-a", [20_000, 20_000, 20_000]),
      stat("198.51.100.8", "isp-a", [20_000, null, null, null]),
      stat("198.51.100.7", "isp-b", [null, null, null]),
    ]);
    h.store.putDecisions([decision("198.51.100.7/32", "isp-a", "source", "first")], h.clock.now());
    const all = (await h.call("GET", "/v1/provider-health", { token: h.reader })).json().providers;
    expect(all).toEqual([
      {
        name: "isp-a",
        state: "up",
        sending: null,
        paths: 2,
        pathsDown: 1,
        medianRttMs: 20,
        meanLoss: 0.375,
        lastMeasuredAt: h.clock.now(),
        decisions: 1,
      },
      {
        name: "isp-b",
        state: "down",
        sending: null,
        paths: 1,
        pathsDown: 1,
        medianRttMs: 20,
        meanLoss: 1,
        lastMeasuredAt: h.clock.now(),
        decisions: 0,
      },
    ]);
    // The worker reports it cannot send from isp-a at all: down, whatever the paths said.
    h.store.putProviderHealth([
      {
        provider: "isp-a",
        healthy: false,
        cause: "SOURCE_NOT_LOCAL",
        family: 4,
        detail: "192.0.2.1 is not local",
        since: h.clock.now(),
        updatedAt: h.clock.now(),
      },
    ]);
    expect((await h.call("GET", "/v1/providers/isp-a/health", { token: h.reader })).json()).toMatchObject({
      state: "down",
      sending: { ok: false, cause: "SOURCE_NOT_LOCAL", detail: "192.0.2.1 is not local" },
    });
    await h.call("POST", "/v1/providers/isp-b/drain");
    expect((await h.call("GET", "/v1/providers/isp-b/health", { token: h.reader })).json()).toMatchObject({ state: "drained" });
  });
});

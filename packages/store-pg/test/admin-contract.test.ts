import type { StoreBackend } from "@dnsteer/storage";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { decision, postgresKind, provider, sqliteKind } from "./fixtures.js";

/**
 * The contract's admin part (`SharedAdminStore`: what the admin API writes to the shared store
 * so the decider and every site see it), on both backends as backend-contract.test.ts runs the rest.
 */
describe.each([sqliteKind(), postgresKind()])("$name backend: shared admin state", (kind) => {
  let store: StoreBackend;
  const extra: StoreBackend[] = [];
  beforeAll(() => kind.setup());
  afterAll(() => kind.stop());
  afterEach(async () => {
    for (const s of extra.splice(0)) await s.close();
    await store?.close();
  });
  const configured = [provider("p1"), provider("p2")];
  const open = async () => {
    store = await kind.open();
    await store.syncProviders(configured);
    return store;
  };
  /** Another process's handle on the same store: what a second site or the decider reads. */
  const another = async () => {
    const s = await kind.reopen();
    extra.push(s);
    return s;
  };

  it("a provider override is stored and the providers rewritten with it; null removes it", async () => {
    await open();
    await store.putProviderOverride("p1", { enabled: false, pricePerMbps: 7 }, configured, 1000);
    const other = await another();
    expect(await other.listProviderOverrides()).toEqual([{ name: "p1", settings: { enabled: false, pricePerMbps: 7 }, updatedAt: 1000 }]);
    expect((await other.listProviders()).map((p) => [p.name, p.enabled, p.pricePerMbps])).toEqual([
      ["p1", false, 7],
      ["p2", true, 1],
    ]);
    // A later config sync (a bridge's, another site's decider) keeps applying it.
    await other.syncProviders(configured);
    expect((await store.listProviders())[0]).toMatchObject({ name: "p1", enabled: false, pricePerMbps: 7 });

    await store.putProviderOverride("p1", null, configured, 2000);
    expect(await other.listProviderOverrides()).toEqual([]);
    expect((await other.listProviders())[0]).toMatchObject({ name: "p1", enabled: true, pricePerMbps: 1 });
  });

  it("a provider added through an override alone exists once it holds every setting", async () => {
    await open();
    const { name: _name, ...settings } = { ...provider("p3"), enabled: true, device: null, billingPercentile: 95 };
    await store.putProviderOverride("p3", settings, configured, 1000);
    expect((await (await another()).listProviders()).map((p) => p.name)).toEqual(["p1", "p2", "p3"]);
  });

  it("drains and undrains a provider (also one added through the API); an unknown one is refused", async () => {
    await open();
    await store.setProviderDrained("p2", true, configured, 1000);
    const other = await another();
    expect((await other.listProviders()).map((p) => [p.name, p.drained])).toEqual([
      ["p1", false],
      ["p2", true],
    ]);
    // The drain is operator state: a config sync keeps it.
    await other.syncProviders(configured);
    expect((await store.listProviders())[1]!.drained).toBe(true);
    await store.setProviderDrained("p2", false, configured, 2000);
    expect((await other.listProviders())[1]!.drained).toBe(false);

    const { name: _name, ...settings } = { ...provider("p3"), enabled: true, device: null, billingPercentile: 95 };
    await store.putProviderOverride("p3", settings, configured, 3000);
    await store.setProviderDrained("p3", true, configured, 3000);
    expect((await other.listProviders()).find((p) => p.name === "p3")?.drained).toBe(true);

    await expect(store.setProviderDrained("nope", true, configured, 4000)).rejects.toMatchObject({ code: "UNKNOWN_PROVIDER" });
    await expect(store.putProviderOverride("", { enabled: false }, configured, 4000)).rejects.toMatchObject({ code: "BAD_INPUT" });
  });

  it("the stored policy is replaced whole and read back by another handle", async () => {
    await open();
    expect(await store.getStoredPolicy()).toBeUndefined();
    await store.putStoredPolicy({ mode: "cost", rttCeilingMs: null }, 1000);
    await store.putStoredPolicy({ mode: "latency" }, 2000);
    expect(await (await another()).getStoredPolicy()).toEqual({ settings: { mode: "latency" }, updatedAt: 2000 });
  });

  it("steered names: normalised, replaced by name, a bad group refused with nothing written", async () => {
    await open();
    await store.putSteeredName({ name: "WWW.Example.com", group: 2, state: "added", updatedAt: 1000 });
    await store.putSteeredName({ name: "cdn.example.com.", group: null, state: "removed", updatedAt: 1000 });
    await store.putSteeredName({ name: "www.example.com.", group: 3, state: "added", updatedAt: 2000 });
    await expect(store.putSteeredName({ name: "bad.example.com", group: 32, state: "added", updatedAt: 3000 })).rejects.toMatchObject({
      code: "BAD_INPUT",
    });
    expect(await (await another()).listSteeredNames()).toEqual([
      { name: "cdn.example.com.", group: null, state: "removed", updatedAt: 1000 },
      { name: "www.example.com.", group: 3, state: "added", updatedAt: 2000 },
    ]);
  });

  it("reads one decision by source (canonical or not); a bad source is BAD_INPUT", async () => {
    await open();
    await store.writeDecisions([decision("192.0.2.0/24", "p1"), decision("2001:db8::/56", "p2")], 1000);
    expect(await store.getDecision("192.0.2.0/24")).toEqual({ ...decision("192.0.2.0/24", "p1"), decidedAt: 1000 });
    expect(await store.getDecision("2001:DB8:0::/56")).toMatchObject({ source: "2001:db8::/56", provider: "p2" });
    expect(await store.getDecision("198.51.100.0/24")).toBeUndefined();
    await expect(store.getDecision("nonsense")).rejects.toMatchObject({ code: "BAD_INPUT" });
  });

  it("pages decisions by prefix (byte order), filtered by provider, level and cause, with the filtered total", async () => {
    await open();
    const why = (cause: "first" | "failover", level: "source" | "prefix") => ({
      level,
      reason: { mode: "latency" as const, cause, from: cause === "failover" ? "p1" : null, providers: [] },
    });
    await store.writeDecisions(
      [
        decision("2001:db8::/56", "p2", why("first", "source")),
        decision("198.51.100.0/24", "p2", why("failover", "source")),
        decision("192.0.2.0/24", "p1", why("first", "prefix")),
      ],
      1000,
    );
    const all = await store.pageDecisions({ limit: 2, offset: 0 });
    expect(all.total).toBe(3);
    expect(all.items.map((d) => `${d.prefix}/${d.prefixLength}`)).toEqual(["192.0.2.0/24", "198.51.100.0/24"]);
    expect((await store.pageDecisions({ limit: 2, offset: 2 })).items.map((d) => d.prefix)).toEqual(["2001:db8::"]);
    expect(await store.pageDecisions({ provider: "p2", cause: "failover", limit: 10, offset: 0 })).toEqual({
      items: [
        { prefix: "198.51.100.0", prefixLength: 24, provider: "p2", level: "source", cause: "failover", from: "p1", decidedAt: 1000 },
      ],
      total: 1,
    });
    expect((await store.pageDecisions({ level: "prefix", limit: 10, offset: 0 })).items.map((d) => d.provider)).toEqual(["p1"]);
    expect(await store.pageDecisions({ provider: "nope", limit: 10, offset: 0 })).toEqual({ items: [], total: 0 });
  });
});

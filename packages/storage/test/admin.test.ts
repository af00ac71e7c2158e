import type { Decision, DecisionCause, DecisionLevel } from "@dnsteer/model";
import { afterEach, describe, expect, it } from "vitest";
import { applyProviderOverrides, effectiveSteeredNames, Store } from "../src/index.js";
import { provider, tempDir } from "./helpers.js";

const tmp = tempDir();
afterEach(() => tmp.cleanup());
function decision(source: string, provider: string, level: DecisionLevel, cause: DecisionCause, from: string | null): Decision {
  return {
    source,
    provider,
    level,
    prefixLength: 32,
    demandMbps: 0,
    reason: { mode: "latency", cause, from, providers: [] },
    state: { provider, since: 0, challenger: null, challengerCount: 0 },
  };
}
const actor = { keyId: "00000000000000aa", keyName: "ops", remote: "127.0.0.1" };

describe("admin tables (migration 3)", () => {
  it("applies provider overrides over the config at every sync, so they survive a restart", () => {
    const path = tmp.file();
    let store = Store.open(path);
    store.syncProviders([provider("a"), provider("b")]);
    store.admin.providerOverrides.put("a", { capacityMbps: 5 }, 1);
    store.admin.providerOverrides.put(
      "c",
      {
        enabled: true,
        sourceV4: null,
        sourceV6: null,
        device: null,
        serviceA: [],
        serviceAAAA: [],
        pricePerMbps: 0,
        commitMbps: 0,
        priceAboveCommit: 0,
        billingPercentile: 95,
        capacityMbps: null,
      },
      1,
    );
    store.close();
    store = Store.open(path);
    store.syncProviders([provider("a"), provider("b")]);
    expect(store.listProviders().map((p) => [p.name, p.enabled, p.capacityMbps])).toEqual([
      ["a", true, 5],
      ["b", true, 1000],
      ["c", true, null],
    ]);
    store.close();
  });

  it("ignores a partial override of a provider the config no longer names", () => {
    const merged = applyProviderOverrides([{ name: "a", x: 1 }], [{ name: "gone", settings: { capacityMbps: 1 }, updatedAt: 0 }]);
    expect(merged).toEqual([{ name: "a", x: 1 }]);
  });

  it("layers steered-name changes over the config's names", () => {
    const names = effectiveSteeredNames(
      [{ name: "WWW.example.test" }, { name: "api.example.test.", group: 2 }, { name: "old.example.test." }],
      [
        { name: "old.example.test.", group: null, state: "removed", updatedAt: 1 },
        { name: "new.example.test.", group: 4, state: "added", updatedAt: 1 },
        { name: "api.example.test.", group: 7, state: "added", updatedAt: 1 },
      ],
    );
    expect(names).toEqual([
      { name: "www.example.test.", group: null, origin: "config" },
      { name: "new.example.test.", group: 4, origin: "api" },
      { name: "api.example.test.", group: 7, origin: "api" },
    ]);
  });

  it("commits a change with its audit entry, or neither", () => {
    const store = Store.open(tmp.file());
    store.admin.change(actor, () => {
      store.admin.policy.put({ mode: "cost" }, 5);
      return { result: null, audit: { action: "policy.set", target: "policy", before: null, after: { mode: "cost" } } };
    });
    expect(() =>
      store.admin.change(actor, () => {
        store.admin.policy.put({ mode: "latency" }, 6);
        throw new Error("refused");
      }),
    ).toThrow("refused");
    expect(store.admin.policy.get()).toEqual({ settings: { mode: "cost" }, updatedAt: 5 });
    expect(store.admin.audit.page({ limit: 10, offset: 0 })).toMatchObject({
      total: 1,
      items: [{ action: "policy.set", keyName: "ops", after: { mode: "cost" } }],
    });
    store.close();
  });

  it("keeps the audit log append-only", () => {
    const store = Store.open(tmp.file());
    store.admin.change(actor, () => ({ result: null, audit: { action: "a", target: "t", before: null, after: null } }));
    expect(() => store.db.exec("UPDATE audit_log SET target = 'u'")).toThrow(/append-only/);
    expect(() => store.db.exec("DELETE FROM audit_log")).toThrow(/append-only/);
    store.close();
  });

  it("pages decisions by provider, level and cause from the stored reason", () => {
    const store = Store.open(tmp.file());
    store.syncProviders([provider("a"), provider("b")]);
    store.putDecisions([decision("192.0.2.1/32", "a", "source", "first", null)], 1);
    store.putDecisions([decision("192.0.2.2/32", "b", "prefix", "failover", "a")], 2);
    expect(store.admin.decisions.page({ cause: "failover", limit: 10, offset: 0 })).toEqual({
      total: 1,
      items: [{ prefix: "192.0.2.2", prefixLength: 32, provider: "b", level: "prefix", cause: "failover", from: "a", decidedAt: 2 }],
    });
    expect(store.admin.decisions.page({ provider: "a", level: "prefix", limit: 10, offset: 0 }).total).toBe(0);
    expect(store.admin.decisions.countByProvider()).toEqual(
      new Map([
        ["a", 1],
        ["b", 1],
      ]),
    );
    store.close();
  });
});

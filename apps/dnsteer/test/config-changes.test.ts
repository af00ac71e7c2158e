import { defaultConfig } from "@dnsteer/config";
import { describe, expect, it } from "vitest";
import { configAfterReload, configChanges, describeRestarts } from "../src/reload/config-changes.js";

describe("configChanges", () => {
  it("nothing changed: nothing applied, nothing to restart", () => {
    expect(configChanges(defaultConfig(), defaultConfig())).toEqual({ changed: [], live: [], restart: [] });
  });

  it("splits changed keys into applied live and needing a restart, by process", () => {
    const now = defaultConfig();
    now.listen = [{ address: "127.0.0.1", port: 53 }];
    now.zones = [...now.zones, { file: "/x.zone", origin: "x." }];
    now.policy = { ...now.policy, evaluateIntervalMs: 1000 };
    now.dataDir = "/elsewhere";
    const changes = configChanges(defaultConfig(), now);
    expect(changes.changed).toEqual(["listen", "zones", "dataDir", "policy"]);
    expect(changes.live).toEqual(["zones: responder, api", "policy: worker, api"]);
    expect(describeRestarts(changes)).toEqual([
      "restart needed: responder: listen, dataDir",
      "restart needed: worker: dataDir",
      "restart needed: api: dataDir",
    ]);
  });

  it("steering's halves: names live, flow at a restart; steering turned on needs a restart", () => {
    const base = defaultConfig();
    base.providers = [{ ...provider("p1") }];
    base.steering = {
      names: [{ name: "www.example.test" }],
      ttl: 30,
      refreshIntervalMs: 250,
      flow: { maxSources: 64, halfLifeMs: 300_000, minRate: 0, limit: 10, flushIntervalMs: 5000, ecsMaxPrefix4: 24, ecsMaxPrefix6: 56 },
    };
    const now = structuredClone(base);
    now.steering!.names.push({ name: "api.example.test" });
    now.steering!.flow.maxSources = 128;
    expect(configChanges(base, now)).toEqual({
      changed: ["steering.names", "steering.flow"],
      live: ["steering.names: responder, api"],
      restart: [{ process: "responder", keys: ["steering.flow"] }],
    });
    expect(configChanges(defaultConfig(), base).restart).toEqual([
      { process: "responder", keys: ["providers (added, removed or reordered)", "steering"] },
    ]);
  });

  it("providers: answer addresses live everywhere; a provider added needs the responder's restart (its maps index by position)", () => {
    const base = defaultConfig();
    base.providers = [provider("p1")];
    const moved = structuredClone(base);
    moved.providers[0]!.serviceA = ["192.0.2.99"];
    expect(configChanges(base, moved)).toEqual({ changed: ["providers"], live: ["providers: responder, worker, api"], restart: [] });
    const added = structuredClone(base);
    added.providers.push(provider("p2"));
    expect(configChanges(base, added)).toEqual({
      changed: ["providers (added, removed or reordered)"],
      live: ["providers (added, removed or reordered): worker, api"],
      restart: [{ process: "responder", keys: ["providers (added, removed or reordered)"] }],
    });
    expect(configAfterReload(base, added).providers.map((p) => p.name)).toEqual(["p1", "p2"]);
  });

  it("transfers turned on: a restart of the responder, though zones reload live", () => {
    const now = defaultConfig();
    now.zones = [{ ...now.zones[0]!, transfer: { allow: ["127.0.0.1"] } }] as typeof now.zones;
    expect(configChanges(defaultConfig(), now).restart).toEqual([{ process: "responder", keys: ["zones (transfers turned on or off)"] }]);
  });
});

describe("configAfterReload", () => {
  it("takes live keys from the file and keeps the running value of the others", () => {
    const running = defaultConfig();
    const now = defaultConfig();
    now.listen = [{ address: "127.0.0.1", port: 53 }];
    now.zones = [...now.zones, { file: "/x.zone", origin: "x." }];
    now.tcp = { ...now.tcp, maxConnections: 10 };
    const next = configAfterReload(running, now);
    expect(next.listen).toEqual(running.listen);
    expect(next.zones).toEqual(now.zones);
    expect(next.tcp.maxConnections).toBe(10);
    // The restart-needed key is still reported at the next reload; the live ones are not.
    expect(configChanges(next, now).changed).toEqual(["listen"]);
  });
});

function provider(name: string) {
  return {
    name,
    enabled: true,
    sourceV4: null,
    sourceV6: null,
    device: null,
    serviceA: ["192.0.2.10"],
    serviceAAAA: [],
    pricePerMbps: 0,
    commitMbps: 0,
    priceAboveCommit: 0,
    billingPercentile: 95,
    capacityMbps: null,
  };
}

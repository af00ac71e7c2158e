import { defaultConfig } from "@dnsteer/config";
import { describe, expect, it } from "vitest";
import { configChanges } from "../src/reload/config-changes.js";

describe("configChanges", () => {
  it("nothing changed: nothing to restart", () => {
    expect(configChanges(defaultConfig(), defaultConfig()).restart).toEqual([]);
  });

  it("names each changed key with the processes that read it", () => {
    const now = defaultConfig();
    now.listen = [{ address: "127.0.0.1", port: 53 }];
    now.zones = [...now.zones, { file: "/x.zone", origin: "x." }];
    now.policy = { ...now.policy, evaluateIntervalMs: 1000 };
    expect(configChanges(defaultConfig(), now).restart).toEqual(["listen: responder", "zones: responder, api", "policy: worker, api"]);
  });

  it("a nested change counts (tcp.maxConnections)", () => {
    const now = defaultConfig();
    now.tcp = { ...now.tcp, maxConnections: 10 };
    expect(configChanges(defaultConfig(), now).restart).toEqual(["tcp: responder"]);
  });
});

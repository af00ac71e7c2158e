import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { policyConfig } from "@dnsteer/policy";
import { Store } from "@dnsteer/storage";
import { describe, expect, it } from "vitest";
import { readPolicyInput } from "../src/index.js";

/** The worker's provider health reaches the policy as ProviderSpec.down: down for every path at once. */
describe("provider health in the policy's input", () => {
  it("a provider the worker reports unhealthy is down; healthy or unreported ones are not", () => {
    const dir = mkdtempSync(join(tmpdir(), "dnsteer-control-health-"));
    const store = Store.open(join(dir, "t.sqlite"));
    try {
      const p = (name: string) => ({
        name,
        sourceV4: null,
        sourceV6: null,
        serviceA: [],
        serviceAAAA: [],
        pricePerMbps: 0,
        commitMbps: 0,
        priceAboveCommit: 0,
        capacityMbps: null,
      });
      store.syncProviders([p("p1"), p("p2"), p("p3")]);
      store.putProviderHealth(
        [
          { provider: "p1", healthy: true, cause: null, family: null, detail: null, since: 1, updatedAt: 1 },
          { provider: "p2", healthy: false, cause: "SOURCE_NOT_LOCAL", family: 6, detail: "2001:db8:2::1 gone", since: 2, updatedAt: 2 },
        ],
        3,
      );
      const input = readPolicyInput(store, policyConfig(), 10, 0);
      expect(input.providers.map((x) => [x.name, x.down === true])).toEqual([
        ["p1", false],
        ["p2", true],
        ["p3", false],
      ]);
    } finally {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

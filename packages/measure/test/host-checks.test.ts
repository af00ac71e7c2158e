import { describe, expect, it } from "vitest";
import { type HostView, hostProblems, readHost } from "../src/host-checks.js";
import { runWorker } from "../src/index.js";
import { tempDir } from "./helpers.js";

const provider = (extra: Record<string, unknown>) => ({
  name: "p",
  sourceV4: null,
  sourceV6: null,
  serviceA: [],
  serviceAAAA: [],
  pricePerMbps: 0,
  commitMbps: 0,
  priceAboveCommit: 0,
  capacityMbps: null,
  ...extra,
});

/** An edge with p1 routed by `ip rule oif p1 lookup 101` (IPv4 only), p2 with no rule and no default route. */
const edge: HostView = {
  links: new Set(["lo", "p1", "p2"]),
  oifRules: { 4: new Map([["p1", ["101"]]]), 6: new Map() },
  defaultRoutes: {
    4: [
      { table: "101", dev: "p1" },
      { table: "102", dev: "p2" },
    ],
    6: [{ table: "101", dev: "p1" }],
  },
  isLocal: (a) => ["203.0.113.1", "2001:db8:1::1", "198.51.100.1"].includes(a),
};

describe("hostProblems", () => {
  it("names the key of a source that is not an address of this host", () => {
    expect(
      hostProblems([provider({ sourceV4: "203.0.113.1" }), provider({ sourceV4: "192.0.2.9", sourceV6: "2001:db8:9::1" })], edge),
    ).toEqual([
      "providers[1].sourceV4: 192.0.2.9 is not an address of this host",
      "providers[1].sourceV6: 2001:db8:9::1 is not an address of this host",
    ]);
  });

  it("names a device that does not exist, or that no default route leaves by in a table its oif rule selects", () => {
    expect(hostProblems([provider({ sourceV4: "203.0.113.1", device: "p9" })], edge)).toEqual([
      "providers[0].device: p9 is not an interface of this host",
    ]);
    // p2 has a default route, but in a table no `oif p2` rule selects: probes bound to it find no route.
    expect(hostProblems([provider({ sourceV4: "198.51.100.1", device: "p2" })], edge)).toEqual([
      'providers[0].device: no IPv4 route leaves by p2 (add "ip rule add oif p2 lookup <p\'s table>" and a route via p2 in that table)',
    ]);
    // p1 with IPv6 too: the IPv6 table has the route, but there is no IPv6 oif rule.
    expect(hostProblems([provider({ sourceV4: "203.0.113.1", sourceV6: "2001:db8:1::1", device: "p1" })], edge)).toEqual([
      'providers[0].device: no IPv6 route leaves by p1 (add "ip -6 rule add oif p1 lookup <p\'s table>" and a route via p1 in that table)',
    ]);
    expect(hostProblems([provider({ sourceV4: "203.0.113.1", device: "p1" })], edge)).toEqual([]);
  });

  it("skips disabled providers", () => {
    expect(hostProblems([provider({ sourceV4: "192.0.2.9", enabled: false })], edge)).toEqual([]);
  });
});

describe("the worker's start-up check on this host", () => {
  const tmp = tempDir();

  it("reads this host: loopback is an interface, 127.0.0.1 an address, and lo has no default route", () => {
    const host = readHost((a) => a === "127.0.0.1");
    expect(host.links.has("lo")).toBe(true);
    expect(hostProblems([provider({ sourceV4: "127.0.0.1", device: "lo" })], host)).toEqual([
      expect.stringMatching(/^providers\[0\]\.device: no IPv4 route leaves by lo/),
    ]);
  });

  it("refuses to start with a source that is not local, before opening anything", async () => {
    const database = tmp.file("never.db");
    await expect(
      runWorker({ database, providers: [provider({ name: "a", sourceV4: "192.0.2.9" })], scope: { allow: ["192.0.2.0/24"] } }),
    ).rejects.toMatchObject({ code: "BAD_CONFIG", message: "providers[0].sourceV4: 192.0.2.9 is not an address of this host" });
    tmp.cleanup();
  });
});

import { describe, expect, it } from "vitest";
import { ProbeCounters } from "../src/probe-counters.js";
import { isProviderGone, ProviderHealth } from "../src/provider-health.js";

describe("ProviderHealth", () => {
  it("a provider becomes unhealthy after 3 probes in a row could not leave, and healthy with the first that leaves", () => {
    const h = new ProviderHealth(["p1", "p2"], 0);
    expect(h.failed("p1", 6, "SOURCE_NOT_LOCAL", "gone", 1, 1)).toBeNull();
    expect(h.failed("p1", 6, "SOURCE_NOT_LOCAL", "gone", 2, 2)).toBeNull();
    expect(h.failed("p1", 6, "SOURCE_NOT_LOCAL", "gone", 3, 3)).toMatchObject({
      provider: "p1",
      healthy: false,
      cause: "SOURCE_NOT_LOCAL",
      family: 6,
      since: 3,
    });
    expect(h.get("p1")!.healthy).toBe(false);
    expect(h.get("p2")!.healthy).toBe(true);
    // Further failures change nothing; IPv4 probes leaving do not heal an IPv6 source that is gone.
    expect(h.failed("p1", 6, "SOURCE_NOT_LOCAL", "gone", 4, 4)).toBeNull();
    expect(h.sent("p1", 4, 5, 5)).toBeNull();
    expect(h.get("p1")!.healthy).toBe(false);
    // A probe launched before the last failure (in flight when the source vanished) heals nothing.
    expect(h.sent("p1", 6, 0.5, 6)).toBeNull();
    expect(h.get("p1")!.healthy).toBe(false);
    expect(h.sent("p1", 6, 6, 6)).toMatchObject({ healthy: true, cause: null, since: 6 });
  });

  it("one failed send between probes that leave (a remote unreachable about one target) is not enough", () => {
    const h = new ProviderHealth(["p1"], 0);
    for (let i = 0; i < 10; i++) {
      expect(h.failed("p1", 4, "EHOSTUNREACH", "x", i, i)).toBeNull();
      expect(h.failed("p1", 4, "EHOSTUNREACH", "x", i, i)).toBeNull();
      h.sent("p1", 4, i + 0.5, i + 0.5);
    }
    expect(h.get("p1")!.healthy).toBe(true);
  });

  it("knows which codes mean the provider cannot send", () => {
    for (const c of ["SOURCE_NOT_LOCAL", "EADDRNOTAVAIL", "ENODEV", "ENETUNREACH", "BAD_DEVICE"]) expect(isProviderGone(c)).toBe(true);
    for (const c of ["NO_SOURCE", "BAD_ADDRESS", "FAMILY_UNSUPPORTED", "timeout", undefined]) expect(isProviderGone(c)).toBe(false);
  });
});

describe("ProbeCounters", () => {
  it("counts per provider and failure cause, per period and in total", () => {
    const c = new ProbeCounters();
    c.sent("p1");
    c.sent("p1");
    c.answered("p1");
    c.lost("p1");
    c.sent("p2");
    c.failed("p2", "SOURCE_NOT_LOCAL");
    c.failed("p2", "SOURCE_NOT_LOCAL");
    c.failed("p2", "ENODEV");
    expect(c.take()).toEqual({
      p1: { sent: 2, answered: 1, lost: 1, failed: 0, failedBy: {} },
      p2: { sent: 1, answered: 0, lost: 0, failed: 3, failedBy: { SOURCE_NOT_LOCAL: 2, ENODEV: 1 } },
    });
    expect(c.take()).toEqual({});
    c.answered("p1");
    expect(c.totals.p1!.answered).toBe(2);
    expect(c.totals.p2!.failedBy).toEqual({ SOURCE_NOT_LOCAL: 2, ENODEV: 1 });
  });
});

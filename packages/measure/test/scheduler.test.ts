import { describe, expect, it } from "vitest";
import { AddressPolicy, DEFAULT_SCHEDULE, Scheduler, type ScheduleConfig, type ScheduledProbe, type TargetSource } from "../src/index.js";
import { seeded } from "./fake.js";

const policy = new AddressPolicy({ allow: ["192.0.2.0/24", "198.51.100.0/24", "2001:db8::/32"] });
const providers = [{ name: "a", families: [4, 6] as const }, { name: "b", families: [4] as const }];
const target = (address: string, rate = 1, lastSeen = 0): TargetSource => ({ address, family: address.includes(":") ? 6 : 4, rate, lastSeen });

function make(cfg: Partial<ScheduleConfig> = {}, now = 0) {
  const s = new Scheduler({ ...DEFAULT_SCHEDULE, ...cfg }, policy, now, seeded(7));
  s.setProviders(providers);
  return s;
}

/** Drives the scheduler on a fake clock in steps of `stepMs`, as the worker loop would. */
function run(s: Scheduler, fromMs: number, toMs: number, stepMs = 0.1): { at: number; probe: ScheduledProbe }[] {
  const sent: { at: number; probe: ScheduledProbe }[] = [];
  for (let now = fromMs; now < toMs; now += stepMs) {
    for (let guard = 0; guard < 1000; guard++) {
      const r = s.next(now);
      if ("waitMs" in r) break;
      sent.push({ at: now, probe: r });
    }
  }
  return sent;
}


describe("Scheduler", () => {
  it("respects the global budget and never bursts beyond `burst`", () => {
    const s = make({ budgetPerSec: 1000, burst: 3, minIntervalMs: 1 });
    s.updateTargets(Array.from({ length: 250 }, (_, i) => target(`192.0.2.${i}`, i)), 0);
    const sent = run(s, 0, 2000);
    expect(sent.length).toBeLessThanOrEqual(1000 * 2 + 3);
    expect(sent.length).toBeGreaterThan(1000 * 2 * 0.9); // pacing jitter must not starve the budget
    for (let i = 0; i + 3 < sent.length; i++) expect(sent[i + 3]!.at - sent[i]!.at).toBeGreaterThan(1); // 4 probes never within 1 ms
  });

  it("paces with jitter: gaps vary around 1/rate instead of a fixed tick", () => {
    const s = make({ budgetPerSec: 100, burst: 3, minIntervalMs: 1, pacingJitter: 0.5 });
    s.updateTargets(Array.from({ length: 50 }, (_, i) => target(`192.0.2.${i}`)), 0);
    const sent = run(s, 0, 5000, 0.05);
    const gaps = sent.slice(1).map((x, i) => x.at - sent[i]!.at);
    const mean = gaps.reduce((a, b) => a + b, 0) / gaps.length;
    expect(mean).toBeGreaterThan(9);
    expect(mean).toBeLessThan(11.5);
    expect(Math.min(...gaps)).toBeLessThan(7);
    expect(Math.max(...gaps)).toBeGreaterThan(13);
  });

  it("never probes a path more often than the minimum interval; demand shortens intervals", () => {
    const s = make({ budgetPerSec: 10_000, burst: 10, minIntervalMs: 1000, lowDemandStretch: 4, intervalJitter: 0.1 });
    s.updateTargets([target("192.0.2.1", 100), target("192.0.2.2", 1)], 0);
    const sent = run(s, 0, 20_000, 1);
    const times = (addr: string, p: string) => sent.filter((x) => x.probe.address === addr && x.probe.provider === p).map((x) => x.at);
    for (const [addr, p] of [["192.0.2.1", "a"], ["192.0.2.1", "b"], ["192.0.2.2", "a"]] as const) {
      const t = times(addr, p);
      for (let i = 1; i < t.length; i++) expect(t[i]! - t[i - 1]!).toBeGreaterThanOrEqual(1000);
    }
    expect(times("192.0.2.1", "a").length).toBeGreaterThan(times("192.0.2.2", "a").length * 2.5);
  });

  it("when over budget, serves high-demand and long-unprobed targets first", () => {
    const s = make({ budgetPerSec: 10, burst: 1, minIntervalMs: 100 });
    s.updateTargets([target("192.0.2.9", 1), target("192.0.2.8", 50), target("192.0.2.7", 1000)], 0);
    const first = run(s, 0, 600, 1).slice(0, 2).map((x) => x.probe.address);
    expect(first).toEqual(["192.0.2.7", "192.0.2.7"]);
  });

  it("applies the scope allow-list and exclusions, IPv6 by TCP only, and providers' families", () => {
    const strict = new AddressPolicy({ allow: ["192.0.2.0/24", "2001:db8::/32"], exclude: ["192.0.2.128/25"] });
    const s = new Scheduler({ ...DEFAULT_SCHEDULE, minIntervalMs: 1 }, strict, 0, seeded(1));
    s.setProviders(providers);
    const u = s.updateTargets([target("192.0.2.1"), target("192.0.2.200"), target("203.0.113.5"), target("2001:db8::5")], 0);
    expect(u).toEqual({ active: 2, agedOut: 0, refused: 2, subnets: 0 });
    const sent = run(s, 0, 1000, 1).map((x) => x.probe);
    expect(new Set(sent.map((p) => p.address))).toEqual(new Set(["192.0.2.1", "2001:db8::5"]));
    expect(sent.filter((p) => p.address === "2001:db8::5").every((p) => p.kind === "tcp" && p.provider === "a")).toBe(true);
  });

  it("skips ECS client subnets: no single address in them to probe", () => {
    const s = make({ minIntervalMs: 1 });
    const u = s.updateTargets([{ ...target("192.0.2.0"), prefixLength: 24 }, { ...target("192.0.2.7"), prefixLength: 32 }], 0);
    expect(u).toMatchObject({ active: 1, subnets: 1 });
    expect(new Set(run(s, 0, 100, 1).map((x) => x.probe.address))).toEqual(new Set(["192.0.2.7"]));
  });

  it("ages out sources that stopped asking", () => {
    const s = make({ ageOutMs: 60_000, minIntervalMs: 1 });
    const u = s.updateTargets([target("192.0.2.1", 1, 100_000), target("192.0.2.2", 1, 30_000)], 100_000);
    expect(u.agedOut).toBe(1);
    expect(new Set(run(s, 100_000, 101_000, 1).map((x) => x.probe.address))).toEqual(new Set(["192.0.2.1"]));
    s.updateTargets([], 200_000);
    expect(s.size).toBe(0);
    expect(s.next(200_000)).toEqual({ waitMs: 1000 });
  });

  it("falls back from ICMP to TCP after K ICMP losses when TCP answers, and back when TCP fails", () => {
    const s = make({ minIntervalMs: 1, fallbackAfterLosses: 3, budgetPerSec: 1000 });
    s.setProviders([{ name: "a", families: [4] }]);
    s.updateTargets([target("192.0.2.1")], 0);
    let icmpWorks = false;
    let tcpWorks = true;
    const kinds: string[] = [];
    let now = 0;
    while (kinds.length < 12 && now < 10_000) {
      const r = s.next(now);
      now += 2;
      if ("waitMs" in r) continue;
      kinds.push(r.kind);
      s.report(r, r.kind === "icmp" ? icmpWorks : tcpWorks);
      if (kinds.length === 6) { icmpWorks = true; tcpWorks = false; }
    }
    // 3 ICMP losses, TCP trial answers -> TCP; after the flip, 3 TCP losses, ICMP trial answers -> ICMP.
    expect(kinds).toEqual(["icmp", "icmp", "icmp", "tcp", "tcp", "tcp", "tcp", "tcp", "tcp", "icmp", "icmp", "icmp"]);
    expect(s.currentKind("192.0.2.1", "a")).toBe("icmp");
  });
});

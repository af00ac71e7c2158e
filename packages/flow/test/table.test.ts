import { describe, expect, it } from "vitest";
import { FlowError, FlowTable, type FlowTableOptions } from "../src/index.js";

const HOUR = 3_600_000;
const make = (o: Partial<FlowTableOptions> = {}) => new FlowTable({ maxEntries: 100, groups: 3, halfLifeMs: 60_000, ...o });
const v4 = (table: FlowTable, a: number, group: number, now: number, ecs = false) => table.record(4, a, 0, 0, 0, 32, group, now, ecs);

describe("FlowTable", () => {
  it("counts per group, keeps first/last seen, and makes the ECS flag sticky", () => {
    const t = make();
    v4(t, 0xc0000201, 0, 10_500);
    v4(t, 0xc0000201, 2, 11_000, true);
    v4(t, 0xc0000201, 2, 12_000);
    expect(t.get(4, 0xc0000201, 0, 0, 0, 32)).toMatchObject({
      family: 4,
      words: [0xc0000201, 0, 0, 0],
      prefixLength: 32,
      counts: [1, 0, 2],
      queries: 3,
      firstSeenMs: 10_000,
      lastSeenMs: 12_000,
      ecs: true,
    });
    expect(t.size).toBe(1);
  });

  it.each([
    ["same family and words, other prefix", [4, 0x0a000000, 0, 0, 0, 24], [4, 0x0a000000, 0, 0, 0, 16]],
    ["IPv4 vs IPv6 with the same first word", [4, 0x20010db8, 0, 0, 0, 32], [6, 0x20010db8, 0, 0, 0, 32]],
    ["IPv6 differing in the last word", [6, 0x20010db8, 0, 0, 1, 128], [6, 0x20010db8, 0, 0, 2, 128]],
  ] as const)("keeps distinct keys apart: %s", (_, a, b) => {
    const t = make();
    t.record(a[0], a[1], a[2], a[3], a[4], a[5], 0, 0, false);
    t.record(b[0], b[1], b[2], b[3], b[4], b[5], 1, 0, false);
    expect(t.get(a[0], a[1], a[2], a[3], a[4], a[5])?.counts).toEqual([1, 0, 0]);
    expect(t.get(b[0], b[1], b[2], b[3], b[4], b[5])?.counts).toEqual([0, 1, 0]);
  });

  it.each([
    // [events at these ms offsets, rate expected at `at`]: rate = score * ln2 / halfLife(s)
    ["one query, read at once", [0], 0, Math.LN2 / 60],
    ["one query, one half-life later", [0], 60_000, Math.LN2 / 120],
    ["two queries a half-life apart", [0, 60_000], 60_000, (1.5 * Math.LN2) / 60],
    ["time going backwards counts without decay", [60_000, 0], 60_000, (2 * Math.LN2) / 60],
  ] as const)("decays demand lazily: %s", (_, times, at, rate) => {
    const t = make();
    let slot = -1;
    for (const ms of times) slot = v4(t, 1, 0, HOUR + ms);
    expect(t.rateAt(slot, HOUR + at)).toBeCloseTo(rate, 12);
  });

  it("a steady rate converges to itself", () => {
    const t = make({ halfLifeMs: 10_000 });
    let slot = -1;
    for (let ms = 0; ms < 200_000; ms += 50) slot = v4(t, 7, 1, HOUR + ms); // 20 queries/s
    expect(t.rateAt(slot, HOUR + 200_000)).toBeCloseTo(20, 0);
  });

  it("deletes, reports absent keys, and iterates live entries only", () => {
    const t = make();
    for (let a = 1; a <= 10; a++) v4(t, a, 0, a);
    expect(t.delete(4, 3, 0, 0, 0, 32)).toBe(true);
    expect(t.delete(4, 3, 0, 0, 0, 32)).toBe(false);
    expect(t.get(4, 3, 0, 0, 0, 32)).toBeUndefined();
    expect([...t].map((e) => e.words[0]).sort((x, y) => x - y)).toEqual([1, 2, 4, 5, 6, 7, 8, 9, 10]);
    expect(t.size).toBe(9);
    expect(t.tombstones).toBe(1);
  });

  it("evicts the coldest entry when full", () => {
    const t = make({ maxEntries: 3, evictionSample: 3 });
    v4(t, 1, 0, HOUR);
    v4(t, 2, 0, HOUR);
    v4(t, 2, 0, HOUR);
    v4(t, 3, 0, HOUR + 1000);
    v4(t, 4, 0, HOUR + 2000);
    expect([...t].map((e) => e.words[0]).sort()).toEqual([2, 3, 4]);
    expect(t.stats.evictions).toBe(1);
  });

  it("sizes a prime capacity for the load limit, and memory is the slot buffer plus tags", () => {
    const t = make({ maxEntries: 1000, groups: 4, maxLoad: 0.9 });
    expect(t.capacity).toBe(1117); // first prime >= 1000 / 0.9
    expect(t.memoryBytes()).toBeGreaterThanOrEqual(1117 * (56 + 1));
    expect(t.memoryBytes()).toBeLessThan(1117 * (56 + 1) + 2048);
  });

  it.each([
    [{ maxEntries: 0 }],
    [{ maxEntries: 1.5 }],
    [{ groups: 0 }],
    [{ groups: 33 }],
    [{ halfLifeMs: 0 }],
    [{ maxLoad: 1 }],
    [{ evictionSample: 0 }],
  ])("rejects options %j", (o) => {
    expect(() => make(o)).toThrow(expect.objectContaining({ code: "BAD_OPTIONS" }));
  });

  it.each([
    ["group -1", () => v4(make(), 1, -1, 0), "BAD_GROUP"],
    ["group 3 of 3", () => v4(make(), 1, 3, 0), "BAD_GROUP"],
    ["group 0.5", () => v4(make(), 1, 0.5, 0), "BAD_GROUP"],
    ["IPv4 /33", () => make().record(4, 1, 0, 0, 0, 33, 0, 0, false), "BAD_KEY"],
    ["family 5", () => make().record(5 as 4, 1, 0, 0, 0, 8, 0, 0, false), "BAD_KEY"],
  ] as const)("rejects %s", (_, f, code) => {
    expect(f).toThrow(FlowError);
    expect(f).toThrow(expect.objectContaining({ code }));
  });
});

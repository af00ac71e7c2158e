import { describe, expect, it } from "vitest";
import { parseZone, ZoneError, ZoneSet } from "../src/index.js";

const zoneAt = (origin: string) => parseZone("$TTL 60\n@ SOA ns h 1 2 3 4 5\n@ NS ns\nns A 192.0.2.1\n", { origin });

describe("ZoneSet", () => {
  const parent = zoneAt("test.");
  const child = zoneAt("example.test.");
  const set = new ZoneSet([parent, child]);

  it.each([
    ["www.example.test.", "example.test."],
    ["example.test.", "example.test."],
    ["xexample.test.", "test."],
    ["a.b.test.", "test."],
    ["test.", "test."],
    ["example.org.", undefined],
    [".", undefined],
  ])("find(%s) -> %s (longest matching origin)", (qname, origin) => {
    expect(set.find(qname)?.origin).toBe(origin);
  });

  it("refuses to add a second zone with the same origin but replaces on request", () => {
    expect(() => set.add(zoneAt("example.test."))).toThrow(ZoneError);
    const fresh = zoneAt("example.test.");
    set.replace(fresh);
    expect(set.find("www.example.test.")).toBe(fresh);
    expect(set.zones()).toHaveLength(2);
  });

  it("remove() takes the zone out, after which the parent answers", () => {
    expect(set.remove("Example.Test")).toBe(true);
    expect(set.find("www.example.test.")?.origin).toBe("test.");
    expect(set.remove("example.test.")).toBe(false);
  });

  it("a root zone catches everything", () => {
    const s = new ZoneSet([zoneAt(".")]);
    expect(s.find("anything.example.")?.origin).toBe(".");
  });
});

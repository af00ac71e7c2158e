import { describe, expect, it } from "vitest";
import { Rebuilt } from "../src/views/rebuilt.js";

describe("Rebuilt: a table kept while the store's version holds", () => {
  it("builds once per version, waits 5 s after a build before the next, and rebuilds at once when invalidated", () => {
    let builds = 0;
    const r = new Rebuilt(() => ++builds);
    expect(r.get("v1", 0)).toBe(1);
    expect(r.get("v1", 60_000)).toBe(1); // same version: kept however old
    expect(r.get("v2", 60_001)).toBe(2); // changed: rebuilt
    expect(r.get("v3", 62_000)).toBe(2); // changed again within 5 s: kept
    expect(r.get("v3", 65_001)).toBe(3);
    r.invalidate();
    expect(r.get("v3", 65_002)).toBe(4);
  });
});

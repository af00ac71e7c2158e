import { describe, expect, it } from "vitest";
import { LimitedLog, LogLimiter, OVERFLOW_KEY } from "../src/index.js";

describe("LogLimiter", () => {
  it("admits the first occurrence of a key per window, counts the rest and reports them when the window ends", () => {
    let now = 0;
    const l = new LogLimiter<number>({ windowMs: 1000, now: () => now });
    expect(l.admit("a", 1)).toBe(true);
    expect(l.admit("a", 2)).toBe(false);
    expect(l.admit("a", 3)).toBe(false);
    expect(l.admit("b", 1)).toBe(true); // a different failure is said at once
    now = 999;
    expect(l.due()).toEqual([]);
    now = 1000;
    expect(l.due()).toEqual([{ key: "a", count: 2, last: 3, windowMs: 1000 }]);
    expect(l.due()).toEqual([]);
    expect(l.admit("a", 4)).toBe(true); // a new window
  });

  it("a key held back nothing in its window reports nothing and is said again after it", () => {
    let now = 0;
    const l = new LogLimiter<number>({ windowMs: 1000, now: () => now });
    expect(l.admit("a", 1)).toBe(true);
    now = 1500;
    expect(l.admit("a", 2)).toBe(true);
  });

  it("keeps at most maxKeys keys: the rest share the overflow key", () => {
    let now = 0;
    const l = new LogLimiter<number>({ windowMs: 1000, maxKeys: 2, now: () => now });
    expect([l.admit("a", 0), l.admit("b", 0), l.admit("c", 0), l.admit("d", 9)]).toEqual([true, true, true, false]);
    now = 1000;
    expect(l.due()).toEqual([{ key: OVERFLOW_KEY, count: 1, last: 9, windowMs: 1000 }]);
  });
});

describe("LimitedLog", () => {
  it("logs one line per distinct failure, then '(N more suppressed ...)' once the window ends", () => {
    let now = 0;
    const lines: Array<[string, object, string]> = [];
    const target = {
      warn: (f: object, m: string) => lines.push(["warn", f, m]),
      error: (f: object, m: string) => lines.push(["error", f, m]),
    };
    const log = new LimitedLog(target, { windowMs: 10_000, now: () => now });
    for (let i = 0; i < 100; i++) log.warn("notify|192.0.2.1:53", { tries: i }, "NOTIFY not answered");
    log.error("store", { code: "SQLITE_FULL" }, "writing sources failed");
    log.flush();
    expect(lines).toEqual([
      ["warn", { tries: 0 }, "NOTIFY not answered"],
      ["error", { code: "SQLITE_FULL" }, "writing sources failed"],
    ]);
    now = 10_000;
    log.flush();
    expect(lines[2]).toEqual(["warn", { tries: 99, suppressed: 99 }, "NOTIFY not answered (99 more suppressed in the last 10 s)"]);
    expect(lines).toHaveLength(3);
  });
});

import { describe, expect, it } from "vitest";
import { KindChooser } from "../src/index.js";

describe("KindChooser with the dns kind", () => {
  it("a path silent to ICMP and TCP is tried by DNS after the TCP trial fails, and stays on DNS", () => {
    const c = new KindChooser(["icmp", "tcp", "dns"], 2);
    const trace: string[] = [];
    for (let i = 0; i < 12 && c.current !== "dns"; i++) {
      const kind = c.next();
      trace.push(kind);
      c.report(kind, kind === "dns");
    }
    expect(trace).toEqual(["icmp", "icmp", "tcp", "icmp", "icmp", "dns"]);
    expect(c.current).toBe("dns");
    expect([c.next(), c.next()]).toEqual(["dns", "dns"]);
  });

  it("two kinds behave as before: every trial is of the other kind", () => {
    const c = new KindChooser(["icmp", "tcp"], 1);
    const trace: string[] = [];
    for (let i = 0; i < 6; i++) {
      const kind = c.next();
      trace.push(kind);
      c.report(kind, false);
    }
    expect(trace).toEqual(["icmp", "tcp", "icmp", "tcp", "icmp", "tcp"]);
  });

  it("after the path answers again the trials start from the next kind", () => {
    const c = new KindChooser(["icmp", "tcp", "dns"], 1);
    c.report(c.next(), false); // icmp lost
    c.report(c.next(), false); // tcp trial lost
    c.report(c.next(), false); // icmp lost
    expect(c.next()).toBe("dns");
    c.report("dns", true);
    c.report(c.next(), false); // dns lost once
    expect(c.next()).toBe("icmp"); // the one after dns, wrapping around
  });

  it("overlapping probes: a trial sent twice before its first loss is back counts as one turn, so DNS still comes", () => {
    const c = new KindChooser(["icmp", "tcp", "dns"], 2);
    c.report(c.next(), false);
    c.report(c.next(), false); // icmp lost twice: a trial is due
    const first = c.next();
    const second = c.next(); // sent before the first trial's result (timeout >= interval)
    expect([first, second]).toEqual(["tcp", "tcp"]);
    c.report(first, false);
    c.report(second, false); // the same trial's second loss: not another turn
    c.report(c.next(), false);
    c.report(c.next(), false); // icmp lost twice more
    expect(c.next()).toBe("dns");
    c.report("dns", true);
    expect(c.current).toBe("dns");
  });
});

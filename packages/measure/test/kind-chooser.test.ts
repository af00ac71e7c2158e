import { describe, expect, it } from "vitest";
import { KindChooser } from "../src/index.js";

/** Plays results through a chooser: each step is the kind it picks and whether that kind answers. */
function play(chooser: KindChooser, answers: Record<string, boolean>, steps: number): { kinds: string[]; recorded: number[] } {
  const kinds: string[] = [];
  const recorded: number[] = [];
  for (let i = 0; i < steps; i++) {
    const kind = chooser.next();
    kinds.push(kind);
    recorded.push(chooser.report(kind, answers[kind] === true));
  }
  return { kinds, recorded };
}

describe("KindChooser: which losses are the path's", () => {
  it("an ICMP-silent resolver: its ICMP losses are held and dropped when TCP answers", () => {
    const c = new KindChooser(["icmp", "tcp"], 3);
    const { kinds, recorded } = play(c, { icmp: false, tcp: true }, 6);
    expect(kinds).toEqual(["icmp", "icmp", "icmp", "tcp", "tcp", "tcp"]);
    expect(recorded).toEqual([0, 0, 0, 0, 0, 0]);
    expect(c.current).toBe("tcp");
  });

  it("a path dead from the start: held losses are recorded when the other kind loses too, later ones at once", () => {
    const c = new KindChooser(["icmp", "tcp"], 3);
    const { kinds, recorded } = play(c, { icmp: false, tcp: false }, 7);
    expect(kinds).toEqual(["icmp", "icmp", "icmp", "tcp", "icmp", "icmp", "icmp"]);
    expect(recorded).toEqual([0, 0, 0, 4, 1, 1, 1]);
  });

  it("losses of a kind that answered before are the path's at once (a link that dies)", () => {
    const c = new KindChooser(["icmp", "tcp"], 3);
    expect(c.report("icmp", true)).toBe(0);
    expect([c.report("icmp", false), c.report("icmp", false)]).toEqual([1, 1]);
  });

  it("held losses of a kind that then answers are recorded before its reply", () => {
    const c = new KindChooser(["icmp", "tcp"], 3);
    expect([c.report("icmp", false), c.report("icmp", false), c.report("icmp", true)]).toEqual([0, 0, 2]);
  });

  it("a send that failed (certain) is recorded with what was held; a single kind never holds", () => {
    const c = new KindChooser(["icmp", "tcp"], 3);
    expect(c.report("icmp", false)).toBe(0);
    expect(c.report("icmp", false, true)).toBe(2);
    const only = new KindChooser(["tcp"], 3);
    expect(only.report("tcp", false)).toBe(1);
  });

  it("after both kinds lost, a reply ends it: the next silent-kind losses are held again", () => {
    const c = new KindChooser(["icmp", "tcp"], 3);
    play(c, { icmp: false, tcp: false }, 5);
    expect(c.report("tcp", true)).toBe(0);
    expect(c.current).toBe("tcp");
    expect(c.report("icmp", false)).toBe(0); // ICMP never answered and TCP did since: held
    expect(c.report("tcp", false)).toBe(2); // TCP answered before: the path's, and so now is the held one
  });

  it("three kinds: losses are held until every kind has lost since the last reply", () => {
    const c = new KindChooser(["icmp", "tcp", "dns"], 1);
    expect([c.report("icmp", false), c.report("tcp", false)]).toEqual([0, 0]);
    expect(c.report("dns", true)).toBe(0); // a resolver that answers only DNS: nothing was the path's
    const dead = new KindChooser(["icmp", "tcp", "dns"], 1);
    expect([dead.report("icmp", false), dead.report("tcp", false), dead.report("dns", false)]).toEqual([0, 0, 3]);
  });
});

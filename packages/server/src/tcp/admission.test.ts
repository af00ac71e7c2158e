import { describe, expect, it } from "vitest";
import { type Admitted, ConnectionTable } from "./admission.js";

/** A connection as admission sees it. */
function conn(name: string, prefixKey: string, lastActiveAt: number, owed = false): Admitted & { name: string } {
  return { name, prefixKey, lastActiveAt, evictable: () => !owed };
}

const limits = { maxConnections: 3, maxConnectionsPerPrefix: 2 };

function tableOf(...conns: ReturnType<typeof conn>[]) {
  const table = new ConnectionTable<ReturnType<typeof conn>>();
  for (const c of conns) table.add(c);
  return table;
}

describe("ConnectionTable", () => {
  const rows: Array<[string, ReturnType<typeof conn>[], string, string]> = [
    ["room in total and in the prefix: admit", [conn("a", "p", 1)], "q", "admit"],
    ["total cap: the least recently active evictable goes", [conn("a", "p", 5), conn("b", "q", 2), conn("c", "r", 9)], "s", "evict b"],
    [
      "total cap: a connection owed answers is never chosen",
      [conn("a", "p", 5), conn("b", "q", 2, true), conn("c", "r", 9)],
      "s",
      "evict a",
    ],
    [
      "total cap, every connection owed answers: refuse",
      [conn("a", "p", 5, true), conn("b", "q", 2, true), conn("c", "r", 9, true)],
      "s",
      "refuse",
    ],
    [
      "prefix cap: the prefix's own oldest goes, even if another prefix's is older",
      [conn("a", "p", 5), conn("b", "p", 7), conn("c", "q", 1)],
      "p",
      "evict a",
    ],
    [
      "prefix cap, the prefix's all owed answers: refuse (others are not taken)",
      [conn("a", "p", 5, true), conn("b", "p", 7, true)],
      "p",
      "refuse",
    ],
  ];
  for (const [label, open, prefix, expected] of rows) {
    it(label, () => {
      const a = tableOf(...open).admit(prefix, limits);
      expect(a.kind === "evict" ? `evict ${a.victim.name}` : a.kind).toBe(expected);
    });
  }

  it("counts per prefix and forgets closed connections", () => {
    const a = conn("a", "p", 1);
    const b = conn("b", "p", 2);
    const table = tableOf(a, b);
    expect(table.admit("p", limits).kind).toBe("evict");
    table.delete(a);
    table.delete(a); // twice is harmless
    expect([table.size, table.admit("p", limits).kind]).toEqual([1, "admit"]);
    expect([...table.connections()]).toEqual([b]);
  });
});

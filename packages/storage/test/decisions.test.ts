import { afterEach, describe, expect, it } from "vitest";
import { Store } from "../src/index.js";
import { decision, provider, tempDir } from "./helpers.js";

/** Decisions are checked against @dnsteer/model's schema when written and when read back. */
const tmp = tempDir();
afterEach(tmp.cleanup);

function open(reports: string[] = []): Store {
  const store = Store.open(tmp.file(), { onCorruptRow: (m) => reports.push(m) });
  store.syncProviders([provider("a"), provider("b")]);
  return store;
}

describe("stored decisions", () => {
  it("skip a row that does not read back (an older layout), report it, and keep serving its route", () => {
    const reports: string[] = [];
    const store = open(reports);
    store.putDecisions([decision("192.0.2.0/24", "a"), decision("2001:db8::/48", "b")], 1);
    store.db.prepare("UPDATE decisions SET reason = ? WHERE prefix = '192.0.2.0'").run(JSON.stringify({ level: "source" }));
    expect(store.listDecisions().map((d) => d.source)).toEqual(["2001:db8::/48"]);
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatch(/^decision 192\.0\.2\.0\/24 is unreadable: .*state/);
    expect(() => store.getDecision("192.0.2.0", 24)).toThrow(
      expect.objectContaining({ code: "CORRUPT_ROW", message: expect.stringMatching(/cause/) }),
    );
    expect(store.listDecisionRoutes()).toHaveLength(2);
    store.close();
  });

  it("report a reason that is not JSON at all", () => {
    const reports: string[] = [];
    const store = open(reports);
    store.putDecisions([decision("192.0.2.0/24", "a")], 1);
    store.db.prepare("UPDATE decisions SET reason = '{oops'").run();
    expect(store.listDecisions()).toEqual([]);
    expect(reports[0]).toMatch(/reason is not JSON/);
    store.close();
  });

  it.each([
    ["a demand that JSON cannot hold", decision("192.0.2.9/32", "a", { demandMbps: Number.NaN }), /demandMbps/],
    [
      "an unknown cause",
      decision("192.0.2.9/32", "a", { reason: { mode: "latency", cause: "whim" as "first", from: null, providers: [] } }),
      /reason\.cause|cause/,
    ],
    ["a source that is no prefix key", decision("192.0.2.9", "a"), /source/],
    ["a source that is no address", decision("host/32", "a"), /not an IP address/],
    ["a prefix length too long for the family", decision("192.0.2.9/33", "a", { prefixLength: 32 }), /33/],
  ])("refuse %s, and write nothing of the batch", (_label, bad, message) => {
    const store = open();
    expect(() => store.putDecisions([decision("192.0.2.1/32", "a"), bad], 1)).toThrow(
      expect.objectContaining({ code: "BAD_INPUT", message: expect.stringMatching(message) }),
    );
    expect(store.listDecisionRoutes()).toEqual([]);
    expect(store.decisionsVersion()).toBe(0);
    store.close();
  });

  it("store sources canonically, so any spelling finds the row", () => {
    const store = open();
    store.putDecisions([decision("2001:DB8:0::0/48", "b")], 5);
    expect(store.listDecisions().map((d) => [d.source, d.decidedAt])).toEqual([["2001:db8::/48", 5]]);
    expect(store.getDecision("2001:db8:0:0::", 48)?.provider).toBe("b");
    store.close();
  });
});

describe("decision states (what the controller reads each evaluation)", () => {
  it("give provider, state and time without the verdicts, and skip rows without a readable state", () => {
    const reports: string[] = [];
    const store = open(reports);
    const held = decision("192.0.2.0/24", "a", {
      state: { provider: "a", since: 7, challenger: "b", challengerCount: 1, basis: "source", settled: false },
    });
    store.putDecisions([held, decision("192.0.2.1/32", "b"), decision("192.0.2.2/32", "b")], 3);
    store.db.prepare("UPDATE decisions SET reason = json_remove(reason, '$.state') WHERE prefix = '192.0.2.1'").run();
    store.db.prepare("UPDATE decisions SET reason = 'nope' WHERE prefix = '192.0.2.2'").run();
    expect(store.listDecisionStates()).toEqual([{ source: "192.0.2.0/24", provider: "a", state: held.state, decidedAt: 3 }]);
    expect(reports).toEqual([
      expect.stringMatching(/^decision 192\.0\.2\.1\/32 is unreadable: state: missing/),
      expect.stringMatching(/^decision 192\.0\.2\.2\/32 is unreadable: state: missing/),
    ]);
    store.close();
  });
});

describe("unsettled decisions (the worker's probe preference)", () => {
  const withState = (source: string, settled: boolean | undefined) => {
    const d = decision(source, "a");
    return { ...d, state: { ...d.state, ...(settled === undefined ? {} : { settled }) } };
  };

  it("lists the sources whose state is not settled (false, absent, or a reason that is not JSON), from the index alone", () => {
    const store = open();
    store.putDecisions(
      [
        withState("192.0.2.1/32", true),
        withState("192.0.2.2/32", false),
        withState("192.0.2.3/32", undefined),
        withState("2001:db8::1/128", false),
      ],
      1,
    );
    expect(store.listUnsettledSources().sort()).toEqual(["192.0.2.2/32", "192.0.2.3/32", "2001:db8::1/128"]);
    store.putDecisions([withState("192.0.2.2/32", true)], 2);
    expect(store.listUnsettledSources().sort()).toEqual(["192.0.2.3/32", "2001:db8::1/128"]);
    store.db.prepare("UPDATE decisions SET reason = '{oops' WHERE prefix = '192.0.2.1'").run();
    expect(store.listUnsettledSources()).toContain("192.0.2.1/32");
    const plan = store.db
      .prepare(`EXPLAIN QUERY PLAN SELECT prefix, prefix_length FROM decisions
      WHERE (CASE WHEN json_valid(reason) THEN reason ->> '$.state.settled' END) IS NOT 1`)
      .all() as { detail: string }[];
    expect(plan.map((r) => r.detail).join(" ")).toMatch(/USING (COVERING )?INDEX decisions_unsettled/);
    store.close();
  });
});

import { afterEach, describe, expect, it } from "vitest";
import { Store } from "../src/index.js";
import { decision, provider, tempDir } from "./helpers.js";

/** The refresh thread's read of every route: pages of text lines, from the covering index alone. */
const tmp = tempDir();
afterEach(tmp.cleanup);

function withRoutes(sources: string[]): Store {
  const store = Store.open(tmp.file());
  store.syncProviders([provider("a"), provider("b")]);
  store.putDecisions(
    sources.map((s, i) => decision(s, i % 2 ? "b" : "a")),
    1,
  );
  return store;
}

const sources = ["192.0.2.0/24", "192.0.2.0/25", "192.0.2.128/25", "198.51.100.7/32", "2001:db8::/48", "2001:db8::/32", "10.0.0.0/8"];

describe("Store.decisionRoutePages", () => {
  it.each([1, 2, 3, 7, 100])("hands over every route exactly once in pages of %i", (pageRows) => {
    const store = withRoutes(sources);
    const pages: string[] = [];
    store.decisionRoutePages((lines) => pages.push(lines), pageRows);
    const lines = pages.flatMap((p) => p.split("\n"));
    const expected = store.listDecisionRoutes().map((r) => `${r.prefix} ${r.prefixLength} ${r.provider}`);
    expect(lines.sort()).toEqual(expected.sort());
    expect(pages.every((p) => p.split("\n").length <= pageRows)).toBe(true);
    expect(store.countDecisionRoutes()).toBe(sources.length);
    store.close();
  });

  it("hands over nothing when there are no decisions", () => {
    const store = withRoutes([]);
    const pages: string[] = [];
    store.decisionRoutePages((lines) => pages.push(lines));
    expect(pages).toEqual([]);
    store.close();
  });

  it("reads the covering index, not the table's rows (their reason JSON is most of their bytes)", () => {
    const store = withRoutes(sources);
    const plan = store.db
      .prepare(`EXPLAIN QUERY PLAN SELECT prefix || ' ' || prefix_length || ' ' || provider FROM decisions
        WHERE (prefix, prefix_length) > (?, ?) ORDER BY prefix, prefix_length LIMIT ?`)
      .all("", -1, 10) as { detail: string }[];
    expect(plan.map((p) => p.detail).join("; ")).toMatch(/USING COVERING INDEX decisions_routes/);
    store.close();
  });
});

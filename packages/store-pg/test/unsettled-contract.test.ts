import type { StoreBackend } from "@dnsteer/storage";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { decision, postgresKind, provider, sqliteKind } from "./fixtures.js";

/**
 * listUnsettledDecisions on both backends: the same predicate (a state without `settled: true`
 * is unsettled, also an older state with no `settled` at all), full rows, and a source leaves the
 * list when a later write settles it.
 */
describe.each([sqliteKind(), postgresKind()])("$name backend: unsettled decisions", (kind) => {
  let store: StoreBackend;
  beforeAll(() => kind.setup());
  afterAll(() => kind.stop());
  afterEach(async () => {
    await store?.close();
  });

  const state = (p: string, settled?: boolean) => ({
    provider: p,
    since: 0,
    challenger: null,
    challengerCount: 0,
    ...(settled === undefined ? {} : { settled }),
  });

  it("lists the decisions not settled, in full, and drops one once it settles", async () => {
    store = await kind.open();
    await store.syncProviders([provider("p1"), provider("p2")]);
    await store.writeDecisions(
      [
        decision("192.0.2.0/24", "p1", { state: state("p1", true) }),
        decision("198.51.100.0/24", "p2", { state: state("p2", false) }),
        decision("2001:db8::/56", "p1", { state: state("p1") }),
      ],
      1000,
    );
    const unsettled = (await store.listUnsettledDecisions()).sort((a, b) => a.source.localeCompare(b.source));
    expect(unsettled).toEqual([
      { ...decision("198.51.100.0/24", "p2", { state: state("p2", false) }), decidedAt: 1000 },
      { ...decision("2001:db8::/56", "p1", { state: state("p1") }), decidedAt: 1000 },
    ]);

    await store.writeDecisions([decision("198.51.100.0/24", "p2", { state: state("p2", true) })], 2000);
    expect((await store.listUnsettledDecisions()).map((d) => d.source)).toEqual(["2001:db8::/56"]);
    await store.deleteDecisions(["2001:db8::/56"]);
    expect(await store.listUnsettledDecisions()).toEqual([]);
  });
});

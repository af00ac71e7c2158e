import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildSteeringView, SteeredAnswerCounts } from "@dnsteer/server";
import { DecisionMap } from "@dnsteer/steering";
import { AnswerCountRepo, Store } from "@dnsteer/storage";
import { describe, expect, it } from "vitest";
import { AnswerHistory } from "../src/metrics/answer-history.js";

const T = 1_700_000_040_000; // a whole minute

describe("AnswerHistory: the responder's answers per provider into the store", () => {
  it("adds what was counted since the last flush to the current minute; a failed write is retried with the next", () => {
    const path = join(mkdtempSync(join(tmpdir(), "dnsteer-answer-history-")), "dnsteer.sqlite");
    const store = Store.open(path, { busyTimeoutMs: 20 });
    const counts = new SteeredAnswerCounts(["isp-a", "isp-b"]);
    const providers = [
      { name: "isp-a", serviceA: ["192.0.2.1"], serviceAAAA: [] },
      { name: "isp-b", serviceA: ["192.0.2.2"], serviceAAAA: [] },
    ];
    const view = buildSteeringView({ names: [], providers, decisions: DecisionMap.from(["isp-a", "isp-b"], []), ttl: 30 });
    const history = new AnswerHistory(counts, store, { responder: "ns1" });
    const read = () => new AnswerCountRepo(store.db).perMinute({ since: 0 });

    for (let i = 0; i < 3; i++) counts.count(view, 0, true);
    counts.count(view, 1, false);
    counts.count(view, -1, true); // the zone's own records: not stored
    expect(history.flush(T + 5_000)).toBe(2);
    counts.count(view, 0, true);
    expect(history.flush(T + 15_000)).toBe(1);
    expect(history.flush(T + 25_000)).toBe(0); // nothing new: no row touched
    expect(read()).toEqual([
      { minute: T, provider: "isp-a", a: 4, aaaa: 0 },
      { minute: T, provider: "isp-b", a: 0, aaaa: 1 },
    ]);

    // Another connection holds the write lock: the flush fails, and its counts wait for the next one.
    counts.count(view, 1, true);
    const other = Store.open(path);
    other.db.exec("BEGIN EXCLUSIVE");
    expect(() => history.flush(T + 65_000)).toThrow(/locked|busy/i);
    other.db.exec("ROLLBACK");
    other.close();
    counts.count(view, 1, true);
    expect(history.flush(T + 75_000)).toBe(1);
    expect(read()).toContainEqual({ minute: T + 60_000, provider: "isp-b", a: 2, aaaa: 0 });
    store.close();
  });
});

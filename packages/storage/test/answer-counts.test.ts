import { afterEach, describe, expect, it } from "vitest";
import { AnswerCountRepo, Store } from "../src/index.js";
import { tempDir } from "./helpers.js";

const tmp = tempDir();
afterEach(() => tmp.cleanup());
const M = 60_000;
const T = 1_700_000_040_000; // a whole minute

describe("answer counts (migration 7)", () => {
  it("adds each flush to its minute's row and sums responders per minute and provider", () => {
    const store = Store.open(tmp.file());
    const repo = new AnswerCountRepo(store.db);
    repo.add([
      { minute: T, responder: "ns1", provider: "isp-a", a: 3, aaaa: 1 },
      { minute: T, responder: "ns1", provider: "isp-b", a: 2, aaaa: 0 },
    ]);
    repo.add([{ minute: T, responder: "ns1", provider: "isp-a", a: 4, aaaa: 0 }]); // a later flush, same minute
    repo.add([{ minute: T, responder: "ns2", provider: "isp-a", a: 10, aaaa: 5 }]); // another responder
    repo.add([{ minute: T + M, responder: "ns1", provider: "isp-a", a: 1, aaaa: 0 }]);
    expect(repo.perMinute({ since: T + 30_000 - M })).toEqual([
      { minute: T, provider: "isp-a", a: 17, aaaa: 6 },
      { minute: T, provider: "isp-b", a: 2, aaaa: 0 },
      { minute: T + M, provider: "isp-a", a: 1, aaaa: 0 },
    ]);
    expect(repo.perMinute({ since: T, until: T + M, provider: "isp-a" })).toEqual([{ minute: T, provider: "isp-a", a: 17, aaaa: 6 }]);
    expect(repo.perMinute({ since: T + 2 * M })).toEqual([]);
    expect(repo.deleteBefore(T + M)).toBe(3);
    expect(repo.perMinute({ since: 0 })).toHaveLength(1);
    store.close();
  });

  it("refuses a row that does not fit and writes nothing of that batch", () => {
    const store = Store.open(tmp.file());
    const repo = new AnswerCountRepo(store.db);
    const good = { minute: T, responder: "ns1", provider: "isp-a", a: 1, aaaa: 0 };
    for (const bad of [{ minute: T + 1 }, { a: -1 }, { aaaa: 1.5 }, { provider: "" }, { minute: Number.NaN }]) {
      expect(() => repo.add([good, { ...good, ...bad }])).toThrow(expect.objectContaining({ code: "BAD_INPUT" }));
    }
    expect(repo.perMinute({ since: 0 })).toEqual([]);
    // SQLite's own checks hold too, against a write that skips the repository.
    expect(() => store.db.prepare("INSERT INTO answer_counts (minute, responder, provider, a) VALUES (?, 'x', 'y', 1)").run(T + 5)).toThrow(
      /CHECK/,
    );
    store.close();
  });
});

import { describe, expect, it } from "vitest";
import { ProcessLeaderElection } from "../../src/backend/process-leader.js";

/** SQLite's election: one holder per (file, name) in this process; each win a new term in its fence. */
describe("ProcessLeaderElection", () => {
  it("gives one holder a fence whose term rises with each win, none to a standby", async () => {
    const a = new ProcessLeaderElection("/tmp/x.sqlite", "decider");
    const b = new ProcessLeaderElection("/tmp/x.sqlite", "decider");
    expect(a.fence()).toBeUndefined();
    expect(await a.acquire()).toBe(true);
    expect(await b.acquire()).toBe(false);
    const first = a.fence()!;
    expect(first.name).toBe("decider");
    expect(b.fence()).toBeUndefined();
    await a.close();
    expect(a.fence()).toBeUndefined();
    expect(await b.acquire()).toBe(true);
    expect(b.fence()!.epoch).toBe(first.epoch + 1);
    await b.close();
  });
});

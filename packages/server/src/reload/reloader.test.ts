import { describe, expect, it } from "vitest";
import { Reloader } from "./reloader.js";

/** A reload we finish by hand: each run records its number and waits to be released. */
function harness() {
  const releases: Array<() => void> = [];
  let runs = 0;
  const reloader = new Reloader(async () => {
    const n = ++runs;
    await new Promise<void>((resolve) => releases.push(resolve));
    return n;
  });
  const releaseNext = async () => {
    await Promise.resolve();
    releases.shift()!();
    for (let i = 0; i < 5; i++) await Promise.resolve(); // let the queued run start
  };
  return { reloader, releaseNext, runs: () => runs };
}

describe("Reloader", () => {
  it("runs a request at once when idle", async () => {
    const { reloader, releaseNext, runs } = harness();
    const a = reloader.request();
    expect([runs(), reloader.busy]).toEqual([1, true]);
    await releaseNext();
    expect(await a).toBe(1);
    expect(reloader.busy).toBe(false);
  });

  it("queues a request made during a run: it runs after, and is not lost", async () => {
    const { reloader, releaseNext, runs } = harness();
    const a = reloader.request();
    const b = reloader.request();
    expect(runs()).toBe(1); // not started alongside
    await releaseNext();
    expect(runs()).toBe(2);
    await releaseNext();
    expect([await a, await b]).toEqual([1, 2]);
  });

  it("many requests during one run make one queued run, not one each", async () => {
    const { reloader, releaseNext, runs } = harness();
    const first = reloader.request();
    const during = [reloader.request(), reloader.request(), reloader.request()];
    await releaseNext();
    await releaseNext();
    expect(await Promise.all([first, ...during])).toEqual([1, 2, 2, 2]);
    expect(runs()).toBe(2);
    expect(reloader.busy).toBe(false);
  });

  it("a request during the queued run queues a third", async () => {
    const { reloader, releaseNext, runs } = harness();
    const a = reloader.request();
    const b = reloader.request();
    await releaseNext(); // a done, b running
    const c = reloader.request();
    await releaseNext();
    await releaseNext();
    expect([await a, await b, await c, runs()]).toEqual([1, 2, 3, 3]);
  });
});

import { describe, expect, it } from "vitest";
import { SupervisedThread, type ThreadHandle } from "../src/index.js";
import { type EchoData, type EchoIn, type EchoOut, echoThread } from "./fixtures/echo-spec.js";

/** Real worker threads that crash (an uncaught throw), and the supervisor starting them again. */
describe("SupervisedThread", () => {
  /** Resolves with the next "doubled" reply of whichever thread is current. */
  function doubled(threads: Array<ThreadHandle<EchoIn, EchoOut>>, index: number): Promise<number> {
    return new Promise((resolve) => threads[index]!.onMessage((m) => m.type === "doubled" && resolve(m.value)));
  }

  it("starts a thread that crashed again, with the data as it is then, and says so first", async () => {
    const threads: Array<ThreadHandle<EchoIn, EchoOut>> = [];
    const crashes: Array<{ message: string; wait: number; count: number }> = [];
    let data: EchoData = { prefix: "first", stubborn: false };
    const restarted = new Promise<void>((resolve) => {
      const supervised = new SupervisedThread(echoThread, () => data, {
        attach: (t) => {
          threads.push(t);
          if (threads.length === 2) resolve();
        },
        onCrash: (err, wait, count) => crashes.push({ message: err.message, wait, count }),
        initialBackoffMs: 50,
      });
      cleanup.push(() => supervised.stop({ type: "stop" }));
      void doubled(threads, 0).then(() => {
        data = { prefix: "second", stubborn: false };
        supervised.post({ type: "crash" });
      });
      supervised.post({ type: "double", value: 1 });
    });
    await restarted;
    expect(crashes).toEqual([{ message: "first: crashed as asked", wait: 50, count: 1 }]);
    const reply = new Promise<string>((resolve) => threads[1]!.onMessage((m) => m.type === "doubled" && resolve(m.prefix)));
    threads[1]!.post({ type: "double", value: 2 });
    expect(await reply).toBe("second");
    await Promise.all(cleanup.splice(0).map((f) => f()));
  });

  it("backs off a thread that dies at start (50, 100, 200 ms ...) and never restarts one it stopped", async () => {
    const waits: number[] = [];
    let supervised: SupervisedThread<EchoData, EchoIn, EchoOut> | undefined;
    await new Promise<void>((resolve) => {
      supervised = new SupervisedThread(echoThread, () => ({ prefix: "bad", stubborn: false, crashAtStart: true }), {
        attach: () => {},
        onCrash: (err, wait) => {
          expect(err.message).toBe("bad: broken at start");
          waits.push(wait);
          if (waits.length === 3) resolve();
        },
        initialBackoffMs: 50,
        maxBackoffMs: 150,
      });
    });
    expect(waits).toEqual([50, 100, 150]);
    await supervised!.stop({ type: "stop" });
    const crashes = supervised!.crashes;
    await new Promise((r) => setTimeout(r, 400));
    expect(supervised!.crashes, "no restart after stop").toBe(crashes);
    expect(supervised!.current).toBeUndefined();
    supervised!.post({ type: "double", value: 1 });
    expect(supervised!.droppedPosts).toBe(1);
  });

  it("a stopped thread is not a crash", async () => {
    const crashes: Error[] = [];
    const supervised = new SupervisedThread(echoThread, () => ({ prefix: "ok", stubborn: false }), {
      attach: () => {},
      onCrash: (err) => crashes.push(err),
    });
    await supervised.stop({ type: "stop" });
    await new Promise((r) => setTimeout(r, 100));
    expect(crashes).toEqual([]);
  });
});

const cleanup: Array<() => Promise<void>> = [];

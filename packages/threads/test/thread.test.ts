import { describe, expect, it } from "vitest";
import { type EchoOut, echoThread } from "./fixtures/echo-spec.js";

/** Real worker threads, started through the one bootstrap shim (tsx registered there). */
describe("ThreadSpec", () => {
  it("starts a TypeScript body with its data, and carries typed messages both ways", async () => {
    const thread = echoThread.start({ prefix: "x", stubborn: false });
    const replies: EchoOut[] = [];
    const doubled = new Promise<void>((resolve) =>
      thread.onMessage((m) => {
        replies.push(m);
        if (m.type === "doubled") resolve();
      }),
    );
    thread.post({ type: "double", value: 21 });
    await doubled;
    expect(replies).toEqual([{ type: "doubled", value: 42, prefix: "x" }]);
    await thread.stop({ type: "stop" });
    expect(replies.at(-1)).toEqual({ type: "stopping" });
    expect(thread.worker.threadId).toBe(-1);
    await thread.stop({ type: "stop" }); // stopping a stopped thread is a no-op
  });

  it("ends a thread that does not stop within the grace period", async () => {
    const thread = echoThread.start({ prefix: "y", stubborn: true });
    const exit = new Promise<number>((resolve) => thread.worker.once("exit", resolve));
    const running = new Promise<void>((resolve) => thread.onMessage(() => resolve()));
    thread.post({ type: "double", value: 1 });
    await running; // the body is up, and ignores "stop" from here on
    await thread.stop({ type: "stop" }, 200);
    expect(await exit).toBe(1); // terminated, not a clean exit
  });

  it("refuses to act as a thread body on the main thread", () => {
    expect(() => echoThread.inThread()).toThrow(/is a thread body/);
  });
});

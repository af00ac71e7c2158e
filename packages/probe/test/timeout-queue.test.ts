import { createSocket } from "node:dgram";
import { afterEach, describe, expect, it } from "vitest";
import { TimeoutQueue } from "../src/timeout-queue.js";

/** Holds this thread, as a GC pause or a stalled box would. */
function hold(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    /* busy */
  }
}

describe("TimeoutQueue", () => {
  const sockets: ReturnType<typeof createSocket>[] = [];
  afterEach(() => {
    for (const s of sockets.splice(0)) s.close();
  });

  it("a reply already in the socket when a held thread wakes past the deadline is read before the probe expires", async () => {
    const socket = createSocket("udp4");
    sockets.push(socket);
    await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", () => resolve()));
    const events: string[] = [];
    let expired!: () => void;
    const done = new Promise<void>((resolve) => {
      expired = resolve;
    });
    const queue = new TimeoutQueue<{ deadline: number }>(() => {
      events.push("expired");
      expired();
    });
    socket.on("message", () => events.push("reply"));
    queue.push({ deadline: performance.now() + 20 });
    // The "reply" reaches the socket at once; the thread is then held well past the deadline.
    socket.send(Buffer.from("reply"), socket.address().port, "127.0.0.1");
    hold(200);
    await done;
    expect(events).toEqual(["reply", "expired"]);
    queue.close();
  });

  it("expires entries in deadline order, each once, and none after close", async () => {
    const expiredAt: number[] = [];
    const queue = new TimeoutQueue<{ deadline: number; n: number }>((e) => expiredAt.push(e.n));
    const now = performance.now();
    queue.push({ deadline: now + 5, n: 1 });
    queue.push({ deadline: now + 10, n: 2 });
    queue.push({ deadline: now + 400, n: 3 });
    await new Promise((r) => setTimeout(r, 60));
    expect(expiredAt).toEqual([1, 2]);
    queue.close();
    await new Promise((r) => setTimeout(r, 450));
    expect(expiredAt).toEqual([1, 2]);
  });
});

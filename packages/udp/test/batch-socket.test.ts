import { spawnSync } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import { loadBatchUdp, openBatchSocket, UdpError } from "../src/index.js";
import { client, replies, send } from "./clients.js";
import { type Echo, openEcho } from "./echo.js";

const open: { close(): void }[] = [];
afterEach(() => {
  for (const s of open.splice(0)) s.close();
});
function track<T extends { close(): void }>(s: T): T {
  open.push(s);
  return s;
}

it("loads on this machine", () => {
  const load = loadBatchUdp();
  expect(load.ok ? "loaded" : load.reason).toBe("loaded");
});

describe("IPv4 wildcard socket", () => {
  it("hands over each query with its source and the local address it was sent to, and answers from that address", async () => {
    const echo: Echo = openEcho({ port: 0, batch: 8 });
    track(echo.socket);
    expect(echo.socket.port).toBeGreaterThan(0);
    const clients = [await client(4, "127.0.0.3"), await client(4, "127.0.0.4"), await client(4, "127.0.0.5")];
    for (const c of clients) track(c);
    const targets = ["127.0.0.1", "127.0.0.2", "127.0.0.53"];
    const waits = clients.map((c) => replies(c, targets.length * 4));
    for (let round = 0; round < 4; round++) {
      for (const [k, c] of clients.entries()) {
        for (const target of targets) await send(c, `${k}/${target}/${round}`, echo.socket.port, target);
      }
    }
    const got = await Promise.all(waits);
    expect(echo.seen).toHaveLength(36);
    for (const [k, c] of clients.entries()) {
      const mine = echo.seen.filter((s) => s.text.startsWith(`${k}/`));
      expect(mine).toHaveLength(12);
      for (const s of mine) {
        expect(s.source).toBe(`127.0.0.${k + 3}`);
        expect(s.sourcePort).toBe(c.address().port);
        expect(s.local).toBe(s.text.split("/")[1]);
        expect(s.family).toBe(4);
      }
      for (const r of got[k]!) {
        expect(r.data.startsWith(`re:${k}/`)).toBe(true);
        expect(r.from).toBe(r.data.split("/")[1]); // the answer left from the address asked
        expect(r.fromPort).toBe(echo.socket.port);
      }
    }
    expect(echo.batchSizes.reduce((a, b) => a + b, 0)).toBe(36);
    const stats = echo.socket.stats();
    expect(stats).toMatchObject({ received: 36, sent: 36, dropped: 0, sendErrors: 0, truncated: 0 });
  });

  it("takes what queued while the loop was busy as full batches", () => {
    const echo = openEcho({ address: "127.0.0.1", port: 0, batch: 16 });
    track(echo.socket);
    // spawnSync blocks this loop: all 20 datagrams wait in the socket when it resumes.
    const script = `const s=require("node:dgram").createSocket("udp4");let n=0;s.bind(0,"127.0.0.7",()=>{for(let i=0;i<20;i++)s.send("q"+i,${echo.socket.port},"127.0.0.1",()=>{if(++n===20){console.log(s.address().port);s.close();}});});`;
    const child = spawnSync(process.execPath, ["-e", script], { encoding: "utf8" });
    expect(child.status).toBe(0);
    return new Promise<void>((resolve) => {
      setTimeout(() => {
        expect(echo.batchSizes).toEqual([16, 4]);
        expect(echo.seen.map((s) => s.text)).toEqual(Array.from({ length: 20 }, (_, i) => `q${i}`));
        expect(new Set(echo.seen.map((s) => `${s.source}:${s.sourcePort}`))).toEqual(new Set([`127.0.0.7:${child.stdout.trim()}`]));
        resolve();
      }, 100);
    });
  });

  it("drops datagrams longer than bufferSize and counts them", async () => {
    const echo = openEcho({ address: "127.0.0.1", port: 0, bufferSize: 512 });
    track(echo.socket);
    const c = track(await client(4, "127.0.0.1"));
    const wait = replies(c, 1);
    await send(c, "x".repeat(513), echo.socket.port, "127.0.0.1");
    await send(c, "short", echo.socket.port, "127.0.0.1");
    expect((await wait)[0]!.data).toBe("re:short");
    expect(echo.socket.stats()).toMatchObject({ received: 1, truncated: 1 });
  });

  it("sendTo sends outside a batch, from the local address given", async () => {
    const s = track(openBatchSocket({ port: 0, onBatch() {} }));
    const c = track(await client(4, "127.0.0.1"));
    const wait = replies(c, 2);
    s.sendTo(new TextEncoder().encode("one"), c.address().port, "127.0.0.1", "127.0.0.9");
    s.sendTo(new TextEncoder().encode("two"), c.address().port, "127.0.0.1");
    const got = await wait;
    expect(got.map((r) => `${r.data}@${r.from}:${r.fromPort}`)).toEqual([`one@127.0.0.9:${s.port}`, `two@127.0.0.1:${s.port}`]);
  });
  it("a datagram the kernel refuses (broadcast without SO_BROADCAST: EACCES) is skipped and counted", async () => {
    const s = track(openBatchSocket({ port: 0, onBatch() {} }));
    const c = track(await client(4, "127.0.0.1"));
    const wait = replies(c, 1);
    s.sendTo(new Uint8Array([1]), 9, "255.255.255.255");
    s.sendTo(new TextEncoder().encode("after"), c.address().port, "127.0.0.1");
    expect((await wait)[0]!.data).toBe("after");
    expect(s.stats()).toMatchObject({ sent: 1, sendErrors: 1, queued: 0 });
  });
});

describe("IPv6 wildcard socket", () => {
  it("reports source, port and local address, and answers from ::1", async () => {
    const echo = openEcho({ family: 6, port: 0 });
    track(echo.socket);
    expect(echo.socket.address).toBe("::");
    const c = track(await client(6, "::1"));
    const wait = replies(c, 3);
    for (const text of ["a", "b", "c"]) await send(c, text, echo.socket.port, "::1");
    const got = await wait;
    expect(got.map((r) => r.data).sort()).toEqual(["re:a", "re:b", "re:c"]);
    for (const r of got) expect([r.from, r.fromPort]).toEqual(["::1", echo.socket.port]);
    for (const s of echo.seen) expect(s).toMatchObject({ source: "::1", sourcePort: c.address().port, local: "::1", family: 6 });
  });

  it("an IPv6 socket does not take IPv4 (V6ONLY): both bind the same port", async () => {
    const v6 = track(openEcho({ family: 6, port: 0 }).socket);
    const v4 = track(openEcho({ family: 4, port: v6.port }).socket);
    expect(v4.port).toBe(v6.port);
  });
});

describe("closing", () => {
  it("close inside onBatch stops delivery at once and frees the port", async () => {
    let calls = 0;
    const s = openBatchSocket({
      address: "127.0.0.1",
      port: 0,
      batch: 4,
      onBatch(batch) {
        calls++;
        for (let i = 0; i < batch.count; i++) batch.reply(i, new Uint8Array([1]));
        s.close();
      },
    });
    const c = track(await client(4, "127.0.0.1"));
    for (let i = 0; i < 50; i++) c.send("q", s.port, "127.0.0.1");
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(calls).toBe(1);
    expect(s.closed).toBe(true);
    expect(s.stats().sent).toBe(0); // answers of the batch that closed are not sent
    expect(() => s.sendTo(new Uint8Array([1]), 53, "127.0.0.1")).toThrow(expect.objectContaining({ code: "CLOSED" }));
    s.close(); // idempotent
    const again = track(openBatchSocket({ address: "127.0.0.1", port: s.port, onBatch() {} }));
    expect(again.port).toBe(s.port);
  });

  it("close while a client floods: no callback after close, the process keeps running", async () => {
    let calls = 0;
    let closedAt = -1;
    const s = openBatchSocket({
      address: "127.0.0.1",
      port: 0,
      batch: 8,
      onBatch(batch) {
        calls++;
        for (let i = 0; i < batch.count; i++) batch.reply(i, new Uint8Array(64));
      },
    });
    const c = track(await client(4, "127.0.0.1"));
    let sending = true;
    const flood = (): void => {
      if (!sending) return;
      for (let i = 0; i < 64; i++) c.send("q", s.port, "127.0.0.1");
      setImmediate(flood);
    };
    flood();
    await new Promise((resolve) => setTimeout(resolve, 100));
    s.close();
    closedAt = calls;
    await new Promise((resolve) => setTimeout(resolve, 100));
    sending = false;
    expect(calls).toBe(closedAt);
    expect(closedAt).toBeGreaterThan(0);
  });
});

describe("errors", () => {
  const noop = (): void => {};
  function codeOf(f: () => unknown): string {
    try {
      f();
    } catch (error) {
      expect(error).toBeInstanceOf(UdpError);
      return (error as UdpError).code;
    }
    return "no error";
  }

  it("bad addresses and options", () => {
    expect(codeOf(() => openBatchSocket({ address: "not-an-ip", port: 0, onBatch: noop }))).toBe("BAD_ADDRESS");
    expect(codeOf(() => openBatchSocket({ address: "::1", family: 4, port: 0, onBatch: noop }))).toBe("BAD_ADDRESS");
    expect(codeOf(() => openBatchSocket({ port: 70000, onBatch: noop }))).toBe("BAD_OPTION");
    expect(codeOf(() => openBatchSocket({ port: 0, batch: 0, onBatch: noop }))).toBe("BAD_OPTION");
    expect(codeOf(() => openBatchSocket({ port: 0, bufferSize: 100, onBatch: noop }))).toBe("BAD_OPTION");
  });

  it("an address not on this host", () => {
    expect(codeOf(() => openBatchSocket({ address: "192.0.2.1", port: 0, onBatch: noop }))).toBe("ADDRESS_NOT_AVAILABLE");
  });

  it("a port in use; SO_REUSEPORT on both lets them share it", () => {
    const first = track(openBatchSocket({ address: "127.0.0.1", port: 0, onBatch: noop }));
    const error = (() => {
      try {
        openBatchSocket({ address: "127.0.0.1", port: first.port, onBatch: noop });
      } catch (e) {
        return e as UdpError;
      }
    })();
    expect(error?.code).toBe("ADDRESS_IN_USE");
    expect(error?.message).toContain(`127.0.0.1:${first.port}`);
    const a = track(openBatchSocket({ address: "127.0.0.1", port: 0, reusePort: true, onBatch: noop }));
    const b = track(openBatchSocket({ address: "127.0.0.1", port: a.port, reusePort: true, onBatch: noop }));
    expect(b.port).toBe(a.port);
  });

  it("SO_REUSEPORT sockets share the queries of many clients between them", async () => {
    const a = openEcho({ address: "127.0.0.1", port: 0, reusePort: true });
    track(a.socket);
    const b = openEcho({ address: "127.0.0.1", port: a.socket.port, reusePort: true });
    track(b.socket);
    const clients = await Promise.all(Array.from({ length: 32 }, () => client(4, "127.0.0.1")));
    for (const c of clients) track(c);
    const waits = clients.map((c) => replies(c, 1));
    for (const c of clients) await send(c, "q", a.socket.port, "127.0.0.1");
    await Promise.all(waits);
    // The kernel hashes each client's 4-tuple to one socket: with 32 clients both get some
    // (all on one side has probability 2^-31).
    expect(a.seen.length + b.seen.length).toBe(32);
    expect(a.seen.length).toBeGreaterThan(0);
    expect(b.seen.length).toBeGreaterThan(0);
  });

  it("answers too large, too many, or to a message not in the batch", async () => {
    const codes: string[] = [];
    const s = track(
      openBatchSocket({
        address: "127.0.0.1",
        port: 0,
        batch: 2,
        bufferSize: 512,
        onBatch(batch) {
          codes.push(codeOf(() => batch.answer(0, 513)));
          codes.push(codeOf(() => batch.reply(0, new Uint8Array(600))));
          codes.push(codeOf(() => batch.answer(batch.count, 1)));
          batch.answer(0, 1);
          batch.answer(0, 1);
          codes.push(codeOf(() => batch.answer(0, 1)));
        },
      }),
    );
    expect(codeOf(() => s.batch.answer(0, 1))).toBe("NO_SUCH_MESSAGE"); // outside onBatch
    const c = track(await client(4, "127.0.0.1"));
    const wait = replies(c, 2);
    await send(c, "q", s.port, "127.0.0.1");
    expect((await wait).length).toBe(2); // the two answers that were accepted went out
    expect(codes).toEqual(["ANSWER_TOO_LARGE", "ANSWER_TOO_LARGE", "NO_SUCH_MESSAGE", "TOO_MANY_ANSWERS"]);
  });
});

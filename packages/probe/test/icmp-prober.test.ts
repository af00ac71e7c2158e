import { describe, expect, it } from "vitest";
import { IcmpProber, isLoss } from "../src/index.js";

const loopback = { name: "lo", sourceV4: "127.0.0.1" };

// Raw sockets need root or CAP_NET_RAW; CI and the project's machines run as root.
describe("IcmpProber on loopback (root)", () => {
  it("gets an echo reply from 127.0.0.1 with source 127.0.0.1", async () => {
    const prober = new IcmpProber({ timeoutMs: 1000 });
    try {
      const results = [];
      for (let i = 0; i < 5; i++) results.push(await prober.probe({ address: "127.0.0.1" }, loopback));
      for (const r of results) {
        expect(isLoss(r)).toBe(false);
        if (!isLoss(r)) expect(r.rttUs).toBeLessThan(20_000);
      }
    } finally {
      prober.close();
    }
  });

  it("a reply that arrived while the thread was held past the timeout is a reply, not a loss", async () => {
    const prober = new IcmpProber({ timeoutMs: 50 });
    try {
      const pending = prober.probe({ address: "127.0.0.1" }, loopback);
      // Held (a GC pause, a stalled box) long past the timeout; the echo reply is in the socket meanwhile.
      const until = performance.now() + 300;
      while (performance.now() < until) {
        /* busy */
      }
      const result = await pending;
      expect(isLoss(result), JSON.stringify(result)).toBe(false);
    } finally {
      prober.close();
    }
  });

  it("matches many concurrent probes on one socket, and ignores another prober's replies", async () => {
    const a = new IcmpProber({ identifier: 0x1111 });
    const b = new IcmpProber({ identifier: 0x2222 });
    try {
      const all = await Promise.all(
        Array.from({ length: 200 }, (_, i) => (i % 2 ? a : b).probe({ address: `127.0.0.${1 + (i % 3)}` }, loopback)),
      );
      expect(all.filter(isLoss)).toEqual([]);
      expect(a.inFlight + b.inFlight).toBe(0);
    } finally {
      a.close();
      b.close();
    }
  });

  it("gets ICMPv6 echo replies from ::1 (our own IPv6 header and checksum)", async () => {
    const prober = new IcmpProber({ timeoutMs: 1000 });
    try {
      for (let i = 0; i < 5; i++) {
        const r = await prober.probe({ address: "::1" }, { name: "lo", sourceV6: "::1", device: "lo" });
        expect(isLoss(r)).toBe(false);
      }
      // The reply's sender is matched in canonical text, whatever spelling the target was given in.
      expect(isLoss(await prober.probe({ address: "0:0:0:0:0:0:0:1" }, { name: "lo", sourceV6: "::1" }))).toBe(false);
    } finally {
      prober.close();
    }
  });

  it("refuses a source that is not local before sending", async () => {
    const prober = new IcmpProber();
    try {
      await expect(prober.probe({ address: "127.0.0.1" }, { name: "x", sourceV4: "203.0.113.9" })).rejects.toMatchObject({
        code: "SOURCE_NOT_LOCAL",
      });
      await expect(prober.probe({ address: "::1" }, { name: "x", sourceV6: "2001:db8::9" })).rejects.toMatchObject({
        code: "SOURCE_NOT_LOCAL",
      });
    } finally {
      prober.close();
    }
  });
});

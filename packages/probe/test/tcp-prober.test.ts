import { createServer, type Server } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isLoss, ProbeError, TcpProber } from "../src/index.js";

const loopback = { name: "lo", sourceV4: "127.0.0.1", sourceV6: "::1" };
let v4: Server;
let v6: Server;
let closedPort = 0;

function listen(host: string, port = 0): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer((s) => s.on("error", () => {}).destroy());
    server.once("error", reject);
    server.listen(port, host, () => resolve(server));
  });
}
const portOf = (s: Server) => (s.address() as { port: number }).port;

beforeAll(async () => {
  v4 = await listen("127.0.0.1");
  v6 = await listen("::1");
  // A port that was just bound and released is closed: the kernel answers its SYN with RST.
  const tmp = await listen("127.0.0.1");
  closedPort = portOf(tmp);
  await new Promise((r) => tmp.close(r));
});
afterAll(() => {
  v4.close();
  v6.close();
});

describe("TcpProber on loopback", () => {
  it("measures a small connect RTT over IPv4 and IPv6", async () => {
    const prober = new TcpProber({ timeoutMs: 1000 });
    const r4 = await prober.probe({ address: "127.0.0.1", port: portOf(v4) }, loopback);
    const r6 = await prober.probe({ address: "::1", port: portOf(v6) }, loopback);
    for (const r of [r4, r6]) {
      expect(isLoss(r)).toBe(false);
      if (!isLoss(r)) {
        expect(r.rttUs).toBeGreaterThan(0);
        expect(r.rttUs).toBeLessThan(50_000);
        expect(r.refused).toBeUndefined();
      }
    }
    expect(prober.inFlight).toBe(0);
  });

  it("counts a refused connection (RST) as a reply with an RTT", async () => {
    const prober = new TcpProber();
    const r = await prober.probe({ address: "127.0.0.1", port: closedPort }, loopback);
    expect(r).toMatchObject({ refused: true });
    if (!isLoss(r)) expect(r.rttUs).toBeLessThan(50_000);
  });

  it("uses the provider's source address, seen by the listener", async () => {
    const seen: string[] = [];
    const server = createServer((s) => {
      seen.push(s.remoteAddress ?? "");
      s.destroy();
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const prober = new TcpProber({ port: portOf(server) });
    await prober.probe({ address: "127.0.0.1" }, { name: "p", sourceV4: "127.0.0.1" });
    await new Promise((r) => setTimeout(r, 50));
    server.close();
    expect(seen).toEqual(["127.0.0.1"]);
  });

  it("refuses a non-local source and a missing family source before any packet", async () => {
    const prober = new TcpProber();
    await expect(prober.probe({ address: "127.0.0.1", port: portOf(v4) }, { name: "x", sourceV4: "192.0.2.77" })).rejects.toMatchObject({
      code: "SOURCE_NOT_LOCAL",
    });
    await expect(prober.probe({ address: "::1", port: portOf(v6) }, { name: "x", sourceV4: "127.0.0.1" })).rejects.toBeInstanceOf(
      ProbeError,
    );
    await expect(prober.probe({ address: "example.org" }, loopback)).rejects.toMatchObject({ code: "BAD_ADDRESS" });
  });

  it("resolves pending probes as lost when closed", async () => {
    const prober = new TcpProber({ timeoutMs: 5000 });
    const p = prober.probe({ address: "127.0.0.1", port: portOf(v4) }, loopback);
    prober.close();
    const r = await p;
    // Loopback may connect before close() runs; both outcomes are valid, a hang is not.
    expect(isLoss(r) ? r.reason : "reply").toMatch(/closed|reply/);
    await expect(prober.probe({ address: "127.0.0.1" }, loopback)).rejects.toMatchObject({ code: "CLOSED" });
  });
});

import { execFileSync } from "node:child_process";
import { createServer, type Server } from "node:net";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isLoss, TcpProber } from "../src/index.js";

// IPv6 half-open SYN probes: raw IPv6 TCP sockets with IPV6_HDRINCL (our header, our source),
// bound to the provider's device. Loopback (::1, device lo) for the protocol; a private namespace
// for the source: a link with two addresses, where only a header we wrote ourselves makes the
// reply come back to the provider's address (the kernel would pick one of the two).
const lo = { name: "lo", sourceV6: "::1", device: "lo" };
const listen = () =>
  new Promise<Server>((resolve) => {
    const s = createServer((c) => c.on("error", () => {}).destroy());
    s.listen(0, "::1", () => resolve(s));
  });
const portOf = (s: Server) => (s.address() as { port: number }).port;

describe("TcpProber SYN path over IPv6 (loopback)", () => {
  let server: Server;
  let closed = 0;
  beforeAll(async () => {
    server = await listen();
    const tmp = await listen();
    closed = portOf(tmp);
    await new Promise((r) => tmp.close(r));
  });
  afterAll(() => {
    server.close();
  });

  it("times SYN-ACKs and RSTs, matches 200 concurrent probes by ISN, and leaves no connection behind", async () => {
    let accepted = 0;
    server.on("connection", () => accepted++);
    const prober = new TcpProber({ syn: "required", timeoutMs: 2000, synPorts: { first: 63000, count: 64 } });
    try {
      expect(prober.synAvailable6).toBe(true);
      const all = await Promise.all(
        Array.from({ length: 200 }, (_, i) => prober.probe({ address: "::1", port: i % 2 ? portOf(server) : closed }, lo)),
      );
      expect(all.filter(isLoss)).toEqual([]);
      all.forEach((r, i) => expect(Boolean((r as { refused?: boolean }).refused)).toBe(i % 2 === 0));
      expect(prober.inFlight).toBe(0);
    } finally {
      prober.close();
    }
    await new Promise((r) => setTimeout(r, 50));
    expect(accepted).toBe(0);
    const ss = execFileSync("ss", ["-Htan", `sport = :${portOf(server)}`]).toString();
    expect(ss.split("\n").filter((l) => l && !l.startsWith("LISTEN"))).toEqual([]);
  });

  it("checks the IPv6 source before any packet", async () => {
    const prober = new TcpProber({ syn: "required" });
    try {
      await expect(prober.probe({ address: "::1", port: closed }, { ...lo, sourceV6: "2001:db8:77::1" })).rejects.toMatchObject({
        code: "SOURCE_NOT_LOCAL",
      });
    } finally {
      prober.close();
    }
  });
});

const ns = `dnst9-probe6-${process.pid}`;
const fixture = fileURLToPath(new URL("./fixtures/probe-once.ts", import.meta.url));
const ip = (...args: string[]) => execFileSync("ip", args, { stdio: "pipe" });
const inNs = (...args: string[]) => ip("netns", "exec", ns, ...args);

describe("IPv6 SYN probes in a private namespace: the source is the one we wrote", () => {
  beforeAll(() => {
    try {
      ip("netns", "del", ns);
    } catch {
      /* not there */
    }
    ip("netns", "add", ns);
    inNs("sysctl", "-q", "-w", "net.ipv6.conf.all.accept_dad=0", "net.ipv6.conf.default.accept_dad=0");
    inNs("ip", "link", "set", "lo", "up");
    inNs("ip", "link", "add", "name", "pa", "type", "veth", "peer", "name", "pb");
    // Two addresses on the provider's link; the provider's source is the second one.
    inNs("ip", "-6", "addr", "add", "2001:db8:7::1/64", "dev", "pa", "nodad");
    inNs("ip", "-6", "addr", "add", "2001:db8:7::5/64", "dev", "pa", "nodad");
    inNs("ip", "link", "set", "pa", "up");
    inNs("ip", "link", "set", "pb", "up");
  });
  afterAll(() => {
    try {
      ip("netns", "del", ns);
    } catch {
      /* already gone */
    }
  });

  it("a RST to the provider's own (second) address is matched; nothing answering is a timeout", () => {
    const src = { name: "p", sourceV6: "2001:db8:7::5", device: "pa" };
    const out = inNs(
      process.execPath,
      "--conditions=source",
      "--import",
      "tsx",
      fixture,
      JSON.stringify([
        { kind: "tcp", syn: "required", address: "2001:db8:7::1", port: 53, source: src, timeoutMs: 1000 },
        {
          kind: "tcp",
          syn: "required",
          address: "2001:db8:7::1",
          port: 53,
          source: { ...src, sourceV6: "2001:db8:7::1" },
          timeoutMs: 1000,
        },
        { kind: "tcp", syn: "required", address: "2001:db8:7::2", port: 53, source: src, timeoutMs: 300 },
      ]),
    );
    const [second, first, lost] = JSON.parse(out.toString()) as unknown[];
    expect(second).toMatchObject({ refused: true });
    expect(first).toMatchObject({ refused: true });
    expect(lost).toEqual({ lost: true, reason: "timeout" });
  });
});

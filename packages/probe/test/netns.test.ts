import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// A private namespace with a veth pair whose far end has no address: probes to 192.0.2.2
// (documentation range, inside our namespace only) are never answered, so timeouts are certain.
const ns = `dnsteer-probe-${process.pid}`;
const fixture = fileURLToPath(new URL("./fixtures/probe-once.ts", import.meta.url));
const ip = (...args: string[]) => execFileSync("ip", args, { stdio: "pipe" });
const inNs = (...args: string[]) => ip("netns", "exec", ns, ...args);

beforeAll(() => {
  try {
    ip("netns", "del", ns);
  } catch {
    /* not there: fine */
  }
  ip("netns", "add", ns);
  inNs("ip", "link", "set", "lo", "up");
  inNs("ip", "link", "add", "name", "pa", "type", "veth", "peer", "name", "pb");
  inNs("ip", "addr", "add", "192.0.2.1/24", "dev", "pa");
  inNs("ip", "link", "set", "pa", "up");
  inNs("ip", "link", "set", "pb", "up");
  // 203.0.113.0/24 is reachable only through table 7, which only sockets bound to `pa` reach
  // (`oif` rule): the shape of a multi-homed edge whose main table has no default route.
  inNs("ip", "route", "add", "203.0.113.0/24", "dev", "pa", "table", "7");
  inNs("ip", "rule", "add", "oif", "pa", "lookup", "7", "priority", "1100");
});
afterAll(() => {
  try {
    ip("netns", "del", ns);
  } catch {
    /* already gone */
  }
});

function probeInNs(jobs: object[]): unknown[] {
  const out = inNs(process.execPath, "--conditions=source", "--import", "tsx", fixture, JSON.stringify(jobs));
  return JSON.parse(out.toString()) as unknown[];
}

describe("probes inside a private network namespace", () => {
  it("times out (loss) when nothing answers, for ICMP and TCP; replies from a local address", () => {
    const src = { name: "p", sourceV4: "192.0.2.1" };
    const [icmpLost, tcpLost, icmpOk, tcpRefused] = probeInNs([
      { kind: "icmp", address: "192.0.2.2", source: src, timeoutMs: 300 },
      { kind: "tcp", address: "192.0.2.2", port: 53, source: src, timeoutMs: 300 },
      { kind: "icmp", address: "192.0.2.1", source: src, timeoutMs: 1000 },
      { kind: "tcp", address: "192.0.2.1", port: 53, source: src, timeoutMs: 1000 },
    ]);
    expect(icmpLost).toEqual({ lost: true, reason: "timeout" });
    expect(tcpLost).toEqual({ lost: true, reason: "timeout" });
    expect(icmpOk).toHaveProperty("rttUs");
    expect(tcpRefused).toMatchObject({ refused: true });
  });

  it("SYN probes (raw IPv4, device pa): timeout where nothing answers, RST from a closed local port, routed by the device", () => {
    const src = { name: "p", sourceV4: "192.0.2.1", device: "pa" };
    const [lost, refused, viaOif, noDevice] = probeInNs([
      { kind: "tcp", syn: "required", address: "192.0.2.2", port: 53, source: src, timeoutMs: 300 },
      { kind: "tcp", syn: "required", address: "192.0.2.1", port: 53, source: src, timeoutMs: 1000 },
      { kind: "tcp", syn: "required", address: "203.0.113.5", port: 53, source: src, timeoutMs: 300 },
      { kind: "tcp", syn: "required", address: "192.0.2.1", port: 53, source: { ...src, device: "nosuchdev" }, timeoutMs: 300 },
    ]);
    expect(lost).toEqual({ lost: true, reason: "timeout" });
    expect(refused).toMatchObject({ refused: true });
    expect(viaOif).toEqual({ lost: true, reason: "timeout" }); // sent out of pa by the oif rule; nobody answers
    expect(noDevice).toEqual({ error: "BAD_DEVICE" });
  });

  it("refuses a source that is local to the host but not to this namespace", () => {
    const [icmp, tcp] = probeInNs([
      { kind: "icmp", address: "192.0.2.1", source: { name: "p", sourceV4: "198.51.100.1" }, timeoutMs: 300 },
      { kind: "tcp", address: "192.0.2.1", source: { name: "p", sourceV4: "198.51.100.1" }, timeoutMs: 300 },
    ]);
    expect(icmp).toEqual({ error: "SOURCE_NOT_LOCAL" });
    expect(tcp).toEqual({ error: "SOURCE_NOT_LOCAL" });
  });

  it("routes ICMP by the socket's device (SO_BINDTODEVICE + oif rule), not by the header's source", () => {
    const src = { name: "p", sourceV4: "192.0.2.1" };
    const [unbound, bound, noDevice, badName] = probeInNs([
      { kind: "icmp", address: "203.0.113.5", source: src, timeoutMs: 300 },
      { kind: "icmp", address: "203.0.113.5", source: { ...src, device: "pa" }, timeoutMs: 300 },
      { kind: "icmp", address: "203.0.113.5", source: { ...src, device: "nosuchdev" }, timeoutMs: 300 },
      { kind: "icmp", address: "203.0.113.5", source: { ...src, device: "a/b" }, timeoutMs: 300 },
    ]);
    expect(unbound).toEqual({ lost: true, reason: "send-failed", error: "ENETUNREACH" }); // no route without the device
    expect(bound).toEqual({ lost: true, reason: "timeout" }); // sent out of pa; nobody answers there
    expect(noDevice).toEqual({ error: "BAD_DEVICE" });
    expect(badName).toEqual({ error: "BAD_DEVICE" });
  });

  it("still counts a source on a link without carrier as local: probes are lost, not refused", () => {
    inNs("ip", "link", "set", "pb", "down"); // pa loses carrier; os.networkInterfaces() then omits it
    try {
      const [icmp, tcp, syn] = probeInNs([
        { kind: "icmp", address: "192.0.2.2", source: { name: "p", sourceV4: "192.0.2.1", device: "pa" }, timeoutMs: 300 },
        { kind: "tcp", address: "192.0.2.2", source: { name: "p", sourceV4: "192.0.2.1" }, timeoutMs: 300 },
        { kind: "tcp", syn: "required", address: "192.0.2.2", source: { name: "p", sourceV4: "192.0.2.1", device: "pa" }, timeoutMs: 300 },
      ]);
      expect(icmp).toMatchObject({ lost: true });
      expect(tcp).toMatchObject({ lost: true });
      expect(syn).toMatchObject({ lost: true });
    } finally {
      inNs("ip", "link", "set", "pb", "up");
    }
  });
});

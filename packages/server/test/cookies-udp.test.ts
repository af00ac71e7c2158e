import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decodeMessage } from "@dnsteer/wire";
import { buildQuery, opt } from "@dnsteer/wire/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningKnot, startKnot } from "../../../fixtures/peers/knot.js";
import { DnsServer } from "../src/index.js";
import { frame, loopback, tcpExchange, udpExchange } from "./client.js";
import { TEST_ZONE, testZones } from "./zone-fixture.js";

/**
 * DNS Cookies over real UDP and TCP: the RFC 7873 cases with our own client, then two
 * independent parties: kdig (knot-dnsutils) as the client, and Knot (mod-cookies) holding the
 * same server secret, which must accept the cookies dnsteer makes, and dnsteer Knot's (RFC 9018
 * makes them interchangeable; that is its point, for anycast).
 */
const SECRET = "e5e973e5a6b2a43f48e7dc849e37bfcf";
const CLIENT = "2464c4abcf10c957";

let plain: DnsServer;
let strict: DnsServer;
let knot: RunningKnot;
const dir = mkdtempSync(join(tmpdir(), "dnsteer-cookie-knot-"));
const portOf = (s: DnsServer) => s.ports()[0]!.port;

beforeAll(async () => {
  plain = new DnsServer({
    listen: [{ address: "127.0.0.1", port: 0 }],
    loadZones: () => testZones(),
    settings: { cookies: { secrets: [SECRET] } },
  });
  strict = new DnsServer({
    listen: [{ address: "127.0.0.1", port: 0 }],
    loadZones: () => testZones(),
    settings: { cookies: { secrets: [SECRET], requireForUdp: true } },
  });
  await plain.start();
  await strict.start();
  const zone = join(dir, "example.test.zone");
  writeFileSync(zone, TEST_ZONE);
  knot = await startKnot({ zones: [{ origin: "example.test.", file: zone }], cookieSecret: SECRET });
}, 60_000);
afterAll(async () => {
  await plain?.stop();
  await strict?.stop();
  await knot?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Run a command to completion; its output (never rejects). */
function run(cmd: string, args: string[]): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve) => execFile(cmd, args, { timeout: 10_000 }, (_err, stdout, stderr) => resolve({ stdout, stderr })));
}

/** Ask `port` for www.example.test. A with this COOKIE option data (hex); the decoded reply. */
async function ask(port: number, cookie: string, transport: "udp" | "tcp" = "udp") {
  const q = buildQuery({ id: 7, name: "www.example.test.", tail: opt([[10, Buffer.from(cookie, "hex")]]) });
  const reply = transport === "udp" ? await udpExchange(port, q, 2000) : (await tcpExchange(loopback(port), [frame(q)], 1))[0]!;
  const m = decodeMessage(reply!);
  return {
    m,
    cookie: m.edns?.cookie ? Buffer.concat([m.edns.cookie.client, m.edns.cookie.server ?? new Uint8Array(0)]).toString("hex") : undefined,
  };
}

describe("cookies over UDP and TCP (RFC 7873)", () => {
  it("a client cookie gets our server cookie; sent back, it is valid and returned as it is", async () => {
    const first = await ask(portOf(plain), CLIENT);
    expect(first.m.rcode).toBe(0);
    expect(first.cookie).toMatch(new RegExp(`^${CLIENT}01000000[0-9a-f]{24}$`));
    const before = plain.cookieStats().valid;
    const again = await ask(portOf(plain), first.cookie!);
    expect(again.m.answer).toHaveLength(1);
    expect(again.cookie).toBe(first.cookie);
    expect(plain.cookieStats().valid).toBe(before + 1);
  });

  it("a server cookie that is not ours: answered all the same, with a fresh one (5.2.4)", async () => {
    const r = await ask(portOf(plain), `${CLIENT}0100000011111111aaaaaaaaaaaaaaaa`);
    expect([r.m.rcode, r.m.answer.length]).toEqual([0, 1]);
    expect(r.cookie!.slice(16, 24)).toBe("01000000");
    expect(r.cookie!.slice(16)).not.toBe("0100000011111111aaaaaaaaaaaaaaaa");
  });

  it("required over UDP: BADCOOKIE without a valid one, then the answer with it; TCP is answered at once", async () => {
    const bad = await ask(portOf(strict), CLIENT);
    expect([bad.m.rcode, bad.m.answer.length]).toEqual([23, 0]);
    const good = await ask(portOf(strict), bad.cookie!);
    expect([good.m.rcode, good.m.answer.length]).toEqual([0, 1]);
    const tcp = await ask(portOf(strict), CLIENT, "tcp");
    expect([tcp.m.rcode, tcp.m.answer.length]).toEqual([0, 1]);
  });
});

describe("cookies with independent parties", () => {
  it("kdig +cookie: the reply carries kdig's client cookie and a server cookie, no cookie error", async () => {
    const r = await run("kdig", ["@127.0.0.1", "-p", String(portOf(plain)), "+cookie", "www.example.test", "A"]);
    expect(r.stdout).toMatch(/;; COOKIE: [0-9A-F]{16}01000000[0-9A-F]{24}/);
    expect(r.stdout).toContain("status: NOERROR");
    expect(r.stdout + r.stderr).not.toMatch(/bad cookie|ERROR: /);
  });

  it("kdig against a server that requires cookies: BADCOOKIE, kdig retries with our cookie, and is answered", async () => {
    const r = await run("kdig", ["@127.0.0.1", "-p", String(portOf(strict)), "+cookie", "www.example.test", "A"]);
    expect(r.stdout + r.stderr).toMatch(/WARNING: bad cookie from 127\.0\.0\.1/);
    expect(r.stdout).toContain("status: NOERROR");
    expect(r.stdout).toMatch(/www\.example\.test\.\s+\d+\s+IN\s+A\s+192\.0\.2\.10/);
  });

  it("Knot with the same secret accepts dnsteer's cookie, and dnsteer Knot's (RFC 9018 interoperability)", async () => {
    const ours = await ask(portOf(plain), "1122334455667788");
    const atKnot = await ask(knot.port, ours.cookie!);
    expect([atKnot.m.rcode, atKnot.m.answer.length]).toEqual([0, 1]); // Knot answers BADCOOKIE to one it cannot verify
    const knots = (await ask(knot.port, "99aabbccddeeff00")).cookie!; // BADCOOKIE, with Knot's cookie
    const before = plain.cookieStats().valid;
    const atUs = await ask(portOf(plain), knots);
    expect(atUs.m.rcode).toBe(0);
    expect(plain.cookieStats().valid).toBe(before + 1);
    // And a secret Knot does not hold: Knot refuses our cookie.
    const other = new DnsServer({
      listen: [{ address: "127.0.0.1", port: 0 }],
      loadZones: () => testZones(),
      settings: { cookies: { secrets: ["445536bcd2513298075a5d379663c962"] } },
    });
    await other.start();
    try {
      const foreign = await ask(portOf(other), "1122334455667788");
      expect((await ask(knot.port, foreign.cookie!)).m.rcode).toBe(23);
    } finally {
      await other.stop();
    }
  });
});

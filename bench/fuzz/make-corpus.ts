/**
 * Regenerates the wire corpus in fixtures/fuzz/wire/: real queries as `dig` and `kdig` write
 * them (EDNS, cookies, ECS, NSID, padding, TCP, AXFR, NOTIFY-less opcodes) and real responses,
 * as Knot (Debian's knotd, serving fixtures/zones) answers them. A relay on loopback sits
 * between the client and Knot and records every message that passes, on UDP and TCP.
 *
 *   node --conditions=source --import tsx bench/fuzz/make-corpus.ts
 *
 * The files are committed; this is only needed to refresh them.
 */
import { execFile } from "node:child_process";
import dgram from "node:dgram";
import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import { join, resolve } from "node:path";
import { startKnot } from "../../fixtures/peers/knot.js";
import { CORPUS_DIR } from "./corpus.js";

const ZONES = resolve(import.meta.dirname, "../../fixtures/zones");
const WIRE = join(CORPUS_DIR, "wire");

/** What each client run asks: [label, tool, args]. `@relay` and the port are added. */
const RUNS: Array<[string, "dig" | "kdig", string[]]> = [
  ["a", "dig", ["www.example.test", "A"]],
  ["aaaa-norec", "dig", ["www.example.test", "AAAA", "+norec"]],
  ["mx-additional", "dig", ["example.test", "MX"]],
  ["soa-noedns", "dig", ["example.test", "SOA", "+noedns"]],
  ["ns-glue", "dig", ["child.example.test", "NS", "+norec"]],
  ["nxdomain", "dig", ["nope.example.test", "A"]],
  ["nodata", "dig", ["mail.example.test", "TXT"]],
  ["cname-chain", "dig", ["alias.example.test", "A"]],
  ["dname", "dig", ["www.legacy.example.test", "A"]],
  ["wildcard", "dig", ["x.wild.example.test", "TXT"]],
  ["https", "dig", ["www.example.test", "HTTPS"]],
  ["srv", "dig", ["_sip._udp.example.test", "SRV"]],
  ["caa", "dig", ["example.test", "CAA"]],
  ["any", "dig", ["example.test", "ANY"]],
  ["refused", "dig", ["www.example.org", "A"]],
  ["chaos", "dig", ["version.bind", "TXT", "CH"]],
  ["cookie", "dig", ["www.example.test", "A", "+cookie"]],
  ["ecs-v4", "dig", ["www.example.test", "A", "+subnet=198.51.100.0/24"]],
  ["ecs-v6", "dig", ["www.example.test", "AAAA", "+subnet=2001:db8:1::/56"]],
  ["nsid-dnssec", "dig", ["example.test", "SOA", "+nsid", "+dnssec"]],
  ["padding-bufsize", "dig", ["www.example.test", "A", "+padding=128", "+bufsize=1232"]],
  ["edns1", "dig", ["www.example.test", "A", "+edns=1", "+noednsneg"]],
  ["ednsopt-unknown", "dig", ["www.example.test", "A", "+ednsopt=65001:abcd"]],
  ["opcode-status", "dig", ["www.example.test", "A", "+opcode=status"]],
  ["tc-long-txt", "dig", ["long.example.test", "TXT", "+bufsize=512", "+ignore"]],
  ["tcp-a", "dig", ["www.example.test", "A", "+tcp"]],
  ["tcp-txt", "dig", ["example.test", "TXT", "+tcp", "+cookie"]],
  ["axfr", "dig", ["example.test", "AXFR"]],
  ["kdig-a", "kdig", ["www.example.test", "A"]],
  ["kdig-cookie-ecs", "kdig", ["www.example.test", "A", "+cookie", "+subnet=192.0.2.0/24"]],
  ["kdig-tcp-ns", "kdig", ["example.test", "NS", "+tcp"]],
  ["kdig-0x20", "kdig", ["WwW.ExAmPlE.TeSt", "A"]],
];

const knot = await startKnot({
  zones: [
    { origin: "example.test.", file: join(ZONES, "example.test.zone") },
    { origin: "other.test.", file: join(ZONES, "other.test.zone") },
  ],
  ecs: true,
  nsid: "fuzz-corpus",
  allowTransfer: true,
  cookieSecret: "000102030405060708090a0b0c0d0e0f",
});

rmSync(WIRE, { recursive: true, force: true });
mkdirSync(WIRE, { recursive: true });
let label = "start";
let n = 0;
const save = (kind: "query" | "response", bytes: Buffer) => {
  n++;
  writeFileSync(join(WIRE, `${label}.${String(n).padStart(2, "0")}.${kind}.bin`), bytes);
};

// UDP relay: each client datagram goes to Knot; Knot's answer goes back to the client.
const udp = dgram.createSocket("udp4");
const upstream = dgram.createSocket("udp4");
let lastClient: { address: string; port: number } | undefined;
udp.on("message", (msg, rinfo) => {
  save("query", msg);
  lastClient = rinfo;
  upstream.send(msg, knot.port, knot.address);
});
upstream.on("message", (msg) => {
  save("response", msg);
  if (lastClient) udp.send(msg, lastClient.port, lastClient.address);
});
await new Promise<void>((r) => udp.bind(0, "127.0.0.1", r));
await new Promise<void>((r) => upstream.bind(0, "127.0.0.1", r));
const port = udp.address().port;

// TCP relay on the same port: both directions pass through and every framed message is saved.
const tcp = net.createServer((client) => {
  const up = net.connect(knot.port, knot.address);
  const frames = (kind: "query" | "response") => {
    let buf = Buffer.alloc(0);
    return (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      while (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) {
        save(kind, buf.subarray(2, 2 + buf.readUInt16BE(0)));
        buf = buf.subarray(2 + buf.readUInt16BE(0));
      }
    };
  };
  const q = frames("query");
  const r = frames("response");
  client.on("data", (d) => {
    q(d);
    up.write(d);
  });
  up.on("data", (d) => {
    r(d);
    client.write(d);
  });
  client.on("end", () => up.end());
  up.on("end", () => client.end());
  client.on("error", () => up.destroy());
  up.on("error", () => client.destroy());
});
await new Promise<void>((r) => tcp.listen(port, "127.0.0.1", r));

for (const [name, tool, args] of RUNS) {
  label = name;
  n = 0;
  const portArg = tool === "dig" ? ["-p", String(port), "+tries=1", "+time=2"] : ["-p", String(port), "+retry=0", "+time=2"];
  await new Promise<void>((r) => execFile(tool, ["@127.0.0.1", ...portArg, ...args], () => r()));
  await new Promise((r) => setTimeout(r, 50));
}

udp.close();
upstream.close();
tcp.close();
await knot.stop();
const files = readdirSync(WIRE);
console.log(`${files.length} messages written to ${WIRE}`);

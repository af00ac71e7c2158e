import dgram from "node:dgram";
import { appendFileSync } from "node:fs";
import type { FlowAnalyzer } from "@dnsteer/flow";
import { buildQuery, opt } from "@dnsteer/wire/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ZONE_HIT, ZONE_MISS } from "../src/core/answer-template-cache.js";
import { DnsServer, type SteeredAnswerCounts, templateCacheCounts } from "../src/index.js";
import type { RcodeCounts } from "./child/rcode-counts.js";
import { header } from "./header.js";
import { ROUTES, route, UdpFixture } from "./udp-fixture.js";
import { testZones } from "./zone-fixture.js";

/**
 * Several responder workers on one port (SO_REUSEPORT batch sockets, one per thread): every
 * query answered right from whichever worker the kernel picked, more than one of them answering,
 * and reloads and decision maps reaching all of them.
 */
const fixture = new UdpFixture();
let server: DnsServer;
let port: number;
let decide: (routes: ReturnType<typeof route>[]) => void;
let flow: FlowAnalyzer;
let answers: SteeredAnswerCounts;
let rcodes: RcodeCounts;
const SOURCES = 200;

beforeAll(async () => {
  ({ server, port, decide, flow, answers, rcodes } = await fixture.server("batch", 3));
});
afterAll(() => fixture.close());

/** One query from each of `SOURCES` sockets (each its own source port); the answers, in order (null = none). */
async function fromManyPorts(query: Buffer): Promise<Array<Buffer | null>> {
  const sockets = Array.from({ length: SOURCES }, () => dgram.createSocket("udp4"));
  const answers = await Promise.all(
    sockets.map(
      (s, i) =>
        new Promise<Buffer | null>((resolve) => {
          const timer = setTimeout(() => resolve(null), 3000);
          s.on("message", (m) => {
            clearTimeout(timer);
            resolve(m);
          });
          const q = Buffer.from(query);
          q.writeUInt16BE(i, 0);
          s.send(q, port, "127.0.0.1");
        }),
    ),
  );
  for (const s of sockets) s.close();
  return answers;
}

const lastA = (m: Buffer) => [...m.subarray(m.length - 4)].join(".");
const lastAWithOpt = (m: Buffer) => {
  // the A record's RDATA ends 4 octets before the OPT record (11 + ECS option 4+7 octets)
  const end = m.length - (11 + 4 + 7);
  return [...m.subarray(end - 4, end)].join(".");
};

/** Asks from many ports until every answer passes `ok` (a message to workers takes a moment). */
async function untilAll(query: Buffer, ok: (m: Buffer) => boolean): Promise<Array<Buffer | null>> {
  for (let round = 0; ; round++) {
    const answers = await fromManyPorts(query);
    if (answers.every((m) => m !== null && ok(m)) || round >= 20) return answers;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("three workers on one port", () => {
  it("start chose the batch transport with three workers", () => {
    expect(server.udpChoice()).toMatchObject({ transport: "batch", workers: 3 });
  });

  it("every query from 200 source ports is answered, each right, and more than one worker answered", async () => {
    const before = await server.udpStats();
    const answers = await fromManyPorts(buildQuery({ name: "www.example.test." }));
    answers.forEach((m, i) => {
      expect(m, `query ${i} got no answer`).not.toBeNull();
      expect(header(m!)).toMatchObject({ id: i, rcode: 0, aa: true, ancount: 1 });
      expect(lastA(m!)).toBe("192.0.2.10");
    });
    const after = await server.udpStats();
    expect(after.map((w) => w.worker)).toEqual([0, 1, 2]);
    const answeredBy = after.map((w, i) => w.answered - before[i]!.answered);
    expect(answeredBy.reduce((a, b) => a + b, 0)).toBe(SOURCES);
    expect(answeredBy.filter((n) => n > 0).length).toBeGreaterThan(1);
  });

  it("the chain's counting handler runs in every worker: the main thread's counts sum them all", async () => {
    const noerror = () => rcodes.counts[0]!;
    // let the previous test's answers arrive, then count this test's
    const settled = async (at: number) => {
      for (let i = 0; i < 100 && noerror() < at; i++) await new Promise((r) => setTimeout(r, 100));
    };
    await settled(SOURCES);
    const before = noerror();
    await fromManyPorts(buildQuery({ name: "www.example.test." }));
    await fromManyPorts(buildQuery({ name: "nope.example.test." })); // NXDOMAIN
    await settled(before + SOURCES);
    expect(noerror() - before).toBe(SOURCES);
    for (let i = 0; i < 100 && rcodes.counts[3]! < SOURCES; i++) await new Promise((r) => setTimeout(r, 100));
    expect(rcodes.counts[3]).toBe(SOURCES);
  });

  it("every worker's answer template lookups are summed in the main thread's counts", async () => {
    const lookups = () => templateCacheCounts[ZONE_HIT]! + templateCacheCounts[ZONE_MISS]!;
    await new Promise((r) => setTimeout(r, 500)); // the previous tests' lookups arrive
    const before = lookups();
    await fromManyPorts(buildQuery({ name: "www.example.test." }));
    for (let i = 0; i < 100 && lookups() - before < SOURCES; i++) await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 500)); // and nothing more comes
    expect(lookups() - before).toBe(SOURCES);
  });

  it("steered answers are the same from every worker", async () => {
    const ecs = opt([[8, [0, 1, 24, 0, 10, 1, 2]]]);
    const answers = await fromManyPorts(buildQuery({ name: "app.example.test.", tail: ecs }));
    for (const m of answers) expect(lastAWithOpt(m!)).toBe("198.51.100.80");
  });

  it("every worker's sources of steered names reach the one flow analyzer (relayed to the main thread)", async () => {
    const counted = () => flow.select({ nowMs: Date.now() }).reduce((sum, s) => sum + s.queries, 0);
    await fromManyPorts(buildQuery({ name: "app.example.test." }));
    await fromManyPorts(buildQuery({ name: "www.example.test." })); // not steered: not counted
    // Every app.example.test query so far: the previous test's and this one's, whichever worker answered.
    const expected = 2 * SOURCES;
    for (let i = 0; i < 100 && counted() < expected; i++) await new Promise((r) => setTimeout(r, 100));
    expect(counted()).toBe(expected);
    // the previous test's queries carried ECS 10.1.2.0/24 (counted as that subnet), this one's none
    const sources = flow
      .select({ nowMs: Date.now() })
      .map((s) => ({ address: s.address, prefixLength: s.prefixLength, ecs: s.ecs, queries: s.queries }));
    expect(sources.sort((a, b) => a.address.localeCompare(b.address))).toEqual([
      { address: "10.1.2.0", prefixLength: 24, ecs: true, queries: SOURCES },
      { address: "127.0.0.1", prefixLength: 32, ecs: false, queries: SOURCES },
    ]);
  });

  it("every worker's steered answers are counted in the main thread's SteeredAnswerCounts", async () => {
    // the two tests before sent 2 x SOURCES queries for app.example.test A, all answered by p2
    // slots: 0 the zone's records, 1 p1, 2 p2 (SteeredAnswerCounts(["p1", "p2"]))
    const p2 = answers.names.indexOf("p2") + 1;
    for (let i = 0; i < 100 && answers.of(p2, true) < 2 * SOURCES; i++) await new Promise((r) => setTimeout(r, 100));
    expect(answers.of(p2, true)).toBe(2 * SOURCES);
    expect(answers.of(answers.names.indexOf("p1") + 1, true)).toBe(0);
  });

  it("a decision update reaches every worker", async () => {
    const query = buildQuery({ name: "app.example.test." }); // from 127.0.0.1: 127/8 decides
    expect((await fromManyPorts(query)).every((m) => m && lastA(m) === "198.51.100.80")).toBe(true);
    decide([route("127.0.0.0", 8, "p1"), ...ROUTES.slice(1)]);
    const answers = await untilAll(query, (m) => lastA(m) === "203.0.113.80");
    for (const m of answers) expect(m && lastA(m)).toBe("203.0.113.80");
  });

  it("a zone reload reaches every worker", async () => {
    fixture.writeZone("192.0.2.11");
    expect(await server.reload()).toEqual({ ok: true, zones: 1 });
    // The reload resolves once every worker has swapped: no waiting needed.
    const answers = await fromManyPorts(buildQuery({ name: "www.example.test." }));
    for (const m of answers) expect(m && lastA(m)).toBe("192.0.2.11");
  });

  it("stop closes every worker's socket: the port is free again", async () => {
    await server.stop();
    const s = dgram.createSocket("udp4");
    await new Promise<void>((resolve, reject) => {
      s.once("error", reject);
      s.bind(port, "127.0.0.1", () => resolve());
    });
    s.close();
  });
});

describe("a worker that cannot load the zone files", () => {
  it("is stopped and reported; the server starts and the other threads answer every query", async () => {
    const broken = new UdpFixture();
    const errors: string[] = [];
    // The main thread serves zones it was given; the files on disk no longer load (edited after).
    appendFileSync(broken.file, "broken  IN  A  not-an-address\n");
    const lonely = new DnsServer({
      listen: [{ address: "127.0.0.1", port: 0 }],
      zoneFiles: [{ file: broken.file, origin: "example.test." }],
      initialZones: testZones(),
      udp: { mode: "batch", workers: 3 },
      onError: (err) => errors.push(String(err)),
    });
    await lonely.start();
    try {
      expect(errors).toHaveLength(2);
      expect(errors[0]).toMatch(/UDP worker \d: .*not-an-address.*; answering without it/);
      expect((await lonely.udpStats()).map((w) => w.worker)).toEqual([0]);
      port = lonely.ports()[0]!.port;
      const answers = await fromManyPorts(buildQuery({ name: "www.example.test." }));
      for (const m of answers) expect(m && lastA(m)).toBe("192.0.2.10");
    } finally {
      await lonely.stop();
      await broken.close();
    }
  });
});

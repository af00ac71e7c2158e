// Differential test: the fixture zones served by Knot DNS and by dnsteer, the same queries to
// both in one run, answers compared (rcode, flags, question, sorted sections, OPT). Deliberate
// differences are named with their reason in differential/allow-list.ts.
import { fileURLToPath } from "node:url";
import { loadZoneFile, ZoneSet } from "@dnsteer/zone";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningKnot, startKnot } from "../../../fixtures/peers/knot.js";
import { DnsServer } from "../src/index.js";
import { deliberate } from "./differential/allow-list.js";
import type { Target } from "./differential/client.js";
import { ednsExtraQueries, outsideQueries, vary, zoneQueries } from "./differential/generate.js";
import { buildModel, transferZone, type ZoneModel } from "./differential/inventory.js";
import type { GeneratedQuery } from "./differential/query.js";
import { isMismatch, report } from "./differential/report.js";
import { type Outcome, runDifferential } from "./differential/run.js";

const zoneFile = (name: string) => fileURLToPath(new URL(`../../../fixtures/zones/${name}`, import.meta.url));
const ZONES = [
  { origin: "example.test.", file: zoneFile("example.test.zone") },
  { origin: "other.test.", file: zoneFile("other.test.zone") },
];

// On both UDP paths: the batch addon (asked twice: the second pass is answered from templates
// by its fast lane) and node:dgram, the fallback.
describe.each([
  ["batch", 2],
  ["dgram", 1],
] as const)("dnsteer answers like Knot DNS on the fixture zones (UDP: %s, %i passes)", (mode, passes) => {
  let knot: RunningKnot;
  let server: DnsServer;
  let models: ZoneModel[];
  let queries: GeneratedQuery[];
  let outcomes: Outcome[];

  beforeAll(async () => {
    knot = await startKnot({ zones: ZONES, allowTransfer: true, ecs: true });
    server = new DnsServer({
      listen: [{ address: "127.0.0.1", port: 0 }],
      loadZones: () => new ZoneSet(ZONES.map((z) => loadZoneFile(z.file, { origin: z.origin }))),
      udp: { mode },
    });
    await server.start();
    const knotTarget: Target = { label: "knot", address: knot.address, port: knot.port };
    const ours: Target = { label: "dnsteer", address: "127.0.0.1", port: server.ports()[0]!.port };
    models = await Promise.all(ZONES.map(async (z) => buildModel(z.origin, await transferZone(knotTarget, z.origin))));
    queries = [
      ...vary([...models.flatMap((m, i) => zoneQueries(m, i + 1)), ...outsideQueries(ZONES.map((z) => z.origin))]),
      ...ednsExtraQueries(ZONES[0]!.origin),
    ];
    outcomes = [];
    for (let pass = 0; pass < passes; pass++) outcomes.push(...(await runDifferential(queries, knotTarget, ours, deliberate, models)));
  });

  afterAll(async () => {
    await server?.stop();
    await knot?.stop();
  });

  it("generates at least 300 queries covering every category, over UDP and TCP, with and without EDNS", () => {
    expect(queries.length).toBeGreaterThanOrEqual(300);
    const categories = new Set(queries.map((q) => q.category));
    for (const c of [
      "apex",
      "exact",
      "missing-type",
      "case",
      "nxdomain",
      "ent",
      "wildcard",
      "delegation",
      "cname",
      "dname",
      "any",
      "out-of-zone",
      "class",
      "edns-extras",
    ]) {
      expect(categories, c).toContain(c);
    }
    expect(queries.some((q) => q.transport === "tcp")).toBe(true);
    expect(queries.some((q) => !q.edns)).toBe(true);
  });

  it("gives the same answers as Knot, except the deliberate differences", () => {
    // DIFF_VERBOSE=1 prints the summary and every accepted deliberate difference too.
    const text = report(outcomes, 15, !!process.env.DIFF_VERBOSE);
    if (process.env.DIFF_VERBOSE) console.log(text);
    expect(outcomes.filter(isMismatch).length, text).toBe(0);
  });

  it(`answered on the ${mode} path${mode === "batch" ? ", the second pass's simple queries from the fast lane" : ""}`, async () => {
    const [stats] = await server.udpStats();
    expect(server.udpChoice()?.transport).toBe(mode);
    if (mode === "batch") expect(stats!.fastLane, "answers written by the fast lane").toBeGreaterThan(100);
    else expect(stats!.fastLane).toBe(0);
  });
});

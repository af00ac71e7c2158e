import type { Server } from "node:http";
import { fileURLToPath } from "node:url";
import { FlowAnalyzer } from "@dnsteer/flow";
import { DnsServer } from "@dnsteer/server";
import { nameToKey, parseName } from "@dnsteer/wire";
import { loadZoneFile, ZoneSet } from "@dnsteer/zone";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listenMetrics, responderRegistry } from "../src/metrics/responder-metrics.js";
import { countedChain } from "../src/metrics/serve-metrics.js";
import { parsePrometheusText, sampleValue } from "./prom-text.js";
import { run } from "./run.js";

/**
 * The flow table's evictions on /metrics: a table of 16 sources, and queries for a steered
 * name from 40 client subnets (ECS) over real UDP. Every subnet past the 16th evicts one.
 */
const example = fileURLToPath(new URL("../../../fixtures/zones/example.test.zone", import.meta.url));
const MAX_SOURCES = 16;
const SUBNETS = 40;
let server: DnsServer;
let http: Server;
let analyzer: FlowAnalyzer;
let dnsPort = 0;
let url = "";

beforeAll(async () => {
  analyzer = new FlowAnalyzer({ maxSources: MAX_SOURCES, groups: 1, halfLifeMs: 300_000 });
  const groups = new Map([[nameToKey(parseName("www.example.test.")), 0]]);
  const { chain, counters } = countedChain({ flow: { analyzer, groups } });
  server = new DnsServer({ listen: [{ address: "127.0.0.1", port: 0 }], chain, loadZones: () => new ZoneSet([loadZoneFile(example)]) });
  await server.start();
  dnsPort = server.ports()[0]!.port;
  http = await listenMetrics(responderRegistry(counters, server), "127.0.0.1", 0);
  url = `http://127.0.0.1:${(http.address() as { port: number }).port}/metrics`;
});

afterAll(async () => {
  http.close();
  await server.stop();
});

const scrape = async () => parsePrometheusText(await (await fetch(url)).text());

describe("flow table evictions on /metrics", () => {
  it("counts one eviction for each new source once the table is full", async () => {
    const before = await scrape();
    expect(before.get("dnsteer_flow_evictions_total")?.type).toBe("counter");
    expect(before.get("dnsteer_flow_evictions_total")!.samples[0]!.value).toBe(0);
    for (let i = 0; i < SUBNETS; i++) {
      const r = await run("dig", [
        "@127.0.0.1",
        "-p",
        String(dnsPort),
        `+subnet=10.${i}.0.0/24`,
        "www.example.test",
        "A",
        "+time=2",
        "+tries=1",
      ]);
      expect(r.code).toBe(0);
    }
    const after = await scrape();
    expect(sampleValue(after, "dnsteer_flow_sources", { of: "held" })).toBe(MAX_SOURCES);
    expect(after.get("dnsteer_flow_evictions_total")!.samples[0]!.value).toBe(SUBNETS - MAX_SOURCES);
    expect(analyzer.table.stats.evictions).toBe(SUBNETS - MAX_SOURCES);
    expect(after.get("dnsteer_flow_relocations_total")?.type).toBe("counter");
    expect(after.get("dnsteer_flow_rehashes_total")?.type).toBe("counter");
  }, 60_000);
});

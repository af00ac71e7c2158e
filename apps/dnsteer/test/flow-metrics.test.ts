import { mkdtempSync, rmSync } from "node:fs";
import type { Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { steeringSchema } from "@dnsteer/config";
import { DnsServer } from "@dnsteer/server";
import { Store } from "@dnsteer/storage";
import { loadZoneFile, ZoneSet } from "@dnsteer/zone";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFlowService, type FlowSetup, startFlowThread } from "../src/flow.js";
import { listenMetrics, responderRegistry } from "../src/metrics/responder-metrics.js";
import { queryCounters } from "../src/metrics/serve-metrics.js";
import { parsePrometheusText, sampleValue } from "./prom-text.js";
import { run } from "./run.js";

/**
 * The flow table's evictions on /metrics: a table of 16 sources, and queries for a steered
 * name from 40 client subnets (ECS) over real UDP. Every subnet past the 16th evicts one. The
 * table lives in serve's flow thread (a real thread and a real SQLite file, as in serve); the
 * answering thread only relays counts, and /metrics shows the figures the thread sends back.
 */
const example = fileURLToPath(new URL("../../../fixtures/zones/example.test.zone", import.meta.url));
const MAX_SOURCES = 16;
const SUBNETS = 40;
let server: DnsServer;
let http: Server;
let flow: FlowSetup;
let stopFlow: () => Promise<void>;
let dnsPort = 0;
let url = "";
const dir = mkdtempSync(join(tmpdir(), "dnsteer-flow-metrics-"));
const dbPath = join(dir, "dnsteer.sqlite");

beforeAll(async () => {
  const zones = new ZoneSet([loadZoneFile(example)]);
  const steering = steeringSchema.parse({
    names: [{ name: "www.example.test." }],
    flow: { maxSources: MAX_SOURCES, flushIntervalMs: 200 },
  });
  Store.open(dbPath).close();
  flow = createFlowService(steering, zones);
  stopFlow = startFlowThread({
    flow,
    dbPath,
    steering,
    onError: (err) => {
      throw err;
    },
    onCrash: (err) => {
      throw err;
    },
  });
  const services = { flow: flow.service };
  const counters = queryCounters(services);
  counters.flow = flow.figures;
  server = new DnsServer({ listen: [{ address: "127.0.0.1", port: 0 }], services, tally: counters, loadZones: () => zones });
  await server.start();
  dnsPort = server.ports()[0]!.port;
  http = await listenMetrics(responderRegistry(counters, server), "127.0.0.1", 0);
  url = `http://127.0.0.1:${(http.address() as { port: number }).port}/metrics`;
});

afterAll(async () => {
  http.close();
  await server.stop();
  await stopFlow();
  rmSync(dir, { recursive: true, force: true });
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
    // The counts reach the thread within the relay's 200 ms, its figures come back after its next flush.
    let after = await scrape();
    for (let i = 0; i < 100 && after.get("dnsteer_flow_evictions_total")!.samples[0]!.value < SUBNETS - MAX_SOURCES; i++) {
      await new Promise((r) => setTimeout(r, 100));
      after = await scrape();
    }
    expect(sampleValue(after, "dnsteer_flow_sources", { of: "held" })).toBe(MAX_SOURCES);
    expect(after.get("dnsteer_flow_evictions_total")!.samples[0]!.value).toBe(SUBNETS - MAX_SOURCES);
    expect(after.get("dnsteer_flow_relocations_total")?.type).toBe("counter");
    expect(after.get("dnsteer_flow_rehashes_total")?.type).toBe("counter");
  }, 60_000);

  it("the flow thread writes the ranked sources to the store", async () => {
    const store = Store.open(dbPath, { readonly: true });
    try {
      const last = `10.${SUBNETS - 1}.0.0`;
      let sources = store.listSources();
      for (let i = 0; i < 50 && !sources.some((s) => s.address === last); i++) {
        await new Promise((r) => setTimeout(r, 100));
        sources = store.listSources();
      }
      // Rows stay when the table evicts a source: every subnet that was held at a flush is there.
      expect(sources.length).toBeGreaterThanOrEqual(MAX_SOURCES);
      expect(sources.every((s) => /^10\.\d+\.0\.0$/.test(s.address) && s.prefixLength === 24 && s.ecs)).toBe(true);
      expect(sources.find((s) => s.address === last)?.groupCounts).toEqual({ "www.example.test.": 1 });
    } finally {
      store.close();
    }
  });
});

import type { Server } from "node:http";
import { fileURLToPath } from "node:url";
import { DnsServer } from "@dnsteer/server";
import { loadZoneFile, ZoneSet } from "@dnsteer/zone";
import { Counter, Gauge, Histogram, Registry } from "prom-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listenMetrics, responderRegistry } from "../src/metrics/responder-metrics.js";
import { queryCounters } from "../src/metrics/serve-metrics.js";
import { parsePrometheusText, sampleValue } from "./prom-text.js";
import { run } from "./run.js";

const example = fileURLToPath(new URL("../../../fixtures/zones/example.test.zone", import.meta.url));

describe("parsePrometheusText (the test's parser) on prom-client's own output", () => {
  it("reads counters, gauges with labels and histograms; refuses a stray line", async () => {
    const r = new Registry();
    new Counter({ name: "c_total", help: "a counter", labelNames: ["a"], registers: [r] }).inc({ a: 'x"y' }, 3);
    new Gauge({ name: "g", help: "a gauge", registers: [r] }).set(-1.5);
    new Histogram({ name: "h", help: "a histogram", buckets: [1, 2], registers: [r] }).observe(1.5);
    const text = await r.metrics();
    const f = parsePrometheusText(text);
    expect(sampleValue(f, "c_total", { a: 'x"y' })).toBe(3);
    expect(sampleValue(f, "g", {})).toBe(-1.5);
    expect(f.get("h")!.samples.find((s) => s.name === "h_bucket" && s.labels.le === "+Inf")!.value).toBe(1);
    expect(() => parsePrometheusText(`${text}{bad\n`)).toThrow(/not a sample/);
    expect(() => parsePrometheusText(`${text}g abc\n`)).toThrow(/bad value/);
  });
});

describe("responder /metrics over real sockets", () => {
  let server: DnsServer;
  let http: Server;
  let dnsPort = 0;
  let url = "";

  beforeAll(async () => {
    const counters = queryCounters({});
    server = new DnsServer({
      listen: [{ address: "127.0.0.1", port: 0 }],
      tally: counters,
      loadZones: () => new ZoneSet([loadZoneFile(example)]),
    });
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
  const dig = (...args: string[]) => run("dig", ["@127.0.0.1", "-p", String(dnsPort), ...args, "+time=2", "+tries=1"]);

  it("counts real queries by transport, family, qtype and rcode", async () => {
    const before = await scrape();
    const key = { transport: "udp", family: "4", qtype: "A", rcode: "NOERROR" };
    await dig("www.example.test", "A");
    await dig("www.example.test", "A");
    await dig("nope.example.test", "AAAA");
    await dig("www.example.test", "TXT", "+tcp");
    await dig("www.example.test", "TYPE65280");
    const after = await scrape();
    const resp = "dnsteer_dns_responses_total";
    expect(after.get(resp)!.type).toBe("counter");
    expect(sampleValue(after, resp, key) - sampleValue(before, resp, key)).toBe(2);
    expect(sampleValue(after, resp, { transport: "udp", qtype: "AAAA", rcode: "NXDOMAIN" })).toBe(1);
    expect(sampleValue(after, resp, { transport: "tcp", qtype: "TXT", rcode: "NOERROR" })).toBe(1);
    expect(sampleValue(after, resp, { qtype: "other" })).toBe(1);
  });

  it("reports the served zones' serials, TCP connections and process metrics", async () => {
    const m = await scrape();
    expect(sampleValue(m, "dnsteer_dns_zone_serial", { zone: "example.test." })).toBe(2024010101);
    expect(m.has("dnsteer_dns_tcp_connections")).toBe(true);
    expect(sampleValue(m, "dnsteer_dns_template_cache_entries", {})).toBeGreaterThan(0);
    expect(sampleValue(m, "dnsteer_responder_process_cpu_seconds_total", {})).toBeGreaterThan(0);
  });

  it("answers 404 elsewhere", async () => {
    expect((await fetch(url.replace("/metrics", "/other"))).status).toBe(404);
  });
});

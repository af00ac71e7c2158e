import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildApi, createApiKey, LocalZones } from "@dnsteer/api";
import type { AnswerHistoryPage } from "@dnsteer/api-contract";
import { loadConfig } from "@dnsteer/config";
import { AnswerCountRepo, Store } from "@dnsteer/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PromFamily, parsePrometheusText, sampleValue } from "./prom-text.js";
import { BIN, freePort, run, serveOnFreePort, stop } from "./run.js";

/**
 * The metrics of steering, with the real commands on loopback: `dnsteer serve` counts each
 * steered answer per provider (dig from resolvers the decisions send to different providers,
 * then /metrics), adds them to the store's per-minute rows, and `dnsteer worker` reports RTT
 * histograms, decision switches by cause and its store's commit times.
 */
const dir = mkdtempSync(join(tmpdir(), "dnsteer-steering-metrics-"));
const config = join(dir, "dnsteer.json");
let serve: ChildProcess | undefined;
let worker: ChildProcess | undefined;
let port = 0;
let metricsPort = 0;

beforeAll(async () => {
  metricsPort = await freePort(); // the worker's /metrics is one above
  ({ child: serve, port } = await serveOnFreePort((p) => {
    writeFileSync(
      config,
      JSON.stringify({
        listen: [{ address: "127.0.0.1", port: p }],
        dataDir: dir,
        metrics: { listen: { address: "127.0.0.1", port: metricsPort } },
        // One UDP thread: queries the extra SO_REUSEPORT threads answer (server.workers "auto")
        // are not counted yet (they build their own chain without the counters).
        server: { workers: 1 },
        providers: [
          { name: "isp-a", sourceV4: "127.0.0.1", serviceA: ["203.0.113.80"], serviceAAAA: ["2001:db8::a"] },
          { name: "isp-b", sourceV4: "127.0.0.1", serviceA: ["198.51.100.80"] },
        ],
        steering: {
          names: [{ name: "www.example.test." }],
          defaultProvider: "isp-a",
          flow: { flushIntervalMs: 100 },
          refreshIntervalMs: 100,
        },
        measure: {
          scope: { allow: ["127.0.0.0/8"] },
          schedule: { kinds: ["tcp"], minIntervalMs: 100 },
          probe: { tcpPort: 9, statsEveryMs: 500 },
        },
        policy: { evaluateIntervalMs: 300, minSamples: 2 },
      }),
    );
    return ["--config", config];
  }));
  putDecision("127.0.0.9/32", "isp-b");
  // The refresh thread picks the decision up within a few polls (longer on a loaded box).
  for (let i = 0; i < 300 && (await dig("127.0.0.9", "A")) !== "198.51.100.80"; i++) await sleep(100);
}, 60_000);

afterAll(async () => {
  await stop(worker);
  await stop(serve);
});

const dig = async (from: string, qtype: string) =>
  (
    await run("dig", ["@127.0.0.1", "-p", String(port), "-b", from, "www.example.test", qtype, "+short", "+time=2", "+tries=1"])
  ).stdout.trim();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const scrape = async (at: number) => parsePrometheusText(await (await fetch(`http://127.0.0.1:${at}/metrics`)).text());

function putDecision(source: string, provider: string): void {
  const store = Store.open(join(dir, "dnsteer.sqlite"));
  try {
    store.putDecisions(
      [
        {
          source,
          provider,
          level: "source",
          prefixLength: 32,
          demandMbps: 0,
          reason: { mode: "latency", cause: "first", from: null, providers: [] },
          state: { provider, since: 0, challenger: null, challengerCount: 0 },
        },
      ],
      Date.now(),
    );
  } finally {
    store.close();
  }
}

const ANSWERS = "dnsteer_steered_answers_total";
const LOOKUPS = "dnsteer_answer_template_lookups_total";

/** A histogram's _count for the labels (0 when absent). */
function histogramCount(families: Map<string, PromFamily>, family: string, match: Record<string, string>): number {
  const s = families
    .get(family)
    ?.samples.find((x) => x.name === `${family}_count` && Object.entries(match).every(([k, v]) => x.labels[k] === v));
  return s?.value ?? 0;
}

describe("responder: steered answers per provider", () => {
  it("moves each provider's counter by exactly the queries answered with it", async () => {
    const before = await scrape(metricsPort);
    expect(before.get(ANSWERS)?.type).toBe("counter");
    const sent: Array<[from: string, qtype: string, expected: string]> = [
      ["127.0.0.2", "A", "203.0.113.80"], // no decision: the default provider, isp-a
      ["127.0.0.2", "A", "203.0.113.80"],
      ["127.0.0.2", "A", "203.0.113.80"],
      ["127.0.0.2", "AAAA", "2001:db8::a"],
      ["127.0.0.2", "AAAA", "2001:db8::a"],
      ["127.0.0.9", "A", "198.51.100.80"], // decided: isp-b
      ["127.0.0.9", "A", "198.51.100.80"],
      ["127.0.0.9", "A", "198.51.100.80"],
      ["127.0.0.9", "A", "198.51.100.80"],
      ["127.0.0.9", "AAAA", "2001:db8::80"], // isp-b has no IPv6 address: the zone's own AAAA
    ];
    for (const [from, qtype, expected] of sent) expect(await dig(from, qtype)).toBe(expected);
    await dig("127.0.0.2", "TXT"); // not an address query: not a steered answer
    const after = await scrape(metricsPort);
    const delta = (provider: string, qtype: string) =>
      sampleValue(after, ANSWERS, { provider, qtype }) - sampleValue(before, ANSWERS, { provider, qtype });
    expect(delta("isp-a", "A")).toBe(3);
    expect(delta("isp-a", "AAAA")).toBe(2);
    expect(delta("isp-b", "A")).toBe(4);
    expect(delta("isp-b", "AAAA")).toBe(0);
    expect(delta("(zone)", "AAAA")).toBe(1);
    expect(delta("(zone)", "A")).toBe(0);
    // Templates: the nine provider answers are steered templates; the zone's AAAA and the TXT zone templates.
    const lookups = (cache: string) =>
      ["hit", "miss"].reduce(
        (n, result) => n + sampleValue(after, LOOKUPS, { cache, result }) - sampleValue(before, LOOKUPS, { cache, result }),
        0,
      );
    expect(lookups("steered")).toBe(9);
    expect(lookups("zone")).toBe(2);
    expect(sampleValue(after, LOOKUPS, { cache: "steered", result: "hit" })).toBeGreaterThan(
      sampleValue(before, LOOKUPS, { cache: "steered", result: "hit" }),
    );
    // Eleven UDP queries, all on the one UDP thread.
    const udp = (thread: string) =>
      sampleValue(after, "dnsteer_udp_packets_total", { thread, result: "answered" }) -
      sampleValue(before, "dnsteer_udp_packets_total", { thread, result: "answered" });
    expect(udp("0")).toBe(11);
    expect(after.get("dnsteer_udp_packets_total")!.samples.some((x) => x.labels.thread === "1")).toBe(false);
    // The flow table holds the two resolvers and has evicted nothing.
    expect(sampleValue(after, "dnsteer_flow_sources", { of: "held" })).toBe(2);
    expect(after.get("dnsteer_flow_evictions_total")?.samples[0]?.value).toBe(0);
  });
});

describe("worker: RTT histograms, switches by cause, store commits", () => {
  it("reports them after probing the resolvers on loopback", async () => {
    await dig("127.0.0.3", "A"); // a resolver without a decision: the worker's first for it is a switch of cause "first"
    worker = spawn(BIN, ["worker", "--config", config], { stdio: ["ignore", "ignore", "pipe"] });
    let log = "";
    worker.stderr!.on("data", (d) => (log = (log + d).slice(-4000)));
    let m = new Map<string, PromFamily>();
    const ready = () =>
      histogramCount(m, "dnsteer_probe_rtt_seconds", { provider: "isp-a", kind: "tcp" }) > 0 &&
      histogramCount(m, "dnsteer_probe_rtt_seconds", { provider: "isp-b", kind: "tcp" }) > 0 &&
      histogramCount(m, "dnsteer_store_commit_seconds", {}) > 0 &&
      sampleValue(m, "dnsteer_decision_switches_total", { cause: "first" }) > 0;
    for (let i = 0; i < 900 && !ready(); i++) {
      await sleep(100);
      m = await scrape(metricsPort + 1).catch(() => m); // the listener opens once the worker has started
    }
    expect(m.get("dnsteer_probe_rtt_seconds")?.type, log).toBe("histogram");
    expect(histogramCount(m, "dnsteer_probe_rtt_seconds", { provider: "isp-a", kind: "tcp" })).toBeGreaterThan(0);
    expect(histogramCount(m, "dnsteer_probe_rtt_seconds", { provider: "isp-b", kind: "tcp" })).toBeGreaterThan(0);
    expect(histogramCount(m, "dnsteer_store_commit_seconds", {})).toBeGreaterThan(0);
    // 127.0.0.3 had no decision: its first one is a switch of cause "first".
    expect(sampleValue(m, "dnsteer_decision_switches_total", { cause: "first" })).toBeGreaterThan(0);
    expect(sampleValue(m, "dnsteer_provider_healthy", { provider: "isp-a" })).toBe(1);
    expect(sampleValue(m, "dnsteer_store_last_commit_timestamp_seconds", {})).toBeGreaterThan(Date.now() / 1000 - 60);
    expect(m.get("dnsteer_store_write_failures_total")?.type).toBe("counter");
  }, 150_000);
});

describe("responder: answers per provider into the store, and out through the API", () => {
  let last = new Map<string, PromFamily>();

  it("stores, by the time serve stops, exactly the answers its counters hold", async () => {
    await stop(worker);
    last = await scrape(metricsPort);
    await stop(serve); // the last flush runs on SIGTERM
    const store = Store.open(join(dir, "dnsteer.sqlite"), { readonly: true });
    const rows = new AnswerCountRepo(store.db).perMinute({ since: 0 });
    store.close();
    const stored = (provider: string, key: "a" | "aaaa") => rows.filter((r) => r.provider === provider).reduce((n, r) => n + r[key], 0);
    for (const provider of ["isp-a", "isp-b"]) {
      expect(stored(provider, "a")).toBe(sampleValue(last, ANSWERS, { provider, qtype: "A" }));
      expect(stored(provider, "aaaa")).toBe(sampleValue(last, ANSWERS, { provider, qtype: "AAAA" }));
    }
    expect(stored("isp-a", "a")).toBeGreaterThanOrEqual(3);
    expect(rows.every((r) => r.minute % 60_000 === 0)).toBe(true);
    expect(rows.some((r) => r.provider === "(zone)")).toBe(false);
  }, 30_000);

  it("GET /v1/answers answers the same counts per provider", async () => {
    const cfg = loadConfig(config);
    const store = Store.open(join(dir, "dnsteer.sqlite"));
    const clock = { now: () => Date.now() };
    const app = buildApi({ store, zones: new LocalZones(cfg.zones, clock), config: cfg, clock });
    try {
      const token = createApiKey(store, "viewer", "read", Date.now()).token;
      const res = await app.inject({
        method: "GET",
        url: `/v1/answers?since=${Date.now() - 3_600_000}`,
        headers: { authorization: `Bearer ${token}` },
      });
      expect(res.statusCode).toBe(200);
      const body = res.json() as AnswerHistoryPage;
      for (const provider of ["isp-a", "isp-b"]) {
        const total = body.totals.find((t) => t.provider === provider) ?? { a: 0, aaaa: 0 };
        expect(total.a).toBe(sampleValue(last, ANSWERS, { provider, qtype: "A" }));
        expect(total.aaaa).toBe(sampleValue(last, ANSWERS, { provider, qtype: "AAAA" }));
      }
      expect(body.minutes.length).toBeGreaterThan(0);
    } finally {
      await app.close();
      store.close();
    }
  });
});

import { type ChildProcess, execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { locateConfig } from "@dnsteer/config";
import { explain } from "@dnsteer/control";
import { Store } from "@dnsteer/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN, run, serveOnFreePort, stop, waitForLog } from "./run.js";
import { decision } from "./store-fixtures.js";

/**
 * `explain` against the live server: decisions in SQLite, a real `dnsteer serve`, real UDP
 * queries (dig) from several sources and client subnets, for A and AAAA. explain must name the
 * provider the server answered with, the addresses it answered (or that the zone's own records
 * answered), and the ECS scope of the reply.
 */
const dir = mkdtempSync(join(tmpdir(), "dnsteer-explain-"));
const config = join(dir, "dnsteer.json");
const providers = [
  { name: "isp-a", serviceA: ["203.0.113.80"], serviceAAAA: ["2001:db8:a::80"] },
  { name: "isp-b", serviceA: ["198.51.100.80"] }, // no IPv6 service address: AAAA comes from the zone
  { name: "isp-c", serviceA: ["198.18.0.80", "198.18.0.81"], serviceAAAA: ["2001:db8:c::80"] },
];
/** The zone's own www records (fixtures/zones/example.test.zone). */
const ZONE = { A: ["192.0.2.80"], AAAA: ["2001:db8::80"] };
let child: ChildProcess;
let port: number;

beforeAll(async () => {
  const store = Store.open(join(dir, "dnsteer.sqlite"));
  // "gone" was a provider once: its decision stays in the table, but serve does not know it.
  store.syncProviders(
    [...providers, { name: "gone", serviceA: ["192.0.2.99"] }].map((p) => ({
      serviceAAAA: [],
      sourceV4: null,
      sourceV6: null,
      pricePerMbps: 0,
      commitMbps: 0,
      priceAboveCommit: 0,
      capacityMbps: null,
      ...p,
    })),
  );
  store.putDecisions(
    [
      decision("127.0.0.2/32", "isp-b"),
      decision("127.0.0.0/24", "isp-c"),
      decision("198.51.100.0/24", "isp-b"),
      decision("198.51.100.128/25", "isp-c"),
      decision("2001:db8::/32", "isp-c"),
      decision("203.0.113.0/24", "gone"),
    ],
    Date.now(),
  );
  store.close();
  ({ child, port } = await serveOnFreePort((port) => {
    writeFileSync(
      config,
      JSON.stringify({
        listen: [{ address: "127.0.0.1", port }],
        dataDir: ".",
        providers,
        steering: { names: [{ name: "www.example.test." }], defaultProvider: "isp-a", ttl: 20, refreshIntervalMs: 50 },
      }),
    );
    return ["--config", config];
  }));
  await waitForLog(child, '"msg":"decisions refreshed"', 10_000).catch(() => {}); // may have been logged before we listened
});
afterAll(() => stop(child));

interface Answered {
  addresses: string[];
  ttl: number | undefined;
  scope: number | null;
}

async function dig(from: string, qtype: "A" | "AAAA", ecs?: string): Promise<Answered> {
  const args = [
    "@127.0.0.1",
    "-p",
    String(port),
    "-b",
    from,
    "www.example.test",
    qtype,
    "+noall",
    "+answer",
    "+comments",
    "+tries=1",
    "+time=3",
  ];
  if (ecs) args.push(`+subnet=${ecs}`);
  const { stdout } = await run("dig", args);
  const records = [...stdout.matchAll(/^www\.example\.test\.\s+(\d+)\s+IN\s+(A|AAAA)\s+(\S+)$/gm)].filter((m) => m[2] === qtype);
  const scope = /CLIENT-SUBNET: \S+\/\d+\/(\d+)/.exec(stdout);
  return {
    addresses: records.map((m) => m[3]!).sort(),
    ttl: records[0] ? Number(records[0][1]) : undefined,
    scope: scope ? Number(scope[1]) : null,
  };
}

const sources: Array<[string, string, string | undefined]> = [
  ["a resolver with its own decision", "127.0.0.2", undefined],
  ["a resolver under a /24 decision", "127.0.0.3", undefined],
  ["a resolver without a decision (the default)", "127.0.1.1", undefined],
  ["an ECS /24 subnet", "127.0.0.1", "198.51.100.0/24"],
  ["an ECS subnet under a longer decision", "127.0.0.1", "198.51.100.200/32"],
  ["an IPv6 ECS subnet", "127.0.0.1", "2001:db8:1::/48"],
  ["an ECS subnet whose decision names a provider serve does not know", "127.0.0.2", "203.0.113.0/24"],
  ["ECS /0 (no subnet: the resolver decides)", "127.0.0.2", "0.0.0.0/0"],
];

describe("explain and the live server agree", () => {
  it.each(sources)("%s", async (_label, from, ecs) => {
    const store = Store.open(join(dir, "dnsteer.sqlite"), { readonly: true });
    const e = explain(store, locateConfig(config).config, { address: from, clientSubnet: ecs });
    store.close();
    for (const qtype of ["A", "AAAA"] as const) {
      const answered = await dig(from, qtype, ecs);
      const steered = qtype === "A" ? e.answer.a : e.answer.aaaa;
      const expected = steered.length > 0 ? { addresses: [...steered].sort(), ttl: 20 } : { addresses: ZONE[qtype], ttl: 300 };
      expect({ qtype, addresses: answered.addresses, ttl: answered.ttl }).toEqual({ qtype, ...expected });
      // The provider explain names is the one whose addresses came back (isp-b has no AAAA: the zone's).
      const named = providers.find((p) => p.name === e.provider)!;
      expect(qtype === "A" ? named.serviceA : (named.serviceAAAA ?? [])).toEqual(steered);
      if (ecs && !ecs.endsWith("/0")) expect(answered.scope).toBe(e.scope);
    }
  });
});

describe("dnsteer explain (the command)", () => {
  const explainIn = (cwd: string, args: string[], env: Record<string, string> = {}) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(
        BIN,
        ["explain", ...args],
        { cwd, env: { ...process.env, DNSTEER_CONFIG: "", ...env }, timeout: 30_000 },
        (err, stdout, stderr) => {
          resolve({ code: err ? (typeof err.code === "number" ? err.code : 1) : 0, stdout, stderr });
        },
      );
    });
  const elsewhere = mkdtempSync(join(tmpdir(), "dnsteer-elsewhere-"));

  it("finds the config through $DNSTEER_CONFIG from any folder, and says which it used", async () => {
    const r = await explainIn(elsewhere, ["192.0.2.1", "--json"], { DNSTEER_CONFIG: config });
    expect(r.stderr).toBe(`config: ${config}\n`);
    expect(JSON.parse(r.stdout)).toMatchObject({
      provider: "isp-a",
      basis: "default",
      answer: { a: ["203.0.113.80"], aaaa: ["2001:db8:a::80"] },
    });
  });

  it("finds ./dnsteer.json in the folder it runs in; its data folder is relative to that file", async () => {
    const r = await explainIn(dir, ["127.0.0.1", "--ecs", "198.51.100.0/24"]);
    expect(r.stderr).toBe(`config: ${config}\n`);
    expect(r.stdout).toContain("source 198.51.100.0/24 (ECS scope /24)");
    expect(r.stdout).toContain("provider isp-b: decision for 198.51.100.0/24");
    expect(r.stdout).toContain("AAAA (the zone's own records)");
  });

  it.each([
    ["a bad address", 2, ["not-an-ip"], /^dnsteer( explain)?: not an IP address: "not-an-ip"$/m],
    ["a bad subnet", 2, ["192.0.2.1", "--ecs", "192.0.2.0/40"], /^dnsteer( explain)?: bad prefix length in "192\.0\.2\.0\/40"/m],
    ["a missing config file", 2, ["192.0.2.1", "--config", "nope.json"], /^dnsteer( explain)?: .*nope\.json: (ENOENT|no such file)/m],
  ] as const)("%s: one line, exit %i, no stack trace", async (_label, code, args, line) => {
    const r = await explainIn(dir, [...args]);
    expect(r.code).toBe(code);
    expect(r.stderr).toMatch(line);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("no database: one line naming where it looked, exit 1", async () => {
    const empty = join(elsewhere, "empty");
    mkdirSync(empty, { recursive: true });
    writeFileSync(join(empty, "dnsteer.json"), JSON.stringify({ dataDir: "state" }));
    const r = await explainIn(empty, ["192.0.2.1"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `config: ${join(empty, "dnsteer.json")}\ndnsteer explain: no database at ${join(empty, "state", "dnsteer.sqlite")} (serve or worker with this config creates it)\n`,
    );
  });
});

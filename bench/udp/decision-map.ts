/**
 * The decision map at 1M prefixes (issue 13), in-process:
 *   - build: `new DecisionMap` from routes in memory (trie insert + the DIR-16 table);
 *   - the refresh thread's whole rebuild from a real SQLite store (`readDecisionMap`: read every
 *     route, build, `toTransfer`), when --db is given;
 *   - the answering thread's part of a swap (`fromTransfer`: adopt the arrays, rebuild DIR-16);
 *   - lookup cost per query: `lookupText` (the resolver's address as Node gives it) and
 *     `lookupBytes` (an ECS subnet), ns per lookup over 1M addresses, v4 and v6 mixed;
 *   - memory: trie nodes, bytes of the arrays, heap and RSS growth.
 *
 * Usage: decision-map.ts [--prefixes N] [--db PATH]   the figures (seeds PATH, a dnsteer store, when given)
 *        decision-map.ts --seed PATH [--prefixes N]   only seed PATH (a running `dnsteer serve`'s store)
 *        decision-map.ts --churn PATH --port P [--rebuilds K]   K times: change the decision of 127.1.0.0
 *                                                     in a running server's store PATH (even changes add a
 *                                                     prefix: a full rebuild of its map; odd ones change its
 *                                                     provider: a patch) and ask www.example.test A from
 *                                                     127.1.0.1 until the answer follows: prints write ->
 *                                                     answered from the new map
 * The routes: the bench's own sources 127.0.K.0/24 (K = 1..16; odd K on p1, even on p2, the PowerDNS
 * LUA record's rule), then 40 % IPv4 /24, 30 % IPv4 /32, 20 % IPv6 /48, 10 % IPv6 /128 (seeded).
 */
import { createSocket } from "node:dgram";
import { DecisionMap, readDecisionMap } from "@dnsteer/steering";
import { Store } from "@dnsteer/storage";
import { seededRandom } from "../../fixtures/random.js";

// @dnsteer/model's types, as the store's API names them (bench does not depend on model itself).
type Decision = Parameters<Store["putDecisions"]>[0][number];
type DecisionRoute = ReturnType<Store["listDecisionRoutes"]>[number];

const providers = ["p1", "p2"];
/** p1 and p2's answer addresses in the bench's config, as the last 4 bytes of the answer. */
const answerAddress: Record<string, string> = { p1: "203.0.113.80", p2: "198.51.100.80" };

function option(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i < 0 ? undefined : process.argv[i + 1];
}

function routes(count: number): DecisionRoute[] {
  const rand = seededRandom(13);
  const byte = () => Math.floor(rand() * 256);
  const hex = () => Math.floor(rand() * 65536).toString(16);
  const out: DecisionRoute[] = [];
  const seen = new Set<string>();
  for (let k = 1; k <= 16; k++) out.push({ prefix: `127.0.${k}.0`, prefixLength: 24, provider: providers[(k + 1) % 2]! });
  while (out.length < count) {
    const r = rand();
    let prefix: string;
    let prefixLength: number;
    if (r < 0.4) [prefix, prefixLength] = [`${1 + (byte() % 223)}.${byte()}.${byte()}.0`, 24];
    else if (r < 0.7) [prefix, prefixLength] = [`${1 + (byte() % 223)}.${byte()}.${byte()}.${byte()}`, 32];
    else if (r < 0.9) [prefix, prefixLength] = [`2001:db8:${hex()}::`, 48];
    else [prefix, prefixLength] = [`2a00:${hex()}:${hex()}:${hex()}::${hex()}`, 128];
    if (prefix.startsWith("127.")) continue;
    const key = `${prefix}/${prefixLength}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ prefix, prefixLength, provider: providers[out.length % 2]! });
  }
  return out;
}

function asDecision(r: DecisionRoute): Decision {
  return {
    source: `${r.prefix}/${r.prefixLength}`,
    provider: r.provider,
    level: "source",
    prefixLength: r.prefixLength,
    demandMbps: 0,
    reason: { mode: "latency", cause: "first", from: null, providers: [] },
    state: { provider: r.provider, since: 0, challenger: null, challengerCount: 0 },
  };
}

/** A running `serve` has synced its config's providers (p1, p2) into its store; a fresh file gets them here. */
function openStore(path: string): Store {
  const store = Store.open(path);
  if (store.listProviders().length === 0) {
    const settings = {
      sourceV4: null,
      sourceV6: null,
      serviceA: [],
      serviceAAAA: [],
      pricePerMbps: 0,
      commitMbps: 0,
      priceAboveCommit: 0,
      capacityMbps: null,
    };
    store.syncProviders(providers.map((name) => ({ name, ...settings })));
  }
  return store;
}

function seed(path: string, list: readonly DecisionRoute[]): number {
  const store = openStore(path);
  const start = performance.now();
  // One decision per provider through the store's API (checked, encoded); every other row copies
  // its provider's reason column with one INSERT ... SELECT, so 1M rows take seconds, not minutes.
  store.putDecisions(
    providers.map((p, i) => asDecision({ prefix: `192.0.2.${i}`, prefixLength: 32, provider: p })),
    Date.now(),
  );
  const copy = store.db.prepare(`INSERT INTO decisions (prefix, prefix_length, provider, reason, decided_at)
    SELECT ?, ?, provider, reason, decided_at FROM decisions WHERE prefix = ? AND prefix_length = 32
    ON CONFLICT (prefix, prefix_length) DO UPDATE SET provider = excluded.provider, reason = excluded.reason`);
  store.db.transaction(() => {
    for (const r of list) copy.run(r.prefix, r.prefixLength, `192.0.2.${providers.indexOf(r.provider)}`);
  })();
  store.close();
  return performance.now() - start;
}

const ms = (t: number) => `${t.toFixed(0)} ms`;
const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`;

/** Wall and CPU time of `fn`: on a busy box the CPU time is what a quiet box's wall time would be. */
type Span = { wall: number; cpu: number };
function time(fn: () => void): Span {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  fn();
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { wall, cpu: (cpu.user + cpu.system) / 1000 };
}
const span = (s: Span) => `${s.wall.toFixed(0)} ms wall, ${s.cpu.toFixed(0)} ms CPU`;

function figures(list: DecisionRoute[], dbPath: string | undefined): void {
  const rss0 = process.memoryUsage().rss;
  global.gc?.();
  const heap0 = process.memoryUsage().heapUsed;
  let map = DecisionMap.from(providers, []);
  const build = time(() => {
    map = DecisionMap.from(providers, list);
  });
  const { nodes, bytes: arrayBytes } = map.memory;
  let copy = map.toTransfer();
  const toTransfer = time(() => {
    copy = map.toTransfer();
  });
  let swapped = map;
  const fromTransfer = time(() => {
    swapped = DecisionMap.fromTransfer(copy);
  });
  // What the refresh thread does when only a provider changed (the store's route change log).
  const flipped = list[list.length >> 1]!;
  const patch = time(() => {
    const next = map.withChanges([{ ...flipped, provider: providers.find((p) => p !== flipped.provider)! }]);
    if (!next) throw new Error("withChanges refused a provider change of a prefix in the map");
  });

  // 1M query addresses: half inside routed space (v4 /24s and /32s, v6), half random.
  const rand = seededRandom(7);
  const texts: string[] = [];
  const families: (4 | 6)[] = [];
  for (let i = 0; i < 1 << 20; i++) {
    const r = list[Math.floor(rand() * list.length)]!;
    const v6 = r.prefix.includes(":");
    if (i % 2 === 0)
      texts.push(v6 ? r.prefix.replace(/::.*$/, `::${(i & 0xffff).toString(16)}`) : r.prefix.replace(/\.\d+$/, `.${i & 255}`));
    else texts.push(v6 ? `2001:db8:${(i & 0xffff).toString(16)}::1` : `${i & 223}.${(i >> 8) & 255}.${(i >> 4) & 255}.${i & 255}`);
    families.push(v6 ? 6 : 4);
  }
  const bytes = new Uint8Array(16 * texts.length);
  for (let i = 0; i < texts.length; i++) {
    if (families[i] === 4) bytes.set(texts[i]!.split(".").map(Number), i * 16);
    else bytes.set([0x20, 0x01, 0x0d, 0xb8, (i >> 8) & 255, i & 255], i * 16);
  }
  let hits = 0;
  const textNs: Span[] = [];
  const bytesNs: Span[] = [];
  const perLookup = (s: Span): Span => ({ wall: (s.wall * 1e6) / texts.length, cpu: (s.cpu * 1e6) / texts.length });
  for (let round = 0; round < 5; round++) {
    textNs.push(
      perLookup(
        time(() => {
          for (let i = 0; i < texts.length; i++) if (swapped.lookupText(texts[i]!, families[i]!) >= 0) hits++;
        }),
      ),
    );
    bytesNs.push(
      perLookup(
        time(() => {
          for (let i = 0; i < texts.length; i++)
            if (swapped.lookupBytes(families[i]!, bytes, i * 16, families[i] === 4 ? 24 : 56) >= 0) hits++;
        }),
      ),
    );
  }
  const median = (a: Span[]) => [...a].sort((x, y) => x.cpu - y.cpu)[a.length >> 1]!;
  const ns = (s: Span) => `${s.wall.toFixed(0)} ns wall, ${s.cpu.toFixed(0)} ns CPU`;
  global.gc?.();
  const heap1 = process.memoryUsage().heapUsed;
  const rss1 = process.memoryUsage().rss;

  console.log(`decision map, ${map.size.toLocaleString("en")} prefixes (v4 /24 + /32, v6 /48 + /128), in-process:`);
  console.log(`  build (trie + DIR-16), routes in memory:    ${span(build)}`);
  if (dbPath !== undefined) {
    const seeded = Store.open(dbPath);
    const have = seeded.db.prepare("SELECT count(*) AS n FROM decisions").get() as { n: number };
    seeded.close();
    const seedMs = have.n >= list.length ? 0 : seed(dbPath, list);
    const store = Store.open(dbPath, { readonly: true });
    let fromStore = map;
    const rebuild = time(() => {
      fromStore = store.db.transaction(() => readDecisionMap(store, providers))();
    });
    store.close();
    console.log(
      `  refresh thread's rebuild from SQLite:       ${span(rebuild)} (read ${fromStore.size.toLocaleString("en")} routes in one transaction, build, compile into shared memory; target <= 2000 ms, off the answering thread; ${seedMs ? `seeding took ${ms(seedMs)}` : "store seeded before"})`,
    );
  }
  console.log(
    `  patch: one decision's provider changed:    ${span(patch)} (withChanges: the node and DIR-16 arrays copied, one value set; what the refresh thread does when the route change log holds only new providers)`,
  );
  console.log(`  toTransfer (what is posted to each thread): ${span(toTransfer)} (SharedArrayBuffers: shared, not copied)`);
  console.log(
    `  fromTransfer (the answering thread's swap): ${span(fromTransfer)} (adopt the shared arrays: nothing rebuilt; target: no pause)`,
  );
  console.log(
    `  lookup, resolver address as text: ${ns(median(textNs))} (median of 5 x ${texts.length.toLocaleString("en")}; target <= 1000 ns)`,
  );
  console.log(`  lookup, ECS subnet bytes:         ${ns(median(bytesNs))}`);
  console.log(
    `  memory: ${nodes.toLocaleString("en")} trie nodes, shared arrays ${mb(arrayBytes)} per map, one copy for every thread (x2 while a swap is in flight); heap +${mb(heap1 - heap0)}, RSS +${mb(rss1 - rss0)} (routes and query addresses included)`,
  );
  if (hits === 0) console.log("  (no lookup matched: the bench is broken)");
}

async function churn(path: string, port: number, rebuilds: number): Promise<void> {
  const store = openStore(path);
  const socket = createSocket("udp4");
  await new Promise<void>((resolve) => socket.bind(0, "127.1.0.1", resolve));
  let last = "";
  socket.on("message", (m) => {
    last = m.length >= 4 ? [...m.subarray(m.length - 4)].join(".") : "";
  });
  // www.example.test A, no EDNS: the answer's one A record ends the message.
  const query = Buffer.from("12340100000100000000000003777777076578616d706c65047465737400000100 01".replace(/ /g, ""), "hex");
  const delays: number[] = [];
  for (let i = 0; i < rebuilds; i++) {
    // 127.1.0.0 starts unmapped (default p2). Even changes add a prefix for it on p1 (after deleting
    // the one before: /24, then /25, ...): a new trie shape, so every route is read and the map
    // rebuilt; odd ones move that prefix to p2: the last map is patched.
    const provider = providers[i % 2]!;
    const prefixLength = 24 + (i >> 1);
    const start = Date.now();
    store.db.transaction(() => {
      if (i % 2 === 0 && i > 0) store.deleteDecision("127.1.0.0", prefixLength - 1);
      store.putDecisions([asDecision({ prefix: "127.1.0.0", prefixLength, provider })], start);
    })();
    while (last !== answerAddress[provider]) {
      if (Date.now() - start > 600_000) throw new Error(`no answer from ${provider} 600 s after the write`);
      socket.send(query, port, "127.0.0.1");
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    delays.push(Date.now() - start);
    // The first write adds the prefix (a new trie shape: every route read); later ones change its provider (patched).
    console.log(
      `change ${i + 1} (${i % 2 === 0 ? `127.1.0.0/${prefixLength} added: every route read` : "its provider changed: last map patched"}): decision written -> answered from the new map after ${delays.at(-1)} ms`,
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  socket.close();
  store.close();
  const mean = delays.reduce((a, b) => a + b, 0) / delays.length;
  console.log(
    `changes: ${rebuilds}, write -> answers from the new map: mean ${mean.toFixed(0)} ms, worst ${Math.max(...delays)} ms (poll 250 ms + read every route and build, or patch the last map + swap; target <= 2000 ms)`,
  );
}

// Last, so every const above is initialised before it runs.
const churnPath = option("--churn");
if (churnPath !== undefined) {
  await churn(churnPath, Number(option("--port")), Number(option("--rebuilds") ?? 3));
} else {
  const count = Number(option("--prefixes") ?? 1_000_000);
  const seedPath = option("--seed");
  const list = routes(count);
  if (seedPath !== undefined) {
    console.log(`seeded ${list.length} decisions in ${ms(seed(seedPath, list))}`);
  } else {
    figures(list, option("--db"));
  }
}

import { loadTree, PROVIDERS } from "./tree.js";

/**
 * `first-load.ts TREE DB`: start TREE's admin API on the seeded store DB (as `dnsteer api`
 * would after a restart) and time, from the moment it listens:
 * - the first answer of GET /v1/matrix (first page by demand) and the first one with every row
 *   ranked (an older tree has no `status`: its first answer is the whole table);
 * - GET /v1/provider-health, first and second call;
 * - the longest wait of GET /health (polled every 100 ms from the start): how long the API's
 *   event loop was blocked, i.e. how long every other page of the dashboard froze;
 * - the process's CPU time until the matrix was ranked (the poller's share included: it runs
 *   here too, and is answered only when the loop is free).
 * Prints one JSON line.
 */
const [root, file] = [process.argv[2]!, process.argv[3]!];
const { api, storage, config: cfg } = await loadTree(root);
const config = cfg.configSchema.parse({ ...cfg.defaultConfig(), providers: PROVIDERS });
const store = storage.Store.open(file);
const clock = { now: () => Date.now() };
const app = api.buildApi({ store, zones: new api.LocalZones(config.zones, clock), config, clock });
const url: string = await app.listen({ host: "127.0.0.1", port: 0 });
const key: string = api.createApiKey(store, "bench", "read", Date.now()).token;
const headers = { authorization: `Bearer ${key}` };

let longestHealthMs = 0;
let polling = true;
const healthLoop = (async () => {
  while (polling) {
    const t = performance.now();
    // A blocked server lets its idle keep-alive sockets time out: a reused one may be closed; ask again.
    for (let tries = 0; ; tries++) {
      try {
        await fetch(`${url}/health`).then((r) => r.arrayBuffer());
        break;
      } catch (error) {
        if (tries >= 3) throw error;
      }
    }
    longestHealthMs = Math.max(longestHealthMs, performance.now() - t);
    await new Promise((r) => setTimeout(r, 100));
  }
})();

const timed = async (path: string) => {
  const t = performance.now();
  const res = await fetch(`${url}${path}`, { headers });
  const body = await res.json();
  if (!res.ok) throw new Error(`${path}: ${res.status} ${JSON.stringify(body)}`);
  return { ms: performance.now() - t, body };
};

const start = performance.now();
const cpuStart = process.cpuUsage();
const first = await timed("/v1/matrix?limit=50");
const firstMatrixMs = first.ms;
let page = first.body;
while (page.status !== undefined && page.status !== "ready") {
  await new Promise((r) => setTimeout(r, 50));
  page = (await timed("/v1/matrix?limit=50")).body;
}
const matrixReadyMs = performance.now() - start;
const cpu = process.cpuUsage(cpuStart);
const matrixCpuMs = (cpu.user + cpu.system) / 1000;
const health1 = await timed("/v1/provider-health");
const health2 = await timed("/v1/provider-health");
const regret = await timed("/v1/matrix?limit=50&sort=regret&offset=5000");
polling = false;
await healthLoop;
console.log(
  JSON.stringify({
    firstMatrixMs,
    firstMatrixRows: first.body.items.length,
    matrixReadyMs,
    matrixCpuMs,
    total: page.total,
    providerHealthMs: health1.ms,
    providerHealthAgainMs: health2.ms,
    pageMs: regret.ms,
    longestHealthMs,
    decisions: health1.body.providers.map((p: { decisions: number }) => p.decisions),
  }),
);
await app.close();
store.close();

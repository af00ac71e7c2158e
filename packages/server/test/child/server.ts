import { DnsServer, type ServerSettingsInput } from "../../src/index.js";
import { testZones } from "../zone-fixture.js";

/**
 * A DnsServer in a process of its own, for tests that measure the server apart from the test
 * (memory, pauses) or signal it. Settings come as JSON in DNSTEER_TEST_SETTINGS; with
 * DNSTEER_TEST_ZONE_FILE (and _ORIGIN) it serves that file, loaded off-thread, else the test
 * zone. It reports `ready` over IPC, answers `stats` with its RSS (after a GC) and TCP counters,
 * and `reload` with the outcome, its duration and the longest event-loop stall during it.
 */
export type ChildMessage =
  | { type: "ready"; port: number }
  | { type: "stats"; rss: number; tcp: ReturnType<DnsServer["tcpStats"]> }
  | { type: "reloaded"; ok: boolean; error?: string; reloadMs: number; maxStallMs: number };

const settings = JSON.parse(process.env.DNSTEER_TEST_SETTINGS ?? "{}") as ServerSettingsInput;
const zoneFile = process.env.DNSTEER_TEST_ZONE_FILE;
const server = new DnsServer({
  listen: [{ address: "127.0.0.1", port: 0 }],
  ...(zoneFile ? { zoneFiles: [{ file: zoneFile, origin: process.env.DNSTEER_TEST_ZONE_ORIGIN }] } : { loadZones: () => testZones() }),
  settings,
});
await server.start();
const send = (m: ChildMessage) => process.send!(m);
/** The longest gap between ticks of a 5 ms timer: how long the event loop answered nothing. */
let lastTick = performance.now();
let maxStallMs = 0;
setInterval(() => {
  const now = performance.now();
  maxStallMs = Math.max(maxStallMs, now - lastTick - 5);
  lastTick = now;
}, 5).unref();
process.on("message", (m: { type: string }) => {
  if (m.type === "stats") {
    (globalThis as { gc?: () => void }).gc?.();
    send({ type: "stats", rss: process.memoryUsage().rss, tcp: server.tcpStats() });
  } else if (m.type === "reload") {
    maxStallMs = 0;
    const started = performance.now();
    void server.reload().then((outcome) => {
      const reloadMs = performance.now() - started;
      // One more tick, so a stall that ends with the reload is counted too.
      setTimeout(
        () => send({ type: "reloaded", ok: outcome.ok, error: outcome.ok ? undefined : outcome.error.message, reloadMs, maxStallMs }),
        20,
      );
    });
  } else if (m.type === "stop") {
    void server.stop().then(() => process.exit(0));
  }
});
send({ type: "ready", port: server.ports()[0]!.port });

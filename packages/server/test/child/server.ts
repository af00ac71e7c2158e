import { DnsServer, type ServerSettingsInput } from "../../src/index.js";
import { testZones } from "../zone-fixture.js";

/**
 * A DnsServer in a process of its own, for tests that measure the server apart from the test
 * (memory) or signal it. Settings come as JSON in DNSTEER_TEST_SETTINGS; it reports
 * `{ type: "ready", port }` over IPC and answers `{ type: "stats" }` with its RSS (after a GC)
 * and its TCP counters.
 */
export type ChildMessage = { type: "ready"; port: number } | { type: "stats"; rss: number; tcp: ReturnType<DnsServer["tcpStats"]> };

const settings = JSON.parse(process.env.DNSTEER_TEST_SETTINGS ?? "{}") as ServerSettingsInput;
const server = new DnsServer({ listen: [{ address: "127.0.0.1", port: 0 }], loadZones: () => testZones(), settings });
await server.start();
const send = (m: ChildMessage) => process.send!(m);
process.on("message", (m: { type: string }) => {
  if (m.type === "stats") {
    (globalThis as { gc?: () => void }).gc?.();
    send({ type: "stats", rss: process.memoryUsage().rss, tcp: server.tcpStats() });
  } else if (m.type === "stop") {
    void server.stop().then(() => process.exit(0));
  }
});
send({ type: "ready", port: server.ports()[0]!.port });

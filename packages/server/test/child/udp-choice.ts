/**
 * Starts a DnsServer with `udp.mode` = argv[2] and prints, as one JSON line, what start chose
 * (or the start-up error) and whether a query is answered. Run by udp-fallback.test.ts with
 * DNSTEER_UDP_ADDON=off in its environment (the addon is loaded once per process).
 */
import dgram from "node:dgram";
import { buildQuery } from "@dnsteer/wire/testing";
import { DnsServer, type UdpMode } from "../../src/index.js";
import { testZones } from "../zone-fixture.js";

const mode = process.argv[2] as UdpMode;
const server = new DnsServer({ listen: [{ address: "127.0.0.1", port: 0 }], loadZones: () => testZones(), udp: { mode, workers: 4 } });
try {
  await server.start();
} catch (err) {
  process.stdout.write(`${JSON.stringify({ error: err instanceof Error ? err.message : String(err) })}\n`);
  process.exit(0);
}
const socket = dgram.createSocket("udp4");
const answered = await new Promise<boolean>((resolve) => {
  const timer = setTimeout(() => resolve(false), 2000);
  socket.on("message", () => {
    clearTimeout(timer);
    resolve(true);
  });
  socket.send(buildQuery(), server.ports()[0]!.port, "127.0.0.1");
});
socket.close();
process.stdout.write(`${JSON.stringify({ choice: server.udpChoice(), answered })}\n`);
await server.stop();

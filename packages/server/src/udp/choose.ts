import { availableParallelism } from "node:os";
import { type BatchUdp, loadBatchUdp } from "@dnsteer/udp";

/** How the operator asked for UDP I/O (config `server.udp`). */
export type UdpMode = "auto" | "batch" | "dgram";

/** What start chose, and why: logged once by the caller. */
export type UdpTransport = { kind: "batch"; udp: BatchUdp; reason: string } | { kind: "dgram"; reason: string };

/**
 * Picks the UDP transport at start. "auto" takes the batch addon when it loads and falls back
 * to node:dgram with the addon's reason; "batch" insists (a start-up error when the addon does
 * not load: the operator asked for it); "dgram" never loads the addon.
 */
export function chooseUdpTransport(mode: UdpMode, load: typeof loadBatchUdp = loadBatchUdp): UdpTransport {
  if (mode === "dgram") return { kind: "dgram", reason: 'server.udp is "dgram"' };
  const loaded = load();
  if (loaded.ok) return { kind: "batch", udp: loaded.udp, reason: mode === "batch" ? 'server.udp is "batch"' : "the batch addon loaded" };
  if (mode === "batch") throw new Error(`server.udp is "batch" but the addon does not load: ${loaded.reason}`);
  return { kind: "dgram", reason: `the batch addon does not load: ${loaded.reason}` };
}

/** Workers to run (config `server.workers`) and, when that is not what was asked, why. */
export function resolveWorkers(
  asked: number | "auto",
  transport: UdpTransport["kind"],
  canShare: boolean,
  cores: number = availableParallelism(),
): { workers: number; note?: string } {
  const wanted = asked === "auto" ? cores : asked;
  if (wanted <= 1) return { workers: 1 };
  if (transport === "dgram") return { workers: 1, note: "node:dgram on Node 20 has no SO_REUSEPORT: one worker" };
  if (!canShare)
    return {
      workers: 1,
      note: "one worker: other workers need zoneFiles (they load them themselves) and, with a custom chain, its services",
    };
  return { workers: wanted };
}

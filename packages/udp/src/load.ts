import { loadNative } from "./binding.js";
import { type BatchSocket, type BatchSocketOptions, openWith } from "./socket.js";

/** The addon, loaded: what a server needs to open batched sockets. */
export interface BatchUdp {
  open(options: BatchSocketOptions): BatchSocket;
}

/**
 * Loads the addon once. `ok: false` carries the reason (not Linux, not built, failed to load),
 * so a server picks node:dgram at start and logs why.
 */
export function loadBatchUdp(): { ok: true; udp: BatchUdp } | { ok: false; reason: string } {
  const load = loadNative();
  if (!load.ok) return load;
  const native = load.native;
  return { ok: true, udp: { open: (options) => openWith(native, options) } };
}

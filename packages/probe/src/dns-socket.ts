import { createSocket } from "node:dgram";
import { getSystemErrorName } from "node:util";
import { ProbeError } from "./errors.js";
import { datagramReader, loadRawProbe, type NativeRawProbe } from "./native.js";

/** A reply datagram: `buf` is reused after the call (parse it synchronously); `rxUs` on the socket's clock. */
export type OnReply = (buf: Buffer, rxUs: number, from: string, fromPort: number) => void;

/**
 * The DNS probe's UDP socket, bound to one provider source: the addon's (kernel receive
 * timestamps, send time taken in C right before sendto(), SO_BINDTODEVICE when permitted) or
 * node:dgram's (user-space stamps; the fallback). Times are µs on the socket's own clock: a reply's
 * `rxUs` minus its probe's `sentUs` is the RTT.
 */
export interface DnsSocket {
  /** `sent` gets the send time, or the error the send gave (then the time is 0). */
  send(packet: Buffer, address: string, port: number, sent: (error: string | null, sentUs: number) => void): void;
  close(): void;
  /** True for the addon's socket: replies are stamped by the kernel as they arrive. */
  readonly kernelTimestamps: boolean;
  /** Whether the socket is bound to the provider's device (addon only, and only where permitted). */
  readonly deviceBound: boolean;
  stats(): { received: number; kernelStamped: number };
}

/** Receive buffer: a burst of replies from many resolvers at once must not overflow it. */
const RECEIVE_BUFFER_BYTES = 1 << 20;
let fallbackLogged = false;
let deviceRefusalLogged = false;

/**
 * Opens the socket for (source, device): the addon's when it loads, else node:dgram's, saying why
 * once. A source that is not local rejects with SOURCE_NOT_LOCAL; a device that does not exist with
 * BAD_DEVICE.
 */
export async function openDnsSocket(source: string, family: 4 | 6, device: string | null, onReply: OnReply): Promise<DnsSocket> {
  const load = loadRawProbe();
  if (load.ok) return openNativeUdp(load.native, source, family, device, onReply);
  if (!fallbackLogged) {
    fallbackLogged = true;
    process.emitWarning(
      `DNS probes use node:dgram with user-space timestamps (RTTs include event-loop delay; the provider's device is not bound): ${load.reason}`,
      { code: "DNSTEER_PROBE_NO_KERNEL_TIMESTAMPS" },
    );
  }
  return openDgram(source, family, onReply);
}

function openNativeUdp(native: NativeRawProbe, source: string, family: 4 | 6, device: string | null, onReply: OnReply): DnsSocket {
  let read = (_count: number): void => {};
  let socket: ReturnType<NativeRawProbe["openUdp"]>;
  try {
    socket = native.openUdp(family, source, device ?? "", RECEIVE_BUFFER_BYTES, (count) => read(count));
  } catch (err) {
    const text = String((err as Error).message ?? err);
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "EADDRNOTAVAIL") throw new ProbeError("SOURCE_NOT_LOCAL", `${source}: ${text}`, { cause: err });
    if (text.startsWith("SO_BINDTODEVICE")) {
      throw new ProbeError("BAD_DEVICE", `cannot bind the DNS probe's UDP socket to device ${device}: ${text}`, { cause: err });
    }
    throw new ProbeError("RAW_SOCKET_FAILED", `cannot open the DNS probe's UDP socket from ${source}: ${text}`, { cause: err });
  }
  read = datagramReader(socket, true, onReply);
  if (device !== null && !socket.deviceBound && !deviceRefusalLogged) {
    deviceRefusalLogged = true;
    process.emitWarning(
      `DNS probes are not bound to their provider's device (${device}: SO_BINDTODEVICE refused, CAP_NET_RAW needed on this kernel): the source address's route alone picks the way out`,
      { code: "DNSTEER_PROBE_DEVICE_NOT_BOUND" },
    );
  }
  const handle = socket.handle;
  return {
    kernelTimestamps: true,
    deviceBound: socket.deviceBound,
    send(packet, address, port, sent) {
      const t = native.send(handle, packet, address, port);
      if (t < 0) sent(getSystemErrorName(t), 0);
      else sent(null, t);
    },
    close() {
      native.close(handle);
    },
    stats() {
      const s = native.stats(handle);
      return { received: s.received, kernelStamped: s.kernelStamped };
    },
  };
}

/** The fallback's clock: monotonic, µs. */
function userNowUs(): number {
  return performance.now() * 1000;
}

/**
 * node:dgram's socket. It resolves even an IP literal through a lookup step of its own (a tick)
 * before the sendto() and calls back right after it, before any reply can be read: the send time is
 * taken in that callback, the receive time when the message event runs.
 */
function openDgram(source: string, family: 4 | 6, onReply: OnReply): Promise<DnsSocket> {
  return new Promise<DnsSocket>((resolve, reject) => {
    const socket = createSocket(family === 4 ? "udp4" : "udp6");
    let received = 0;
    socket.once("error", (err: NodeJS.ErrnoException) => {
      reject(err.code === "EADDRNOTAVAIL" ? new ProbeError("SOURCE_NOT_LOCAL", `${source}: ${err.message}`, { cause: err }) : err);
    });
    socket.on("message", (msg, rinfo) => {
      received++;
      onReply(msg, userNowUs(), rinfo.address, rinfo.port);
    });
    socket.bind({ address: source, port: 0 }, () => {
      socket.removeAllListeners("error");
      socket.on("error", () => {}); // per-send errors come back in send's callback
      socket.unref();
      resolve({
        kernelTimestamps: false,
        deviceBound: false,
        send(packet, address, port, sent) {
          socket.send(packet, port, address, (err) =>
            err ? sent((err as NodeJS.ErrnoException).code ?? "EIO", 0) : sent(null, userNowUs()),
          );
        },
        close() {
          socket.close();
        },
        stats() {
          return { received, kernelStamped: 0 };
        },
      });
    });
  });
}

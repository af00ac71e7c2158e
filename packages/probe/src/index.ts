export type { LossReason, ProbeKind, ProbeResult, ProbeSource, ProbeTarget, Prober } from "./types.js";
export { isLoss } from "./types.js";
export { ProbeError, type ProbeErrorCode } from "./errors.js";
export { IcmpProber, type IcmpProberOptions } from "./icmp-prober.js";
export { TcpProber, type TcpProberOptions } from "./tcp-prober.js";
export { LocalAddresses, canonicalIp } from "./local-address.js";
export { buildEchoRequest, parseEchoReply, checksum } from "./packets.js";

export { ProbeError, type ProbeErrorCode } from "./errors.js";
export { IcmpProber, type IcmpProberOptions } from "./icmp-prober.js";
export { LocalAddresses } from "./local-address.js";
export { buildEchoRequest, checksum, parseEchoReply } from "./packets.js";
export type { SynPorts } from "./syn-prober.js";
export { buildTcpSyn, ipv4ToNumber, parseTcpSegment, type TcpSegmentInfo, tcpChecksumOf } from "./tcp-packets.js";
export { DEFAULT_SYN_PORTS, TcpProber, type TcpProberOptions } from "./tcp-prober.js";
export type { LossReason, ProbeKind, ProbeResult, Prober, ProbeSource, ProbeTarget } from "./types.js";
export { isLoss } from "./types.js";

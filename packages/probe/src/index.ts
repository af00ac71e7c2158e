export type { LossReason, ProbeKind, ProbeResult, ProbeSource, ProbeTarget, Prober } from "./types.js";
export { isLoss } from "./types.js";
export { ProbeError, type ProbeErrorCode } from "./errors.js";
export { IcmpProber, type IcmpProberOptions } from "./icmp-prober.js";
export { TcpProber, DEFAULT_SYN_PORTS, type TcpProberOptions } from "./tcp-prober.js";
export type { SynPorts } from "./syn-prober.js";
export { LocalAddresses } from "./local-address.js";
export { buildEchoRequest, parseEchoReply, checksum } from "./packets.js";
export { buildTcpSyn, parseTcpSegment, tcpChecksumOf, ipv4ToNumber, type TcpSegmentInfo } from "./tcp-packets.js";

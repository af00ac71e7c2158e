import { DnsProber, IcmpProber, type ProbeKind, type Prober, TcpProber } from "@dnsteer/probe";
import type { WorkerConfig } from "./config.js";

/**
 * One prober per configured kind. ICMP needs a raw socket (root or CAP_NET_RAW); without it the
 * worker carries on with TCP only rather than measuring nothing.
 */
export function openProbers(cfg: WorkerConfig, log: (e: { event: string; [k: string]: unknown }) => void): Map<ProbeKind, Prober> {
  const probers = new Map<ProbeKind, Prober>();
  for (const kind of cfg.schedule.kinds) {
    if (kind === "tcp") probers.set(kind, new TcpProber({ timeoutMs: cfg.probe.timeoutMs, port: cfg.probe.tcpPort }));
    else if (kind === "dns")
      probers.set(kind, new DnsProber({ timeoutMs: cfg.probe.timeoutMs, port: cfg.probe.dnsPort, qname: cfg.probe.dnsName }));
    else {
      try {
        probers.set(kind, new IcmpProber({ timeoutMs: cfg.probe.timeoutMs }));
      } catch (err) {
        log({ event: "icmp-unavailable", error: String(err) });
      }
    }
  }
  return probers;
}

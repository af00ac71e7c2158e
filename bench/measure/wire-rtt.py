#!/usr/bin/env python3
"""The wire's own RTTs, as a reference for the prober's (bench/measure/README.md, "Against the wire").

Runs in the edge namespace next to the worker: an AF_PACKET socket on every interface with
SO_TIMESTAMPNS sees each probe leave (the kernel stamps the copy as it is handed to the device)
and each reply arrive (stamped as it is received), so its RTT is what the best possible prober on
this host could measure. Matches IPv4/IPv6 TCP SYN -> SYN-ACK/RST (ack = seq + 1) and ICMP echo
-> echo reply (id, seq). Runs until SIGTERM, then prints one JSON line: [[source, target, rtt_ms], ...].
Usage: wire-rtt.py
"""
import json
import select
import signal
import socket
import struct
import sys

ETH_P_ALL = 0x0003
SO_TIMESTAMPNS = 35
PACKET_OUTGOING = 4
stop = []
signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
s = socket.socket(socket.AF_PACKET, socket.SOCK_DGRAM, socket.htons(ETH_P_ALL))
s.setsockopt(socket.SOL_SOCKET, 33, 256 << 20)  # SO_RCVBUFFORCE (root): past rmem_max, so bursts are not dropped
s.setsockopt(socket.SOL_SOCKET, SO_TIMESTAMPNS, 1)
s.setblocking(False)
sent = {}
out = []


def parse(pkt):
    """(src, dst, proto, l4 bytes) of an IPv4 or IPv6 packet, or None."""
    v = pkt[0] >> 4
    if v == 4 and len(pkt) >= 20:
        ihl = (pkt[0] & 15) * 4
        return socket.inet_ntop(socket.AF_INET, pkt[12:16]), socket.inet_ntop(socket.AF_INET, pkt[16:20]), pkt[9], pkt[ihl:]
    if v == 6 and len(pkt) >= 40:
        return socket.inet_ntop(socket.AF_INET6, pkt[8:24]), socket.inet_ntop(socket.AF_INET6, pkt[24:40]), pkt[6], pkt[40:]
    return None


print("ready", file=sys.stderr, flush=True)
while not stop:
    try:
        select.select([s], [], [], 0.2)
    except InterruptedError:
        continue
    while True:
        try:
            pkt, anc, _flags, addr = s.recvmsg(256, socket.CMSG_SPACE(16))
        except BlockingIOError:
            break
        if addr[0] == "lo":
            continue
        t = None
        for level, kind, data in anc:
            if level == socket.SOL_SOCKET and kind == SO_TIMESTAMPNS:
                sec, nsec = struct.unpack("qq", data[:16])
                t = sec + nsec / 1e9
        p = parse(pkt)
        if t is None or p is None:
            continue
        src, dst, proto, l4 = p
        outgoing = addr[2] == PACKET_OUTGOING
        if proto == 6 and len(l4) >= 14:
            sport, dport, seq, ack = struct.unpack("!HHII", l4[:12])
            flags = l4[13]
            if outgoing and flags == 0x02:
                sent[("t", src, dst, sport, dport, (seq + 1) & 0xFFFFFFFF)] = t
            elif not outgoing and flags & 0x10 and flags & 0x06:
                t0 = sent.pop(("t", dst, src, dport, sport, ack), None)
                if t0 is not None:
                    out.append([dst, src, round((t - t0) * 1000, 4)])
        elif proto == 1 and len(l4) >= 8:
            typ, _code, _ck, ident, seq = struct.unpack("!BBHHH", l4[:8])
            if outgoing and typ == 8:
                sent[("i", src, dst, ident, seq)] = t
            elif not outgoing and typ == 0:
                t0 = sent.pop(("i", dst, src, ident, seq), None)
                if t0 is not None:
                    out.append([dst, src, round((t - t0) * 1000, 4)])
print(json.dumps(out))

import { EdnsOption, RRType } from "@dnsteer/wire";
import { Packet } from "dns2";
import { subnetToDns2 } from "./ecs.js";
import type { Dns2Message, Dns2Option, Dns2OptRecord } from "./types.js";

export interface Dns2ResponseEdns {
  /** Our payload size (RFC 6891 6.2.3); 1232 by default, the DNS Flag Day 2020 figure. */
  udpSize?: number;
  /** ECS scope to return when the request carried ECS (RFC 7871 7.2.1); 0 by default. */
  ecsScope?: number;
  /** Server cookie to pair with the echoed client cookie (RFC 7873 5.2.3); none by default. */
  serverCookie?: Uint8Array;
  /** NSID to send, only when the request asked for it (RFC 5001 2.1). */
  nsid?: Uint8Array;
}

/**
 * dns2's `createResponseFromRequest`, plus the OPT record it leaves out: a request with EDNS
 * gets one back (RFC 6891 6.1.1) with DO echoed (RFC 3225), ECS echoed with our scope, the
 * client cookie echoed with a server cookie when given, NSID when asked for. Encode the result
 * with `encodeWithDns2`: dns2's own encoder would drop the COOKIE and NSID options again.
 */
export function dns2ResponseTo(request: Dns2Message, opts: Dns2ResponseEdns = {}): Packet {
  const response = Packet.createResponseFromRequest(request);
  const edns = request.edns;
  if (!edns) return response;
  const rdata: Dns2Option[] = [];
  if (edns.nsidRequested && opts.nsid) rdata.push({ ednsCode: EdnsOption.NSID, data: opts.nsid });
  if (edns.clientSubnet) rdata.push(subnetToDns2({ ...edns.clientSubnet, scopePrefix: opts.ecsScope ?? 0 }));
  if (edns.cookie && opts.serverCookie) {
    rdata.push({ ednsCode: EdnsOption.COOKIE, data: Uint8Array.from([...edns.cookie.client, ...opts.serverCookie]) });
  }
  const opt: Dns2OptRecord = Object.assign(
    new Packet.Resource({ name: "", type: RRType.OPT, class: opts.udpSize ?? 1232, ttl: edns.dnssecOk ? 0x8000 : 0 }),
    {
      type: RRType.OPT,
      extendedRcode: 0,
      version: 0,
      doFlag: edns.dnssecOk,
      rdata,
    },
  );
  response.additionals.push(opt);
  return response;
}

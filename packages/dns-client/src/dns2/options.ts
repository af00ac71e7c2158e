import { decodeCookie, type Edns, EdnsOption, ednsFromOptHeader, WireError } from "@dnsteer/wire";
import type { EdnsOption as Dns2EdnsOption, EcsOption, EdeOption } from "dns2";
import { readSubnet, subnetFromDns2, subnetToDns2 } from "./ecs.js";
import type { Dns2Option, RawOption } from "./types.js";

/** Extended DNS Error (RFC 8914); dns2 knows it, our constants do not need to. */
const EDE = 15;

/**
 * Read an OPT record's options, all of them. `decodeOptions` in edns.ts is the query-side
 * check and stops at an NSID with data or an ECS scope, both normal in responses.
 */
export function readEdns(cls: number, ttl: number, rdata: Uint8Array): Edns {
  const edns = ednsFromOptHeader(cls, ttl);
  for (let at = 0; at < rdata.length; ) {
    if (at + 4 > rdata.length) throw new WireError("TRUNCATED", "EDNS option header cut off");
    const code = (rdata[at]! << 8) | rdata[at + 1]!;
    const end = at + 4 + ((rdata[at + 2]! << 8) | rdata[at + 3]!);
    if (end > rdata.length) throw new WireError("TRUNCATED", `EDNS option ${code} runs past the OPT record`);
    const data = rdata.subarray(at + 4, end);
    edns.options.push({ code, data });
    if (code === EdnsOption.ECS) edns.clientSubnet = readSubnet(data);
    if (code === EdnsOption.NSID && data.length === 0) edns.nsidRequested = true;
    if (code === EdnsOption.COOKIE) {
      const cookie = decodeCookie(data);
      if (typeof cookie === "string") throw new WireError("BAD_RDATA", `EDNS COOKIE: ${cookie}`);
      edns.cookie = cookie;
    }
    at = end;
  }
  return edns;
}

/** Our options in dns2's shapes, in wire order; what dns2 has no codec for stays raw. */
export function toDns2Options(edns: Edns): Dns2Option[] {
  return edns.options.map(({ code, data }): Dns2Option => {
    if (code === EdnsOption.ECS) return subnetToDns2(readSubnet(data));
    if (code === EDE && data.length >= 2) {
      // RFC 8914 3: EXTRA-TEXT is not NUL-terminated, but some senders add one; dns2 strips it too.
      const extraText = Buffer.from(data.subarray(2)).toString("utf8").replace(/\0+$/, "");
      return { ednsCode: EDE, infoCode: (data[0]! << 8) | data[1]!, extraText };
    }
    return { ednsCode: code, data: Uint8Array.from(data) };
  });
}

/** One option's wire data. dns2's encoder drops every option but ECS and EDE, silently. */
export function optionData(o: Dns2Option | Dns2EdnsOption): Uint8Array {
  const data = (o as Partial<RawOption>).data;
  if (data instanceof Uint8Array) return data;
  if (o.ednsCode === EdnsOption.ECS) return subnetFromDns2(o as EcsOption);
  if (o.ednsCode === EDE) {
    const { infoCode, extraText } = o as EdeOption;
    return Uint8Array.from(Buffer.concat([Buffer.from([infoCode >> 8, infoCode & 0xff]), Buffer.from(extraText ?? "", "utf8")]));
  }
  throw new WireError("BAD_RDATA", `EDNS option ${o.ednsCode}: no data to write (give it \`data\` bytes)`);
}

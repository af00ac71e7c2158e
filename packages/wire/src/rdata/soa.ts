import { RRType } from "../constants.js";
import { define } from "./define.js";
import { parseTimeField, parseUint } from "./numbers.js";
import { tokenName } from "./text.js";
import type { SOAData } from "./types.js";

const TIMES = ["refresh", "retry", "expire", "minimum"] as const;

export const soaCodec = define<SOAData>({
  type: RRType.SOA,
  fromText(c, origin) {
    const mname = tokenName(c.next("mname"), origin, "SOA mname");
    const rname = tokenName(c.next("rname"), origin, "SOA rname");
    // The serial is a sequence number (RFC 1982), so TTL units make no sense for it.
    const serial = parseUint(c.next("serial"), 0xffffffff, "SOA serial");
    const [refresh, retry, expire, minimum] = TIMES.map((f) => parseTimeField(c.next(f), `SOA ${f}`)) as [number, number, number, number];
    return { mname, rname, serial, refresh, retry, expire, minimum };
  },
  toText: (d) => `${d.mname} ${d.rname} ${d.serial} ${d.refresh} ${d.retry} ${d.expire} ${d.minimum}`,
  encode(d, w) {
    w.name(d.mname);
    w.name(d.rname);
    for (const v of [d.serial, d.refresh, d.retry, d.expire, d.minimum]) w.u32(v);
  },
  decode(r) {
    const mname = r.name();
    const rname = r.name();
    return { mname, rname, serial: r.u32(), refresh: r.u32(), retry: r.u32(), expire: r.u32(), minimum: r.u32() };
  },
});

import { RRType } from "../constants.js";
import { WireError } from "../errors.js";
import { define } from "./define.js";
import { parseUint } from "./numbers.js";
import { SvcKey, svcKeyFromText, svcKeyToText } from "./svcb-keys.js";
import { checkSvcValue, svcParamToText, svcValueFromText } from "./svcb-values.js";
import { tokenName, unescapeText } from "./text.js";
import type { RDataToken, SVCBData } from "./types.js";

type Param = [key: number, value: Uint8Array];

/** `key`, `key=value` or `key="value"`; the lexer keeps the quotes of an embedded quoted value. */
function paramFromToken(t: RDataToken): Param {
  const eq = t.text.indexOf("=");
  const key = svcKeyFromText(eq < 0 ? t.text : t.text.slice(0, eq));
  if (eq < 0) return [key, svcValueFromText(key, undefined)];
  let raw = t.text.slice(eq + 1);
  if (raw.startsWith('"')) {
    if (raw.length < 2 || !raw.endsWith('"')) throw new WireError("BAD_RDATA", `SVCB ${svcKeyToText(key)}: unterminated quoted value`);
    raw = raw.slice(1, -1);
  }
  return [key, svcValueFromText(key, unescapeText(raw, `SVCB ${svcKeyToText(key)}`))];
}

/** Record-level rules of RFC 9460 2.2 and 8: ascending unique keys, mandatory keys present. */
function checkParams(params: Param[]): void {
  for (let i = 0; i < params.length; i++) {
    const [key, value] = params[i]!;
    if (i > 0 && key <= params[i - 1]![0]) {
      throw new WireError("BAD_RDATA", `SVCB: key ${svcKeyToText(key)} repeated or out of order`);
    }
    checkSvcValue(key, value);
  }
  const mandatory = params.find(([k]) => k === SvcKey.mandatory)?.[1];
  for (let i = 0; mandatory && i < mandatory.length; i += 2) {
    const k = (mandatory[i]! << 8) | mandatory[i + 1]!;
    if (!params.some(([p]) => p === k)) throw new WireError("BAD_RDATA", `SVCB mandatory: lists ${svcKeyToText(k)}, which is missing`);
  }
}

/** SVCB and HTTPS (RFC 9460). The target name is never compressed (RFC 9460 2.2). */
function makeSvcbCodec(type: number) {
  return define<SVCBData>({
    type,
    fromText(c, origin, typeName) {
      const priority = parseUint(c.next("priority"), 0xffff, `${typeName} priority`);
      const target = tokenName(c.next("target"), origin, `${typeName} target`);
      const params = c.rest().map(paramFromToken);
      // BIND refuses these too: AliasMode (priority 0) records carry no parameters (RFC 9460 2.4.2).
      if (priority === 0 && params.length > 0) throw new WireError("BAD_RDATA", `${typeName}: AliasMode (priority 0) takes no parameters`);
      params.sort((a, b) => a[0] - b[0]);
      checkParams(params);
      return { priority, target, params };
    },
    toText: (d) => [String(d.priority), d.target, ...d.params.map(([k, v]) => svcParamToText(k, v))].join(" "),
    encode(d, w) {
      w.u16(d.priority);
      w.name(d.target, false);
      for (const [k, v] of d.params) {
        w.u16(k);
        w.u16(v.length);
        w.bytes(v);
      }
    },
    decode(r) {
      const priority = r.u16();
      const target = r.name();
      const params: Param[] = [];
      while (r.remaining() > 0) {
        const key = r.u16();
        params.push([key, Uint8Array.from(r.bytes(r.u16()))]);
      }
      checkParams(params);
      return { priority, target, params };
    },
    // RFC 9460 4.2: the target's addresses help the client; "." needs the owner, which we lack here.
    additionalNames: (d) => (d.target === "." ? [] : [d.target]),
  });
}

export const svcbCodec = makeSvcbCodec(RRType.SVCB);
export const httpsCodec = makeSvcbCodec(RRType.HTTPS);

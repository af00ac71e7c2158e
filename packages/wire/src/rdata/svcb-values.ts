import { formatAddress } from "@dnsteer/net";
import { WireError } from "../errors.js";
import { ipv4ToBytes, ipv6ToBytes } from "./ip.js";
import { parseUint } from "./numbers.js";
import { SvcKey, svcKeyFromText, svcKeyToText } from "./svcb-keys.js";
import { escapeBytes } from "./text.js";

const latin1 = (b: Uint8Array) => Buffer.from(b).toString("latin1");
const bad = (key: number, what: string) => new WireError("BAD_RDATA", `SVCB ${svcKeyToText(key)}: ${what}`);

/** RFC 9460 A.1 value-list: split on commas not escaped by a backslash; `\x` stands for x. */
function splitValueList(bytes: Uint8Array): number[][] {
  const items: number[][] = [[]];
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b === 0x5c && i + 1 < bytes.length) items[items.length - 1]!.push(bytes[++i]!);
    else if (b === 0x2c) items.push([]);
    else items[items.length - 1]!.push(b);
  }
  return items;
}

function commaList(bytes: Uint8Array): string[] {
  return latin1(bytes).split(",");
}

/** Wire value of one SvcParam from its unescaped presentation value (undefined: no "=" given). */
export function svcValueFromText(key: number, value: Uint8Array | undefined): Uint8Array {
  const needValue = () => {
    if (value === undefined || value.length === 0) throw bad(key, "needs a value");
    return value;
  };
  switch (key) {
    case SvcKey.mandatory: {
      const keys = commaList(needValue())
        .map(svcKeyFromText)
        .sort((a, b) => a - b);
      return Uint8Array.from(keys.flatMap((k) => [k >> 8, k & 0xff]));
    }
    case SvcKey.alpn: {
      const ids = splitValueList(needValue());
      return Uint8Array.from(ids.flatMap((id) => [id.length, ...id]));
    }
    case SvcKey["no-default-alpn"]:
      if (value !== undefined && value.length > 0) throw bad(key, "takes no value");
      return new Uint8Array(0);
    case SvcKey.port: {
      const port = parseUint(latin1(needValue()), 0xffff, "SVCB port");
      return Uint8Array.from([port >> 8, port & 0xff]);
    }
    case SvcKey.ipv4hint:
      return Uint8Array.from(commaList(needValue()).flatMap((a) => [...ipv4ToBytes(a, "SVCB ipv4hint")]));
    case SvcKey.ipv6hint:
      return Uint8Array.from(commaList(needValue()).flatMap((a) => [...ipv6ToBytes(a, "SVCB ipv6hint")]));
    case SvcKey.ech: {
      const text = latin1(needValue());
      if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text) || text.length % 4 !== 0) throw bad(key, "value is not base64");
      return Uint8Array.from(Buffer.from(text, "base64"));
    }
    default:
      return value ?? new Uint8Array(0);
  }
}

/** Throw unless a wire value has the shape RFC 9460 7 and 8 require for its key. */
export function checkSvcValue(key: number, v: Uint8Array): void {
  const u16s = () => Array.from({ length: v.length / 2 }, (_, i) => (v[2 * i]! << 8) | v[2 * i + 1]!);
  switch (key) {
    case SvcKey.mandatory: {
      if (v.length === 0 || v.length % 2 !== 0) throw bad(key, "must be a non-empty list of keys");
      const keys = u16s();
      if (keys.includes(SvcKey.mandatory)) throw bad(key, "must not list mandatory itself");
      if (keys.some((k, i) => i > 0 && k <= keys[i - 1]!)) throw bad(key, "lists a key twice");
      return;
    }
    case SvcKey.alpn: {
      if (v.length === 0) throw bad(key, "needs at least one protocol id");
      for (let i = 0; i < v.length; i += 1 + v[i]!) {
        if (v[i] === 0 || i + 1 + v[i]! > v.length) throw bad(key, "protocol ids must be 1-255 octets");
      }
      return;
    }
    case SvcKey["no-default-alpn"]:
      if (v.length !== 0) throw bad(key, "takes no value");
      return;
    case SvcKey.port:
      if (v.length !== 2) throw bad(key, "must be 2 octets");
      return;
    case SvcKey.ipv4hint:
    case SvcKey.ipv6hint: {
      const size = key === SvcKey.ipv4hint ? 4 : 16;
      if (v.length === 0 || v.length % size !== 0) throw bad(key, `needs one or more ${size}-octet addresses`);
      return;
    }
    default:
  }
}

/** Presentation of one SvcParam, `key` or `key=value`. */
export function svcParamToText(key: number, v: Uint8Array): string {
  const name = svcKeyToText(key);
  const chunks = (size: number) => Array.from({ length: v.length / size }, (_, i) => v.subarray(i * size, (i + 1) * size));
  switch (key) {
    case SvcKey.mandatory:
      return `${name}=${chunks(2)
        .map((c) => svcKeyToText((c[0]! << 8) | c[1]!))
        .join(",")}`;
    case SvcKey.alpn: {
      // Two escaping layers (RFC 9460 A.1): value-list (`\,` `\\`), then character-string.
      const list: number[] = [];
      for (let i = 0; i < v.length; i += 1 + v[i]!) {
        if (i > 0) list.push(0x2c);
        for (const b of v.subarray(i + 1, i + 1 + v[i]!)) list.push(...(b === 0x2c || b === 0x5c ? [0x5c, b] : [b]));
      }
      return `${name}="${escapeBytes(Uint8Array.from(list))}"`;
    }
    case SvcKey["no-default-alpn"]:
      return name;
    case SvcKey.port:
      return `${name}=${(v[0]! << 8) | v[1]!}`;
    case SvcKey.ipv4hint:
      return `${name}=${chunks(4).map(formatAddress).join(",")}`;
    case SvcKey.ipv6hint:
      return `${name}=${chunks(16).map(formatAddress).join(",")}`;
    case SvcKey.ech:
      return `${name}=${Buffer.from(v).toString("base64")}`;
    default:
      return v.length === 0 ? name : `${name}="${escapeBytes(v)}"`;
  }
}

import { WireError } from "../errors.js";

/** SvcParamKeys with a presentation mnemonic (RFC 9460 14.3.2). */
export const SvcKey = { mandatory: 0, alpn: 1, "no-default-alpn": 2, port: 3, ipv4hint: 4, ech: 5, ipv6hint: 6 } as const;

const keyNames = new Map<number, string>(Object.entries(SvcKey).map(([k, v]) => [v, k]));

export function svcKeyToText(key: number): string {
  return keyNames.get(key) ?? `key${key}`;
}

/** A mnemonic or `keyNNNNN` (no leading zeros); 65535 is the reserved "Invalid key". */
export function svcKeyFromText(text: string): number {
  const known = (SvcKey as Record<string, number>)[text.toLowerCase()];
  if (known !== undefined) return known;
  const m = /^key(0|[1-9]\d{0,4})$/i.exec(text);
  if (!m || Number(m[1]) > 65534) throw new WireError("BAD_RDATA", `SVCB param: unknown key "${text}"`);
  return Number(m[1]);
}

import { WireError } from "./errors.js";

/**
 * A domain name in canonical presentation form: absolute (trailing dot), ASCII letters
 * lowercased, escapes normalised (`\.` `\\` and friends for specials, `\DDD` for bytes outside
 * printable ASCII). Root is ".". Canonical form makes names usable as Map keys directly.
 */
export type Name = string;

export const ROOT: Name = ".";
const MAX_NAME_OCTETS = 255;
const MAX_LABEL_OCTETS = 63;

/** Characters that must be escaped inside a label in presentation form. */
const SPECIAL = new Set([0x2e, 0x5c, 0x22, 0x28, 0x29, 0x3b, 0x40, 0x24, 0x20]);

function escapeByte(b: number): string {
  if (b >= 0x41 && b <= 0x5a) return String.fromCharCode(b + 32);
  if (SPECIAL.has(b)) return "\\" + String.fromCharCode(b);
  if (b < 0x21 || b > 0x7e) return "\\" + String(b).padStart(3, "0");
  return String.fromCharCode(b);
}

/** Presentation of one label given its raw bytes (lowercased). */
export function labelFromBytes(bytes: Uint8Array, start = 0, end = bytes.length): string {
  let out = "";
  for (let i = start; i < end; i++) out += escapeByte(bytes[i]!);
  return out;
}

/** Raw bytes of one presentation label (escapes resolved). */
export function labelToBytes(label: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < label.length; i++) {
    const c = label.charCodeAt(i);
    if (c !== 0x5c) {
      if (c > 0x7e) throw new WireError("BAD_NAME", `non-ASCII character in label "${label}"`);
      out.push(c);
      continue;
    }
    const d = label.slice(i + 1, i + 4);
    // RFC 1035 5.1: a digit after "\" starts \DDD; "\1x" is an error, not "1x" (BIND and Knot agree).
    if (/^\d/.test(d) && !/^\d{3}$/.test(d)) throw new WireError("BAD_NAME", `escape \\${d} needs three digits in "${label}"`);
    if (/^\d{3}$/.test(d)) {
      const v = Number(d);
      if (v > 255) throw new WireError("BAD_NAME", `escape \\${d} is out of range in "${label}"`);
      out.push(v);
      i += 3;
    } else if (i + 1 < label.length) {
      out.push(label.charCodeAt(i + 1));
      i += 1;
    } else {
      throw new WireError("BAD_NAME", `dangling backslash in "${label}"`);
    }
  }
  return out;
}

/** Split presentation text into labels, honouring escapes. A trailing dot yields no empty label. */
function splitText(text: string): string[] {
  const labels: string[] = [];
  let cur = "";
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === "\\") {
      cur += c + (text[i + 1] ?? "");
      i++;
    } else if (c === ".") {
      if (cur === "") throw new WireError("BAD_NAME", `empty label in "${text}"`);
      labels.push(cur);
      cur = "";
    } else cur += c;
  }
  if (cur !== "") labels.push(cur);
  return labels;
}

/** Labels of a canonical name, leftmost first; root has none. */
export function nameLabels(name: Name): string[] {
  return name === ROOT ? [] : splitText(name);
}

/** Build a canonical name from label byte arrays (validates lengths). */
export function nameFromLabelBytes(labels: number[][]): Name {
  let octets = 1;
  for (const l of labels) {
    if (l.length > MAX_LABEL_OCTETS) throw new WireError("BAD_LABEL", `label longer than 63 octets`);
    octets += l.length + 1;
  }
  if (octets > MAX_NAME_OCTETS) throw new WireError("NAME_TOO_LONG", `name longer than 255 octets`);
  if (labels.length === 0) return ROOT;
  return labels.map((l) => labelFromBytes(Uint8Array.from(l))).join(".") + ".";
}

/**
 * Parse a name in presentation form. Relative names (no trailing dot) are made absolute with
 * `origin`; "@" is not handled here (that is zone-file syntax).
 */
export function parseName(text: string, origin?: Name): Name {
  if (text === ".") return ROOT;
  if (text === "") throw new WireError("BAD_NAME", "empty name");
  const absolute = endsWithUnescapedDot(text);
  const labels = splitText(text).map(labelToBytes);
  if (!absolute) {
    if (origin === undefined) throw new WireError("BAD_NAME", `relative name "${text}" without an origin`);
    for (const l of nameLabels(origin)) labels.push(labelToBytes(l));
  }
  return nameFromLabelBytes(labels);
}

function endsWithUnescapedDot(text: string): boolean {
  if (!text.endsWith(".")) return false;
  let backslashes = 0;
  for (let i = text.length - 2; i >= 0 && text[i] === "\\"; i--) backslashes++;
  return backslashes % 2 === 0;
}

/** Uncompressed wire form of a canonical name. */
export function nameToWire(name: Name): Uint8Array {
  const out: number[] = [];
  for (const l of nameLabels(name)) {
    const b = labelToBytes(l);
    out.push(b.length, ...b);
  }
  out.push(0);
  return Uint8Array.from(out);
}

/** Octets the name takes on the wire, uncompressed. */
export function nameWireLength(name: Name): number {
  let n = 1;
  for (const l of nameLabels(name)) n += labelToBytes(l).length + 1;
  return n;
}

/** True when `name` equals `ancestor` or lies below it. */
export function isSubdomain(name: Name, ancestor: Name): boolean {
  if (ancestor === ROOT || name === ancestor) return true;
  if (!name.endsWith("." + ancestor)) return false;
  // Guard against an escaped dot right before the suffix ("a\.example." is not below "example.").
  const a = nameLabels(name);
  const b = nameLabels(ancestor);
  if (b.length >= a.length) return false;
  for (let i = 1; i <= b.length; i++) if (a[a.length - i] !== b[b.length - i]) return false;
  return true;
}

/** The name one label up; root's parent is root. */
export function parentName(name: Name): Name {
  const labels = nameLabels(name);
  return labels.length <= 1 ? ROOT : labels.slice(1).join(".") + ".";
}

export function labelCount(name: Name): number {
  return nameLabels(name).length;
}

/** `name` with its leftmost labels replaced so that it ends in `newSuffix` instead of `oldSuffix`. */
export function replaceSuffix(name: Name, oldSuffix: Name, newSuffix: Name): Name {
  const keep = nameLabels(name).slice(0, labelCount(name) - labelCount(oldSuffix));
  const all = [...keep.map(labelToBytes), ...nameLabels(newSuffix).map(labelToBytes)];
  return nameFromLabelBytes(all);
}

import { type Name, nameWireLength, parseName, ROOT } from "@dnsteer/wire";

/**
 * Owner names as most zone files write them (letters, digits, `-`, `_`, `*`, `/`, dots between
 * labels) made canonical without wire's general parser, which splits, decodes and re-escapes
 * every label: at a million records that was a good part of the load time. Anything else (an
 * escape, an empty or over-long label, a name over 255 octets) returns undefined and goes
 * through `parseName`, which also words the error.
 */
export class NameReader {
  private origin: Name = ROOT;
  private suffix = "";
  private originOctets = 1;

  setOrigin(origin: Name): void {
    this.origin = origin;
    this.suffix = origin === ROOT ? "" : origin;
    this.originOctets = nameWireLength(origin);
  }

  /** Canonical form of `text` relative to the current origin; throws wire's error when bad. */
  read(text: string): Name {
    return this.fast(text) ?? parseName(text, this.origin);
  }

  private fast(text: string): Name | undefined {
    let label = 0;
    let upper = false;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x2e) {
        if (label === 0 || label > 63) return undefined;
        label = 0;
      } else if ((c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x5f || c === 0x2a || c === 0x2f) {
        label++;
      } else if (c >= 0x41 && c <= 0x5a) {
        upper = true;
        label++;
      } else return undefined;
    }
    if (label > 63) return undefined;
    const lower = upper ? text.toLowerCase() : text;
    // Wire length: one length octet per label plus the characters, i.e. text length + 1.
    if (label === 0) return text.length > 1 && text.length + 1 <= 255 ? lower : undefined; // absolute: "a.b."
    if (text.length + 1 + this.originOctets > 255) return undefined;
    return this.suffix === "" ? `${lower}.` : `${lower}.${this.suffix}`;
  }
}

/** True when `name` is `ancestor` or below it; both canonical, so a suffix test with a label boundary suffices. */
export function isAtOrBelow(name: Name, ancestor: Name): boolean {
  if (ancestor === ROOT || name === ancestor) return true;
  const at = name.length - ancestor.length - 1;
  if (at < 0 || name.charCodeAt(at) !== 0x2e || !name.endsWith(ancestor)) return false;
  // "a\.example." is not below "example.": the dot must not be escaped (an odd run of backslashes).
  let backslashes = 0;
  for (let i = at - 1; i >= 0 && name.charCodeAt(i) === 0x5c; i--) backslashes++;
  return backslashes % 2 === 0;
}

/** The name one label up (root's parent is root), by finding the first unescaped dot. */
export function parentOf(name: Name): Name {
  let i = 0;
  // A backslash escapes the next character; a canonical name always has an unescaped dot (at the latest its last).
  while (i < name.length && name.charCodeAt(i) !== 0x2e) i += name.charCodeAt(i) === 0x5c ? 2 : 1;
  return i + 1 >= name.length ? ROOT : name.slice(i + 1);
}

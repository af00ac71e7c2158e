/**
 * DNS names as the API accepts them: presentation form, letters/digits/hyphen/underscore per
 * label (no escapes: a steered name or zone origin never needs them), at most 63 octets per
 * label and 253 in all (255 on the wire, RFC 1035 2.3.4), an optional trailing dot.
 */
const LABEL = /^(\*|[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)$/;

/** Why `text` is not an acceptable DNS name, or null when it is. */
export function dnsNameProblem(text: string): string | null {
  const bare = text.endsWith(".") ? text.slice(0, -1) : text;
  if (bare.length === 0) return "a name needs at least one label";
  if (bare.length > 253) return `a name is at most 253 octets (this one has ${bare.length})`;
  const labels = bare.split(".");
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i]!;
    if (label.length === 0) return "empty label (two dots in a row)";
    if (label.length > 63) return `label ${i + 1} is ${label.length} octets (at most 63)`;
    if (!LABEL.test(label)) return `label "${label}": letters, digits, - and _ only, not starting or ending with -`;
    if (label === "*" && i !== 0) return "a wildcard label may only come first";
  }
  return null;
}

/** "Example.Test" and "example.test." name one zone: lower case, with the trailing dot. */
export function normalizeDnsName(text: string): string {
  const lower = text.toLowerCase();
  return lower.endsWith(".") ? lower : `${lower}.`;
}

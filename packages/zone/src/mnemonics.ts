import { classFromString, RRClass, typeFromString } from "@dnsteer/wire";

/**
 * Type and class mnemonics repeat on every line ("A", "IN"): remember what each spelling
 * means rather than upper-case and pattern-match it a million times. Bounded, so a hostile
 * file of distinct tokens cannot grow it.
 */
const MEMO_LIMIT = 256;
const typeMemo = new Map<string, number | undefined>();
const classMemo = new Map<string, number | undefined>();

function memo(cache: Map<string, number | undefined>, text: string, read: (text: string) => number | undefined): number | undefined {
  const known = cache.get(text);
  if (known !== undefined || cache.has(text)) return known;
  const value = read(text);
  if (cache.size < MEMO_LIMIT) cache.set(text, value);
  return value;
}

export function typeOf(text: string): number | undefined {
  return memo(typeMemo, text, typeFromString);
}

/** A class a record can have; NONE and ANY are query/update classes (and "ANY" is also a type). */
export function dataClass(text: string): number | undefined {
  return memo(classMemo, text, classOfData);
}

function classOfData(text: string): number | undefined {
  const cls = classFromString(text);
  return cls === RRClass.NONE || cls === RRClass.ANY ? undefined : cls;
}

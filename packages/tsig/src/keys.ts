import { type Name, parseName } from "@dnsteer/wire";
import { TsigError } from "./errors.js";

/** HMAC algorithms of RFC 8945 6 that node:crypto computes (hmac-md5 is not offered: deprecated). */
export const TSIG_ALGORITHMS = { "hmac-sha1": "sha1", "hmac-sha256": "sha256", "hmac-sha384": "sha384", "hmac-sha512": "sha512" } as const;
export type TsigAlgorithm = keyof typeof TSIG_ALGORITHMS;

/** A shared secret: its name (as on the wire, canonical), algorithm and octets. */
export interface TsigKey {
  name: Name;
  algorithm: TsigAlgorithm;
  secret: Buffer;
}

/** A key as the config spells it: secret in base64 (as BIND's and Knot's key files). */
export interface TsigKeyInput {
  name: string;
  algorithm: string;
  secret: string;
}

export function isTsigAlgorithm(text: string): text is TsigAlgorithm {
  return Object.hasOwn(TSIG_ALGORITHMS, text);
}

/** The algorithm named by its wire name ("hmac-sha256."), or undefined when we do not know it. */
export function algorithmOfName(name: Name): TsigAlgorithm | undefined {
  const bare = name.endsWith(".") ? name.slice(0, -1) : name;
  return isTsigAlgorithm(bare) ? bare : undefined;
}

export function tsigKey(input: TsigKeyInput): TsigKey {
  const algorithm = input.algorithm.toLowerCase();
  if (!isTsigAlgorithm(algorithm))
    throw new TsigError(
      "BAD_KEY_CONFIG",
      `TSIG key ${input.name}: algorithm ${input.algorithm} is not one of ${Object.keys(TSIG_ALGORITHMS).join(", ")}`,
    );
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(input.secret)) throw new TsigError("BAD_KEY_CONFIG", `TSIG key ${input.name}: secret is not base64`);
  const secret = Buffer.from(input.secret, "base64");
  if (secret.length === 0) throw new TsigError("BAD_KEY_CONFIG", `TSIG key ${input.name}: secret is empty`);
  return { name: parseName(input.name.endsWith(".") ? input.name : `${input.name}.`), algorithm, secret };
}

/** Where keys not given up front are looked up at use (keys managed through the admin API, in the store). */
export type TsigKeyLookup = (name: Name) => TsigKey | undefined;

/**
 * Keys by name; a name given twice is a configuration error. The given keys (the config file's)
 * come first; a name not among them is asked of `lookup`, at every use, so a key added or deleted
 * elsewhere (the admin API's store) counts from the next message without a restart or reload.
 */
export class TsigKeyring {
  private readonly byName = new Map<Name, TsigKey>();

  constructor(
    keys: Iterable<TsigKey> = [],
    private readonly lookup?: TsigKeyLookup,
  ) {
    for (const k of keys) {
      if (this.byName.has(k.name)) throw new TsigError("BAD_KEY_CONFIG", `TSIG key ${k.name} is configured twice`);
      this.byName.set(k.name, k);
    }
  }

  get(name: Name): TsigKey | undefined {
    return this.byName.get(name) ?? this.lookup?.(name);
  }

  get size(): number {
    return this.byName.size;
  }
}

import { NetError, type Prefix, parseAddress, parsePrefix, prefixContains } from "@dnsteer/net";
import { type TsigKey, type TsigKeyInput, TsigKeyring, tsigKey } from "@dnsteer/tsig";
import { type Name, parseName } from "@dnsteer/wire";
import { XfrError } from "./errors.js";
import type { SerialPolicy } from "./serial.js";

/** A zone's transfer settings as the config gives them (`zones[].transfer`, `notify`, `serial`). */
export interface ZoneTransferInput {
  origin: string;
  /** Who may transfer: prefixes or addresses. None (the default) refuses everyone. */
  allow?: string[];
  /** A TSIG key name every transfer must be signed with (and NOTIFYs are signed with). */
  key?: string;
  /** Secondaries to NOTIFY at each serial change: "192.0.2.53:53", "[2001:db8::53]:53" or a bare address (port 53). */
  notify?: string[];
  serial?: SerialPolicy;
  /** Where the zone's IXFR journal lives; none keeps the history in memory only. */
  journalPath?: string;
}

export interface NotifyTarget {
  address: string;
  port: number;
}

/** A zone's transfer settings, checked. */
export interface ZoneTransferPolicy {
  origin: Name;
  allow: Prefix[];
  key?: TsigKey;
  notify: NotifyTarget[];
  serial: SerialPolicy;
  journalPath?: string;
}

export function parseNotifyTarget(text: string): NotifyTarget {
  const bracket = /^\[([^\]]+)\](?::(\d+))?$/.exec(text);
  const plain = /^([0-9.]+)(?::(\d+))?$/.exec(text);
  const m = bracket ?? plain;
  const address = m ? m[1]! : text;
  const port = m?.[2] === undefined ? 53 : Number(m[2]);
  try {
    parseAddress(address);
  } catch (e) {
    throw new XfrError("BAD_CONFIG", `notify target ${JSON.stringify(text)}: not an address[:port]`, { cause: e });
  }
  if (port < 1 || port > 65535) throw new XfrError("BAD_CONFIG", `notify target ${JSON.stringify(text)}: port out of range`);
  return { address, port };
}

export function zoneTransferPolicy(input: ZoneTransferInput, keys: TsigKeyring): ZoneTransferPolicy {
  const origin = parseName(input.origin.endsWith(".") ? input.origin : `${input.origin}.`);
  const allow = (input.allow ?? []).map((p) => {
    try {
      return parsePrefix(p);
    } catch (e) {
      if (e instanceof NetError)
        throw new XfrError("BAD_CONFIG", `zone ${origin} transfer.allow ${JSON.stringify(p)}: ${e.message}`, { cause: e });
      throw e;
    }
  });
  let key: TsigKey | undefined;
  if (input.key !== undefined) {
    key = keys.get(parseName(input.key.endsWith(".") ? input.key : `${input.key}.`));
    if (!key) throw new XfrError("BAD_CONFIG", `zone ${origin} transfer.key ${input.key} is not among the tsig keys`);
  }
  return {
    origin,
    allow,
    key,
    notify: (input.notify ?? []).map(parseNotifyTarget),
    serial: input.serial ?? "keep",
    journalPath: input.journalPath,
  };
}

/**
 * The config's keys; `lookup` finds the others at use, by name without the final dot (keys added
 * through the admin API: a key added or deleted there counts from the next message). A stored key
 * that does not make a key (checked when it was added) is treated as unknown: BADKEY.
 */
export function keyringOf(inputs: readonly TsigKeyInput[], lookup?: (name: string) => TsigKeyInput | undefined): TsigKeyring {
  if (!lookup) return new TsigKeyring(inputs.map(tsigKey));
  return new TsigKeyring(inputs.map(tsigKey), (name) => {
    const found = lookup(name.endsWith(".") ? name.slice(0, -1) : name);
    if (!found) return undefined;
    try {
      return tsigKey(found);
    } catch {
      return undefined;
    }
  });
}

/** Whether `address` (as a socket reports it; IPv4-mapped IPv6 counts as IPv4) may transfer. */
export function allowedToTransfer(policy: ZoneTransferPolicy, address: string): boolean {
  if (policy.allow.length === 0) return false;
  const text = address.startsWith("::ffff:") && address.includes(".") ? address.slice(7) : address;
  let parsed: ReturnType<typeof parseAddress>;
  try {
    parsed = parseAddress(text);
  } catch {
    return false;
  }
  return policy.allow.some((p) => prefixContains(p, parsed));
}

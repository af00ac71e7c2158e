import { writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  classToString,
  decodeMessage,
  keyToName,
  MessageReader,
  nameToKey,
  parseQuery,
  rdataToText,
  rdataToWire,
  typeToString,
  WireError,
} from "@dnsteer/wire";
import { loadZoneFile, parseZone, type Zone, ZoneError } from "@dnsteer/zone";
import { FUZZ_LIMITS, type ZoneStage } from "./zone-stage.js";

/**
 * What each in-process target must hold for any input, mutated or not. A target returns null
 * when the input is handled as it should be, or a sentence saying what went wrong. An exception
 * escaping a target is a crash; the engine reports it with the seed and the input.
 */
export type Check = (input: Uint8Array) => string | null;

/**
 * The query pre-parser (the server's front door): never throws, and when it accepts a query
 * the question it reports is the one on the wire (as the pointer-following reader reads it),
 * the EDNS payload size is at least 512, and the offsets lie inside the message.
 */
export const preParser: Check = (input) => {
  // The server hands it Buffers; tools hand it Uint8Arrays: the key is built two ways.
  const q = parseQuery(input.length & 1 ? Buffer.from(input) : input);
  if ("kind" in q) {
    if (q.kind === "drop") return input.length >= 12 && !(input[2]! & 0x80) ? `dropped a ${input.length}-octet query with QR=0` : null;
    if (input.length < 12 || input[2]! & 0x80) return `${q.kind} for a message that must be dropped`;
    const opcode = (input[2]! >> 3) & 0xf;
    if ((q.kind === "notimp") !== (opcode !== 0)) return `${q.kind} for opcode ${opcode}`;
    if (q.questionEnd !== undefined && (q.questionEnd < 17 || q.questionEnd > input.length))
      return `questionEnd ${q.questionEnd} outside the message`;
    return null;
  }
  if (q.questionEnd !== q.qnameEnd + 4 || q.questionEnd > input.length)
    return `question ends at ${q.questionEnd} (name ends at ${q.qnameEnd}, length ${input.length})`;
  const r = new MessageReader(input, 12);
  let name: string;
  try {
    name = r.name();
  } catch (e) {
    return `accepted a question the reader rejects: ${(e as Error).message}`;
  }
  const keyName = keyToName(q.key);
  if (name.toLowerCase() !== keyName) return `key names ${keyName}, the wire ${name}`;
  if (nameToKey(keyName) !== q.key) return `the key of ${keyName} is not the query's key`;
  if (r.pos !== q.qnameEnd || r.u16() !== q.qtype || r.u16() !== q.qclass) return "qtype/qclass/offsets differ from the wire";
  if (q.edns && q.edns.udpSize < 512) return `EDNS payload size ${q.edns.udpSize} < 512`;
  return null;
};

/** The general decoder: any input decodes or throws WireError, nothing else. */
export const decoder: Check = (input) => {
  try {
    const m = decodeMessage(input);
    for (const rr of [...m.answer, ...m.authority, ...m.additional]) {
      rdataToWire(rr.type, rr.data); // a decoded RDATA must encode again
      rdataToText(rr.type, rr.data);
    }
  } catch (e) {
    if (e instanceof WireError) return null;
    throw e;
  }
  return null;
};

/** One record per line in presentation form, sorted: what a zone means, independent of layout. */
export function zoneRecords(zone: Zone): string[] {
  const out: string[] = [];
  for (const node of zone.nodes.values()) {
    for (const set of node.rrsets.values()) {
      for (const d of set.rdata)
        out.push(`${set.name} ${set.ttl} ${classToString(set.class)} ${typeToString(set.type)} ${rdataToText(set.type, d)}`);
    }
  }
  return out.sort();
}

function wireOf(zone: Zone): string[] {
  const out: string[] = [];
  for (const node of zone.nodes.values()) {
    for (const set of node.rrsets.values()) {
      for (const d of set.rdata)
        out.push(`${set.name} ${set.ttl} ${set.class} ${set.type} ${Buffer.from(rdataToWire(set.type, d)).toString("hex")}`);
    }
  }
  return out.sort();
}

/** What a load came to, comparable across parseZone and loadZoneFile: the records, or the error's code and place. */
function outcome(load: () => Zone, mainFile: string): { zone?: Zone; key: string } {
  try {
    const zone = load();
    return { zone, key: wireOf(zone).join("\n") };
  } catch (e) {
    if (!(e instanceof ZoneError)) throw e;
    if (!/^[^\n]*:\d+: /.test(e.message)) return { key: `ZoneError without file:line: ${e.message.slice(0, 120)}` };
    return { key: `${e.code} at ${e.file === mainFile ? "(zone file)" : e.file}:${e.line}` };
  }
}

/**
 * The zone parser: zone text parses into a zone or throws a ZoneError whose message starts with
 * file:line; a zone that parses, printed back as presentation text, parses to the same records
 * (octet for octet in RDATA), so nothing read is silently changed. The same input written to a
 * file and read by loadZoneFile (the server's path) gives the same records or the same error
 * at the same place, unless the file is over the size limit (then TOO_LARGE at file:0). With
 * `guessOrigin` the file is loaded without an origin (the first $ORIGIN or owner names it).
 */
export function zoneParser(origin: string, stage: ZoneStage, guessOrigin: boolean): Check {
  const opts = { includeDirs: stage.includeDirs, limits: FUZZ_LIMITS };
  // Text may claim a file name that is not there (the API does): includes then resolve from its folder.
  const claimed = guessOrigin ? join(stage.zones, `claimed-${origin}zone`) : undefined;
  const textOpts = claimed ? { origin, file: claimed, ...opts } : { origin, includeRoot: stage.zones, ...opts };
  return (input) => {
    const text = outcome(() => parseZone(input, textOpts), claimed ?? "<text>");
    const problem = text.zone ? roundTrip(text.zone, stage) : text.key.startsWith("ZoneError without") ? text.key : null;
    if (problem) return problem;
    writeFileSync(stage.input, input);
    const file = outcome(() => loadZoneFile(stage.input, { origin: guessOrigin ? undefined : origin, ...opts }), stage.input);
    if (file.key.startsWith("ZoneError without")) return `loadZoneFile: ${file.key}`;
    if (input.length > FUZZ_LIMITS.maxFileBytes)
      return file.key === "TOO_LARGE at (zone file):0" ? null : `a ${input.length}-octet file gave ${file.key.slice(0, 120)}`;
    if (guessOrigin) return file.zone && !hasApexSoa(file.zone) ? "loaded without an SOA at its apex" : null;
    if (file.key !== text.key) return `loadZoneFile and parseZone differ: ${file.key.slice(0, 200)} / ${text.key.slice(0, 200)}`;
    return null;
  };
}

function hasApexSoa(zone: Zone): boolean {
  return zone.nodes.has(zone.origin) && zone.soa.name === zone.origin;
}

/** The zone printed as presentation text parses to the same records. */
function roundTrip(zone: Zone, stage: ZoneStage): string | null {
  if (!hasApexSoa(zone)) return "zone parsed without an SOA at its apex";
  let again: Zone;
  try {
    again = parseZone(zoneRecords(zone).join("\n"), { origin: zone.origin, includeRoot: stage.zones, limits: FUZZ_LIMITS });
  } catch (e) {
    return `printed zone does not parse again: ${(e as Error).message.slice(0, 200)}`;
  }
  const a = wireOf(zone);
  const b = wireOf(again);
  if (a.length !== b.length || a.some((x, i) => x !== b[i])) {
    const i = a.findIndex((x, k) => x !== b[k]);
    return `printed zone parses to other records: ${a[i]} / ${b[i]}`;
  }
  return null;
}

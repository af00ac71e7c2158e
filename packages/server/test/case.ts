import {
  type ClientSubnet,
  classFromString,
  classToString,
  decodeMessage,
  EdnsOption,
  Flag,
  MessageWriter,
  optRecordLength,
  type ResponseEdns,
  type RR,
  RRType,
  rcodeToString,
  rdataToText,
  rdataToWire,
  typeFromString,
  typeToString,
  writeOptRecord,
} from "@dnsteer/wire";
import { parseZone, ZoneSet } from "@dnsteer/zone";
import { expect, it } from "vitest";
import {
  buildChain,
  type ChainServices,
  createResponder,
  createSnapshot,
  resolveSettings,
  type ServerSettingsInput,
  type Snapshot,
  type Transport,
} from "../src/index.js";
import { TEST_ZONE } from "./zone-fixture.js";

/**
 * One row of a plugin's table, after CoreDNS's `test.Case`: a query, then the reply it must
 * get. Records are zone text in canonical form ("www.example.test. 300 IN A 192.0.2.10") and
 * each section is compared as a sorted list, so a row reads like dig's output.
 */
export interface Case {
  /** Message ID; default 0x2a2a. */
  id?: number;
  qname: string;
  /** Mnemonic or TYPEnnn; default A. */
  qtype?: string;
  /** Mnemonic or CLASSnnn; default IN. */
  qclass?: string;
  /** Default udp. */
  transport?: Transport;
  /** RD is set unless false (as dig does); CD only when true. */
  rd?: boolean;
  cd?: boolean;
  /** An OPT record in the query; `ecs` is a subnet like "198.51.100.0/24", `cookie` the COOKIE option's data in hex. */
  edns?: { udpSize?: number; do?: boolean; version?: number; nsid?: boolean; ecs?: string; cookie?: string };
  /** The resolver's address; default 127.0.0.1. */
  from?: string;

  rcode: string;
  /** Header flags as dig prints them, e.g. "qr aa rd"; compared exactly. */
  flags: string;
  answer?: string[];
  ns?: string[];
  extra?: string[];
  /** The reply's OPT: false when there must be none; otherwise only the fields given are checked. */
  opt?: false | { udpSize?: number; do?: boolean; version?: number; options?: string[]; ecsScope?: number; ede?: number; nsid?: string };
  /** Why the row is there, shown in the test's title. */
  why?: string;
}

/** The real chain (chain.ts) over a snapshot of zone text, answering in-process. */
export interface ChainUnderTest {
  snapshot: Snapshot;
  /** Send the row's query (from its `from` address, over its transport); the reply or null. */
  exchange(tc: Case): { query: Buffer; reply: Buffer | null };
}

export interface ChainSetup {
  /** Zone text with an $ORIGIN line; default the server tests' example.test. zone. */
  zone?: string;
  settings?: ServerSettingsInput;
  services?: ChainServices;
}

export function chainUnderTest(setup: ChainSetup = {}): ChainUnderTest {
  const text = setup.zone ?? TEST_ZONE;
  const origin = /^\$ORIGIN\s+(\S+)/m.exec(text)?.[1];
  if (!origin) throw new Error("test zone text needs an $ORIGIN line");
  const snapshot = createSnapshot(new ZoneSet([parseZone(text, { origin })]), resolveSettings(setup.settings));
  // A handler that throws fails the row with its own error, rather than showing up as SERVFAIL.
  const respond = createResponder(() => snapshot, {
    chain: buildChain(setup.services),
    onError: (err) => {
      throw err;
    },
  });
  return {
    snapshot,
    exchange: (tc) => {
      const from = tc.from ?? "127.0.0.1";
      const query = encodeCaseQuery(tc);
      return { query, reply: respond(query, tc.transport ?? "udp", { address: from, port: 53, family: from.includes(":") ? 6 : 4 }) };
    },
  };
}

/** One `it` per row, titled like a dig command line. */
export function testCases(chain: ChainUnderTest, cases: readonly Case[]): void {
  for (const tc of cases) it(caseTitle(tc), () => expectCase(chain, tc));
}

export function caseTitle(tc: Case): string {
  const bits = [tc.qname, tc.qclass ?? "", tc.qtype ?? "A", `+${tc.transport ?? "udp"}`];
  if (tc.rd === false) bits.push("+nord");
  if (tc.cd) bits.push("+cd");
  if (tc.edns)
    bits.push(
      `+edns${tc.edns.version ? `=${tc.edns.version}` : ""}${tc.edns.do ? " +do" : ""}${tc.edns.ecs ? ` +subnet=${tc.edns.ecs}` : ""}${tc.edns.nsid ? " +nsid" : ""}`,
    );
  if (tc.from) bits.push(`from ${tc.from}`);
  const title = bits.filter(Boolean).join(" ");
  return tc.why ? `${title}: ${tc.why}` : title;
}

/** Run the row's query through the chain and compare the reply with the row. */
export function expectCase(chain: ChainUnderTest, tc: Case): void {
  const { query, reply } = chain.exchange(tc);
  expect(reply, "no reply").not.toBeNull();
  const m = decodeMessage(reply!);
  // Every reply echoes the question exactly: its bytes, so its case too.
  const questionEnd = 12 + query.subarray(12).indexOf(0) + 5;
  expect(reply!.readUInt16BE(4), "QDCOUNT").toBe(1);
  expect(reply!.subarray(0, 2).equals(query.subarray(0, 2)), "ID echoed").toBe(true);
  expect(reply!.subarray(12, questionEnd).equals(query.subarray(12, questionEnd)), "question echoed byte for byte").toBe(true);
  const actual = {
    rcode: rcodeToString(m.rcode),
    flags: flagsText(m.flags),
    answer: recordLines(m.answer),
    ns: recordLines(m.authority),
    extra: recordLines(m.additional),
  };
  const expected = {
    rcode: tc.rcode,
    flags: tc.flags,
    answer: [...(tc.answer ?? [])].sort(),
    ns: [...(tc.ns ?? [])].sort(),
    extra: [...(tc.extra ?? [])].sort(),
  };
  expect(actual).toEqual(expected);
  if (tc.opt === false) expect(m.edns, "OPT in the reply").toBeUndefined();
  else if (tc.opt) {
    expect(m.edns, "no OPT in the reply").toBeDefined();
    const e = m.edns!;
    const ede = e.options.find((o) => o.code === EdnsOption.EDE);
    const nsid = e.options.find((o) => o.code === EdnsOption.NSID);
    const seen: Record<string, unknown> = {
      udpSize: e.udpSize,
      do: e.dnssecOk,
      version: e.version,
      options: e.options.map((o) => OPTION_NAMES.get(o.code) ?? String(o.code)),
      ecsScope: e.clientSubnet?.scopePrefix,
      ede: ede ? (ede.data[0]! << 8) | ede.data[1]! : undefined,
      nsid: nsid ? Buffer.from(nsid.data).toString() : undefined,
    };
    expect(Object.fromEntries(Object.keys(tc.opt).map((k) => [k, seen[k]]))).toEqual(tc.opt);
  }
}

/** The row's query, written with the wire package's MessageWriter and OPT writer; the name's case is kept. */
export function encodeCaseQuery(tc: Case): Buffer {
  const w = new MessageWriter();
  w.u16(tc.id ?? 0x2a2a);
  w.u16((tc.rd === false ? 0 : Flag.RD) | (tc.cd ? Flag.CD : 0));
  w.u16(1);
  w.u16(0);
  w.u16(0);
  w.u16(tc.edns ? 1 : 0);
  w.name(tc.qname, false);
  w.u16(typeNumber(tc.qtype ?? "A"));
  w.u16(classNumber(tc.qclass ?? "IN"));
  if (tc.edns) {
    const e: ResponseEdns = {
      udpSize: tc.edns.udpSize ?? 1232,
      extendedRcode: 0,
      dnssecOk: tc.edns.do ?? false,
      nsid: tc.edns.nsid ? new Uint8Array(0) : undefined, // an empty NSID option asks for it (RFC 5001)
      clientSubnet: tc.edns.ecs ? subnet(tc.edns.ecs) : undefined,
      cookie: tc.edns.cookie ? Buffer.from(tc.edns.cookie, "hex") : undefined, // hex: client cookie, then any server cookie
    };
    const opt = Buffer.alloc(optRecordLength(e));
    writeOptRecord(opt, 0, e);
    opt[6] = tc.edns.version ?? 0; // the OPT writer always says version 0
    w.bytes(opt);
  }
  return Buffer.from(w.view());
}

function typeNumber(text: string): number {
  const t = typeFromString(text);
  if (t === undefined) throw new Error(`unknown type ${text}`);
  return t;
}

function classNumber(text: string): number {
  const c = classFromString(text);
  if (c === undefined) throw new Error(`unknown class ${text}`);
  return c;
}

/** "198.51.100.0/24" as an ECS option of a query (scope 0, address cut to the prefix). */
function subnet(text: string): ClientSubnet {
  const [address, prefix] = text.split("/") as [string, string];
  const v6 = address.includes(":");
  const sourcePrefix = Number(prefix);
  const bytes = rdataToWire(v6 ? RRType.AAAA : RRType.A, { address }).slice(0, Math.ceil(sourcePrefix / 8));
  if (sourcePrefix % 8) bytes[bytes.length - 1]! &= 0xff << (8 - (sourcePrefix % 8));
  return { family: v6 ? 2 : 1, sourcePrefix, scopePrefix: 0, address: bytes };
}

const OPTION_NAMES = new Map<number, string>(Object.entries(EdnsOption).map(([name, code]) => [code, name]));

const FLAG_NAMES: Array<[string, number]> = [
  ["qr", Flag.QR],
  ["aa", Flag.AA],
  ["tc", Flag.TC],
  ["rd", Flag.RD],
  ["ra", Flag.RA],
  ["ad", Flag.AD],
  ["cd", Flag.CD],
];

function flagsText(flags: number): string {
  return FLAG_NAMES.filter(([, bit]) => flags & bit)
    .map(([name]) => name)
    .join(" ");
}

/** Records as sorted lines of canonical zone text, the form rows are written in. */
export function recordLines(rrs: readonly RR[]): string[] {
  return rrs
    .map((rr) => `${rr.name} ${rr.ttl} ${classToString(rr.class)} ${typeToString(rr.type)} ${rdataToText(rr.type, rr.data)}`)
    .sort();
}

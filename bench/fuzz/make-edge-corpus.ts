/**
 * Writes fixtures/fuzz/wire/edge-*.bin: hand-built queries for each way the pre-parser
 * turns a message away (each FORMERR reason, NOTIMP with a broken body, the short drop) and
 * the rarer shapes it accepts (the root, an answer record with a compressed owner, cookies,
 * an uppercase or 8-bit name; one response with an ECS scope), so the corpus alone reaches every branch of query.ts and the
 * option decoding in edns.ts. The recorded dig/kdig/Knot corpus (make-corpus.ts) holds only
 * well-formed messages.
 *
 *     node --conditions=source --import tsx bench/fuzz/make-edge-corpus.ts
 */
import { readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CORPUS_DIR } from "./corpus.js";

const u16 = (n: number) => [n >> 8, n & 0xff];
/** Header: id 0x1234, flags (RD by default), counts. */
const header = (qd: number, an = 0, ns = 0, ar = 0, flags = 0x0100) => [
  0x12,
  0x34,
  ...u16(flags),
  ...u16(qd),
  ...u16(an),
  ...u16(ns),
  ...u16(ar),
];
const name = (...labels: string[]) => [...labels.flatMap((l) => [l.length, ...Buffer.from(l, "latin1")]), 0];
const WWW = name("www", "example", "test");
const question = (qname = WWW, qtype = 1) => [...qname, ...u16(qtype), ...u16(1)];
/** An OPT record (root owner) with the given option list. */
const opt = (options: number[][], owner = [0]) => {
  const rdata = options.flat();
  return [...owner, ...u16(41), ...u16(1232), 0, 0, 0, 0, ...u16(rdata.length), ...rdata];
};
const option = (code: number, data: number[]) => [...u16(code), ...u16(data.length), ...data];
const ECS = 8;
const COOKIE = 10;
const NSID = 3;
const ecs = (family: number, source: number, scope: number, address: number[]) => option(ECS, [...u16(family), source, scope, ...address]);
const bytes = (n: number, v = 0xab) => Array.from({ length: n }, () => v);
const longName = name(...Array.from({ length: 5 }, () => "x".repeat(63)));
/** An A record in the answer section whose owner is `owner`. */
const record = (owner: number[], rdata = [192, 0, 2, 1], type = 1) => [
  ...owner,
  ...u16(type),
  ...u16(1),
  0,
  0,
  0,
  60,
  ...u16(rdata.length),
  ...rdata,
];

const EDGE: Record<string, number[]> = {
  // Dropped: too short for a header.
  short: header(1).slice(0, 11),
  // NOTIMP for an opcode we do not serve, whose body does not parse either.
  "notimp-no-question": header(0, 0, 0, 0, 0x1000),
  "no-question": header(0),
  "two-questions": [...header(2), ...question(), ...question()],
  "qname-past-end": [...header(1), 3, 0x77, 0x77],
  "qname-pointer": [...header(1), 0xc0, 0x0c, ...u16(1), ...u16(1)],
  "qname-reserved-label": [...header(1), 0x41, ...bytes(1), 0, ...u16(1), ...u16(1)],
  "qname-over-255": [...header(1), ...question(longName)],
  "question-cut-off": [...header(1), ...WWW, 0, 1],
  "qtype-opt": [...header(1), ...question(WWW, 41)],
  // Records after the question: names that cannot be skipped, cut-off headers and data.
  "record-name-past-end": [...header(1, 1), ...question()],
  "record-name-pointer-cut": [...header(1, 1), ...question(), 0xc0],
  "record-name-pointer-forward": [...header(1, 1), ...question(), 0xc0, 0xff],
  "record-name-reserved-label": [...header(1, 1), ...question(), 0x80],
  "record-name-over-255": [...header(1, 1), ...question(), ...longName],
  "record-header-cut-off": [...header(1, 1), ...question(), 0, 0, 1, 0, 1, 0],
  "record-data-overrun": [...header(1, 1), ...question(), 0, ...u16(1), ...u16(1), 0, 0, 0, 60, ...u16(100)],
  // An answer record whose owner points back at the question (legal in a query, unusual).
  "answer-pointer": [...header(1, 1), ...question(), ...record([0xc0, 0x0c])],
  "answer-label-owner": [...header(1, 1), ...question(), ...record(name("a"))],
  "opt-in-answer": [...header(1, 1), ...question(), ...opt([])],
  "two-opts": [...header(1, 0, 0, 2), ...question(), ...opt([]), ...opt([])],
  "opt-owner-not-root": [...header(1, 0, 0, 1), ...question(), ...opt([], name("a"))],
  "option-header-cut": [...header(1, 0, 0, 1), ...question(), ...opt([[0, 8]])],
  "option-data-overrun": [...header(1, 0, 0, 1), ...question(), ...opt([[...u16(ECS), ...u16(10), 0, 1]])],
  "ecs-too-short": [...header(1, 0, 0, 1), ...question(), ...opt([option(ECS, [0, 1])])],
  "ecs-family": [...header(1, 0, 0, 1), ...question(), ...opt([ecs(3, 0, 0, [])])],
  "ecs-prefix": [...header(1, 0, 0, 1), ...question(), ...opt([ecs(1, 33, 0, bytes(5, 0))])],
  "ecs-scope": [...header(1, 0, 0, 1), ...question(), ...opt([ecs(1, 24, 8, [192, 0, 2])])],
  "ecs-address-length": [...header(1, 0, 0, 1), ...question(), ...opt([ecs(1, 24, 0, [192, 0, 2, 0])])],
  "ecs-address-bits": [...header(1, 0, 0, 1), ...question(), ...opt([ecs(1, 23, 0, [192, 0, 3])])],
  "ecs-v6-ok": [...header(1, 0, 0, 1), ...question(), ...opt([ecs(2, 56, 0, [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0x01])])],
  "cookie-length": [...header(1, 0, 0, 1), ...question(), ...opt([option(COOKIE, bytes(9))])],
  "cookie-client-and-server": [...header(1, 0, 0, 1), ...question(), ...opt([option(COOKIE, bytes(24))])],
  "cookie-twice": [...header(1, 0, 0, 1), ...question(), ...opt([option(COOKIE, bytes(8)), option(COOKIE, bytes(16, 0xcd))])],
  "nsid-with-data": [...header(1, 0, 0, 1), ...question(), ...opt([option(NSID, [1])])],
  "trailing-data": [...header(1), ...question(), 0],
  // Accepted: the root, an uppercase name, an octet over 0x7f in a label.
  root: [...header(1), ...question([0], 2)],
  uppercase: [...header(1), ...question(name("WWW", "Example", "TEST"))],
  "eight-bit-label": [...header(1), ...question(name("caf\xe9", "example", "test"))],
};

/** Responses for the decoder's side of the option decoding: a response's ECS carries its scope. */
const EDGE_RESPONSES: Record<string, number[]> = {
  "ecs-scope": [...header(1, 1, 0, 1, 0x8500), ...question(), ...record([0xc0, 0x0c]), ...opt([ecs(1, 24, 24, [192, 0, 2])])],
};

const dir = join(CORPUS_DIR, "wire");
for (const f of readdirSync(dir)) if (f.startsWith("edge-")) rmSync(join(dir, f));
for (const [what, b] of Object.entries(EDGE)) writeFileSync(join(dir, `edge-${what}.query.bin`), Uint8Array.from(b));
for (const [what, b] of Object.entries(EDGE_RESPONSES)) writeFileSync(join(dir, `edge-${what}.response.bin`), Uint8Array.from(b));
console.log(`wrote ${Object.keys(EDGE).length + Object.keys(EDGE_RESPONSES).length} edge-*.bin files to ${dir}`);

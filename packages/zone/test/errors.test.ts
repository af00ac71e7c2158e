import { describe, expect, it } from "vitest";
import { parseZone, ZoneError } from "../src/index.js";

const HEAD = `$ORIGIN example.test.
$TTL 3600
@ SOA ns1 hostmaster 1 7200 900 1209600 300
@ NS ns1
ns1 A 192.0.2.53
`; // 5 lines, so the first body line is line 6

function reject(text: string): ZoneError {
  try {
    parseZone(text, { origin: "example.test.", file: "bad.zone" });
  } catch (e) {
    if (e instanceof ZoneError) return e;
    throw e;
  }
  throw new Error("zone was accepted");
}

// [case, zone text, code, message (including file:line)]
const cases: Array<[string, string, string, string]> = [
  ["unknown type", HEAD + "www FOO 1", "UNKNOWN_TYPE", 'bad.zone:6: unknown type "FOO"'],
  ["meta type", HEAD + "www ANY \\# 0", "UNKNOWN_TYPE", "bad.zone:6: type ANY cannot appear in zone data"],
  ["bad TTL unit", HEAD + "www 1x A 192.0.2.1", "BAD_TTL", 'bad.zone:6: bad TTL "1x"'],
  ["TTL too large", HEAD + "www 4294967296 A 192.0.2.1", "BAD_TTL", 'bad.zone:6: bad TTL "4294967296"'],
  ["bad $TTL", "$TTL forever\n" + HEAD, "BAD_TTL", 'bad.zone:1: bad $TTL "forever"'],
  ["bad A rdata", HEAD + "www A 192.0.2.256", "BAD_RDATA", 'bad.zone:6: bad A rdata: A address: "192.0.2.256" is not an IPv4 address'],
  ["missing MX field", HEAD + "www MX 10", "BAD_RDATA", "bad.zone:6: bad MX rdata: MX: missing exchange"],
  ["extra rdata", HEAD + "www A 192.0.2.1 192.0.2.2", "BAD_RDATA", 'bad.zone:6: bad A rdata: A: unexpected extra text "192.0.2.2"'],
  [
    "RFC 3597 length mismatch",
    HEAD + "www A \\# 5 c0000201",
    "BAD_RDATA",
    "bad.zone:6: bad A rdata: A: \\# length 5 does not match the 4 octets of hex given",
  ],
  [
    "out-of-zone owner",
    HEAD + "www.other.test. A 192.0.2.1",
    "OUT_OF_ZONE",
    "bad.zone:6: www.other.test. is outside the zone example.test.",
  ],
  [
    "out-of-zone $ORIGIN",
    HEAD + "$ORIGIN other.test.\nwww A 192.0.2.1",
    "OUT_OF_ZONE",
    "bad.zone:7: www.other.test. is outside the zone example.test.",
  ],
  ["missing SOA", "$TTL 1\n@ NS ns1\nns1 A 192.0.2.1", "NO_SOA", "bad.zone:2: zone example.test. has no SOA record"],
  [
    "two SOAs",
    HEAD + "@ SOA ns1 hostmaster 2 7200 900 1209600 300",
    "MULTIPLE_SOA",
    "bad.zone:6: more than one SOA record at example.test.",
  ],
  [
    "SOA below the apex",
    HEAD + "sub SOA ns1 hostmaster 1 2 3 4 5",
    "SOA_NOT_AT_APEX",
    "bad.zone:6: SOA at sub.example.test., not at the zone apex example.test.",
  ],
  [
    "no apex NS",
    "$TTL 1\n@ SOA ns1 h 1 2 3 4 5\nns1 A 192.0.2.1",
    "NO_APEX_NS",
    "bad.zone:2: zone example.test. has no NS records at the apex",
  ],
  [
    "CNAME beside other data",
    HEAD + "www A 192.0.2.1\nwww CNAME ns1",
    "CNAME_CONFLICT",
    "bad.zone:7: CNAME and A at www.example.test.: a CNAME cannot have other data",
  ],
  ["two CNAMEs", HEAD + "www CNAME a\nwww CNAME b", "CNAME_CONFLICT", "bad.zone:7: more than one CNAME at www.example.test."],
  [
    "CNAME at the apex",
    HEAD + "@ CNAME other.test.",
    "CNAME_CONFLICT",
    "bad.zone:6: CNAME and SOA at example.test.: a CNAME cannot have other data",
  ],
  ["two DNAMEs", HEAD + "d DNAME a.test.\nd DNAME b.test.", "DNAME_CONFLICT", "bad.zone:7: more than one DNAME at d.example.test."],
  [
    "DNAME beside NS below the apex",
    HEAD + "d NS ns.other.test.\nd DNAME a.test.",
    "DNAME_CONFLICT",
    "bad.zone:7: DNAME and NS at d.example.test.: only the apex may have both (RFC 6672 2.3)",
  ],
  [
    "data below a cut",
    HEAD + "child NS ns.other.test.\nwww.child TXT x",
    "OCCLUDED",
    "bad.zone:7: TXT at www.child.example.test. is below the delegation at child.example.test. (only A/AAAA glue may be there)",
  ],
  [
    "data at a cut",
    HEAD + "child NS ns.other.test.\nchild MX 10 mail",
    "OCCLUDED",
    "bad.zone:7: MX at child.example.test. is occluded by the delegation there",
  ],
  [
    "nested delegation",
    HEAD + "child NS ns.other.test.\ngrand.child NS ns.other.test.",
    "OCCLUDED",
    "bad.zone:7: NS at grand.child.example.test. is below the delegation at child.example.test. (only A/AAAA glue may be there)",
  ],
  [
    "data below a DNAME",
    HEAD + "d DNAME a.test.\nx.d A 192.0.2.1",
    "OCCLUDED",
    "bad.zone:7: x.d.example.test. is occluded by the DNAME at d.example.test.",
  ],
  ["unbalanced )", HEAD + "www A 192.0.2.1 )", "UNBALANCED_PARENS", 'bad.zone:6: ")" without a matching "("'],
  ["unclosed (", HEAD + "www TXT ( a\n b\n", "UNBALANCED_PARENS", 'bad.zone:6: "(" is never closed'],
  ["unterminated quote", HEAD + 'www TXT "abc\nnext A 192.0.2.1', "UNTERMINATED_QUOTE", "bad.zone:6: unterminated quoted string"],
  [
    "$INCLUDE of a missing file",
    HEAD + "$INCLUDE /nonexistent/dnsteer.inc",
    "INCLUDE_FAILED",
    'bad.zone:6: $INCLUDE file "/nonexistent/dnsteer.inc" not found (looked for /nonexistent/dnsteer.inc)',
  ],
  ["unknown directive", HEAD + "$GENERATE 1-2 x$ A 192.0.2.$", "BAD_DIRECTIVE", "bad.zone:6: unsupported directive $GENERATE"],
  ["blank owner with nothing before", "  A 192.0.2.1", "SYNTAX", "bad.zone:1: record has no owner name and there is no previous owner"],
  ["owner without type", HEAD + "www 300", "SYNTAX", "bad.zone:6: record for www.example.test. has no type"],
  ["other class", HEAD + "www CH A 192.0.2.1", "BAD_CLASS", "bad.zone:6: class CH differs from the zone's class IN"],
  ["bad owner name", HEAD + "a..b A 192.0.2.1", "BAD_NAME", 'bad.zone:6: bad owner name "a..b": empty label in "a..b"'],
  ["no TTL anywhere", "www A 192.0.2.1\n" + HEAD, "NO_TTL", "bad.zone:1: record has no TTL and there is no $TTL"],
];

describe("parseZone rejects a bad zone whole, with file:line", () => {
  it.each(cases)("%s", (_label, text, code, message) => {
    const e = reject(text);
    expect({ code: e.code, message: e.message }).toEqual({ code, message });
    expect(e.file).toBe("bad.zone");
    expect(e.line).toBe(Number(/:(\d+):/.exec(message)![1]));
  });
});

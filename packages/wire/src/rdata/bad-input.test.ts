import { describe, expect, it } from "vitest";
import { typeFromString } from "../constants.js";
import { WireError } from "../errors.js";
import { MessageReader } from "../reader.js";
import { codecFor } from "./registry.js";
import { tok } from "./tokens.test-helper.js";

function textError(typeName: string, text: string): WireError {
  try {
    codecFor(typeFromString(typeName)!).fromText(tok(text), "example.test.");
  } catch (e) {
    if (e instanceof WireError) return e;
    throw e;
  }
  throw new Error(`${typeName} ${text} was accepted`);
}

describe("fromText rejects bad rdata with BAD_RDATA naming the field", () => {
  it.each([
    ["A", "192.0.2", 'A address: "192.0.2" is not an IPv4 address'],
    ["A", "192.0.2.01", 'A address: "192.0.2.01" is not an IPv4 address'],
    ["A", "", "A: missing address"],
    ["AAAA", "2001:db8::1::2", 'AAAA address: "2001:db8::1::2" is not an IPv6 address'],
    ["AAAA", "1:2:3:4:5:6:7", 'AAAA address: "1:2:3:4:5:6:7" is not an IPv6 address'],
    ["AAAA", "1:2:3:4:5:6:7:8::", 'AAAA address: "1:2:3:4:5:6:7:8::" is not an IPv6 address'],
    ["MX", "65536 mail", 'MX preference: expected an integer 0-65535, got "65536"'],
    ["MX", "-1 mail", 'MX preference: expected an integer 0-65535, got "-1"'],
    ["SOA", "ns h 1 2 3 4", "SOA: missing minimum"],
    ["SOA", "ns h 1h 2 3 4 5", 'SOA serial: expected an integer 0-4294967295, got "1h"'],
    ["SOA", "ns h 1 2x 3 4 5", 'SOA refresh: expected seconds or a TTL like 1h30m, got "2x"'],
    ["NS", "a..b", 'NS target: empty label in "a..b"'],
    ["TXT", "", "TXT: needs at least one character-string"],
    ["TXT", '"\\256"', 'TXT string: bad escape "\\256" (need \\DDD with DDD <= 255)'],
    ["TXT", '"\\12x"', 'TXT string: bad escape "\\12x" (need \\DDD with DDD <= 255)'],
    ["HINFO", `"${"x".repeat(256)}" os`, "HINFO cpu: character-string longer than 255 octets"],
    ["CAA", '0 is-sue "x"', 'CAA tag: "is-sue" must be 1-15 letters or digits'],
    ["CAA", '256 issue "x"', 'CAA flags: expected an integer 0-255, got "256"'],
    ["NAPTR", '1 1 "U!" "" "" .', 'NAPTR flags: "!" is not a letter or digit'],
    ["SRV", "0 0 70000 x", 'SRV port: expected an integer 0-65535, got "70000"'],
    ["SVCB", "0 x alpn=h2", "SVCB: AliasMode (priority 0) takes no parameters"],
    ["SVCB", "1 . alpn=h2 alpn=h3", "SVCB: key alpn repeated or out of order"],
    ["SVCB", "1 . mandatory=port", "SVCB mandatory: lists port, which is missing"],
    ["SVCB", "1 . mandatory=mandatory", "SVCB mandatory: must not list mandatory itself"],
    ["SVCB", "1 . port", "SVCB port: needs a value"],
    ["SVCB", "1 . port=http", 'SVCB port: expected an integer 0-65535, got "http"'],
    ["SVCB", "1 . no-default-alpn=x alpn=h2", "SVCB no-default-alpn: takes no value"],
    ["SVCB", "1 . ipv4hint=2001:db8::1", 'SVCB ipv4hint: "2001:db8::1" is not an IPv4 address'],
    ["SVCB", "1 . ech=!!", "SVCB ech: value is not base64"],
    ["SVCB", "1 . key65535=x", 'SVCB param: unknown key "key65535"'],
    ["SVCB", "1 . key007=x", 'SVCB param: unknown key "key007"'],
    ["SVCB", "1 . alpn=h2,,h3", "SVCB alpn: protocol ids must be 1-255 octets"],
    ["TYPE65534", "00ff", 'TYPE65534: unknown type needs RFC 3597 syntax "\\# <length> <hex>"'],
    ["TYPE65534", "\\# 2 0", "TYPE65534: \\# data is not an even number of hex digits"],
    ["TYPE65534", "\\# x", "TYPE65534: \\# must be followed by the rdata length (0-65535)"],
    ["MX", "\\# 3 000a00 ff", "MX: \\# length 3 does not match the 4 octets of hex given"],
    ["MX", "\\# 4 000a0000", "MX: 1 octets left over after the last field"],
  ])("%s %s", (typeName, text, message) => {
    const e = textError(typeName, text);
    expect({ code: e.code, message: e.message }).toEqual({ code: "BAD_RDATA", message });
  });
});

describe("decode rejects bad wire rdata", () => {
  const decode = (typeName: string, hex: string, length = hex.length / 2) =>
    codecFor(typeFromString(typeName)!).decode(new MessageReader(Buffer.from(hex, "hex")), length);
  it.each([
    ["A", "c00002", "BAD_RDATA", "A: rdata of 3 octets is too short for its fields"],
    ["A", "c000020101", "BAD_RDATA", "A: 1 octets left over after the last field"],
    ["TXT", "", "BAD_RDATA", "TXT: rdata of 0 octets is too short for its fields"],
    ["TXT", "05616263", "BAD_RDATA", "TXT: rdata of 4 octets is too short for its fields"],
    ["SVCB", "00010000030002", "BAD_RDATA", "SVCB: rdata of 7 octets is too short for its fields"],
    ["SVCB", "000100000300020050000100020268", "BAD_RDATA", "SVCB: key alpn repeated or out of order"],
    ["HTTPS", "0001000003000100", "BAD_RDATA", "SVCB port: must be 2 octets"],
    ["CAA", "0000", "BAD_RDATA", 'CAA tag: "" must be 1-15 letters or digits'],
  ])("%s %s", (typeName, hex, code, message) => {
    expect(() => decode(typeName, hex)).toThrow(expect.objectContaining({ code, message }));
  });

  it("an rdata length past the end of the message is TRUNCATED, not BAD_RDATA", () => {
    expect(() => decode("A", "c0000201", 6)).toThrow(expect.objectContaining({ code: "TRUNCATED" }));
  });

  it("names may be compressed and point before the rdata", () => {
    // "a." at offset 0, then MX rdata at offset 3: preference 10 + pointer to 0.
    const buf = Buffer.from("016100" + "000a" + "c000", "hex");
    const r = new MessageReader(buf, 3);
    expect(codecFor(15).decode(r, 4)).toEqual({ preference: 10, exchange: "a." });
    expect(r.pos).toBe(7);
  });
});

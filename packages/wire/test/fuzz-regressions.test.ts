import { describe, expect, it } from "vitest";
import { decodeMessage, parseQuery } from "../src/index.js";

/** Inputs the mutation fuzzer (bench/fuzz) found; each failed before its fix. */
const hex = (h: string) => Uint8Array.from(Buffer.from(h, "hex"));

describe("fuzzer findings", () => {
  it("an NS record whose RDLENGTH runs past the message is TRUNCATED (it looped forever, allocating)", () => {
    // A Knot referral cut short: NS rdlength 13, 10 octets left. decodeMessage read undefined octets as labels.
    const msg = hex("f8e580000001000000020004056368696c64076578616d706c6504746573740000020001c00c0002000100000e10000d026e73077369626c696e");
    expect(parseQuery(msg)).toEqual({ kind: "drop", reason: "RESPONSE" });
    expect(() => decodeMessage(msg)).toThrow(expect.objectContaining({ code: "TRUNCATED" }));
  });
});

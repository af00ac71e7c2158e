import { describe, expect, it } from "vitest";
import { MessageReader } from "./reader.js";

const hex = (h: string) => Uint8Array.from(Buffer.from(h.replace(/\s/g, ""), "hex"));

describe("MessageReader", () => {
  it("reads integers big-endian and refuses to read past the end", () => {
    const r = new MessageReader(hex("01 0203 04050607"));
    expect([r.u8(), r.u16(), r.u32()]).toEqual([1, 0x0203, 0x04050607]);
    expect(() => r.u8()).toThrow(expect.objectContaining({ code: "TRUNCATED" }));
  });

  it("honours an end before the buffer end", () => {
    const r = new MessageReader(hex("0102030405"), 1, 3);
    expect(r.u16()).toBe(0x0203);
    expect(r.remaining()).toBe(0);
    expect(() => r.u8()).toThrow(expect.objectContaining({ code: "TRUNCATED" }));
  });

  it("refuses a window past the buffer (found by the fuzzer: an RDLENGTH past the end looped forever)", () => {
    expect(() => new MessageReader(hex("0102"), 0, 3)).toThrow(expect.objectContaining({ code: "TRUNCATED" }));
    expect(() => new MessageReader(hex("0102"), 3, 2)).toThrow(expect.objectContaining({ code: "TRUNCATED" }));
  });

  it("follows a backward pointer and resumes after it", () => {
    // 0: "a.test." ; 8: "www" + pointer to 0 ; 14: 0xff
    const r = new MessageReader(hex("01610474657374 00 03777777 c000 ff"), 8);
    expect(r.name()).toBe("www.a.test.");
    expect(r.pos).toBe(14);
    expect(r.u8()).toBe(0xff);
  });

  it.each([
    ["pointer to itself", "c000", 0, "BAD_POINTER"],
    ["forward pointer", "c002 00", 0, "BAD_POINTER"],
    ["pointer into the middle of a later name", "01 61 c003 01 62 c000", 4, "BAD_POINTER"],
    ["reserved label type 0x40", "41 00", 0, "BAD_LABEL"],
    ["label past the end", "05 6162", 0, "TRUNCATED"],
    ["no terminating zero", "01 61", 0, "TRUNCATED"],
    ["cut-off pointer", "c0", 0, "TRUNCATED"],
  ])("rejects %s", (_label, h, offset, code) => {
    expect(() => new MessageReader(hex(h), offset).name()).toThrow(expect.objectContaining({ code }));
  });

  it("rejects names over 255 octets, even when built from pointers", () => {
    // Names at 0, 65, 131 and 197, each a 63-octet label plus a pointer to the one before:
    // the last is 4 * 64 + 1 = 257 octets long.
    const label = "3f" + "61".repeat(63);
    const buf = hex(label + "00" + label + "c000" + label + "c041" + label + "c083");
    expect(new MessageReader(buf, 131).name()).toHaveLength(3 * 64);
    expect(() => new MessageReader(buf, 197).name()).toThrow(expect.objectContaining({ code: "NAME_TOO_LONG" }));
  });
});

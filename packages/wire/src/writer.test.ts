import { describe, expect, it } from "vitest";
import { MessageReader } from "./reader.js";
import { MessageWriter } from "./writer.js";

const hexOf = (w: MessageWriter) => w.view().toString("hex");

describe("MessageWriter", () => {
  it("compresses a repeated suffix and reads back the same names", () => {
    const w = new MessageWriter(4); // tiny, so the buffer has to grow
    w.name("www.example.test.");
    w.name("mail.example.test.");
    w.name("example.test.");
    expect(hexOf(w)).toBe("03777777076578616d706c6504746573740004" + "6d61696c" + "c004" + "c004");
    const r = new MessageReader(w.view());
    expect([r.name(), r.name(), r.name()]).toEqual(["www.example.test.", "mail.example.test.", "example.test."]);
  });

  it("writes a name whole when asked not to compress, but it can still be a target", () => {
    const w = new MessageWriter();
    w.name("example.test.");
    w.name("a.example.test.", false);
    w.name("a.example.test.");
    expect(hexOf(w)).toBe("076578616d706c65047465737400" + "0161076578616d706c65047465737400" + "c00e");
  });

  it("addCompressionTarget and truncate manage targets", () => {
    const w = new MessageWriter();
    w.u16(0);
    w.bytes(Uint8Array.from(Buffer.from("0474657374 00".replace(" ", ""), "hex")));
    w.addCompressionTarget("test.", 2);
    const mark = w.pos;
    w.name("a.test.");
    expect(w.view().subarray(mark).toString("hex")).toBe("0161c002");
    w.truncate(mark);
    w.name("b.c.test."); // "c.test." was never a target: written as label + pointer to "test."
    w.truncate(mark);
    w.name("x.c.test.");
    expect(w.view().subarray(mark).toString("hex")).toBe("01780163c002");
  });

  it("reserve16/patch16 fill in a length later, and 64 KiB is the limit", () => {
    const w = new MessageWriter();
    const at = w.reserve16();
    w.u32(0xdeadbeef);
    w.patch16(at, w.pos - at - 2);
    expect(hexOf(w)).toBe("0004deadbeef");
    expect(() => w.bytes(new Uint8Array(65535))).toThrow(expect.objectContaining({ code: "NO_SPACE" }));
  });
});

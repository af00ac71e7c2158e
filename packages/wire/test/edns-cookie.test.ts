import { describe, expect, it } from "vitest";
import { decodeOptions, type Edns, optRecordLength, writeOptRecord } from "../src/edns.js";

/** The COOKIE option (RFC 7873) in a response's OPT, and which of several in a query counts. */
describe("COOKIE option", () => {
  const cookie = Uint8Array.from(Buffer.from("2464c4abcf10c957010000005cf79f111f8130c3eee29480", "hex"));

  it("is written in the OPT record and read back", () => {
    const e = { udpSize: 1232, extendedRcode: 0, dnssecOk: false, cookie };
    expect(optRecordLength(e)).toBe(11 + 4 + 24);
    const buf = new Uint8Array(optRecordLength(e));
    expect(writeOptRecord(buf, 0, e)).toBe(buf.length);
    const into: Edns = { udpSize: 0, version: 0, extendedRcode: 0, dnssecOk: false, options: [], nsidRequested: false };
    expect(decodeOptions(buf.subarray(11), into, true)).toBeUndefined();
    expect(Buffer.from(into.cookie!.client).toString("hex")).toBe("2464c4abcf10c957");
    expect(Buffer.from(into.cookie!.server!).toString("hex")).toBe("010000005cf79f111f8130c3eee29480");
  });

  it("of two in a query, the first counts (RFC 7873 5.2)", () => {
    const opt = (data: string) => Buffer.concat([Buffer.from([0, 10, 0, data.length / 2]), Buffer.from(data, "hex")]);
    const into: Edns = { udpSize: 0, version: 0, extendedRcode: 0, dnssecOk: false, options: [], nsidRequested: false };
    expect(decodeOptions(Buffer.concat([opt("1111111111111111"), opt("2222222222222222")]), into)).toBeUndefined();
    expect(Buffer.from(into.cookie!.client).toString("hex")).toBe("1111111111111111");
  });
});

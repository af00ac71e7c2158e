import { buildQuery } from "@dnsteer/wire/testing";
import { describe, expect, it } from "vitest";
import { appendTsig, findTsig, TsigError, TsigKeyring, TsigRcode, tsigKey, verifyTsig } from "../src/index.js";

const key = tsigKey({
  name: "xfr-key",
  algorithm: "hmac-sha256",
  secret: Buffer.from("0123456789abcdef0123456789abcdef").toString("base64"),
});
const other = tsigKey({ name: "other", algorithm: "hmac-sha512", secret: Buffer.from("another secret").toString("base64") });
const keys = new TsigKeyring([key, other]);
const NOW = 1_764_590_000;

function signedQuery(k = key, now = NOW) {
  return appendTsig(buildQuery({ name: "example.test.", qtype: 252 }), k, { now });
}

describe("TSIG (RFC 8945)", () => {
  const rows: Array<{ why: string; msg: () => Uint8Array; now?: number; verdict: string; error?: number }> = [
    { why: "signed and in time", msg: () => signedQuery().message, verdict: "ok" },
    { why: "sha512 key", msg: () => signedQuery(other).message, verdict: "ok" },
    { why: "no TSIG", msg: () => buildQuery({ name: "example.test.", qtype: 252 }), verdict: "unsigned" },
    {
      why: "unknown key",
      msg: () => signedQuery(tsigKey({ name: "nobody", algorithm: "hmac-sha256", secret: "AAAA" })).message,
      verdict: "bad",
      error: TsigRcode.BADKEY,
    },
    {
      why: "same name, other algorithm",
      msg: () => signedQuery({ ...key, algorithm: "hmac-sha1" }).message,
      verdict: "bad",
      error: TsigRcode.BADKEY,
    },
    {
      why: "wrong secret",
      msg: () => signedQuery({ ...key, secret: Buffer.from("wrong") }).message,
      verdict: "bad",
      error: TsigRcode.BADSIG,
    },
    {
      why: "a flipped bit in the question",
      msg: () => {
        const m = Buffer.from(signedQuery().message);
        m[13] = m[13]! ^ 0x20;
        return m;
      },
      verdict: "bad",
      error: TsigRcode.BADSIG,
    },
    { why: "301 s late", msg: () => signedQuery().message, now: NOW + 301, verdict: "bad", error: TsigRcode.BADTIME },
    { why: "300 s early is within fudge", msg: () => signedQuery().message, now: NOW - 300, verdict: "ok" },
  ];
  for (const row of rows) {
    it(row.why, () => {
      const v = verifyTsig(row.msg(), keys, row.now ?? NOW);
      expect(v.kind).toBe(row.verdict);
      if (v.kind === "bad") expect(v.error).toBe(row.error);
    });
  }

  it("a response signed over the request MAC verifies only with that MAC", () => {
    const request = signedQuery();
    const response = Buffer.from(buildQuery({ name: "example.test.", qtype: 252 }));
    response[2] = response[2]! | 0x80;
    const signed = appendTsig(response, key, { now: NOW, priorMac: request.mac });
    expect(verifyTsig(signed.message, keys, NOW, { priorMac: request.mac }).kind).toBe("ok");
    expect(verifyTsig(signed.message, keys, NOW).kind).toBe("bad");
    // the next message of a stream: timers only, over the previous MAC
    const next = appendTsig(response, key, { now: NOW, priorMac: signed.mac, timersOnly: true });
    expect(verifyTsig(next.message, keys, NOW, { priorMac: signed.mac, timersOnly: true }).kind).toBe("ok");
  });

  it("a TSIG that is not the last record is malformed", () => {
    const once = signedQuery().message;
    const twice = appendTsig(once, key, { now: NOW }).message;
    expect(() => findTsig(twice)).toThrow(TsigError);
  });

  it("keys: bad algorithm, bad base64 and duplicates are config errors", () => {
    expect(() => tsigKey({ name: "k", algorithm: "hmac-md5", secret: "AAAA" })).toThrow(/algorithm/);
    expect(() => tsigKey({ name: "k", algorithm: "hmac-sha256", secret: "not base64!" })).toThrow(/base64/);
    expect(() => new TsigKeyring([key, key])).toThrow(/twice/);
  });
});

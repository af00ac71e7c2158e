import { AnswerCountRepo } from "@dnsteer/storage";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Harness, harness } from "./helpers.js";

describe("GET /v1/answers: steered answers per provider and minute", () => {
  let h: Harness;
  let minute = 0;
  const M = 60_000;

  beforeEach(async () => {
    h = await harness();
    minute = Math.floor(h.clock.now() / M) * M - 10 * M;
    // As two responders' flushes store them (apps/dnsteer AnswerHistory).
    new AnswerCountRepo(h.store.db).add([
      { minute, responder: "ns1", provider: "isp-a", a: 5, aaaa: 2 },
      { minute, responder: "ns2", provider: "isp-a", a: 1, aaaa: 0 },
      { minute, responder: "ns1", provider: "isp-b", a: 7, aaaa: 0 },
      { minute: minute + M, responder: "ns1", provider: "isp-a", a: 3, aaaa: 1 },
      { minute: minute - 2 * 3_600_000, responder: "ns1", provider: "isp-b", a: 100, aaaa: 0 }, // before the default hour
    ]);
  });
  afterEach(() => h.close());

  it("sums the responders per minute and provider over the last hour, with totals", async () => {
    const res = await h.call("GET", "/v1/answers", { token: h.reader });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.until).toBe(h.clock.now());
    expect(body.minutes).toEqual([
      { minute, provider: "isp-a", a: 6, aaaa: 2 },
      { minute, provider: "isp-b", a: 7, aaaa: 0 },
      { minute: minute + M, provider: "isp-a", a: 3, aaaa: 1 },
    ]);
    expect(body.totals).toEqual([
      { provider: "isp-a", a: 9, aaaa: 3 },
      { provider: "isp-b", a: 7, aaaa: 0 },
    ]);
  });

  it("takes since, until and provider", async () => {
    const since = minute - 3 * 3_600_000;
    const res = await h.call("GET", `/v1/answers?since=${since + 1234}&until=${minute + M}&provider=isp-b`, { token: h.reader });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      since: Math.floor((since + 1234) / M) * M,
      totals: [{ provider: "isp-b", a: 107, aaaa: 0 }],
    });
  });

  it("400 names the field: since after until, a range over 7 days, a bad provider, an unknown parameter", async () => {
    const now = h.clock.now();
    for (const [url, field] of [
      [`/v1/answers?since=${now + M}`, "query.since"],
      [`/v1/answers?since=${now - 8 * 86_400_000}`, "query.since"],
      ["/v1/answers?provider=-bad", "provider"],
      ["/v1/answers?since=soon", "since"],
      ["/v1/answers?bucket=1", "bucket"],
    ] as const) {
      const res = await h.call("GET", url, { token: h.reader });
      expect(res.statusCode, url).toBe(400);
      expect(res.json().field, url).toContain(field);
    }
  });

  it("401 without a key", async () => {
    expect((await h.call("GET", "/v1/answers", { token: null })).statusCode).toBe(401);
  });
});

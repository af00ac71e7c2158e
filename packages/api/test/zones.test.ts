import { readFileSync, writeFileSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { auditActions, type Harness, harness, zoneText } from "./helpers.js";

describe("zones", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness();
  });
  afterEach(async () => {
    await h.close();
  });

  const serial = async () => (await h.call("GET", "/v1/zones", { token: h.reader })).json().zones[0].serial;

  it("lists zones with serials and shows one, paginated", async () => {
    const list = await h.call("GET", "/v1/zones", { token: h.reader });
    expect(list.statusCode).toBe(200);
    expect(list.json().zones).toEqual([expect.objectContaining({ origin: "example.test.", serial: 1, file: h.zoneFile, recordCount: 4 })]);
    const page = await h.call("GET", "/v1/zones/Example.Test?limit=2&offset=1", { token: h.reader });
    expect(page.statusCode).toBe(200);
    const body = page.json();
    expect(body.records).toMatchObject({ total: 4, offset: 1, limit: 2, nextOffset: 3 });
    expect(body.records.items).toHaveLength(2);
    expect(body.records.items[0]).toMatchObject({ name: "example.test.", type: "NS", data: "ns1.example.test." });
  });

  it("names the field of a bad origin or page", async () => {
    const long = await h.call("GET", `/v1/zones/${"a".repeat(64)}.test.`);
    expect(long.statusCode).toBe(400);
    expect(long.json()).toMatchObject({ error: "bad_request", field: "params.origin" });
    expect(long.json().message).toMatch(/63/);
    const limit = await h.call("GET", "/v1/zones/example.test.?limit=1001");
    expect(limit.json()).toMatchObject({ error: "bad_request", field: "query.limit" });
    expect((await h.call("GET", "/v1/zones/other.test.")).statusCode).toBe(404);
  });

  it("validates text and configured files without serving them", async () => {
    const good = await h.call("POST", "/v1/zones/validate", { token: h.reader, body: { origin: "example.test.", text: zoneText(9) } });
    expect(good.json()).toEqual({ valid: true, zone: { origin: "example.test.", serial: 9, rrsetCount: 4, recordCount: 4 } });
    const bad = await h.call("POST", "/v1/zones/validate", {
      token: h.reader,
      body: { origin: "example.test.", text: zoneText(9, "broken IN A not-an-address\n") },
    });
    expect(bad.json()).toMatchObject({ valid: false, problem: { code: "BAD_RDATA", file: h.zoneFile, line: 7 } });
    const file = await h.call("POST", "/v1/zones/validate", { token: h.reader, body: { file: h.zoneFile } });
    expect(file.json()).toMatchObject({ valid: true, zone: { serial: 1 } });
    const other = await h.call("POST", "/v1/zones/validate", { token: h.reader, body: { file: "/etc/passwd" } });
    expect(other.statusCode).toBe(400);
    expect(other.json()).toMatchObject({ field: "body.file" });
    expect(await serial()).toBe(1);
  });

  it("replaces a zone: the file is written and the new serial served, audited", async () => {
    const res = await h.call("PUT", "/v1/zones/example.test.", { body: { text: zoneText(2, "new A 192.0.2.99\n") } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ origin: "example.test.", serial: 2, recordCount: 5 });
    expect(readFileSync(h.zoneFile, "utf8")).toContain("new A 192.0.2.99");
    expect(await serial()).toBe(2);
    expect(auditActions(h)).toEqual(["zone.replace example.test. by ops"]);
  });

  it("refuses a bad zone with file:line; the file and the served zone stay", async () => {
    const before = h.snapshot();
    const res = await h.call("PUT", "/v1/zones/example.test.", { body: { text: zoneText(3, "www CNAME elsewhere.test.\n") } });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ error: "zone_rejected", field: "body.text", location: { file: h.zoneFile, line: 7 } });
    expect(res.json().message).toMatch(new RegExp(`^${h.zoneFile}:7: `));
    expect(h.snapshot()).toBe(before);
    expect(await serial()).toBe(1);
  });

  it("reloads one zone or all after the file changed; a bad file keeps the old zone serving", async () => {
    writeFileSync(h.zoneFile, zoneText(5));
    const one = await h.call("POST", "/v1/zones/example.test./reload");
    expect(one.json()).toEqual({ origin: "example.test.", reloaded: true, serial: 5, previousSerial: 1 });
    writeFileSync(h.zoneFile, zoneText(6, "bad line without type\n"));
    const broken = await h.call("POST", "/v1/zones/example.test./reload");
    expect(broken.statusCode).toBe(422);
    expect(broken.json()).toMatchObject({ error: "zone_rejected", location: { file: h.zoneFile, line: 7 } });
    const all = await h.call("POST", "/v1/zones/reload");
    expect(all.statusCode).toBe(422);
    expect(all.json()).toMatchObject({
      failed: 1,
      results: [{ origin: "example.test.", reloaded: false, serial: 5, problem: { line: 7 } }],
    });
    expect(await serial()).toBe(5);
    writeFileSync(h.zoneFile, zoneText(7));
    expect((await h.call("POST", "/v1/zones/reload")).json()).toMatchObject({ failed: 0, results: [{ serial: 7, previousSerial: 5 }] });
    expect(auditActions(h)).toEqual([
      "zone.reload example.test. by ops",
      "zone.reload example.test. by ops",
      "zone.reload-all * by ops",
      "zone.reload-all * by ops",
    ]);
  });

  it("a replaced zone survives a restart (it is the configured file)", async () => {
    await h.call("PUT", "/v1/zones/example.test.", { body: { text: zoneText(42) } });
    await h.restart();
    expect(await serial()).toBe(42);
  });
});

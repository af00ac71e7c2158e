import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { auditActions, type Harness, harness } from "./helpers.js";

describe("steered names", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness();
  });
  afterEach(async () => {
    await h.close();
  });

  const names = async () => (await h.call("GET", "/v1/steered-names", { token: h.reader })).json().names;

  it("lists the config's names, adds one inside a served zone, removes one; both survive a restart", async () => {
    expect(await names()).toEqual([{ name: "www.example.test.", group: null, origin: "config" }]);
    const put = await h.call("PUT", "/v1/steered-names/API.Example.Test", { body: { group: 3 } });
    expect(put.json()).toEqual({ name: "api.example.test.", group: 3, origin: "api" });
    const del = await h.call("DELETE", "/v1/steered-names/www.example.test.");
    expect(del.json()).toEqual({ name: "www.example.test.", removed: true });
    await h.restart();
    expect(await names()).toEqual([{ name: "api.example.test.", group: 3, origin: "api" }]);
    expect(auditActions(h)).toEqual(["steered-name.put api.example.test. by ops", "steered-name.delete www.example.test. by ops"]);
  });

  it("names the bad field and stores nothing", async () => {
    const before = h.snapshot();
    const cases: [string, unknown, string, RegExp][] = [
      ["/v1/steered-names/www.other.test.", {}, "params.name", /not inside a served zone/],
      [`/v1/steered-names/${"a".repeat(64)}.example.test.`, {}, "params.name", /63/],
      [`/v1/steered-names/${"abcdefghi.".repeat(25)}example.test.`, {}, "params.name", /253/],
      ["/v1/steered-names/a..example.test.", {}, "params.name", /empty label/],
      ["/v1/steered-names/a_b!.example.test.", {}, "params.name", /letters/],
      ["/v1/steered-names/x.example.test.", { group: 32 }, "body.group", /32|31/],
    ];
    for (const [url, body, field, message] of cases) {
      const res = await h.call("PUT", url, { body });
      expect(res.statusCode, url).toBe(400);
      expect(res.json()).toMatchObject({ error: "bad_request", field });
      expect(res.json().message).toMatch(message);
    }
    expect((await h.call("DELETE", "/v1/steered-names/none.example.test.")).statusCode).toBe(404);
    expect(h.snapshot()).toBe(before);
  });
});

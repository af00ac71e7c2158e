import { type RouteSpec, routes } from "@dnsteer/api-contract";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ApiError, buildApi, isLoopback, LocalZones, listenApi } from "../src/index.js";
import { auditActions, type Harness, harness } from "./helpers.js";

/** A concrete URL for a route: each ":param" filled with a value its schema accepts. */
function urlOf(spec: RouteSpec): string {
  const values: Record<string, string> = { origin: "example.test.", name: "isp-a", id: "1" };
  return spec.url.replace(/:(\w+)/g, (_m, p: string) => (spec.url.startsWith("/v1/keys") ? "0123456789abcdef" : values[p]!));
}

describe("authentication and scopes", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness();
  });
  afterEach(async () => {
    await h.close();
  });

  const guarded = Object.entries(routes).filter(([, r]) => r.scope !== "public") as [string, RouteSpec][];
  const admin = guarded.filter(([, r]) => r.scope === "admin");

  it.each(guarded)("%s answers 401 without a key, and stores nothing", async (_id, spec) => {
    const before = h.snapshot();
    const res = await h.call(spec.method, urlOf(spec), { token: null, ...(spec.method === "GET" ? {} : { body: {} }) });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ error: "unauthorized" });
    expect(h.snapshot()).toBe(before);
  });

  it.each(admin)("%s answers 403 to a read-only key, and stores nothing", async (_id, spec) => {
    const before = h.snapshot();
    const res = await h.call(spec.method, urlOf(spec), { token: h.reader, ...(spec.method === "GET" ? {} : { body: {} }) });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ error: "forbidden" });
    expect(h.snapshot()).toBe(before);
  });

  it("accepts the key as Bearer or X-API-Key, and refuses a wrong or revoked one", async () => {
    expect((await h.call("GET", "/v1/zones")).statusCode).toBe(200);
    expect((await h.call("GET", "/v1/zones", { token: null, headers: { "x-api-key": h.reader } })).statusCode).toBe(200);
    const wrong = `${h.reader.slice(0, -4)}AAAA`;
    expect((await h.call("GET", "/v1/zones", { token: wrong })).statusCode).toBe(401);
    expect((await h.call("GET", "/v1/zones", { token: "not-a-token" })).statusCode).toBe(401);
    const id = h.reader.split("_")[1]!;
    expect((await h.call("DELETE", `/v1/keys/${id}`)).statusCode).toBe(200);
    expect((await h.call("GET", "/v1/zones", { token: h.reader })).statusCode).toBe(401);
  });

  it("stores only a hash of each key", () => {
    const rows = h.store.db.prepare("SELECT * FROM api_keys").all() as Record<string, unknown>[];
    const text = JSON.stringify(rows, (_k, v) => (Buffer.isBuffer(v) ? v.toString("hex") : v));
    expect(rows).toHaveLength(2);
    // The secret is everything after "<prefix>_<id>_": base64url may itself hold "_".
    for (const token of [h.admin, h.reader]) {
      const secret = token.split("_").slice(2).join("_");
      expect(secret.length).toBeGreaterThan(20);
      expect(text).not.toContain(secret);
    }
  });

  it("public routes need no key", async () => {
    expect((await h.call("GET", "/health", { token: null })).json()).toMatchObject({ status: "ok" });
    expect((await h.call("GET", "/ready", { token: null })).statusCode).toBe(200);
    expect((await h.call("GET", "/openapi.json", { token: null })).statusCode).toBe(200);
  });
});

describe("failed-authentication rate limit", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness({ authFailures: { max: 10, windowMs: 60_000 } });
  });
  afterEach(async () => {
    await h.close();
  });

  it("answers 429 after 10 failures from one address, even to a good key, until the window ends", async () => {
    for (let i = 0; i < 10; i++) expect((await h.call("GET", "/v1/zones", { token: "dnsteer_0000000000000000_bad" })).statusCode).toBe(401);
    const limited = await h.call("GET", "/v1/zones");
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toMatchObject({ error: "too_many_requests" });
    expect(Number(limited.headers["retry-after"])).toBeGreaterThan(0);
    h.clock.t += 60_000;
    expect((await h.call("GET", "/v1/zones")).statusCode).toBe(200);
  });

  it("a good key never counts as a failure", async () => {
    for (let i = 0; i < 30; i++) expect((await h.call("GET", "/v1/zones")).statusCode).toBe(200);
  });
});

describe("request limits", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness({ bodyLimitBytes: 4096 });
  });
  afterEach(async () => {
    await h.close();
  });

  it("refuses a body over the limit with 413 and stores nothing", async () => {
    const before = h.snapshot();
    const res = await h.call("PUT", "/v1/zones/example.test.", { body: { text: "x".repeat(10_000) } });
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ error: "payload_too_large" });
    expect(h.snapshot()).toBe(before);
  });

  it("refuses a body that is not JSON with 415", async () => {
    const res = await h.call("PUT", "/v1/policy", { body: "mode=cost", headers: { "content-type": "text/plain" } });
    expect(res.statusCode).toBe(415);
    expect(res.json()).toMatchObject({ error: "unsupported_media_type" });
  });

  it("names the field of malformed JSON", async () => {
    const res = await h.call("PUT", "/v1/policy", { body: "{", headers: { "content-type": "application/json" } });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: "bad_request", field: "body" });
  });

  it("refuses a body sent to a route that takes none", async () => {
    const before = h.snapshot();
    const res = await h.call("POST", "/v1/providers/isp-a/drain", { body: { force: true } });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: "bad_request", field: "body" });
    expect(h.snapshot()).toBe(before);
  });

  it("an unknown route is a 404 in the same error shape", async () => {
    const res = await h.call("GET", "/v1/nothing");
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ error: "not_found" });
  });
});

describe("listening", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness();
  });
  afterEach(async () => {
    await h.close();
  });

  it("tells loopback addresses from others", () => {
    for (const a of ["127.0.0.1", "127.1.2.3", "::1", "::ffff:127.0.0.1", "localhost"]) expect(isLoopback(a)).toBe(true);
    for (const a of ["0.0.0.0", "::", "192.0.2.1", "2001:db8::1", "example.test"]) expect(isLoopback(a)).toBe(false);
  });

  it("refuses a non-loopback address while no key exists", async () => {
    h.store.db.prepare("UPDATE api_keys SET revoked_at = 1").run();
    const app = buildApi({ store: h.store, zones: new LocalZones(h.config.zones, h.clock), config: h.config, clock: h.clock });
    await expect(listenApi(app, { host: "0.0.0.0", port: 0 })).rejects.toThrow(ApiError);
    await expect(listenApi(app, { host: "0.0.0.0", port: 0 })).rejects.toThrow(/without an API key/);
    await app.close();
  });

  it("listens on 127.0.0.1 by default and answers over a real socket", async () => {
    const address = await listenApi(h.app, { port: 0 });
    expect(address).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await fetch(`${address}/v1/zones`, { headers: { authorization: `Bearer ${h.reader}` } });
    expect(res.status).toBe(200);
    expect(auditActions(h)).toEqual([]);
  });
});

import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Harness, harness } from "./helpers.js";

const SECRET = "c2VjcmV0LW9mLTE2LW9jdGV0cyE="; // "secret-of-16-octets!" (20 octets)
const CONFIG_KEY = { name: "from-config.", algorithm: "hmac-sha512", secret: "Y29uZmlnLWtleS1zZWNyZXQ=" };

describe("TSIG keys through the API", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness({}, { tsig: [CONFIG_KEY] });
  });
  afterEach(async () => {
    await h.close();
  });

  it("adds a key with a given secret, lists names and algorithms only, deletes it; audited without the secret", async () => {
    const created = await h.call("POST", "/v1/tsig-keys", { body: { name: "Xfr.Key.", algorithm: "hmac-sha256", secret: SECRET } });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toEqual({ name: "xfr.key", algorithm: "hmac-sha256", origin: "api", createdAt: h.clock.t, secret: SECRET });
    const list = await h.call("GET", "/v1/tsig-keys");
    expect(list.json()).toEqual({
      keys: [
        { name: "from-config", algorithm: "hmac-sha512", origin: "config", createdAt: null },
        { name: "xfr.key", algorithm: "hmac-sha256", origin: "api", createdAt: h.clock.t },
      ],
    });
    expect(list.body).not.toContain(SECRET);
    expect(list.body).not.toContain(CONFIG_KEY.secret);
    const deleted = await h.call("DELETE", "/v1/tsig-keys/xfr.key.");
    expect(deleted.statusCode).toBe(200);
    expect((await h.call("GET", "/v1/tsig-keys")).json().keys.map((k: { name: string }) => k.name)).toEqual(["from-config"]);
    const audit = await h.call("GET", "/v1/audit");
    expect(audit.json().items.map((e: { action: string; target: string }) => [e.action, e.target])).toEqual([
      ["tsig-key.delete", "xfr.key"],
      ["tsig-key.create", "xfr.key"],
    ]);
    expect(audit.body).not.toContain(SECRET);
  });

  it("makes a secret of the hash's length when none is given, and answers it this once", async () => {
    const created = await h.call("POST", "/v1/tsig-keys", { body: { name: "made", algorithm: "hmac-sha384" } });
    expect(created.statusCode).toBe(201);
    expect(Buffer.from(created.json().secret, "base64")).toHaveLength(48);
    expect((await h.call("GET", "/v1/tsig-keys")).body).not.toContain(created.json().secret);
  });

  it("400 naming the field for a bad algorithm, secret or name; nothing stored", async () => {
    const before = h.snapshot();
    const bad = async (body: unknown) => (await h.call("POST", "/v1/tsig-keys", { body })).json();
    expect(await bad({ name: "k", algorithm: "hmac-md5", secret: SECRET })).toMatchObject({
      error: "bad_request",
      field: "body.algorithm",
    });
    expect(await bad({ name: "k", algorithm: "hmac-sha256", secret: "not base64!" })).toMatchObject({
      error: "bad_request",
      field: "body.secret",
    });
    expect(await bad({ name: "k", algorithm: "hmac-sha256", secret: "c2hvcnQ=" })).toMatchObject({ field: "body.secret" }); // 5 octets
    expect(await bad({ name: "a..b", algorithm: "hmac-sha256" })).toMatchObject({ field: "body.name" });
    expect(await bad({ name: "k", algorithm: "hmac-sha256", extra: 1 })).toMatchObject({ error: "bad_request" });
    expect(h.snapshot()).toBe(before);
    expect(h.store.db.prepare("SELECT count(*) AS n FROM tsig_keys").get()).toEqual({ n: 0 });
  });

  it("409 for a name already taken (by the config or the API), 404 deleting an unknown key; config keys stay", async () => {
    await h.call("POST", "/v1/tsig-keys", { body: { name: "k1", algorithm: "hmac-sha256", secret: SECRET } });
    const again = await h.call("POST", "/v1/tsig-keys", { body: { name: "K1.", algorithm: "hmac-sha1" } });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ error: "conflict", field: "body.name" });
    expect((await h.call("POST", "/v1/tsig-keys", { body: { name: "from-config", algorithm: "hmac-sha1" } })).statusCode).toBe(409);
    expect((await h.call("DELETE", "/v1/tsig-keys/from-config")).json()).toMatchObject({ error: "conflict", field: "params.name" });
    expect((await h.call("DELETE", "/v1/tsig-keys/nope")).statusCode).toBe(404);
  });

  it("needs an admin key, even to list", async () => {
    expect((await h.call("GET", "/v1/tsig-keys", { token: h.reader })).statusCode).toBe(403);
    expect((await h.call("POST", "/v1/tsig-keys", { token: h.reader, body: { name: "k", algorithm: "hmac-sha256" } })).statusCode).toBe(
      403,
    );
  });
});

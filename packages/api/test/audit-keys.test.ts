import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { auditActions, type Harness, harness } from "./helpers.js";

describe("audit log", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness();
  });
  afterEach(async () => {
    await h.close();
  });

  it("records who changed what, newest first, readable with a read key; filters by action", async () => {
    await h.call("POST", "/v1/providers/isp-a/drain");
    await h.call("PUT", "/v1/policy", { body: { marginMs: 3 } });
    const res = await h.call("GET", "/v1/audit", { token: h.reader });
    expect(res.statusCode).toBe(200);
    const page = res.json();
    expect(page.total).toBe(2);
    expect(page.items[0]).toMatchObject({
      action: "policy.set",
      keyName: "ops",
      keyId: h.admin.split("_")[1],
      remote: "127.0.0.1",
      after: { marginMs: 3 },
    });
    expect(page.items[1]).toMatchObject({
      action: "provider.drain",
      target: "isp-a",
      before: { drained: false },
      after: { drained: true },
    });
    expect((await h.call("GET", "/v1/audit?action=provider.drain", { token: h.reader })).json().total).toBe(1);
    expect((await h.call("GET", "/v1/audit?keyId=zz", { token: h.reader })).json()).toMatchObject({ field: "query.keyId" });
  });

  it("is append-only in the store itself", () => {
    h.store.admin.change({ keyId: "0000000000000000", keyName: "t", remote: "::1" }, () => ({
      result: null,
      audit: { action: "x", target: "y", before: null, after: null },
    }));
    expect(() => h.store.db.prepare("UPDATE audit_log SET action = 'z'").run()).toThrow(/append-only/);
    expect(() => h.store.db.prepare("DELETE FROM audit_log").run()).toThrow(/append-only/);
  });
});

describe("API keys", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness();
  });
  afterEach(async () => {
    await h.close();
  });

  it("creates a key whose token works once shown; lists keys without tokens; audits without secrets", async () => {
    const created = await h.call("POST", "/v1/keys", { body: { name: "ci", scope: "read" } });
    expect(created.statusCode).toBe(201);
    const { id, token } = created.json();
    expect(token).toMatch(/^dnsteer_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    expect((await h.call("GET", "/v1/zones", { token })).statusCode).toBe(200);
    const list = await h.call("GET", "/v1/keys");
    expect(list.json().keys).toHaveLength(3);
    expect(list.body).not.toContain(token);
    const audit = JSON.stringify(h.store.admin.audit.page({ limit: 10, offset: 0 }));
    expect(audit).toContain(id);
    // The secret is everything after "dnsteer_<id>_": base64url may itself hold "_" (split("_") once
    // gave "" for a secret starting with one, and every string contains "").
    const secret = token.slice(`dnsteer_${id}_`.length);
    expect(secret).toHaveLength(43);
    expect(audit).not.toContain(secret);
    expect(auditActions(h)).toEqual([`key.create ${id} by ops`]);
  });

  it("revokes a key, but never the last admin key", async () => {
    const adminId = h.admin.split("_")[1];
    const last = await h.call("DELETE", `/v1/keys/${adminId}`);
    expect(last.statusCode).toBe(409);
    expect((await h.call("GET", "/v1/zones")).statusCode).toBe(200);
    const second = (await h.call("POST", "/v1/keys", { body: { name: "ops2", scope: "admin" } })).json();
    expect((await h.call("DELETE", `/v1/keys/${adminId}`, { token: second.token })).json()).toMatchObject({
      id: adminId,
      revokedAt: h.clock.now(),
    });
    expect((await h.call("GET", "/v1/zones")).statusCode).toBe(401);
    expect((await h.call("DELETE", `/v1/keys/${adminId}`, { token: second.token })).statusCode).toBe(404);
  });

  it("names the bad field", async () => {
    expect((await h.call("POST", "/v1/keys", { body: { name: "", scope: "read" } })).json()).toMatchObject({ field: "body.name" });
    expect((await h.call("POST", "/v1/keys", { body: { name: "x", scope: "root" } })).json()).toMatchObject({ field: "body.scope" });
    expect((await h.call("DELETE", "/v1/keys/xyz")).json()).toMatchObject({ field: "params.id" });
  });
});

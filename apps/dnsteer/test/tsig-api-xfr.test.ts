import type { ChildProcess } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildApi, createApiKey, LocalZones } from "@dnsteer/api";
import { fixturesDir, loadConfig } from "@dnsteer/config";
import { Store } from "@dnsteer/storage";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { storePath } from "../src/commands/db.js";
import { run, serveOnFreePort, stop } from "./run.js";

/**
 * A TSIG key added through the admin API is used by a running `dnsteer serve` from the next
 * transfer on, with no restart and no reload: kdig's AXFR signed with it is refused (BADKEY)
 * before, transferred after, refused again once the key is deleted.
 */
let child: ChildProcess;
let port: number;
let store: Store;
let app: FastifyInstance;
let token: string;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), "dnsteer-tsig-api-"));
  const config = join(dir, "dnsteer.json");
  ({ child, port } = await serveOnFreePort((port) => {
    writeFileSync(
      config,
      JSON.stringify({
        listen: [{ address: "127.0.0.1", port }],
        zones: [{ file: join(fixturesDir, "zones/example.test.zone"), origin: "example.test.", transfer: { allow: ["127.0.0.1"] } }],
        dataDir: dir,
      }),
    );
    return ["--config", config];
  }));
  const loaded = loadConfig(config);
  store = Store.open(storePath(dir));
  const clock = { now: () => Date.now() };
  app = buildApi({ store, zones: new LocalZones(loaded.zones, clock), config: loaded, clock }, { dashboard: false });
  token = createApiKey(store, "test", "admin", clock.now()).token;
});
afterAll(async () => {
  await app?.close();
  store?.close();
  await stop(child);
});

const SECRET = "ZG5zdGVlci10c2lnLWFwaS10ZXN0LXNlY3JldA=="; // "dnsteer-tsig-api-test-secret"
const axfr = () => run("kdig", ["@127.0.0.1", "-p", String(port), "-y", `hmac-sha256:api-key.:${SECRET}`, "+tcp", "AXFR", "example.test."]);
const call = (method: "POST" | "DELETE", url: string, body?: unknown) =>
  app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, ...(body === undefined ? {} : { payload: body as object }) });

describe("TSIG key from the admin API, used by the running responder", () => {
  it("AXFR signed with a key the server does not know: BADKEY; added through the API: transferred; deleted: BADKEY", async () => {
    const before = await axfr();
    expect(before.stdout + before.stderr).toMatch(/BADKEY|NOTAUTH/);
    expect(before.stdout).not.toMatch(/example\.test\.\s+\d+\s+IN\s+SOA/);

    const created = await call("POST", "/v1/tsig-keys", { name: "api-key", algorithm: "hmac-sha256", secret: SECRET });
    expect(created.statusCode).toBe(201);
    const after = await axfr();
    expect(after.code).toBe(0);
    const soas = after.stdout.match(/^example\.test\.\s+\d+\s+IN\s+SOA/gm) ?? [];
    expect(soas).toHaveLength(2); // an AXFR opens and closes with the SOA
    expect(after.stdout).toMatch(/api-key\.\s+0\s+ANY\s+TSIG\s+hmac-sha256\./);
    expect(after.stdout + after.stderr).not.toMatch(/BADKEY|BADSIG|NOTAUTH/);

    expect((await call("DELETE", "/v1/tsig-keys/api-key")).statusCode).toBe(200);
    const deleted = await axfr();
    expect(deleted.stdout + deleted.stderr).toMatch(/BADKEY|NOTAUTH/);
  });
});

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Fastify from "fastify";
import { afterAll, describe, expect, it } from "vitest";
import { dashboardPlugin } from "../src/index.js";

const app = Fastify();
app.register(dashboardPlugin, {});
const dir = mkdtempSync(join(tmpdir(), "dnsteer-dash-assets-"));
afterAll(async () => {
  await app.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("dashboardPlugin", () => {
  it("serves the page with a strict content security policy and no secret in it", async () => {
    const res = await app.inject({ url: "/dashboard/" });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(res.headers["content-security-policy"]).toContain("script-src 'self'");
    expect(res.headers["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(res.headers["x-content-type-options"]).toBe("nosniff");
    expect(res.body).toContain('<script type="module" src="./app.js">');
    expect(res.body).not.toMatch(/dnsteer_[0-9a-z]+_[A-Za-z0-9_-]{16,}/);
  });

  it("redirects the bare prefix and serves each asset with its type", async () => {
    expect((await app.inject({ url: "/dashboard" })).headers.location).toBe("/dashboard/");
    expect((await app.inject({ url: "/dashboard/app.js" })).headers["content-type"]).toBe("text/javascript; charset=utf-8");
    expect((await app.inject({ url: "/dashboard/views/matrix.js" })).statusCode).toBe(200);
    expect((await app.inject({ url: "/dashboard/style.css" })).headers["content-type"]).toBe("text/css; charset=utf-8");
  });

  it("serves only the files it loaded: no path outside public/", async () => {
    for (const url of [
      "/dashboard/../package.json",
      "/dashboard/%2e%2e/package.json",
      "/dashboard/..%2fsrc%2fplugin.ts",
      "/dashboard/nope.js",
      "/dashboard/views/",
    ]) {
      expect((await app.inject({ url })).statusCode, url).toBe(404);
    }
  });

  it("refuses a folder without index.html", async () => {
    writeFileSync(join(dir, "app.js"), "");
    const other = Fastify();
    other.register(dashboardPlugin, { assetsDir: dir });
    await expect(other.ready()).rejects.toMatchObject({ code: "no_index" });
  });
});

import { routes } from "@dnsteer/api-contract";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Harness, harness } from "./helpers.js";

describe("OpenAPI document and docs page", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness();
  });
  afterEach(async () => {
    await h.close();
  });

  it("lists every route of the contract, and no other", async () => {
    const doc = (await h.call("GET", "/openapi.json", { token: null })).json();
    expect(doc.openapi).toMatch(/^3\./);
    const listed = Object.entries(doc.paths as Record<string, Record<string, unknown>>)
      .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`))
      .sort();
    const expected = Object.values(routes)
      .map((r) => `${r.method} ${r.url.replace(/:(\w+)/g, "{$1}")}`)
      .sort();
    expect(listed).toEqual(expected);
  });

  it("describes bodies, parameters, answers and security from the schemas", async () => {
    const doc = (await h.call("GET", "/openapi.json", { token: null })).json();
    const patch = doc.paths["/v1/providers/{name}"].patch;
    expect(patch.tags).toEqual(["providers"]);
    expect(patch.security).toEqual([{ apiKey: [] }]);
    expect(patch.parameters).toEqual([expect.objectContaining({ in: "path", name: "name", required: true })]);
    const body = patch.requestBody.content["application/json"].schema;
    expect(body.properties.commitMbps).toMatchObject({ type: "number", minimum: 0, maximum: 10_000_000 });
    expect(Object.keys(patch.responses)).toEqual(expect.arrayContaining(["200", "400", "401", "403"]));
    const limit = doc.paths["/v1/decisions"].get.parameters.find((p: { name: string }) => p.name === "limit");
    expect(limit.schema).toMatchObject({ maximum: 1000 });
    expect(doc.paths["/health"].get.security).toBeUndefined();
  });

  it("serves the docs page (Swagger UI from local files)", async () => {
    const page = await h.call("GET", "/docs/", { token: null });
    expect(page.statusCode).toBe(200);
    expect(page.headers["content-type"]).toMatch(/text\/html/);
    expect(page.body).toContain("swagger-ui");
    expect((await h.call("GET", "/docs/static/swagger-ui-bundle.js", { token: null })).statusCode).toBe(200);
  });
});

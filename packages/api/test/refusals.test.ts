import { type RouteSpec, routes } from "@dnsteer/api-contract";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Harness, harness } from "./helpers.js";

const BAD_PARAM: Record<string, string> = { origin: "a..test", name: "-bad..", id: "zz" };

/** Every change route, fed a bad path parameter (or, without one, a body with an unknown field). */
const changes = Object.entries(routes).filter(([, r]) => r.method !== "GET" && r.scope === "admin") as [string, RouteSpec][];

describe("every change route refuses bad input with a 400 naming the field, and stores nothing", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness();
  });
  afterEach(async () => {
    await h.close();
  });

  it.each(changes)("%s", async (_id, spec) => {
    const before = h.snapshot();
    const params = [...spec.url.matchAll(/:(\w+)/g)].map((m) => m[1]!);
    const url = spec.url.replace(/:(\w+)/g, (_m, p: string) => encodeURIComponent(BAD_PARAM[p]!));
    const res = await h.call(spec.method, url, { body: { bogus: 1 } });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.error).toBe("bad_request");
    if (params.length) expect(body.field).toBe(`params.${params[0]}`);
    else expect(body.field).toMatch(/^body(\.|$)/);
    expect(h.snapshot()).toBe(before);
  });
});

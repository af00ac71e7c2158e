import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { matrixCacheOf } from "../src/views/matrix-cache.js";
import { SOURCES, seed } from "./big-store.js";
import { type Harness, harness } from "./helpers.js";

/**
 * Right after a start on a big store the latency matrix's first build runs a chunk at a time;
 * provider health and activity take their totals from it. The build is held (MatrixCache.hold),
 * so what they answer meanwhile does not depend on speed: "building" at once, the figures after.
 */
describe("provider health and activity while the first matrix build runs", () => {
  let h: Harness;
  let release: () => void;

  beforeEach(async () => {
    h = await harness();
    seed(h.store, h.clock.now() - 60_000);
    release = matrixCacheOf(h.app).hold();
  });
  afterEach(async () => {
    release();
    await h.close();
  });

  it("answers 'building' with progress at once, then the build's figures", async () => {
    const health = await h.call("GET", "/v1/provider-health");
    expect(health.statusCode).toBe(200);
    expect(health.json()).toMatchObject({ providers: [], status: "building", building: { done: 0, expected: 2 * 3 * SOURCES } });
    const activity = await h.call("GET", "/v1/activity?bucketMs=60000");
    expect(activity.statusCode).toBe(200);
    expect(activity.json()).toMatchObject({ shares: [], status: "building", building: { done: 0, expected: 2 * 3 * SOURCES } });
    const matrix = await h.call("GET", "/v1/matrix");
    expect(matrix.json()).toMatchObject({ status: "building", items: [] });
    // Still held: nothing was read, however long the requests above took.
    expect(matrixCacheOf(h.app).state()).toMatchObject({ table: null, building: { done: 0 } });

    release();
    await matrixCacheOf(h.app).idle();

    const after = (await h.call("GET", "/v1/provider-health")).json();
    expect(after).toMatchObject({ status: "ready", building: null });
    const byName = new Map(after.providers.map((p: { name: string }) => [p.name, p]));
    expect(byName.get("isp-a")).toMatchObject({ state: "up", paths: SOURCES, pathsDown: 0 });
    expect(byName.get("isp-b")).toMatchObject({ state: "up", paths: SOURCES, pathsDown: SOURCES / 100 });
    const shares = (await h.call("GET", "/v1/activity?bucketMs=60000")).json();
    expect(shares).toMatchObject({ status: "ready", building: null });
    expect(shares.shares.map((s: { provider: string }) => s.provider)).toEqual(["isp-a", "isp-b"]);
  });

  it("one provider's health has no 'building' answer: it waits for the first build", async () => {
    const pending = h.call("GET", "/v1/providers/isp-a/health");
    let answered = false;
    void pending.then(() => {
      answered = true;
    });
    // The list answers while the single one waits on the held build.
    expect((await h.call("GET", "/v1/provider-health")).json().status).toBe("building");
    expect(answered).toBe(false);
    release();
    expect((await pending).json()).toMatchObject({ name: "isp-a", paths: SOURCES });
  });
});

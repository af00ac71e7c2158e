import { afterEach, describe, expect, it } from "vitest";
import { Store, ZoneReloadRepo } from "../src/index.js";
import { tempDir } from "./helpers.js";

const tmp = tempDir();
afterEach(tmp.cleanup);

describe("zone_reloads (migration 8)", () => {
  it("keeps one row per zone, the last reload replacing the one before, and survives reopening", () => {
    const path = tmp.file();
    const store = Store.open(path);
    const repo = new ZoneReloadRepo(store.db);
    repo.put([
      { origin: "a.test.", file: "/z/a", at: 1, ok: true, serial: 1, records: 5, dataChangedSerialKept: false, error: null },
      { origin: "b.test.", file: "/z/b", at: 1, ok: true, serial: 7, records: 2, dataChangedSerialKept: false, error: null },
    ]);
    repo.put([
      {
        origin: "a.test.",
        file: "/z/a",
        at: 2,
        ok: false,
        serial: 1,
        records: 5,
        dataChangedSerialKept: false,
        error: { message: "bad TTL", file: "/z/a.inc", line: 12 },
      },
      { origin: "b.test.", file: "/z/b", at: 2, ok: true, serial: 7, records: 3, dataChangedSerialKept: true, error: null },
    ]);
    store.close();
    const reopened = Store.open(path, { readonly: true });
    expect(new ZoneReloadRepo(reopened.db).list()).toEqual([
      {
        origin: "a.test.",
        file: "/z/a",
        at: 2,
        ok: false,
        serial: 1,
        records: 5,
        dataChangedSerialKept: false,
        error: { message: "bad TTL", file: "/z/a.inc", line: 12 },
      },
      { origin: "b.test.", file: "/z/b", at: 2, ok: true, serial: 7, records: 3, dataChangedSerialKept: true, error: null },
    ]);
    reopened.close();
  });
});

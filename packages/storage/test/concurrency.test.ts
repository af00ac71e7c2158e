import { afterEach, describe, expect, it } from "vitest";
import { Store } from "../src/index.js";
import { decision, provider, tempDir } from "./helpers.js";

const tmp = tempDir();
afterEach(() => tmp.cleanup());

describe("a reader while a writer writes (WAL)", () => {
  it("sees whole batches only, never blocks, and notices changes through the version counters", () => {
    const path = tmp.file();
    const writer = Store.open(path);
    const reader = Store.open(path);
    writer.syncProviders([provider("a")]);
    const dv0 = reader.dataVersion();
    const sample = { source: "192.0.2.1", provider: "a", kind: "icmp" as const, family: 4 as const, rttUs: 1, at: 1 };

    // The reader holds an open read transaction while the writer commits: WAL lets both proceed.
    reader.db.exec("BEGIN");
    const before = reader.countSamples();
    for (let i = 0; i < 20; i++) writer.recordBatch(Array.from({ length: 50 }, () => sample));
    expect(reader.countSamples()).toBe(before); // snapshot isolation inside the read transaction
    reader.db.exec("COMMIT");
    expect(reader.countSamples()).toBe(1000);
    expect(reader.dataVersion()).not.toBe(dv0);

    const v = reader.decisionsVersion();
    writer.putDecisions([decision("192.0.2.0/24", "a")], 1);
    expect(reader.decisionsVersion()).toBe(v + 1);
    writer.close();
    reader.close();
  });
});

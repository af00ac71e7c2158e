// The differential harness must be able to fail: Knot against itself gives no mismatch, and
// Knot against a Knot whose zone differs in one TTL flags exactly the queries that see it.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type RunningKnot, startKnot } from "../../../../fixtures/peers/knot.js";
import type { Target } from "./client.js";
import { vary, zoneQueries } from "./generate.js";
import { buildModel, transferZone } from "./inventory.js";
import { isMismatch, report } from "./report.js";
import { runDifferential } from "./run.js";

const origin = "example.test.";
const file = fileURLToPath(new URL("../../../../fixtures/zones/example.test.zone", import.meta.url));
let dir: string;
let a: RunningKnot;
let b: RunningKnot;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "dnsteer-harness-"));
  const changed = join(dir, "example.test.zone");
  // mail's A inherits $TTL 3600; give it 3599 in the copy.
  const text = readFileSync(file, "utf8").replace(/^mail(\s+)A /m, "mail$1 3599 A ");
  expect(text).toContain("3599 A ");
  writeFileSync(changed, text);
  [a, b] = await Promise.all([
    startKnot({ zones: [{ origin, file }], allowTransfer: true }),
    startKnot({ zones: [{ origin, file: changed }] }),
  ]);
});

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  rmSync(dir, { recursive: true, force: true });
});

it("finds no difference between Knot and itself, and every query that sees a changed TTL", async () => {
  const ta: Target = { label: "knot-a", address: a.address, port: a.port };
  const tb: Target = { label: "knot-b", address: b.address, port: b.port };
  const model = buildModel(origin, await transferZone(ta, origin));
  const queries = vary(zoneQueries(model));
  const same = await runDifferential(queries, ta, ta, [], [model]);
  expect(same.filter(isMismatch).length, report(same)).toBe(0);
  const changed = (await runDifferential(queries, ta, tb, [], [model])).filter(isMismatch);
  expect(changed.length).toBeGreaterThan(0);
  // mail.example.test. A is the apex MX target (additional) and the name itself.
  for (const o of changed)
    expect([o.query.name.toLowerCase(), ...(o.knot?.additional ?? [])].join(" "), report(changed)).toContain("mail.example.test.");
});

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { LocalZones } from "../src/zones/local-zones.js";

const dir = mkdtempSync(join(tmpdir(), "dnsteer-api-serial-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const text = (serial: number, www: string) =>
  `$ORIGIN example.test.\n$TTL 300\n@ SOA ns1 hostmaster ( ${serial} ; serial\n 3600 600 86400 60 )\n@ NS ns1\nns1 A 192.0.2.53\nwww A ${www}\n`;
const clock = { now: () => 1_764_590_000_000 };

describe("zones[].serial: the serial of a zone edited through the API", () => {
  const rows: Array<{ policy: "keep" | "increment" | "unixtime"; edit: [number, string]; served: number }> = [
    { policy: "keep", edit: [7, "192.0.2.11"], served: 7 },
    { policy: "increment", edit: [7, "192.0.2.11"], served: 8 },
    { policy: "increment", edit: [7, "192.0.2.10"], served: 7 }, // same data: nothing to manage
    { policy: "unixtime", edit: [7, "192.0.2.11"], served: 1_764_590_000 },
    { policy: "unixtime", edit: [9, "192.0.2.11"], served: 1_764_590_000 },
  ];
  for (const [i, row] of rows.entries()) {
    it(`${row.policy}: edit with serial ${row.edit[0]} and www ${row.edit[1]} is served as ${row.served}`, async () => {
      const file = join(dir, `z${i}.zone`);
      writeFileSync(file, text(7, "192.0.2.10"));
      const zones = new LocalZones([{ file, origin: "example.test.", serial: row.policy }], clock);
      const outcome = await zones.replace("example.test.", text(...row.edit));
      expect(outcome).toMatchObject({ ok: true, zone: { serial: row.served } });
      expect(readFileSync(file, "utf8")).toBe(text(row.served, row.edit[1])); // written with the serial it is served with, layout kept
    });
  }
});

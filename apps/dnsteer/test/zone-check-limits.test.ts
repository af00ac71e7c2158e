import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BIN, run } from "./run.js";

/**
 * Issue 11's zone-file findings as an operator meets them: `dnsteer zone check` rejects what no
 * DNS message can carry at the file:line of the record, in one line, without a stack trace
 * (before, such a TXT set passed the check and every query for it was SERVFAIL).
 */
const dir = mkdtempSync(join(tmpdir(), "dnsteer-zone-check-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HEAD = "$ORIGIN limits.test.\n$TTL 300\n@ SOA ns hostmaster 1 2 3 4 5\n@ NS ns\nns A 192.0.2.1\n"; // 5 lines

async function check(name: string, body: string): Promise<{ code: number; stdout: string; stderr: string; file: string }> {
  const file = join(dir, name);
  writeFileSync(file, HEAD + body);
  return { ...(await run(BIN, ["zone", "check", file])), file };
}

describe("dnsteer zone check: records no message can carry", () => {
  it("a TXT RRset too large for any message: exit 1 and the file:line of its first record", async () => {
    const set = Array.from({ length: 300 }, (_, i) => `big TXT "${String(i).padStart(3, "0")}${"x".repeat(252)}"\n`).join("");
    const r = await check("rrset.zone", `www A 192.0.2.2\n${set}`);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${r.file}:7: TXT RRset at big.limits.test. (300 records) needs a`);
    expect(r.stderr).toContain("no DNS message is over 65535");
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("a TXT string over 65535 octets: exit 1 and its file:line", async () => {
    const r = await check("string.zone", `huge TXT "${"y".repeat(70000)}"\n`);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${r.file}:6: TXT rdata of 70275 octets: RDATA holds at most 65535`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

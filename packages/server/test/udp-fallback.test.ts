import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { chooseUdpTransport, resolveWorkers } from "../src/udp/choose.js";

/** The transport chosen at start when the addon is (made) unavailable, and the worker count. */
const child = fileURLToPath(new URL("./child/udp-choice.ts", import.meta.url));

function run(mode: string, env: NodeJS.ProcessEnv): Promise<{ choice?: Record<string, unknown>; answered?: boolean; error?: string }> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ["--conditions=source", "--import", "tsx", child, mode],
      { env: { ...process.env, ...env }, timeout: 60_000 },
      (err, stdout, stderr) => {
        if (err) return reject(new Error(`${err.message}\n${stderr}`));
        resolve(JSON.parse(stdout.trim().split("\n").pop()!));
      },
    );
  });
}

describe("the addon forced unavailable (DNSTEER_UDP_ADDON=off), in a process of its own", () => {
  it('"auto" falls back to node:dgram, says why, keeps one worker, and answers', async () => {
    const out = await run("auto", { DNSTEER_UDP_ADDON: "off" });
    expect(out.choice).toMatchObject({ transport: "dgram", workers: 1 });
    expect(out.choice!.reason).toContain("DNSTEER_UDP_ADDON=off");
    expect(out.choice!.workersNote).toContain("SO_REUSEPORT");
    expect(out.answered).toBe(true);
  });

  it('"batch" does not start: the operator asked for the addon', async () => {
    const out = await run("batch", { DNSTEER_UDP_ADDON: "off" });
    expect(out.error).toMatch(/server\.udp is "batch" but the addon does not load: DNSTEER_UDP_ADDON=off/);
  });

  it('without the switch "auto" takes the addon', async () => {
    const out = await run("auto", { DNSTEER_UDP_ADDON: "" });
    expect(out.choice).toMatchObject({ transport: "batch", reason: "the batch addon loaded" });
    expect(out.answered).toBe(true);
  });
});

describe("choosing (pure)", () => {
  const unavailable = () => ({ ok: false as const, reason: "not built" });
  it("dgram never loads the addon", () => {
    const load = () => {
      throw new Error("must not be called");
    };
    expect(chooseUdpTransport("dgram", load)).toEqual({ kind: "dgram", reason: 'server.udp is "dgram"' });
  });
  it("auto without the addon: dgram with the reason", () => {
    expect(chooseUdpTransport("auto", unavailable)).toEqual({ kind: "dgram", reason: "the batch addon does not load: not built" });
  });
  it.each([
    ["auto", "batch", true, 8, 8, false],
    [3, "batch", true, 8, 3, false],
    [1, "batch", true, 8, 1, false],
    ["auto", "dgram", true, 8, 1, true],
    [4, "batch", false, 8, 1, true],
  ] as const)("workers %s on %s (can share: %s, %i cores) -> %i", (asked, kind, canShare, cores, workers, noted) => {
    const r = resolveWorkers(asked, kind, canShare, cores);
    expect(r.workers).toBe(workers);
    expect(r.note !== undefined).toBe(noted);
  });
});

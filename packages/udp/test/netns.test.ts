// Cases that need addresses or links of their own, run in a child inside a network namespace
// this test creates (root only; skipped otherwise). Namespaces take a per-process prefix.
import { execFile, execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BatchSocketStats } from "../src/index.js";
import type { Reply } from "./clients.js";
import type { Seen } from "./echo.js";

const run = promisify(execFile);
const isRoot = process.getuid?.() === 0;
const ns = `udpt${process.pid}`;
const child = fileURLToPath(new URL("./netns-child.ts", import.meta.url));
const tsxLoader = import.meta.resolve("tsx");

function ip(...args: string[]): void {
  execFileSync("ip", ["-n", ns, ...args], { stdio: "pipe" });
}

async function inNamespace<T>(mode: string): Promise<T> {
  const { stdout } = await run("ip", ["netns", "exec", ns, process.execPath, "--conditions=source", "--import", tsxLoader, child, mode], {
    timeout: 30_000,
  });
  return JSON.parse(stdout.trim().split("\n").at(-1)!) as T;
}

describe.skipIf(!isRoot)("in a namespace of its own", () => {
  beforeAll(() => {
    execFileSync("ip", ["netns", "add", ns]);
    execFileSync("ip", ["netns", "exec", ns, "sysctl", "-qw", "net.ipv6.conf.all.accept_dad=0", "net.ipv6.conf.default.accept_dad=0"]);
    ip("link", "set", "lo", "up");
    ip("-6", "addr", "add", "2001:db8::53/128", "dev", "lo", "nodad");
    ip("-6", "addr", "add", "2001:db8::54/128", "dev", "lo", "nodad");
    // A veth pair shaped by tbf to 10 Mbit/s, and a static neighbour so nothing waits for ARP.
    ip("link", "add", "name", "ua", "type", "veth", "peer", "name", "ub");
    ip("addr", "add", "192.0.2.1/24", "dev", "ua");
    ip("link", "set", "ua", "up");
    ip("link", "set", "ub", "up");
    const mac = JSON.parse(execFileSync("ip", ["-n", ns, "-j", "link", "show", "ub"], { encoding: "utf8" }))[0].address;
    ip("neigh", "add", "192.0.2.2", "lladdr", mac, "dev", "ua");
    execFileSync("tc", ["-n", ns, "qdisc", "add", "dev", "ua", "root", "tbf", "rate", "10mbit", "burst", "2kb", "limit", "1mb"]);
  });
  afterAll(() => {
    execFileSync("ip", ["netns", "del", ns]);
  });

  it("one IPv6 wildcard socket answers each address from that address", async () => {
    const r = await inNamespace<{ replies: Reply[]; seen: Seen[] }>("v6-sources");
    expect(r.replies.map((x) => `${x.data}<-${x.from}`).sort()).toEqual([
      "re:2001:db8::53<-2001:db8::53",
      "re:2001:db8::54<-2001:db8::54",
      "re:::1<-::1",
    ]);
    expect(r.seen.map((x) => `${x.local} from ${x.source}`).sort()).toEqual([
      "2001:db8::53 from ::1",
      "2001:db8::54 from ::1",
      "::1 from ::1",
    ]);
  });

  it("EAGAIN on send: answers wait in the bounded queue, go out when writable, the excess is counted", async () => {
    const { during, after } = await inNamespace<{ during: BatchSocketStats; after: BatchSocketStats }>("eagain");
    expect(during.queued).toBeGreaterThan(0);
    expect(during.dropped).toBeGreaterThan(0); // 300 offered, the queue holds 200
    expect(after.queueLength).toBe(0);
    expect(after.sent + after.dropped + after.sendErrors).toBe(300);
    expect(after.sent).toBeGreaterThanOrEqual(200);
  });
});

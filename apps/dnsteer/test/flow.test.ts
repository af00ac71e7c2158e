import type { ChildProcess } from "node:child_process";
import dgram from "node:dgram";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Source, Store } from "@dnsteer/storage";
import { buildQuery, opt } from "@dnsteer/wire/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveOnFreePort, stop } from "./run.js";

/**
 * Issue 4 end to end: queries from several source addresses and ECS subnets, over real
 * sockets, to a real `dnsteer serve`; exactly the sources that asked for steered names appear
 * in the SQLite sources table, ranked by demand.
 */
const dir = mkdtempSync(join(tmpdir(), "dnsteer-flow-"));
let child: ChildProcess;
let port: number;

beforeAll(async () => {
  const config = join(dir, "dnsteer.json");
  ({ child, port } = await serveOnFreePort((port) => {
    writeFileSync(
      config,
      JSON.stringify({
        listen: [
          { address: "127.0.0.1", port },
          { address: "::1", port },
        ],
        dataDir: dir,
        steering: { names: [{ name: "www.example.test." }, { name: "sip.example.test." }], flow: { flushIntervalMs: 200 } },
      }),
    );
    return ["--config", config];
  }));
});
afterAll(() => stop(child));

/** Send `count` queries from `from` (a local address) and wait for every answer. */
async function ask(from: string, name: string, count: number, tail?: Buffer): Promise<void> {
  const v6 = from.includes(":");
  const socket = dgram.createSocket(v6 ? "udp6" : "udp4");
  await new Promise<void>((resolve) => socket.bind(0, from, resolve));
  let answered = 0;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${answered}/${count} answers for ${from}`)), 5000);
    socket.on("message", () => {
      if (++answered === count) {
        clearTimeout(timer);
        resolve();
      }
    });
    for (let i = 0; i < count; i++) socket.send(buildQuery({ id: i, name, tail }), port, v6 ? "::1" : "127.0.0.1");
  });
  socket.close();
}

const ecs = (family: number, prefix: number, address: number[]) => opt([[8, [0, family, prefix, 0, ...address]]]);

async function sourcesWhenWritten(expected: number): Promise<Source[]> {
  const store = Store.open(join(dir, "dnsteer.sqlite"), { readonly: true });
  try {
    for (let i = 0; i < 50; i++) {
      const rows = store.listSources();
      if (rows.length >= expected && rows.reduce((n, r) => n + r.queries, 0) >= 95) return rows;
      await new Promise((r) => setTimeout(r, 100));
    }
    return store.listSources();
  } finally {
    store.close();
  }
}

describe("passive flow analyzer, end to end", () => {
  it("writes exactly the sources of steered names, ranked by demand", async () => {
    await ask("127.0.0.2", "www.example.test.", 30);
    await ask("127.0.0.3", "WWW.example.test.", 10);
    await ask("127.0.0.4", "mail.example.test.", 25); // not steered: must not appear
    await ask("127.0.0.5", "www.example.test.", 20, ecs(1, 32, [198, 51, 100, 77])); // -> 198.51.100.0/24
    await ask("::1", "sip.example.test.", 5, ecs(2, 48, [0x20, 0x01, 0x0d, 0xb8, 0xab, 0xcd])); // -> 2001:db8:abcd::/48
    await ask("127.0.0.6", "sip.example.test.", 15, ecs(1, 0, [])); // source prefix 0: the resolver counts
    await ask("127.0.0.7", "www.example.test.", 15, opt([[8, [0, 1, 24, 0, 198, 51, 100]]])); // same /24 as above

    const rows = await sourcesWhenWritten(5);
    const summary = rows.sort((a, b) => b.rate - a.rate).map((r) => [`${r.address}/${r.prefixLength}`, r.queries, r.ecs]);
    expect(summary).toEqual([
      ["198.51.100.0/24", 35, true],
      ["127.0.0.2/32", 30, false],
      ["127.0.0.6/32", 15, false],
      ["127.0.0.3/32", 10, false],
      ["2001:db8:abcd::/48", 5, true],
    ]);
    const sip = rows.find((r) => r.address === "127.0.0.6")!;
    expect(sip.groupCounts).toEqual({ "sip.example.test.": 15 });
    expect(rows.find((r) => r.address === "127.0.0.2")!.aggregateAddress).toBe("127.0.0.0");
  });
});

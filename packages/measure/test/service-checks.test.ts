import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import { Store } from "@dnsteer/storage";
import { afterAll, describe, expect, it } from "vitest";
import { MeasureError, parseWorkerConfig, runWorker, type WorkerEvent } from "../src/index.js";
import {
  checkOnce,
  parseServiceCheck,
  RiseFall,
  SERVICE_CHECK_CAUSE,
  ServiceChecks,
  type ServiceState,
} from "../src/service-checks/index.js";
import { loopbackProvider, tempDir } from "./helpers.js";

const tmp = tempDir();
afterAll(() => tmp.cleanup());

/** An HTTP server on 127.0.0.1 answering `status`; close() stops it (and its open sockets). */
async function httpService(status = 200, port = 0): Promise<{ port: number; server: Server; close: () => Promise<void> }> {
  const server = createServer((_req, res) => {
    res.writeHead(status, { connection: "close" });
    res.end("ok");
  });
  await new Promise<void>((resolve, reject) => server.once("error", reject).listen(port, "127.0.0.1", resolve));
  return {
    port: (server.address() as { port: number }).port,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe("RiseFall", () => {
  it("goes down after `fall` failures in a row, up after `rise` passes in a row; a streak broken starts again", () => {
    const s = new RiseFall(2, 3);
    expect(s.up).toBe(true);
    expect([s.report(false), s.report(false), s.report(true)]).toEqual([false, false, false]); // broken at 2 of 3
    expect([s.report(false), s.report(false), s.report(false)]).toEqual([false, false, true]);
    expect(s.up).toBe(false);
    expect([s.report(true), s.report(false), s.report(true), s.report(true)]).toEqual([false, false, false, true]);
    expect(s.up).toBe(true);
  });
});

describe("parseServiceCheck", () => {
  it("fills defaults per type", () => {
    expect(parseServiceCheck({ type: "https" }, "x")).toMatchObject({
      port: 443,
      path: "/",
      intervalMs: 10_000,
      timeoutMs: 2_000,
      rise: 2,
      fall: 3,
    });
    expect(parseServiceCheck({ type: "tcp", port: 25, okStatus: [204, [300, 302]] }, "x").okStatus).toEqual([
      [204, 204],
      [300, 302],
    ]);
  });

  it("names the bad key", () => {
    const bad = (v: unknown) => {
      try {
        parseServiceCheck(v, "providers[0].serviceCheck");
      } catch (e) {
        expect(e).toBeInstanceOf(MeasureError);
        return (e as Error).message;
      }
      throw new Error("accepted");
    };
    expect(bad({ type: "udp" })).toMatch(/^providers\[0\]\.serviceCheck\.type:/);
    expect(bad({ type: "http", fall: 0 })).toMatch(/^providers\[0\]\.serviceCheck\.fall:/);
    expect(bad({ type: "http", intervalMs: 1000, timeoutMs: 5000 })).toMatch(/\.timeoutMs: expected at most intervalMs/);
    expect(bad({ type: "http", okStatus: [[300, 200]] })).toMatch(/\.okStatus\[0\]:/);
    expect(bad({ type: "http", path: "index.html" })).toMatch(/\.path:/);
    expect(bad({ type: "http", intervall: 5 })).toMatch(/\.intervall: .*unknown key/);
  });

  it("the worker config refuses a check of an address with no source of its family", async () => {
    const cfg = parseWorkerConfig({
      database: tmp.file("nosource.db"),
      providers: [{ ...loopbackProvider, sourceV6: null, serviceAAAA: ["::1"], serviceCheck: { type: "tcp" } }],
      scope: { allow: ["127.0.0.0/8"] },
    });
    await expect(runWorker(cfg, { host: null })).rejects.toThrow(/serviceCheck: ::1 needs a sourceV6/);
  });
});

describe("checkOnce (real sockets on loopback)", () => {
  it("HTTP: a status in okStatus passes, another fails naming it; a closed port fails; a source not here fails", async () => {
    const ok = await httpService(200);
    const sick = await httpService(503);
    try {
      const http = parseServiceCheck({ type: "http", port: ok.port, timeoutMs: 1000 }, "c");
      expect(await checkOnce(http, "127.0.0.1", "127.0.0.1")).toEqual({
        passed: true,
        detail: `GET http://127.0.0.1:${ok.port}/: status 200`,
      });
      const down = await checkOnce({ ...http, port: sick.port }, "127.0.0.1", "127.0.0.1");
      expect(down).toEqual({ passed: false, detail: `GET http://127.0.0.1:${sick.port}/: status 503` });
      expect((await checkOnce({ ...http, port: sick.port, okStatus: [[500, 599]] }, "127.0.0.1", "127.0.0.1")).passed).toBe(true);
      const notLocal = await checkOnce(http, "127.0.0.1", "192.0.2.77");
      expect(notLocal).toMatchObject({ passed: false, detail: expect.stringContaining("EADDRNOTAVAIL") });
    } finally {
      await ok.close();
      await sick.close();
    }
    const tcp = parseServiceCheck({ type: "tcp", port: ok.port, timeoutMs: 1000 }, "c");
    expect(await checkOnce(tcp, "127.0.0.1", "127.0.0.1")).toMatchObject({
      passed: false,
      detail: expect.stringContaining("ECONNREFUSED"),
    });
  });

  it("TCP: an open port passes", async () => {
    const svc = await httpService(500); // only the connection counts
    try {
      const tcp = parseServiceCheck({ type: "tcp", port: svc.port }, "c");
      expect((await checkOnce(tcp, "127.0.0.1", "127.0.0.1")).passed).toBe(true);
    } finally {
      await svc.close();
    }
  });
});

/** A self-signed certificate for 127.0.0.1 from openssl, or null when openssl is missing. */
function selfSigned(): { key: Buffer; cert: Buffer } | null {
  const key = tmp.file("tls.key");
  const cert = tmp.file("tls.crt");
  try {
    execFileSync(
      "openssl",
      ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "1", "-subj", "/CN=svc.example.test"],
      {
        stdio: "ignore",
      },
    );
  } catch {
    return null;
  }
  return { key: readFileSync(key), cert: readFileSync(cert) };
}

describe("checkOnce over HTTPS (a real TLS server on loopback)", () => {
  const tls = selfSigned();
  it.skipIf(tls === null)("a certificate that does not verify fails the check unless `insecure`; the status decides then", async () => {
    const server = createHttpsServer(tls!, (_req, res) => {
      res.writeHead(204);
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as { port: number }).port;
    try {
      const strict = parseServiceCheck({ type: "https", port, host: "svc.example.test", timeoutMs: 2000 }, "c");
      const refused = await checkOnce(strict, "127.0.0.1", "127.0.0.1");
      expect(refused.passed).toBe(false);
      expect(refused.detail).toMatch(/SELF_SIGNED|self.signed|UNABLE_TO_VERIFY/i);
      expect(await checkOnce({ ...strict, insecure: true }, "127.0.0.1", "127.0.0.1")).toEqual({
        passed: true,
        detail: `GET https://127.0.0.1:${port}/: status 204`,
      });
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });
});

describe("ServiceChecks (real HTTP service that is stopped and started again)", () => {
  it("a provider goes down on the fall-th failed check after its service stops, and back on the rise-th pass", async () => {
    let svc = await httpService(200);
    const port = svc.port;
    const events: string[] = [];
    const changes: ServiceState[] = [];
    const checks: boolean[] = [];
    const provider = {
      ...loopbackProvider,
      serviceCheck: parseServiceCheck({ type: "http", port, intervalMs: 100, timeoutMs: 100, rise: 2, fall: 3 }, "c"),
    };
    let notify = () => {};
    const checked = (n: number) => new Promise<void>((resolve) => (notify = () => checks.length >= n && resolve()));
    const s = new ServiceChecks([provider], {
      checked: (_p, _a, o) => {
        checks.push(o.passed);
        notify();
      },
      addressChanged: (_p, a, up) => events.push(`${a} ${up ? "up" : "down"}`),
      providerChanged: (st) => changes.push(st),
    });
    s.start();
    try {
      await checked(2);
      expect(checks).toEqual([true, true]);
      expect(s.get("lo")!.healthy).toBe(true);
      await svc.close();
      const stoppedAt = checks.length;
      await checked(stoppedAt + 4);
      // The first check after the stop may have been under way before it: find the first failure.
      const firstFail = checks.indexOf(false, stoppedAt - 1);
      expect(checks.slice(firstFail, firstFail + 3)).toEqual([false, false, false]);
      expect(changes).toHaveLength(1);
      expect(changes[0]).toMatchObject({
        provider: "lo",
        healthy: false,
        family: 4,
        detail: expect.stringContaining(`GET http://127.0.0.1:${port}/`),
      });
      expect(events).toEqual(["127.0.0.1 down"]);
      // Went down at the third failure (fall), not later: one change after exactly 3 failures.
      svc = await httpService(200, port);
      const restartedAt = checks.length;
      await checked(restartedAt + 3);
      const firstPass = checks.indexOf(true, restartedAt - 1);
      expect(checks.slice(firstPass, firstPass + 2)).toEqual([true, true]);
      expect(changes).toHaveLength(2);
      expect(changes[1]).toMatchObject({ provider: "lo", healthy: true, detail: null });
      expect(events).toEqual(["127.0.0.1 down", "127.0.0.1 up"]);
    } finally {
      await s.stop();
      await svc.close();
    }
  });
});

describe("runWorker with a service check (real HTTP service, real SQLite store)", () => {
  it("stores the provider unhealthy with cause service-check after fall failures, healthy again after rise", async () => {
    let svc = await httpService(200);
    const port = svc.port;
    const db = tmp.file("service.db");
    const events: WorkerEvent[] = [];
    let wake = () => {};
    const seen = (pred: (e: WorkerEvent) => boolean) =>
      new Promise<WorkerEvent>((resolve) => {
        const look = () => {
          const e = events.find(pred);
          if (e) resolve(e);
        };
        wake = look;
        look();
      });
    const ac = new AbortController();
    const run = runWorker(
      {
        database: db,
        providers: [{ ...loopbackProvider, serviceCheck: { type: "http", port, intervalMs: 100, timeoutMs: 100, rise: 2, fall: 2 } }],
        scope: { allow: ["127.0.0.0/8"] },
        schedule: { kinds: ["tcp"] },
        storage: { flushMs: 50 },
      },
      {
        signal: ac.signal,
        host: null,
        log: (e) => {
          events.push(e);
          wake();
        },
      },
    );
    const health = () => {
      const store = Store.open(db);
      try {
        return store.listProviderHealth().find((h) => h.provider === "lo");
      } finally {
        store.close();
      }
    };
    try {
      await seen((e) => e.event === "service-check" && e.passed === true);
      await svc.close();
      const down = await seen((e) => e.event === "provider-unhealthy");
      expect(down).toMatchObject({ level: "warn", provider: "lo", cause: SERVICE_CHECK_CAUSE });
      expect(events.some((e) => e.event === "service-down" && e.level === "warn" && e.address === "127.0.0.1")).toBe(true);
      // The writer thread commits the row shortly after: poll the file (no time bound asserted).
      while (health()?.healthy !== false) await new Promise((r) => setTimeout(r, 20));
      expect(health()).toMatchObject({ healthy: false, cause: "service-check", family: 4 });
      svc = await httpService(200, port);
      await seen((e) => e.event === "provider-healthy");
      while (health()?.healthy !== true) await new Promise((r) => setTimeout(r, 20));
      expect(health()).toMatchObject({ healthy: true, cause: null });
    } finally {
      ac.abort();
      await run;
      await svc.close();
    }
  });
});

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ConfigError, defaultConfig, loadConfig } from "../src/index.js";

/** The responder's protection sections: each key defaults on its own, bad values name the field. */
const dir = mkdtempSync(join(tmpdir(), "dnsteer-config-server-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function load(body: object): ReturnType<typeof loadConfig> {
  const path = join(dir, "dnsteer.json");
  writeFileSync(path, JSON.stringify(body));
  return loadConfig(path);
}

describe("tcp", () => {
  it("defaults: Knot's deadlines, 256 connections, 64 per /24 or /56, 128 answers or 128 KiB unsent", () => {
    expect(defaultConfig().tcp).toEqual({
      idleTimeoutMs: 10_000,
      messageTimeoutMs: 500,
      maxConnections: 256,
      maxConnectionsPerPrefix: 64,
      prefix: { v4: 24, v6: 56 },
      maxQueriesInFlight: 128,
      maxUnsentBytes: 131_072,
    });
  });

  it("a file gives only what it changes; the rest keeps its default", () => {
    const { tcp } = load({ tcp: { maxConnections: 1000, prefix: { v6: 48 } } });
    expect(tcp).toEqual({ ...defaultConfig().tcp, maxConnections: 1000, prefix: { v4: 24, v6: 48 } });
  });

  it.each([
    [{ maxConnections: 0 }, "tcp.maxConnections"],
    [{ messageTimeoutMs: 10 }, "tcp.messageTimeoutMs"],
    [{ prefix: { v6: 65 } }, "tcp.prefix.v6"],
    [{ maxUnsentBytes: 1.5 }, "tcp.maxUnsentBytes"],
    [{ maxConnectionPerPrefix: 3 }, "tcp"],
  ])("rejects %j naming %s", (bad, field) => {
    expect(() => load({ tcp: bad })).toThrow(ConfigError);
    expect(() => load({ tcp: bad })).toThrow(field);
  });
});

describe("rrl", () => {
  it("defaults: off (BIND, Knot); once on, Knot's rate 50, BIND's slip 2 and window 15 s, /24 and /56, loopback exempt", () => {
    expect(defaultConfig().rrl).toEqual({
      enabled: false,
      responsesPerSecond: 50,
      nxdomainsPerSecond: 50,
      referralsPerSecond: 50,
      errorsPerSecond: 50,
      slip: 2,
      windowSeconds: 15,
      prefix: { v4: 24, v6: 56 },
      tableSize: 393_241,
      exempt: ["127.0.0.0/8", "::1/128"],
      logOnly: false,
    });
  });

  it("a file gives only what it changes", () => {
    const { rrl } = load({ rrl: { responsesPerSecond: 10, exempt: ["192.0.2.0/24"] } });
    expect(rrl).toEqual({ ...defaultConfig().rrl, responsesPerSecond: 10, exempt: ["192.0.2.0/24"] });
  });

  it.each([
    [{ exempt: ["192.0.2.1/24"] }, "rrl.exempt"],
    [{ exempt: ["not-a-prefix"] }, "rrl.exempt"],
    [{ slip: -1 }, "rrl.slip"],
    [{ responsesPerSecond: 0 }, "rrl.responsesPerSecond"],
    [{ tableSize: 10 }, "rrl.tableSize"],
  ])("rejects %j naming %s", (bad, field) => {
    expect(() => load({ rrl: bad })).toThrow(ConfigError);
    expect(() => load({ rrl: bad })).toThrow(field);
  });
});

describe("cookies", () => {
  it("defaults: on, a random secret replaced daily, not required", () => {
    expect(defaultConfig().cookies).toEqual({ enabled: true, secrets: [], secretLifetimeSeconds: 86_400, requireForUdp: false });
  });

  it("secrets and the requirement from a file", () => {
    const { cookies } = load({
      cookies: { secrets: ["e5e973e5a6b2a43f48e7dc849e37bfcf", "445536BCD2513298075A5D379663C962"], requireForUdp: true },
    });
    expect(cookies).toMatchObject({
      enabled: true,
      requireForUdp: true,
      secrets: ["e5e973e5a6b2a43f48e7dc849e37bfcf", "445536BCD2513298075A5D379663C962"],
    });
  });

  it.each([
    [{ secrets: ["e5e973e5a6b2a43f48e7dc849e37bf"] }, "cookies.secrets"],
    [{ secrets: ["x5e973e5a6b2a43f48e7dc849e37bfcf"] }, "cookies.secrets"],
    [{ secretLifetimeSeconds: 60 }, "cookies.secretLifetimeSeconds"],
  ])("rejects %j naming %s", (bad, field) => {
    expect(() => load({ cookies: bad })).toThrow(ConfigError);
    expect(() => load({ cookies: bad })).toThrow(field);
  });
});

describe("server (UDP transport and workers)", () => {
  it("defaults: the addon when it loads, one worker per core", () => {
    expect(defaultConfig().server).toEqual({ udp: "auto", workers: "auto" });
    expect(load({ server: { udp: "dgram" } }).server).toEqual({ udp: "dgram", workers: "auto" });
    expect(load({ server: { workers: 3 } }).server).toEqual({ udp: "auto", workers: 3 });
  });

  it.each([
    [{ udp: "uring" }, "server.udp"],
    [{ workers: 0 }, "server.workers"],
    [{ workers: 1.5 }, "server.workers"],
    [{ worker: 2 }, "server"],
  ])("rejects %j naming %s", (server, path) => {
    expect(() => load({ server })).toThrow(ConfigError);
    expect(() => load({ server })).toThrow(path);
  });
});

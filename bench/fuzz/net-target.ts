import { type ChildProcess, spawn } from "node:child_process";
import dgram from "node:dgram";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseQuery } from "@dnsteer/wire";
import { freePort } from "../../fixtures/peers/free-port.js";

/**
 * The fuzzer against a real `dnsteer serve` on loopback. Each mutated query is sent, then a
 * known-good sentinel query; when the sentinel's answer is back, whatever came for the fuzzed
 * query has come (one socket, answered in order). What came is checked against the class the
 * pre-parser gives the same bytes: silence for a drop, FORMERR, NOTIMP, or an answer that is
 * not SERVFAIL and fits the client's buffer. A sentinel unanswered within `hangMs` is a hang;
 * the server exiting is a crash.
 */
const ZONES = resolve(import.meta.dirname, "../../fixtures/zones");
const BIN = resolve(import.meta.dirname, "../../apps/dnsteer/bin/dnsteer");
const SENTINEL_NAME = Buffer.from([3, 0x77, 0x77, 0x77, 7, ...Buffer.from("example"), 4, ...Buffer.from("test"), 0, 0, 1, 0, 1]);

export interface RunningServe {
  port: number;
  pid: number;
  exited: () => number | null;
  log: () => string;
  stop: () => Promise<void>;
}

/** Start `dnsteer serve` on a free loopback port with the fixture zones; resolves when it serves. */
export async function startServe(): Promise<RunningServe> {
  const dir = mkdtempSync(join(tmpdir(), "dnsteer-fuzz-"));
  const port = await freePort("127.0.0.1");
  const config = join(dir, "dnsteer.json");
  writeFileSync(
    config,
    JSON.stringify({
      listen: [{ address: "127.0.0.1", port }],
      zones: [{ file: join(ZONES, "example.test.zone") }, { file: join(ZONES, "other.test.zone") }],
      dataDir: dir,
      nsid: "fuzz",
      // Its own metrics port: the default (9153) may be taken by another server on this box.
      metrics: { listen: { address: "127.0.0.1", port: await freePort("127.0.0.1") } },
    }),
  );
  const child: ChildProcess = spawn(BIN, ["serve", "--config", config], { stdio: ["ignore", "ignore", "pipe"] });
  let log = "";
  let code: number | null = null;
  child.stderr!.on("data", (d: Buffer) => {
    log += d;
    if (log.length > 1 << 20) log = log.slice(-(1 << 19));
  });
  const exit = new Promise<void>((r) =>
    child.on("exit", (c, sig) => {
      code = c ?? (sig ? 128 : 1);
      r();
    }),
  );
  await new Promise<void>((ok, fail) => {
    const t = setInterval(() => {
      if (!log.includes('"msg":"serving"') && code === null) return;
      clearInterval(t);
      if (code === null) ok();
      else fail(new Error(`dnsteer serve exited with ${code}:\n${log}`));
    }, 50);
  });
  return {
    port,
    pid: child.pid!,
    exited: () => code,
    log: () => log,
    stop: async () => {
      if (code === null) {
        child.kill("SIGTERM");
        await exit;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function sentinel(id: number): Buffer {
  const h = Buffer.alloc(12);
  h.writeUInt16BE(id, 0);
  h.writeUInt16BE(1, 4);
  return Buffer.concat([h, SENTINEL_NAME]);
}

/** What the pre-parser says the server must do with `input`, as the reply checker needs it. */
function expected(input: Uint8Array): "drop" | "formerr" | "notimp" | "answer" {
  const q = parseQuery(input);
  return "kind" in q ? q.kind : "answer";
}

/** Check the replies that came for one fuzzed input; null when they are what the class says. */
function judge(input: Uint8Array, replies: Buffer[], limit: number): string | null {
  const want = expected(input);
  const id = input.length >= 2 ? (input[0]! << 8) | input[1]! : -1;
  if (want === "drop") return replies.length ? `answered (${replies.length} messages) a message that must be dropped` : null;
  if (replies.length === 0) return `no reply; expected ${want}`;
  for (const r of replies) {
    if (r.length < 12) return `reply of ${r.length} octets`;
    if (r.readUInt16BE(0) !== id) return `reply id ${r.readUInt16BE(0)} for query id ${id}`;
    if (!(r[2]! & 0x80)) return "reply without QR";
    if (r.length > limit) return `reply of ${r.length} octets over the client's ${limit}`;
    const rcode = r[3]! & 0xf;
    if (want === "formerr" && rcode !== 1) return `rcode ${rcode}, expected FORMERR`;
    if (want === "notimp" && rcode !== 4) return `rcode ${rcode}, expected NOTIMP`;
    if (want === "answer" && rcode === 2) return "SERVFAIL (a handler threw)";
  }
  return null;
}

/** The UDP payload a query allows: 512, or its EDNS size (the server offers at most 1232 anyway). */
function udpLimit(input: Uint8Array): number {
  const q = parseQuery(input);
  return "kind" in q ? 65535 : Math.max(512, q.edns?.udpSize ?? 512);
}

/** Sends over one UDP socket; `exchange` resolves with the verdict for one input. */
export class UdpFuzzClient {
  private readonly socket = dgram.createSocket("udp4");
  private replies: Buffer[] = [];
  private waitingFor = -1;
  private done: (() => void) | null = null;

  constructor(private readonly port: number) {
    this.socket.on("message", (m) => {
      if (m.length >= 2 && m.readUInt16BE(0) === this.waitingFor && this.done && m.subarray(12).indexOf(SENTINEL_NAME) === 0) this.done();
      else this.replies.push(m);
    });
  }

  async open(): Promise<void> {
    await new Promise<void>((r) => this.socket.bind(0, "127.0.0.1", r));
  }

  async exchange(input: Uint8Array, hangMs: number): Promise<string | null> {
    this.replies = [];
    const id = input.length >= 2 ? (input[0]! << 8) | input[1]! : 0;
    this.waitingFor = (id + 0x8001) & 0xffff;
    const answered = new Promise<boolean>((r) => {
      const t = setTimeout(() => r(false), hangMs);
      this.done = () => {
        clearTimeout(t);
        this.done = null;
        r(true);
      };
    });
    this.socket.send(input, this.port, "127.0.0.1");
    this.socket.send(sentinel(this.waitingFor), this.port, "127.0.0.1");
    if (!(await answered)) return `hang: the sentinel query after this input was not answered within ${hangMs} ms`;
    return judge(input, this.replies, udpLimit(input));
  }

  close(): void {
    this.socket.close();
  }
}

/** One TCP connection (reopened when the server closes it); same checks with a 65535 limit. */
export class TcpFuzzClient {
  private socket: net.Socket | null = null;
  private buf = Buffer.alloc(0);
  private replies: Buffer[] = [];
  private waitingFor = -1;
  private done: ((closed: boolean) => void) | null = null;

  constructor(private readonly port: number) {}

  private async connect(): Promise<net.Socket> {
    const s = net.connect(this.port, "127.0.0.1");
    await new Promise<void>((ok, fail) => s.once("connect", ok).once("error", fail));
    s.on("data", (d) => this.data(d));
    s.on("close", () => {
      if (this.socket === s) this.socket = null;
      this.done?.(true);
    });
    s.on("error", () => {});
    this.buf = Buffer.alloc(0);
    return s;
  }

  private data(d: Buffer): void {
    this.buf = Buffer.concat([this.buf, d]);
    while (this.buf.length >= 2 && this.buf.length >= 2 + this.buf.readUInt16BE(0)) {
      const m = this.buf.subarray(2, 2 + this.buf.readUInt16BE(0));
      this.buf = this.buf.subarray(2 + m.length);
      if (m.length >= 2 && m.readUInt16BE(0) === this.waitingFor && m.subarray(12).indexOf(SENTINEL_NAME) === 0) this.done?.(false);
      else this.replies.push(Buffer.from(m));
    }
  }

  async exchange(input: Uint8Array, hangMs: number): Promise<string | null> {
    if (input.length > 65535) return null;
    this.socket ??= await this.connect();
    this.replies = [];
    const id = input.length >= 2 ? (input[0]! << 8) | input[1]! : 0;
    this.waitingFor = (id + 0x8001) & 0xffff;
    const outcome = new Promise<"answered" | "closed" | "timeout">((r) => {
      const t = setTimeout(() => r("timeout"), hangMs);
      this.done = (closed) => {
        clearTimeout(t);
        this.done = null;
        r(closed ? "closed" : "answered");
      };
    });
    const len = Buffer.from([input.length >> 8, input.length & 0xff]);
    const s = sentinel(this.waitingFor);
    this.socket.write(Buffer.concat([len, input, Buffer.from([0, s.length]), s]));
    const how = await outcome;
    if (how === "timeout") return `hang: the sentinel query after this input was not answered within ${hangMs} ms (TCP)`;
    if (how === "closed") return "the server closed the connection instead of answering the next query";
    return judge(input, this.replies, 65535);
  }

  close(): void {
    this.socket?.destroy();
  }
}

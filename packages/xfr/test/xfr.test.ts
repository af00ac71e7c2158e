import dgram from "node:dgram";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TsigKeyring, tsigKey, verifyTsig } from "@dnsteer/tsig";
import { decodeMessage, Flag, rdataToText } from "@dnsteer/wire";
import { parseZone, ZoneSet } from "@dnsteer/zone";
import { afterAll, describe, expect, it } from "vitest";
import {
  compareSerial,
  diffZones,
  keyringOf,
  nextSerial,
  readJournalFile,
  sendNotify,
  setSoaSerial,
  Transfers,
  XfrError,
  ZoneJournal,
  zoneTransferPolicy,
} from "../src/index.js";

const zone = (serial: number, body: string) =>
  parseZone(`$ORIGIN example.test.\n$TTL 300\n@ SOA ns1 hostmaster ${serial} 3600 600 86400 60\n@ NS ns1\nns1 A 192.0.2.53\n${body}\n`, {
    origin: "example.test.",
  });
const dir = mkdtempSync(join(tmpdir(), "dnsteer-xfr-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("serial arithmetic (RFC 1982) and policies", () => {
  const rows: Array<[number, number, number]> = [
    [1, 2, -1],
    [2, 1, 1],
    [5, 5, 0],
    [0xffffffff, 0, -1], // wraps: 0 is after 2^32-1
    [0, 0x80000000, 0], // exactly half way round: undefined, neither before nor after
  ];
  for (const [a, b, want] of rows) it(`compare ${a} ${b} = ${want}`, () => expect(compareSerial(a, b)).toBe(want));
  const policies: Array<[Parameters<typeof nextSerial>, number]> = [
    [["keep", 7, 7, 1_764_000_000], 7],
    [["increment", 7, 7, 1_764_000_000], 8],
    [["increment", 0xffffffff, 0, 0], 0],
    [["unixtime", 7, 7, 1_764_000_000], 1_764_000_000],
    [["unixtime", 1_764_000_000, 1_764_000_000, 1_764_000_000], 1_764_000_001], // two edits in one second
  ];
  for (const [args, want] of policies) it(`${args[0]} after ${args[1]} = ${want}`, () => expect(nextSerial(...args)).toBe(want));
});

describe("setting the serial in zone text", () => {
  const rows: Array<[string, string]> = [
    ["@ SOA ns1 hostmaster 7 3600 600 86400 60", "@ SOA ns1 hostmaster 42 3600 600 86400 60"],
    [
      "@ IN SOA ns1 hostmaster ( ; comment with SOA 1 2 3\n  7 ; serial\n 3600 600 86400 60 )",
      "@ IN SOA ns1 hostmaster ( ; comment with SOA 1 2 3\n  42 ; serial\n 3600 600 86400 60 )",
    ],
    ['www TXT "SOA a b 9"\n@ 300 SOA ns1 hostmaster 7 1 1 1 1', 'www TXT "SOA a b 9"\n@ 300 SOA ns1 hostmaster 42 1 1 1 1'],
  ];
  for (const [text, want] of rows) it(JSON.stringify(text), () => expect(setSoaSerial(text, 42)).toBe(want));
  it("no SOA is an error", () => expect(() => setSoaSerial("www A 192.0.2.1", 1)).toThrow(XfrError));
});

describe("zone differences", () => {
  it("added, removed, and a TTL change as both", () => {
    const d = diffZones(
      zone(1, 'www A 192.0.2.10\nold A 192.0.2.1\nttl 60 TXT "t"'),
      zone(2, 'www A 192.0.2.10\nnew A 192.0.2.2\nttl 120 TXT "t"'),
    );
    const show = (rrs: typeof d.added) => rrs.map((r) => `${r.name} ${r.ttl} ${rdataToText(r.type, r.data)}`).sort();
    expect(show(d.removed)).toEqual(["old.example.test. 300 192.0.2.1", 'ttl.example.test. 60 "t"']);
    expect(show(d.added)).toEqual(["new.example.test. 300 192.0.2.2", 'ttl.example.test. 120 "t"']);
    expect([d.from.data.serial, d.to.data.serial]).toEqual([1, 2]);
  });

  it("journal: since a serial, a gap starts over, bounded", () => {
    const j = new ZoneJournal("example.test.", 2);
    const z = [zone(1, ""), zone(2, "a A 192.0.2.1"), zone(3, "a A 192.0.2.2"), zone(4, "")];
    j.record(diffZones(z[0]!, z[1]!), "d2");
    j.record(diffZones(z[1]!, z[2]!), "d3");
    expect(j.since(1)?.length).toBe(2);
    expect(j.since(2)?.length).toBe(1);
    expect(j.since(9)).toBeUndefined();
    j.record(diffZones(z[2]!, z[3]!), "d4"); // bound 2: 1->2 goes
    expect(j.since(1)).toBeUndefined();
    expect(j.since(2)?.length).toBe(2);
    j.record(diffZones(z[0]!, z[1]!), "x"); // does not start at 4: history starts over
    expect(j.since(2)).toBeUndefined();
    expect(j.since(1)?.length).toBe(1);
  });
});

describe("Transfers across reloads and restarts", () => {
  const keys = keyringOf([]);
  const policy = (journalPath: string) => zoneTransferPolicy({ origin: "example.test.", allow: ["192.0.2.0/24"], journalPath }, keys);
  const v1 = zone(1, "www A 192.0.2.10");
  const v2 = zone(2, "www A 192.0.2.11");

  it("journals a raised serial to the file; a restart over the same zone keeps it", () => {
    const path = join(dir, "a.journal");
    const t = new Transfers([policy(path)], keys);
    t.start(new ZoneSet([v1]));
    expect(t.afterReload(new ZoneSet([v1]), new ZoneSet([v2]))).toEqual([
      { origin: "example.test.", serial: 2, change: "raised", notified: 0 },
    ]);
    const again = new Transfers([policy(path)], keys);
    expect(again.start(new ZoneSet([v2]))).toEqual([]);
    expect(
      again
        .journal("example.test.")!
        .since(1)![0]!
        .added.map((r) => rdataToText(r.type, r.data)),
    ).toEqual(["192.0.2.11"]);
  });

  it("a restart over a zone edited while down drops the history", () => {
    const path = join(dir, "b.journal");
    const t = new Transfers([policy(path)], keys);
    t.start(new ZoneSet([v1]));
    t.afterReload(new ZoneSet([v1]), new ZoneSet([v2]));
    const again = new Transfers([policy(path)], keys);
    expect(again.start(new ZoneSet([zone(2, "www A 192.0.2.99")]))).toEqual(["example.test."]);
    expect(again.journal("example.test.")!.since(1)).toBeUndefined();
  });

  it("data changed without a raised serial is reported and ends the history", () => {
    const t = new Transfers([policy(join(dir, "c.journal"))], keys);
    t.start(new ZoneSet([v1]));
    t.afterReload(new ZoneSet([v1]), new ZoneSet([v2]));
    const same = zone(2, "www A 192.0.2.12");
    expect(t.afterReload(new ZoneSet([v2]), new ZoneSet([same]))[0]!.change).toBe("data-changed-serial-kept");
    expect(t.journal("example.test.")!.since(1)).toBeUndefined();
    expect(t.afterReload(new ZoneSet([same]), new ZoneSet([zone(1, "")]))[0]!.change).toBe("serial-went-back");
    expect(t.afterReload(new ZoneSet([v1]), new ZoneSet([zone(1, "")]))[0]!.change).toBe("unchanged"); // reparsed, same data
  });

  it("the same swap reported twice (two reload requests made one) is journaled and notified once", () => {
    const t = new Transfers([policy(join(dir, "d.journal"))], keys);
    t.start(new ZoneSet([v1]));
    const after = new ZoneSet([v2]);
    expect(t.afterReload(new ZoneSet([v1]), after)[0]!.change).toBe("raised");
    expect(t.afterReload(new ZoneSet([v1]), after)[0]!.change).toBe("unchanged");
    expect(t.journal("example.test.")!.all().length).toBe(1);
  });

  it("a journal file that does not read back is JOURNAL_CORRUPT", () => {
    const path = join(dir, "bad.journal");
    writeFileSync(path, "{not json\n");
    expect(() => readJournalFile(path, new ZoneJournal("example.test."))).toThrow(XfrError);
  });

  it("bad settings are named", () => {
    expect(() => zoneTransferPolicy({ origin: "example.test.", allow: ["192.0.2.1/24"] }, keys)).toThrow(/transfer.allow/);
    expect(() => zoneTransferPolicy({ origin: "example.test.", key: "nokey" }, keys)).toThrow(/not among the tsig keys/);
    expect(() => zoneTransferPolicy({ origin: "example.test.", notify: ["ns.example:53"] }, keys)).toThrow(/notify target/);
  });
});

describe("NOTIFY (RFC 1996) over a real socket", () => {
  it("resends until answered, signed with the key each time", async () => {
    const key = tsigKey({ name: "n-key", algorithm: "hmac-sha256", secret: Buffer.from("notify secret").toString("base64") });
    const secondary = dgram.createSocket("udp4");
    await new Promise<void>((r) => secondary.bind(0, "127.0.0.1", r));
    const seen: Buffer[] = [];
    secondary.on("message", (m, rinfo) => {
      seen.push(m);
      if (seen.length < 3) return; // the first two are "lost"
      // header and question back, QR set (the question is example.test. SOA IN: 14 + 4 octets)
      const answer = Buffer.from(m.subarray(0, 12 + 14 + 4));
      answer.writeUInt16BE(m.readUInt16BE(2) | Flag.QR, 2);
      answer.writeUInt32BE(0, 6);
      answer.writeUInt16BE(0, 10);
      secondary.send(answer, rinfo.port, rinfo.address);
    });
    const soa = {
      name: "example.test.",
      type: 6,
      class: 1,
      ttl: 300,
      data: { mname: "ns1.example.test.", rname: "h.example.test.", serial: 7, refresh: 1, retry: 1, expire: 1, minimum: 1 },
    };
    const outcome = await sendNotify(
      { address: "127.0.0.1", port: (secondary.address() as { port: number }).port },
      "example.test.",
      soa,
      key,
      { tries: 5, firstWaitMs: 100 },
    );
    secondary.close();
    expect(outcome).toMatchObject({ ok: true, tries: 3, rcode: 0 });
    const m = decodeMessage(seen[0]!);
    expect([m.opcode, (m.flags & Flag.AA) !== 0, m.question[0]!.type, (m.answer[0]!.data as { serial: number }).serial]).toEqual([
      4,
      true,
      6,
      7,
    ]);
    for (const s of seen) expect(verifyTsig(s, new TsigKeyring([key]), Math.floor(Date.now() / 1000)).kind).toBe("ok");
  });

  it("gives up after the tries, bounded", async () => {
    const silent = dgram.createSocket("udp4");
    await new Promise<void>((r) => silent.bind(0, "127.0.0.1", r));
    let count = 0;
    silent.on("message", () => count++);
    const soa = {
      name: "example.test.",
      type: 6,
      class: 1,
      ttl: 300,
      data: { mname: "a.", rname: "b.", serial: 1, refresh: 1, retry: 1, expire: 1, minimum: 1 },
    };
    const outcome = await sendNotify(
      { address: "127.0.0.1", port: (silent.address() as { port: number }).port },
      "example.test.",
      soa,
      undefined,
      { tries: 3, firstWaitMs: 50 },
    );
    silent.close();
    expect(outcome).toMatchObject({ ok: false, tries: 3 });
    expect(count).toBe(3);
  });

  it("a closed port (ICMP unreachable) does not end the tries early", async () => {
    const closed = dgram.createSocket("udp4");
    await new Promise<void>((r) => closed.bind(0, "127.0.0.1", r));
    const port = (closed.address() as { port: number }).port;
    closed.close();
    const soa = {
      name: "example.test.",
      type: 6,
      class: 1,
      ttl: 300,
      data: { mname: "a.", rname: "b.", serial: 1, refresh: 1, retry: 1, expire: 1, minimum: 1 },
    };
    const outcome = await sendNotify({ address: "127.0.0.1", port }, "example.test.", soa, undefined, { tries: 3, firstWaitMs: 50 });
    expect(outcome).toMatchObject({ ok: false, tries: 3 });
    if (!outcome.ok) expect(outcome.reason).toMatch(/ECONNREFUSED/);
  });
});

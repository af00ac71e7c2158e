import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DecisionMap, type Decision } from "@dnsteer/steering";
import { decodeMessage, type AData } from "@dnsteer/wire";
import { buildSteeringView, DnsServer, type SteeringView } from "../src/index.js";
import { buildQuery, opt } from "../../wire/test/build-query.js";
import { udpExchange } from "./client.js";
import { testZones } from "./zone-fixture.js";

const providers = [
  { name: "p1", serviceA: ["203.0.113.80"], serviceAAAA: ["2001:db8:1::80"] },
  { name: "p2", serviceA: ["198.51.100.80"], serviceAAAA: [] },
  { name: "p3", serviceA: ["198.18.0.80", "198.18.0.81"], serviceAAAA: ["2001:db8:3::80"] },
];
const decision = (address: string, prefixLength: number, provider: string): Decision => ({ address, prefixLength, provider, level: "source" });
const view = (decisions: Decision[], defaultProvider?: string): SteeringView =>
  buildSteeringView({ names: ["www.example.test."], providers, decisions: new DecisionMap(["p1", "p2", "p3"], decisions), defaultProvider, ttl: 30 });

let current = view([decision("127.0.0.0", 8, "p1"), decision("127.0.0.2", 32, "p2"), decision("198.51.100.0", 24, "p3")]);
let server: DnsServer;
let port: number;

beforeAll(async () => {
  server = new DnsServer({ listen: [{ address: "127.0.0.1", port: 0 }], loadZones: () => testZones(), services: { steering: { current: () => current } } });
  await server.start();
  port = server.ports()[0]!.port;
});
afterAll(() => server.stop());

async function answer(from: string, qtype = 1, tail?: Buffer) {
  const m = decodeMessage((await udpExchange(port, buildQuery({ name: "www.example.test.", qtype, tail }), 1000, "127.0.0.1", from))!);
  return { m, addresses: m.answer.filter((r) => r.type === qtype).map((r) => (r.data as AData).address).sort(), ttl: m.answer[0]?.ttl };
}

describe("steered answers over UDP", () => {
  it("answers each resolver with its provider's addresses and the steering TTL", async () => {
    expect(await answer("127.0.0.2")).toMatchObject({ addresses: ["198.51.100.80"], ttl: 30 });
    expect(await answer("127.0.0.3")).toMatchObject({ addresses: ["203.0.113.80"], ttl: 30 });
    expect((await answer("127.0.0.3")).m).toMatchObject({ rcode: 0 });
  });

  it("uses the ECS subnet over the resolver, with the decision's scope", async () => {
    const ecs = opt([[8, [0, 1, 24, 0, 198, 51, 100]]]);
    const { addresses, m } = await answer("127.0.0.2", 1, ecs);
    expect(addresses).toEqual(["198.18.0.80", "198.18.0.81"]);
    expect(m.edns?.clientSubnet).toMatchObject({ sourcePrefix: 24, scopePrefix: 24 });
  });

  it("answers AAAA from the zone when the chosen provider has no IPv6 service address", async () => {
    expect((await answer("127.0.0.2", 28)).addresses).toEqual(["2001:db8::10"]);
    expect((await answer("127.0.0.3", 28)).addresses).toEqual(["2001:db8:1::80"]);
  });

  it("leaves other types and names to the zone", async () => {
    const mx = decodeMessage((await udpExchange(port, buildQuery({ name: "www.example.test.", qtype: 15 }), 1000, "127.0.0.1", "127.0.0.2"))!);
    expect(mx.answer.map((r) => r.type)).toEqual([15]);
    const mail = decodeMessage((await udpExchange(port, buildQuery({ name: "mail.example.test." }), 1000, "127.0.0.1", "127.0.0.2"))!);
    expect((mail.answer[0]!.data as AData).address).toBe("192.0.2.25");
  });

  it("moves answers as soon as a new view is swapped in, and falls back to the default provider", async () => {
    current = view([decision("127.0.0.2", 32, "p3")], "p2");
    expect((await answer("127.0.0.2")).addresses).toEqual(["198.18.0.80", "198.18.0.81"]);
    expect((await answer("127.0.0.3")).addresses).toEqual(["198.51.100.80"]);
    current = view([]);
    expect((await answer("127.0.0.3")).addresses).toEqual(["192.0.2.10"]); // no decision, no default: the zone's record
  });
});

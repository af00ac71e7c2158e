import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FlowAnalyzer } from "@dnsteer/flow";
import { DecisionMap, type DecisionRoute } from "@dnsteer/steering";
import { nameToKey, parseName } from "@dnsteer/wire";
import {
  buildSteeringView,
  type ChainServices,
  DnsServer,
  SteeredAnswerCounts,
  type SteeringView,
  type UdpMode,
  type WorkerSteering,
} from "../src/index.js";
import { RcodeCounts } from "./child/rcode-counts.js";
import { TEST_ZONE } from "./zone-fixture.js";

/** A steered name beside the test zone: p1 (default) or p2 by the resolver's address or ECS subnet. */
export const STEERING: WorkerSteering = {
  names: ["app.example.test."],
  providers: [
    { name: "p1", serviceA: ["203.0.113.80"], serviceAAAA: ["2001:db8:1::80"] },
    { name: "p2", serviceA: ["198.51.100.80"], serviceAAAA: [] },
  ],
  defaultProvider: "p1",
  ttl: 30,
};
export const route = (prefix: string, prefixLength: number, provider: string): DecisionRoute => ({ prefix, prefixLength, provider });
export const ROUTES = [route("127.0.0.0", 8, "p2"), route("10.1.0.0", 16, "p2")];

/** A zone file on disk (workers load zoneFiles themselves) and a server maker over it. */
export class UdpFixture {
  readonly dir = mkdtempSync(join(tmpdir(), "dnsteer-udp-"));
  readonly file = join(this.dir, "example.test.zone");
  private readonly servers: DnsServer[] = [];

  constructor() {
    this.writeZone("192.0.2.10");
  }

  writeZone(wwwAddress: string): void {
    writeFileSync(this.file, `${TEST_ZONE.replace("192.0.2.10", wwwAddress)}\napp     A     192.0.2.99\n`);
  }

  /** A started server; `decide` swaps its decisions on every worker. */
  async server(
    mode: UdpMode,
    workers = 1,
    address = "127.0.0.1",
  ): Promise<{
    server: DnsServer;
    port: number;
    decide(routes: DecisionRoute[]): void;
    flow: FlowAnalyzer;
    answers: SteeredAnswerCounts;
    rcodes: RcodeCounts;
  }> {
    // A tally of every query, as serve's query counters; workers build their own and report.
    const rcodes = new RcodeCounts();
    const answers = new SteeredAnswerCounts(["p1", "p2"]);
    // The flow tap counts sources of the steered name (group 0), as serve's does.
    const flow = new FlowAnalyzer({ maxSources: 1024, groups: 1, halfLifeMs: 300_000 });
    let view: SteeringView = buildSteeringView({ ...STEERING, decisions: DecisionMap.from(["p1", "p2"], ROUTES) });
    const services: ChainServices = {
      steering: { current: () => view, answers },
      flow: { analyzer: flow, groups: new Map([[nameToKey(parseName("app.example.test.")), 0]]) },
    };
    const server = new DnsServer({
      listen: [{ address, port: 0 }],
      zoneFiles: [{ file: this.file, origin: "example.test." }],
      settings: { udpPayloadSize: 4096, nsid: Buffer.from("ns-test") },
      services,
      tally: rcodes,
      // workers take the steering setup from this view, and build their own RcodeCounts
      udp: {
        mode,
        workers,
        counters: { module: new URL("./child/rcode-counts.ts", import.meta.url).href, exportName: "RcodeCounts", into: rcodes.counts },
      },
    });
    server.shareDecisions(view.decisions);
    await server.start();
    this.servers.push(server);
    const decide = (routes: DecisionRoute[]) => {
      const map = DecisionMap.from(["p1", "p2"], routes);
      view = buildSteeringView({ ...STEERING, decisions: map });
      server.shareDecisions(map);
    };
    return { server, port: server.ports()[0]!.port, decide, flow, answers, rcodes };
  }

  async close(): Promise<void> {
    await Promise.all(this.servers.map((s) => s.stop()));
    rmSync(this.dir, { recursive: true, force: true });
  }
}

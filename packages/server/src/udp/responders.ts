import type { DecisionMap } from "@dnsteer/steering";
import type { ChainServices } from "../chain.js";
import type { Responder } from "../core/responder.js";
import type { ServerSettingsInput } from "../core/settings.js";
import type { FastLane } from "../fast-lane/fast-lane.js";
import type { ZoneFile } from "../reload/zone-files.js";
import { listenBatch } from "./batch-listener.js";
import { chooseUdpTransport, resolveWorkers, type UdpMode, type UdpTransport } from "./choose.js";
import { listenDgram } from "./dgram-listener.js";
import { replayFlow } from "./flow-relay.js";
import type { UdpListener, UdpListenerStats } from "./listener.js";
import { steeringSetupOf } from "./steering-setup.js";
import { addCounts, UdpWorkers, type WorkerSteering } from "./workers.js";

type FlowService = NonNullable<ChainServices["flow"]>;
type SteeringService = NonNullable<ChainServices["steering"]>;

/** DnsServer's `udp` option: the transport and how many workers (config `server`). */
export interface UdpOptions {
  /** Default "auto": the batch addon when it loads, else node:dgram. */
  mode?: UdpMode;
  /** Responder threads in all, this one included; default 1. "auto" = one per core. */
  workers?: number | "auto";
  /**
   * The steering setup workers build their view from, with the maps given to
   * `DnsServer.shareDecisions`. Default: taken from this thread's steering view (the chain's
   * steering service) at start and with each shared map.
   */
  steering?: WorkerSteering;
  /**
   * The server's tally (DnsServerOptions.tally, serve's query counters for /metrics) in every
   * worker too: `module` (an import URL) exports `exportName`, a class whose no-argument
   * constructor gives a QueryTally with `counts: Float64Array`; each worker's counts are added
   * into `into` (this thread's tally's counts) every 200 ms.
   */
  counters?: WorkerCounters;
}

export interface WorkerCounters {
  module: string;
  exportName: string;
  into: Float64Array;
}

/** What start chose: logged once by the caller. */
export interface UdpChoice {
  transport: "batch" | "dgram";
  reason: string;
  workers: number;
  /** Why workers is not what was asked, when it is not. */
  workersNote?: string;
}

/** Counters of one worker's sockets, summed (worker 0 = the main thread). */
export interface UdpWorkerStats extends UdpListenerStats {
  worker: number;
}

/**
 * The responder's UDP side: the transport chosen at start, this thread's listeners (worker 0)
 * and the extra worker threads with their own SO_REUSEPORT sockets on the same addresses.
 */
export class UdpResponders {
  private readonly listeners: UdpListener[] = [];
  private transport?: UdpTransport;
  private pool?: UdpWorkers;
  private decisions?: DecisionMap;
  private workersWanted = 1;
  choice?: UdpChoice;

  constructor(
    private readonly options: UdpOptions = {},
    /** This thread's steering (its view; its answer counts) and flow tap, when the chain has them. */
    private readonly main: { steering?: SteeringService; flow?: FlowService } = {},
  ) {}

  /** What workers steer by: the given setup, else this thread's view as it is now. */
  private steeringSetup(): WorkerSteering | undefined {
    if (this.options.steering) return this.options.steering;
    return this.main.steering && steeringSetupOf(this.main.steering.current());
  }

  /**
   * Chooses the transport and the worker count (once, before the first listen). `canShare`:
   * whether extra workers could serve what this thread serves (zone files, steering setup).
   */
  choose(canShare: boolean): UdpChoice {
    if (this.choice) return this.choice;
    const transport = chooseUdpTransport(this.options.mode ?? "auto");
    const { workers, note } = resolveWorkers(this.options.workers ?? 1, transport.kind, canShare);
    this.transport = transport;
    this.workersWanted = workers;
    this.choice = { transport: transport.kind, reason: transport.reason, workers, workersNote: note };
    return this.choice;
  }

  /** `fastLane`: the batch path's (see batch-listener.ts); node:dgram, allocating per datagram anyway, takes the responder only. */
  async listen(
    address: string,
    port: number,
    respond: Responder,
    fastLane: FastLane | undefined,
    receiveBufferBytes: number,
  ): Promise<UdpListener> {
    const transport = this.transport;
    if (!transport) throw new Error("UdpResponders: choose() before listen()");
    if (transport.kind === "dgram") return listenDgram(address, port, respond, receiveBufferBytes);
    return listenBatch(transport.udp, address, port, respond, fastLane, receiveBufferBytes, this.workersWanted > 1);
  }

  /** Keeps a bound listener (one whose TCP twin bound too). */
  add(listener: UdpListener): void {
    this.listeners.push(listener);
  }

  /** Starts the extra workers on the bound addresses (after every listen). */
  async startWorkers(
    zoneFiles: readonly ZoneFile[] | undefined,
    settings: ServerSettingsInput,
    onError: (err: unknown) => void,
  ): Promise<void> {
    if (this.workersWanted <= 1 || !zoneFiles) return;
    this.pool = await UdpWorkers.start(
      this.workersWanted - 1,
      {
        zoneFiles: [...zoneFiles],
        settings,
        listen: this.ports(),
        steering: this.steeringSetup(),
        flow: this.flowSetup(),
        countAnswers: this.main.steering?.answers !== undefined,
        counters: this.options.counters && { module: this.options.counters.module, exportName: this.options.counters.exportName },
      },
      this.decisions ?? this.main.steering?.current().decisions,
      onError,
      this.main.flow && ((records) => replayFlow(this.main.flow!.analyzer, records)),
      this.main.steering?.answers && ((names, counts) => this.addAnswers(names, counts)),
      this.options.counters && ((counts) => addCounts(this.options.counters!.into, counts)),
    );
    // A map shared while the workers were starting reached no one (the pool did not exist yet):
    // send the one in force now, so no worker answers from the map it started with until the
    // decisions next change (which, with steady decisions, may be never).
    const now = this.decisions ?? this.main.steering?.current().decisions;
    if (now) this.shareDecisions(now);
  }

  private flowSetup(): { groups: Map<string, number>; limits: FlowService["analyzer"]["limits"] } | undefined {
    const flow = this.main.flow;
    return flow && { groups: new Map(flow.groups), limits: { ...flow.analyzer.limits } };
  }

  ports(): Array<{ address: string; port: number }> {
    return this.listeners.map((l) => ({ address: l.address, port: l.port }));
  }

  /** Every worker reloads too; resolves with the failures (the main thread's outcome is the caller's). */
  reloadWorkers(zoneFiles: readonly ZoneFile[] | undefined, settings: ServerSettingsInput): Promise<string[]> {
    if (!this.pool || !zoneFiles) return Promise.resolve([]);
    // A reload may have changed what is steered (names, providers' answers): send the view as it is now.
    const view = this.main.steering?.current();
    if (view) this.shareDecisions(view.decisions);
    return this.pool.reload(zoneFiles, settings);
  }

  /** A new decision map for the workers' steering views (the main thread's comes through its chain). */
  shareDecisions(map: DecisionMap): void {
    this.decisions = map;
    this.pool?.shareDecisions(
      map,
      this.options.steering ? undefined : this.steeringSetup(),
      this.main.flow && new Map(this.main.flow.groups),
    );
  }

  /** Each worker's counters summed over its sockets, worker 0 first. */
  async stats(): Promise<UdpWorkerStats[]> {
    const perWorker = [this.listeners.map((l) => l.stats()), ...(this.pool ? await this.pool.stats() : [])];
    return perWorker.map((listeners, worker) => {
      const sum: UdpWorkerStats = { worker, received: 0, answered: 0, dropped: 0, sendErrors: 0, fastLane: 0 };
      for (const s of listeners) {
        sum.received += s.received;
        sum.answered += s.answered;
        sum.dropped += s.dropped;
        sum.sendErrors += s.sendErrors;
        sum.fastLane += s.fastLane;
      }
      return sum;
    });
  }

  /**
   * A worker's steered answers (its slots: 0 the zone's records, i + 1 `names[i]`) counted into
   * this thread's SteeredAnswerCounts through its own `count`, by provider name against this
   * thread's view (a provider it no longer has is skipped). Off the query path: every 200 ms.
   */
  private addAnswers(names: readonly string[], counts: Float64Array): void {
    const steering = this.main.steering!;
    const answers = steering.answers!;
    const view = steering.current();
    for (let slot = 0; slot * 2 < counts.length; slot++) {
      const provider = slot === 0 ? -1 : view.providers.findIndex((p) => p.name === names[slot - 1]);
      if (slot > 0 && provider < 0) continue;
      for (let n = counts[slot * 2]!; n > 0; n--) answers.count(view, provider, true);
      for (let n = counts[slot * 2 + 1]!; n > 0; n--) answers.count(view, provider, false);
    }
  }

  async stop(): Promise<void> {
    for (const l of this.listeners) l.close();
    this.listeners.length = 0;
    await this.pool?.stop();
    this.pool = undefined;
  }
}

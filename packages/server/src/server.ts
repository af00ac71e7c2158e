import type { DecisionMap } from "@dnsteer/steering";
import { ZoneSet } from "@dnsteer/zone";
import {
  buildChain,
  type ChainServices,
  type CookieStats,
  cookiesForProblemReplies,
  DnsCookies,
  ResponseRateLimiter,
  type RrlStats,
  rrlForProblemReplies,
} from "./chain.js";
import type { Handler } from "./core/handler.js";
import { createResponder, type Responder } from "./core/responder.js";
import { resolveSettings, type ServerSettings, type ServerSettingsInput } from "./core/settings.js";
import { createSnapshot, type Snapshot } from "./core/snapshot.js";
import { type QueryTally, tallyHandler } from "./core/tally.js";
import { FastLane } from "./fast-lane/fast-lane.js";
import { loadZoneFilesOffThread } from "./reload/load-off-thread.js";
import { Reloader } from "./reload/reloader.js";
import type { ZoneFile } from "./reload/zone-files.js";
import { TcpListener, type TcpStats } from "./tcp/listener.js";
import { type UdpChoice, type UdpOptions, UdpResponders, type UdpWorkerStats } from "./udp/responders.js";

export interface ListenAddress {
  address: string;
  /** 0 picks a free port (tests); see `DnsServer.ports`. */
  port: number;
}

export interface DnsServerOptions {
  listen: ListenAddress[];
  /**
   * Zone files, parsed on a worker thread at start and on every reload while this thread keeps
   * answering (reload/). The usual source.
   */
  zoneFiles?: readonly ZoneFile[];
  /** Or: builds the zone set on this thread (tests, small custom sources). Throwing rejects the reload. */
  loadZones?: () => ZoneSet;
  /** Zones already loaded: `start` serves these instead of loading (reloads still load). */
  initialZones?: ZoneSet;
  settings?: ServerSettingsInput;
  /**
   * A custom chain; by default `buildChain(services)` (with `tally` first). A custom chain
   * turns the batch path's fast lane off: the lane stands in for chain.ts's chain only.
   */
  chain?: readonly Handler[];
  services?: ChainServices;
  /** Counts every query answered, by the chain or the fast lane (serve's query counters); with the default chain only. */
  tally?: QueryTally;
  onError?: (err: unknown) => void;
  /** UDP transport and workers (udp/README.md); default: the batch addon when it loads, one worker. */
  udp?: UdpOptions;
}

export type ReloadOutcome = { ok: true; zones: number } | { ok: false; error: Error };

/**
 * The responder on its listeners, with zone reloads that never drop the data being served and
 * never stop answering: zones are parsed off this thread and swapped in with one assignment.
 */
export class DnsServer {
  private snapshot: Snapshot;
  private readonly respond: Responder;
  /** The batch path's allocation-free answers from templates (fast-lane/); none with a custom chain. */
  private readonly fastLane: FastLane | undefined;
  private readonly reloader = new Reloader(() => this.loadAndSwap());
  private readonly rateLimiter: ResponseRateLimiter;
  private readonly cookies: DnsCookies;
  private readonly udp: UdpResponders;
  private readonly tcp: TcpListener[] = [];
  private zoneFiles: readonly ZoneFile[] | undefined;
  private currentSettings: ServerSettings;

  constructor(private readonly options: DnsServerOptions) {
    if (!options.zoneFiles === !options.loadZones) throw new TypeError("DnsServer: give exactly one of zoneFiles and loadZones");
    this.currentSettings = resolveSettings(options.settings);
    this.zoneFiles = options.zoneFiles;
    // No zones until start: a query before then is REFUSED, as for any name we do not serve.
    this.snapshot = createSnapshot(options.initialZones ?? new ZoneSet(), this.settings);
    this.rateLimiter = options.services?.rateLimiter ?? new ResponseRateLimiter();
    this.cookies = options.services?.cookies ?? new DnsCookies();
    const services = { ...options.services, rateLimiter: this.rateLimiter, cookies: this.cookies };
    const tally = options.tally;
    if (options.chain && tally) throw new TypeError("DnsServer: tally counts the default chain; a custom chain counts itself");
    const chain = options.chain ?? [...(tally ? [tallyHandler(tally)] : []), ...buildChain(services)];
    this.fastLane = options.chain ? undefined : new FastLane(() => this.snapshot, { ...services, tally });
    this.udp = new UdpResponders(options.udp, { steering: options.services?.steering, flow: options.services?.flow });
    const limitProblem = rrlForProblemReplies(this.rateLimiter);
    const cookieProblem = cookiesForProblemReplies(this.cookies);
    this.respond = createResponder(() => this.snapshot, { chain, onError: options.onError, limitProblem, cookieProblem });
  }

  /** Load the zones (unless given), then listen. Throws if the zones do not load. */
  async start(): Promise<void> {
    if (!this.options.initialZones) {
      const outcome = await this.reload();
      if (!outcome.ok) throw outcome.error;
    }
    // Workers load zoneFiles themselves and build their chain from `services` (a custom chain cannot cross threads).
    this.udp.choose(this.options.zoneFiles !== undefined && (this.options.chain === undefined || this.options.services !== undefined));
    for (const { address, port } of this.options.listen) await this.listenOn(address, port);
    await this.udp.startWorkers(this.options.zoneFiles, this.settings, (err) => this.options.onError?.(err));
  }

  /** The UDP transport and worker count start chose, and why (undefined before start). */
  udpChoice(): UdpChoice | undefined {
    return this.udp.choice;
  }

  /** Each UDP worker's counters (received, answered, ...), worker 0 = this thread. */
  udpStats(): Promise<UdpWorkerStats[]> {
    return this.udp.stats();
  }

  /** A new decision map for the extra UDP workers' steering views (this thread's comes through the chain). */
  shareDecisions(map: DecisionMap): void {
    this.udp.shareDecisions(map);
  }

  /**
   * UDP first; TCP then takes the same port number. With port 0 the number UDP got may be
   * taken for TCP: then start over with another, a bounded number of times.
   */
  private async listenOn(address: string, port: number): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const udp = await this.udp.listen(address, port, this.respond, this.fastLane, this.settings.udpReceiveBufferBytes);
      try {
        this.tcp.push(await TcpListener.listen(address, udp.port, this.respond, () => this.snapshot.settings.tcp));
        this.udp.add(udp);
        return;
      } catch (err) {
        udp.close();
        if (port !== 0 || attempt >= 5 || (err as NodeJS.ErrnoException).code !== "EADDRINUSE") throw err;
      }
    }
  }

  /** Settings each new snapshot is built with (`current().settings` are those answering now). */
  get settings(): ServerSettings {
    return this.currentSettings;
  }

  /**
   * Change what the next reload serves: other zone files (zones added to or removed from the
   * config) and settings. Listeners and SO_RCVBUF stay as started. Nothing changes until
   * `reload()` swaps in a snapshot; a reload that fails keeps the old zones, with these files
   * and settings remembered for the next one.
   */
  reconfigure(change: { zoneFiles?: readonly ZoneFile[]; settings?: ServerSettingsInput }): void {
    if (change.zoneFiles) {
      if (!this.zoneFiles) throw new TypeError("DnsServer: reconfigure zoneFiles needs a server started with zoneFiles");
      this.zoneFiles = change.zoneFiles;
    }
    if (change.settings) this.currentSettings = resolveSettings(change.settings);
  }

  /** Bound addresses and ports, in listen order. */
  ports(): ListenAddress[] {
    return this.udp.ports();
  }

  /**
   * Load zones anew and swap them in; on failure the old zones keep serving. A reload asked
   * for while one runs is queued behind it; several asked for during one run make one.
   */
  reload(): Promise<ReloadOutcome> {
    return this.reloader.request();
  }

  private async loadAndSwap(): Promise<ReloadOutcome> {
    try {
      const { loadZones } = this.options;
      const zones = this.zoneFiles ? await loadZoneFilesOffThread(this.zoneFiles) : loadZones!();
      this.snapshot = createSnapshot(zones, this.settings);
      for (const error of await this.udp.reloadWorkers(this.zoneFiles, this.settings))
        this.options.onError?.(new Error(`UDP worker reload: ${error}`));
      return { ok: true, zones: zones.size };
    } catch (err) {
      return { ok: false, error: err instanceof Error ? err : new Error(String(err)) };
    }
  }

  /** What each TCP listener has closed and why, in listen order. */
  tcpStats(): Array<TcpStats & { open: number }> {
    return this.tcp.map((t) => ({ ...t.stats, open: t.connections }));
  }

  /** What response rate limiting has done (with the default chain). */
  rrlStats(): RrlStats {
    return { ...this.rateLimiter.stats };
  }

  /** What the cookies plugin has seen (with the default chain). */
  cookieStats(): CookieStats {
    return { ...this.cookies.stats };
  }

  /** The snapshot currently answering (for status and tests). */
  current(): Snapshot {
    return this.snapshot;
  }

  /** Answer one query without a socket (benchmarks, tests, other front ends). */
  answer(msg: Buffer, transport: "udp" | "tcp" = "udp"): Buffer | null {
    return this.respond(msg, transport, { address: "127.0.0.1", port: 0, family: 4 });
  }

  async stop(): Promise<void> {
    await this.udp.stop();
    await Promise.all(this.tcp.map((s) => s.stop()));
    this.tcp.length = 0;
  }
}

import type { Config } from "@dnsteer/config";
import { steeringView } from "@dnsteer/control";
import type { FlowService, SteeringView } from "@dnsteer/server";
import { DecisionMap } from "@dnsteer/steering";
import { applyProviderOverrides, effectiveSteeredNames, type Store } from "@dnsteer/storage";
import { nameToKey, parseName } from "@dnsteer/wire";
import type { ZoneSet } from "@dnsteer/zone";
import type { Logger } from "pino";
import type { GroupLabels } from "../flow.js";
import { startDecisionRefresh } from "../steering/refresh.js";

/** How often the store's steered names and provider settings (changed through the API) are read. */
export const STORE_POLL_MS = 1000;

export interface LiveSteeringOptions {
  config: Config;
  store: Store;
  dbPath: string;
  /** The flow tap built at start: its name → group map and labels are updated in place (then `labelsChanged`). */
  flow: { service: FlowService; labels: GroupLabels; labelsChanged?: () => void };
  /** The zones being served now (a steered name outside them is not steered). */
  zones: () => ZoneSet;
  log: Logger;
  /** Each new decision map or steering setup, after this thread's view has it (e.g. for the server's other UDP workers). */
  onMap?: (map: DecisionMap) => void;
  /** The decision-refresh thread died (it is started again after `restartInMs`). Default: logged at error. */
  onRefreshCrash?: (err: Error, restartInMs: number) => void;
}

/**
 * The responder's steering as the config in force and the store say: steered names (the
 * config's, with those added or removed through the API), providers with the API's overrides
 * (answer addresses), TTL and default provider. Rebuilt when a reload changes the config, and
 * when the store's names or provider settings change (read every STORE_POLL_MS: two small
 * tables, compared as one fingerprint). The provider list itself (names and order) is fixed
 * at start: the decision map and the answer counts index providers by position.
 */
export class LiveSteering {
  private config: Config;
  private decisions: DecisionMap;
  private view: SteeringView;
  private fingerprint = "";
  private providerNames: string[] = [];
  /** Steered names in force that lie in a served zone, and the providers in force. */
  private names: string[] = [];
  private providers: Config["providers"] = [];
  private stopRefresh: () => Promise<void> = async () => {};
  private poll: NodeJS.Timeout | undefined;
  /** Groups the flow analyzer counts (fixed at start); names past them share the last group. */
  private readonly groupCapacity: number;
  /** For the chain: the view answering now (swapped with one assignment). */
  readonly service: { current: () => SteeringView };

  constructor(private readonly options: LiveSteeringOptions) {
    this.config = options.config;
    this.decisions = DecisionMap.from([], []);
    this.groupCapacity = Math.max(0, ...options.flow.service.groups.values()) + 1;
    this.view = this.build();
    this.service = { current: () => this.view };
  }

  start(): void {
    this.refresh(true);
    this.poll = setInterval(() => this.refresh(false), STORE_POLL_MS);
    this.poll.unref();
  }

  /** A reload changed the config in force. */
  setConfig(config: Config): void {
    this.config = config;
    this.refresh(true);
  }

  /** The zones changed: names that were not steered for want of a zone may be now. */
  zonesChanged(): void {
    this.refresh(true);
  }

  async stop(): Promise<void> {
    clearInterval(this.poll);
    await this.stopRefresh();
  }

  private refresh(force: boolean): void {
    const { store, log } = this.options;
    let names: string[];
    let providers: Config["providers"];
    try {
      const steered = effectiveSteeredNames(this.config.steering?.names ?? [], store.admin.steeredNames.list());
      providers = applyProviderOverrides(this.config.providers, store.admin.providerOverrides.list()) as Config["providers"];
      names = steered.map((n) => n.name);
      const fingerprint = JSON.stringify([names, steered.map((n) => n.group), providers, this.config.steering]);
      if (!force && fingerprint === this.fingerprint) return;
      this.fingerprint = fingerprint;
      this.setGroups(steered);
    } catch (err) {
      log.error({ err }, "reading steered names and providers from the store failed; steering as before");
      return;
    }
    const zones = this.options.zones();
    this.names = names.filter((n) => {
      if (zones.find(parseName(n))) return true;
      log.warn({ name: n }, `steered name ${n} is in no served zone: not steered`);
      return false;
    });
    this.providers = providers;
    const providerNames = providers.map((p) => p.name);
    if (this.providerNames.length === 0) {
      // Until the first map: no decisions, but the providers (the default provider answers).
      this.decisions = DecisionMap.from(providerNames, []);
      this.startRefresh(providerNames);
    } else if (providerNames.join(" ") !== this.providerNames.join(" "))
      log.warn(
        { running: this.providerNames, now: providerNames },
        "providers added, removed or reordered: answered from the responder's next start (restart needed: responder); answer addresses of the others apply now",
      );
    this.view = this.build();
    // The same map again: whoever rebuilds views from it (the server's other UDP workers) takes the new setup too.
    this.options.onMap?.(this.decisions);
    log.info(
      { steered: this.names, providers: this.providerNames, defaultProvider: this.config.steering?.defaultProvider },
      "steering updated",
    );
  }

  /** The view for the names, providers and decision map in force. */
  private build(): SteeringView {
    const steering = this.config.steering;
    return steeringView(
      {
        providers: this.providers,
        steering: { names: this.names.map((name) => ({ name })), ttl: steering?.ttl ?? 30, defaultProvider: steering?.defaultProvider },
      },
      this.decisions,
    );
  }

  /** The flow tap counts the names in force, in place (its plugin holds this map). */
  private setGroups(steered: ReadonlyArray<{ name: string; group: number | null }>): void {
    const groups = this.options.flow.service.groups as Map<string, number>;
    const labels = this.options.flow.labels;
    groups.clear();
    steered.forEach((n, i) => {
      const group = Math.min(n.group ?? i, this.groupCapacity - 1);
      const name = parseName(n.name);
      labels[group] ??= name;
      groups.set(nameToKey(name), group);
    });
    this.options.flow.labelsChanged?.();
  }

  /** The decision-refresh thread, with the provider order its maps index by (fixed until restart: answer counts index by it too). */
  private startRefresh(providerNames: string[]): void {
    this.providerNames = providerNames;
    const { log } = this.options;
    this.stopRefresh = startDecisionRefresh({
      dbPath: this.options.dbPath,
      providers: providerNames,
      intervalMs: this.config.steering?.refreshIntervalMs ?? 250,
      onMap: (map, { version, how, ms }) => {
        this.decisions = map;
        this.view = this.build();
        this.options.onMap?.(map);
        log.info({ decisions: map.size, version, how, ms }, "decisions refreshed");
      },
      onCrash:
        this.options.onRefreshCrash ??
        ((err, restartInMs) =>
          log.error({ err, restartInMs }, "decision refresh thread died; answering from the map in force; starting it again")),
    });
  }
}

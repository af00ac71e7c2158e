import type { PolicyConfig } from "./config.js";
import type { MeasurementsByProvider, PathMeasurement, PolicyInput } from "./input-types.js";
import type { ProviderTable } from "./provider-table.js";

/**
 * Per aggregate (/24, /48): is each provider down for the prefix, by its members' own evidence?
 * An aggregate mixes every member's probes, so one ICMP-silent member's timeouts (before its TCP
 * fallback) can make the aggregate look dead while every other member answers. The prefix's
 * verdict is therefore its measured members' majority: down when more of them have that path down
 * than up. Members whose every path is down say nothing about providers (the member stopped
 * answering) and are not counted. Only when no member has its own measurement of that provider
 * does the aggregate's own loss decide. Used only for sources without trusted data of their own.
 */
export type PrefixDown = ReadonlyMap<string, Uint8Array>;

export function prefixDownByMembers(input: PolicyInput, table: ProviderTable, config: PolicyConfig): PrefixDown {
  const P = table.count;
  const tallies = new Map<string, Int32Array>();
  for (const source of input.sources) {
    const own = source.measurements;
    if (source.aggregate === undefined || own === undefined) continue;
    let up = 0;
    for (let p = 0; p < P; p++) if (isMeasured(own[table.names[p]!]) && !isDown(own[table.names[p]!], config)) up++;
    if (up === 0) continue;
    let tally = tallies.get(source.aggregate.key);
    if (tally === undefined) tallies.set(source.aggregate.key, (tally = new Int32Array(2 * P)));
    for (let p = 0; p < P; p++) {
      const path = own[table.names[p]!];
      if (!isMeasured(path)) continue;
      const at = isDown(path, config) ? p : P + p;
      tally[at] = tally[at]! + 1;
    }
  }
  const out = new Map<string, Uint8Array>();
  input.prefixMeasurements?.forEach((aggregate, key) => out.set(key, verdicts(aggregate, tallies.get(key), table, config)));
  for (const [key, tally] of tallies) if (!out.has(key)) out.set(key, verdicts(undefined, tally, table, config));
  return out;
}

function verdicts(
  aggregate: MeasurementsByProvider | undefined,
  tally: Int32Array | undefined,
  table: ProviderTable,
  config: PolicyConfig,
): Uint8Array {
  const P = table.count;
  const down = new Uint8Array(P);
  for (let p = 0; p < P; p++) {
    const membersDown = tally?.[p] ?? 0;
    const membersUp = tally?.[P + p] ?? 0;
    down[p] = membersDown + membersUp > 0 ? (membersDown > membersUp ? 1 : 0) : isDown(aggregate?.[table.names[p]!], config) ? 1 : 0;
  }
  return down;
}

function isMeasured(path: PathMeasurement | undefined): path is PathMeasurement {
  return path !== undefined && path.samples >= 1;
}

export function isDown(path: PathMeasurement | undefined, config: PolicyConfig): boolean {
  return path !== undefined && path.samples >= 1 && path.loss >= config.downLoss;
}

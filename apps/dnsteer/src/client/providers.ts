import { clientFor } from "./api.js";
import { ago, print, table } from "./table.js";
import type { Provider, ProviderHealthList, ProviderList } from "./types.js";

interface Opts {
  config?: string;
  json?: boolean;
}

/** `dnsteer providers`: each provider with its operator state and measured health. */
export async function providersList(opts: Opts): Promise<void> {
  const api = await clientFor(opts);
  const [list, health] = await Promise.all([api.get<ProviderList>("/v1/providers"), api.get<ProviderHealthList>("/v1/provider-health")]);
  const byName = new Map(health.providers.map((h) => [h.name, h]));
  const json = { providers: list.providers, health: health.providers, healthStatus: health.status };
  print(!!opts.json, json, () => {
    const out = table(
      ["NAME", "STATE", "DRAINED", "PATHS", "DOWN", "MEDIAN RTT", "LOSS", "DECISIONS", "MEASURED", "SENDING"],
      list.providers.map((p) => {
        const h = byName.get(p.name);
        const sending = h?.sending
          ? h.sending.ok
            ? "ok"
            : `${h.sending.cause ?? "failing"}${h.sending.detail ? `: ${h.sending.detail}` : ""}`
          : "-";
        return [
          p.name,
          h?.state ?? "-",
          p.drained ? "yes" : "no",
          h?.paths,
          h?.pathsDown,
          ms(h?.medianRttMs),
          pct(h?.meanLoss),
          h?.decisions,
          ago(h?.lastMeasuredAt),
          sending,
        ];
      }),
    );
    return health.status === "building" ? `${out}\n${buildingLine(health.building)}` : out;
  });
}

/** The API is still reading its store for the first health figures (just after start, a big store). */
export function buildingLine(building: ProviderHealthList["building"]): string {
  const pct = building && building.expected > 0 ? ` (${Math.floor((100 * building.done) / building.expected)}%)` : "";
  return `provider health: the API is still reading the store after its start${pct}; ask again shortly`;
}

/** `dnsteer providers drain|undrain NAME`: its sources move at the next evaluation. */
export async function providerDrain(name: string, drain: boolean, opts: Opts): Promise<void> {
  const api = await clientFor(opts);
  const p = await api.post<Provider>(`/v1/providers/${encodeURIComponent(name)}/${drain ? "drain" : "undrain"}`);
  print(!!opts.json, p, () =>
    drain
      ? `${p.name}: drained; its sources move to other providers at the next evaluation`
      : `${p.name}: undrained; it may be chosen again from the next evaluation`,
  );
}

export function ms(v: number | null | undefined): string {
  return v === null || v === undefined ? "-" : `${v.toFixed(1)} ms`;
}

export function pct(v: number | null | undefined): string {
  return v === null || v === undefined ? "-" : `${(v * 100).toFixed(1)}%`;
}

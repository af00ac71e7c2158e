import type { Decision, ProviderVerdict } from "./decision-types.js";

const ms = (value: number) => `${value.toFixed(1)} ms`;

/** A verdict as people read it: "slower by 12.3 ms", "hysteresis: challenger needs 2 more evaluations". */
export function describeVerdict(v: ProviderVerdict): string {
  const by = v.by;
  switch (v.kind) {
    case "chosen":
      return "chosen";
    case "disabled":
      return "disabled";
    case "drained":
      return "drained";
    case "down":
      return "down (every probe lost)";
    case "path-down":
      return "down for this source (every probe lost)";
    case "unknown":
      return `unknown (${v.samples} samples)`;
    case "lossy":
      return `lossy (${((v.loss ?? 0) * 100).toFixed(1)} % loss)`;
    case "too-slow":
      return `over the RTT ceiling (${v.rttMs === null ? "?" : ms(v.rttMs)})`;
    case "slower":
      return by === null ? "slower" : `slower by ${ms(by)}`;
    case "pricier":
      return `pricier by ${by ?? "?"} per Mbps`;
    case "outside-tolerance":
      return `outside the tolerance by ${by === null ? "?" : ms(by)}`;
    case "within-margin":
      return `faster by ${by === null ? "?" : ms(by)}, within the hysteresis margin`;
    case "unconfirmed":
      return `faster, but only ${by === null ? "?" : (100 * by).toFixed(1)} % sure (needs more samples)`;
    case "hysteresis":
      return `hysteresis: challenger needs ${by ?? "?"} more evaluation${by === 1 ? "" : "s"}`;
    case "hold-down":
      return `hold-down until ${by === null ? "?" : new Date(by).toISOString()}`;
    case "over-capacity":
      return "over capacity";
    case "over-commit":
      return "over its commit";
  }
}

/** One line per decision: "192.0.2.0/24 -> isp-a (source /24, best): isp-b slower by 3.0 ms; …". */
export function describeDecision(d: Decision): string {
  const others = d.reason.providers.filter((v) => v.kind !== "chosen").map((v) => `${v.provider} ${describeVerdict(v)}`);
  const from = d.reason.from === null ? "" : ` from ${d.reason.from}`;
  const head = `${d.source} -> ${d.provider} (${d.level} /${d.prefixLength}, ${d.reason.mode}, ${d.reason.cause}${from})`;
  return others.length === 0 ? head : `${head}: ${others.join("; ")}`;
}

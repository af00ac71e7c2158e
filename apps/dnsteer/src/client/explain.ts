import { CliError } from "../cli/errors.js";
import { clientFor } from "./api.js";
import { ms, pct } from "./providers.js";
import { print, table } from "./table.js";
import type { ExplanationView } from "./types.js";

/**
 * `dnsteer explain ADDR` through the running API (the live map's answer). Returns false when
 * the API is not reachable, so the caller can explain from the local store instead.
 */
export async function explainViaApi(address: string, opts: { config?: string; json?: boolean; ecs?: string }): Promise<boolean> {
  const api = await clientFor(opts);
  let e: ExplanationView;
  try {
    e = await api.get<ExplanationView>("/v1/explain", { address, ecs: opts.ecs });
  } catch (err) {
    if (err instanceof CliError && err.code === "API_UNREACHABLE") return false;
    throw err;
  }
  print(!!opts.json, e, () => {
    const lines = [
      `source ${e.source}${e.scope !== null ? ` (ECS scope /${e.scope})` : ""}`,
      `answer: ${e.provider ?? "the zone's own records"} (${e.basis}${e.decision ? `: ${e.decision.prefix} ${e.decision.level}, ${e.decision.cause}` : ""})`,
    ];
    if (e.answer.a.length + e.answer.aaaa.length > 0)
      lines.push(`A ${e.answer.a.join(" ") || "-"}  AAAA ${e.answer.aaaa.join(" ") || "-"}`);
    if (e.verdicts.length > 0)
      lines.push(
        "",
        table(
          ["PROVIDER", "VERDICT", "RTT", "LOSS", "PRICE"],
          e.verdicts.map((v) => [v.provider, v.verdict, ms(v.rttMs), pct(v.loss), v.price]),
        ),
      );
    if (e.paths.length > 0)
      lines.push(
        "",
        table(
          ["PROVIDER", "PATH", "MEDIAN", "EWMA", "LOSS", "JITTER", "SAMPLES"],
          e.paths.map((p) => [p.provider, p.prefix, ms(p.medianMs), ms(p.ewmaMs), pct(p.loss), ms(p.jitterMs), p.samples]),
        ),
      );
    return lines.join("\n");
  });
  return true;
}

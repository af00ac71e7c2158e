import type { ProbeRequestResult, ProbeRequestStatus } from "../probe-requests.js";

/** One probe site's answer to a probe request: its per-provider results, or why it probed nothing. */
export interface ProbeRequestAnswer {
  site: string;
  results: readonly ProbeRequestResult[];
  error: string | null;
}

export interface MergedProbeRequest {
  status: Exclude<ProbeRequestStatus, "queued">;
  results: ProbeRequestResult[];
  error: string | null;
}

/**
 * A probe left through the provider at that site (answered or not): not a site that does not
 * host it (no source address, SOURCE_NOT_LOCAL), where every probe failed with an error.
 */
export function probedThrough(r: ProbeRequestResult): boolean {
  return r.probes > 0 && (r.loss < 1 || r.error === null);
}

/**
 * The sites' answers to one request as one outcome, or null while it waits for more: each
 * provider asked for (`targets`) gets the result of the site that probed through it (several:
 * the least loss, then the lowest RTT); it is finished when every target has one, or once it
 * has `expired` (then a target no site probed through carries the last site's reason, or says
 * that no site answered for it). Done when some provider was probed, failed otherwise.
 */
export function mergeProbeRequestAnswers(
  targets: readonly string[],
  answers: readonly ProbeRequestAnswer[],
  expired: boolean,
): MergedProbeRequest | null {
  const results: ProbeRequestResult[] = [];
  const missing: string[] = [];
  for (const provider of targets) {
    let best: ProbeRequestResult | undefined;
    let reason: ProbeRequestResult | undefined;
    for (const a of answers) {
      for (const r of a.results) {
        if (r.provider !== provider) continue;
        if (!probedThrough(r)) reason = { ...r, error: `${a.site}: ${r.error}` };
        else if (!best || better(r, best)) best = r;
      }
    }
    if (best) results.push(best);
    else {
      missing.push(provider);
      results.push(reason ?? { provider, kind: "tcp", probes: 0, rttMs: null, loss: 0, error: "no probe site answered for it" });
    }
  }
  if (missing.length > 0 && !expired) return null;
  const anyProbed = missing.length < targets.length;
  const siteErrors = answers.filter((a) => a.error !== null).map((a) => `${a.site}: ${a.error}`);
  const error = anyProbed
    ? null
    : targets.length === 0
      ? "no enabled provider to probe through"
      : [`no probe site could probe through ${missing.join(", ")} before the request expired`, ...siteErrors].join("; ");
  return { status: anyProbed ? "done" : "failed", results, error };
}

function better(a: ProbeRequestResult, b: ProbeRequestResult): boolean {
  if (a.loss !== b.loss) return a.loss < b.loss;
  return (a.rttMs ?? Infinity) < (b.rttMs ?? Infinity);
}

import { CliError } from "../cli/errors.js";
import { clientFor } from "./api.js";
import { print } from "./table.js";
import type { ProbeRequestView } from "./types.js";

const SPINNER = ["|", "/", "-", "\\"];

/**
 * `dnsteer measure ADDR`: ask the worker (through the API's probe request) to probe ADDR now
 * through every provider, show progress until it answers, then print the measured paths.
 */
export async function measure(
  address: string,
  opts: { config?: string; json?: boolean; provider?: string; timeout: string },
): Promise<void> {
  const api = await clientFor(opts);
  const req = await api.post<ProbeRequestView>("/v1/measurements/requests", {
    address,
    ...(opts.provider ? { provider: opts.provider } : {}),
  });
  const deadline = Date.now() + Number(opts.timeout) * 1000;
  const tty = process.stderr.isTTY && !opts.json;
  let current = req;
  for (let tick = 0; current.status === "queued"; tick++) {
    if (Date.now() > deadline) {
      if (tty) process.stderr.write("\n");
      throw new CliError(
        "FAILED",
        `probe request ${req.id} for ${address} still queued after ${opts.timeout} s: is the worker running (dnsteer up)?`,
      );
    }
    if (tty)
      process.stderr.write(
        `\r${SPINNER[tick % SPINNER.length]} probing ${address} through ${opts.provider ?? "every provider"} (request ${req.id}, ${Math.round((Date.now() - req.requestedAt) / 1000)} s)`,
      );
    await new Promise((r) => setTimeout(r, 250));
    current = await api.get<ProbeRequestView>(`/v1/measurements/requests/${req.id}`);
  }
  if (tty) process.stderr.write("\r\x1b[K");
  const paths = await api.get<{ items: unknown[] }>("/v1/measurements", { source: address });
  print(!!opts.json, { request: current, paths: paths.items }, () =>
    [
      `request ${current.id}: ${current.status}${current.error ? ` (${current.error})` : ""}`,
      // What the worker measured just now, per provider; then the stored paths, if ADDR is a source.
      ...(current.results ?? []).map(
        (r) =>
          `  ${r.provider}  ${r.kind}  rtt ${r.rttMs === null ? "-" : `${r.rttMs.toFixed(2)} ms`}  loss ${Math.round(r.loss * 100)}% of ${r.probes}${r.error ? `  (${r.error})` : ""}`,
      ),
      ...paths.items.map((p) => JSON.stringify(p)),
    ].join("\n"),
  );
  if (current.status === "failed")
    throw new CliError("FAILED", `probe request ${current.id} failed${current.error ? `: ${current.error}` : ""}`);
}

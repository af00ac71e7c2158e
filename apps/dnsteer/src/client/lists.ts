import { clientFor } from "./api.js";
import { ago, print, table } from "./table.js";
import type { DecisionPage, SourcePage } from "./types.js";

interface PageOpts {
  config?: string;
  json?: boolean;
  limit?: string;
  offset?: string;
}

/** `dnsteer sources`: top sources by demand, or those in an address or prefix. */
export async function sourcesList(opts: PageOpts & { address?: string; prefix?: string }): Promise<void> {
  const api = await clientFor(opts);
  const data = await api.get<SourcePage>("/v1/sources", {
    limit: opts.limit,
    offset: opts.offset,
    address: opts.address,
    prefix: opts.prefix,
  });
  print(
    !!opts.json,
    data,
    () =>
      `${table(
        ["SOURCE", "RATE q/s", "QUERIES", "ECS", "LAST SEEN"],
        data.items.map((s) => [s.source, Number(s.rate.toFixed(2)), s.queries, s.ecs ? "yes" : "no", ago(s.lastSeen)]),
      )}\n${footer(data)}`,
  );
}

/** `dnsteer decisions`: where each source is steered and why. */
export async function decisionsList(opts: PageOpts & { provider?: string; level?: string; cause?: string }): Promise<void> {
  const api = await clientFor(opts);
  const data = await api.get<DecisionPage>("/v1/decisions", {
    limit: opts.limit,
    offset: opts.offset,
    provider: opts.provider,
    level: opts.level,
    cause: opts.cause,
  });
  print(
    !!opts.json,
    data,
    () =>
      `${table(
        ["SOURCE", "PROVIDER", "LEVEL", "CAUSE", "FROM", "DECIDED"],
        data.items.map((d) => [d.source, d.provider, d.level, d.cause, d.from, ago(d.decidedAt)]),
      )}\n${footer(data)}`,
  );
}

function footer(p: { items: unknown[]; total: number; offset: number; nextOffset: number | null }): string {
  const shown = p.items.length === 0 ? "none" : `${p.offset + 1}-${p.offset + p.items.length}`;
  return `(${shown} of ${p.total}${p.nextOffset !== null ? `; next: --offset ${p.nextOffset}` : ""})`;
}

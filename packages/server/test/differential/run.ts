import type { Deliberate } from "./allow-list.js";
import { type Target, tcpQuery, UdpClient } from "./client.js";
import type { ZoneModel } from "./inventory.js";
import { diffViews, toView, type View } from "./normalize.js";
import { encodeQuery, type GeneratedQuery } from "./query.js";

export interface Outcome {
  query: GeneratedQuery;
  knot: View | null;
  ours: View | null;
  /** Empty when equal; otherwise what differs. */
  diffs: string[];
  /** Set when a deliberate-difference rule accepted the diffs. */
  allowedBy?: string;
}

function view(buf: Buffer | null): View | null | string {
  if (!buf) return null;
  try {
    return toView(buf);
  } catch (err) {
    return `undecodable: ${(err as Error).message}`;
  }
}

/** Send every query to both servers (same bytes but the id) and compare the answers. */
export async function runDifferential(
  queries: GeneratedQuery[],
  knot: Target,
  ours: Target,
  rules: Deliberate[],
  models: ZoneModel[],
): Promise<Outcome[]> {
  const clients = [new UdpClient(knot), new UdpClient(ours)] as const;
  const outcomes: Outcome[] = [];
  try {
    for (const q of queries) {
      const ask = (i: 0 | 1, t: Target) =>
        q.transport === "udp" ? clients[i].query((id) => encodeQuery(q, id)) : tcpQuery(t, encodeQuery(q, 0x1234));
      const [kb, ob] = await Promise.all([ask(0, knot), ask(1, ours)]);
      const k = view(kb);
      const o = view(ob);
      if (typeof k === "string" || typeof o === "string" || !k || !o) {
        const diffs = [
          typeof k === "string" ? `knot ${k}` : !k ? "knot: no answer" : "",
          typeof o === "string" ? `ours ${o}` : !o ? "ours: no answer" : "",
        ].filter(Boolean);
        outcomes.push({ query: q, knot: typeof k === "string" ? null : k, ours: typeof o === "string" ? null : o, diffs });
        continue;
      }
      const diffs = diffViews(k, o);
      const rule = diffs.length ? rules.find((r) => r.accept(q, k, o, models)) : undefined;
      outcomes.push({ query: q, knot: k, ours: o, diffs, allowedBy: rule?.id });
    }
  } finally {
    clients.forEach((c) => c.close());
  }
  return outcomes;
}

import { showView } from "./normalize.js";
import { describeQuery } from "./query.js";
import type { Outcome } from "./run.js";

export const isMismatch = (o: Outcome) => o.diffs.length > 0 && !o.allowedBy;

/** Per-category counts, then the first `limit` mismatches with both answers in full. */
export function report(outcomes: Outcome[], limit = 15, showAllowed = false): string {
  const cats = new Map<string, { total: number; equal: number; allowed: number; mismatch: number }>();
  for (const o of outcomes) {
    const c = cats.get(o.query.category) ?? { total: 0, equal: 0, allowed: 0, mismatch: 0 };
    c.total++;
    if (!o.diffs.length) c.equal++;
    else if (o.allowedBy) c.allowed++;
    else c.mismatch++;
    cats.set(o.query.category, c);
  }
  const lines = ["category        total  equal  allowed  mismatch"];
  for (const [name, c] of cats)
    lines.push(
      `${name.padEnd(15)} ${String(c.total).padStart(5)} ${String(c.equal).padStart(6)} ${String(c.allowed).padStart(8)} ${String(c.mismatch).padStart(9)}`,
    );
  const allowed = new Map<string, number>();
  for (const o of outcomes) if (o.allowedBy) allowed.set(o.allowedBy, (allowed.get(o.allowedBy) ?? 0) + 1);
  if (allowed.size) lines.push(`deliberate differences accepted: ${[...allowed].map(([k, n]) => `${k} x${n}`).join(", ")}`);
  const bad = outcomes.filter(isMismatch);
  lines.push(`${bad.length} mismatches of ${outcomes.length} queries${bad.length > limit ? `; first ${limit}` : ""}:`);
  for (const o of bad.slice(0, limit)) {
    lines.push(
      `- [${o.query.category}] ${describeQuery(o.query)}: ${o.diffs.join("; ")}`,
      "  knot:",
      showView(o.knot),
      "  ours:",
      showView(o.ours),
    );
  }
  if (showAllowed) {
    for (const o of outcomes.filter((o) => o.allowedBy)) {
      lines.push(
        `~ allowed (${o.allowedBy}) ${describeQuery(o.query)}: ${o.diffs.join("; ")}`,
        "  knot:",
        showView(o.knot),
        "  ours:",
        showView(o.ours),
      );
    }
  }
  return lines.join("\n");
}

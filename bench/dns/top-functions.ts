// Usage: node --import tsx bench/dns/top-functions.ts FILE.cpuprofile [N]
// Prints the N functions with the most self time in a V8 CPU profile (node --cpu-prof).
import { readFileSync } from "node:fs";

interface ProfileNode {
  id: number;
  hitCount?: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
}

const [file, n = "25"] = process.argv.slice(2);
if (!file) throw new Error("usage: top-functions.ts FILE.cpuprofile [N]");
const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;
const self = new Map<string, number>();
let total = 0;
for (const node of profile.nodes) {
  const hits = node.hitCount ?? 0;
  total += hits;
  const { functionName, url, lineNumber } = node.callFrame;
  // tsx-compiled sources report line 1 for everything; show a line only when it means something.
  const file = url.replace(/^file:\/\/.*?\/(packages|apps|node_modules)\//, "$1/");
  const where = url ? (lineNumber > 0 ? `${file}:${lineNumber + 1}` : file) : "";
  const key = `${functionName || "(anonymous)"} ${where}`.trim();
  self.set(key, (self.get(key) ?? 0) + hits);
}
// Idle is the event loop waiting for packets: the second column shares out the busy time only.
const busy = total - (self.get("(idle)") ?? 0);
console.log(`self time: ${total} samples, ${busy} busy;  % of all   % of busy`);
for (const [key, hits] of [...self].sort((a, b) => b[1] - a[1]).slice(0, Number(n))) {
  const ofBusy = key === "(idle)" ? "" : `${((100 * hits) / busy).toFixed(1)}%`;
  console.log(`${((100 * hits) / total).toFixed(1).padStart(6)}% ${ofBusy.padStart(7)}  ${key}`);
}

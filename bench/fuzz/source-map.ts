/**
 * Just enough of source maps (v3) to turn an offset in the code tsx gave V8 back into a line
 * of the TypeScript file: tsx inlines the map as a data: URL at the end of each module.
 */
const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** For each generated line, sorted [generated column, original line (1-based)] pairs. */
export type LineMap = Array<Array<[number, number]>>;

export function inlineLineMap(code: string): LineMap | undefined {
  const m = /\/\/# sourceMappingURL=data:application\/json;(?:charset=utf-8;)?base64,([A-Za-z0-9+/=]+)\s*$/.exec(code);
  if (!m) return undefined;
  const map = JSON.parse(Buffer.from(m[1]!, "base64").toString("utf8")) as { mappings: string };
  const out: LineMap = [];
  let origLine = 0;
  for (const line of map.mappings.split(";")) {
    const segs: Array<[number, number]> = [];
    let col = 0;
    for (const seg of line.split(",")) {
      if (!seg) continue;
      const f = vlq(seg);
      col += f[0]!;
      if (f.length >= 4) {
        origLine += f[2]!;
        segs.push([col, origLine + 1]);
      }
    }
    out.push(segs);
  }
  return out;
}

function vlq(s: string): number[] {
  const out: number[] = [];
  let value = 0;
  let shift = 0;
  for (const ch of s) {
    const d = B64.indexOf(ch);
    value += (d & 31) << shift;
    if (d & 32) shift += 5;
    else {
      out.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return out;
}

/** The original line of generated (line, column), both 0-based in; 1-based line out. */
export function originalLine(map: LineMap, line: number, column: number): number | undefined {
  const segs = map[line];
  if (!segs || segs.length === 0) return undefined;
  let best: number | undefined;
  for (const [c, l] of segs) {
    if (c > column) break;
    best = l;
  }
  return best ?? segs[0]![1];
}

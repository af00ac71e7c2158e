/** One sample of the Prometheus text format (0.0.4). */
export interface PromSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}
export interface PromFamily {
  name: string;
  help: string;
  type: string;
  samples: PromSample[];
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})?\s+(\S+)(\s+-?\d+)?$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"\s*(,|$)/y;

/**
 * A strict parser of the text exposition format for tests: every line must be a HELP, a TYPE
 * or a sample of the family last declared (histogram/summary suffixes allowed); anything else
 * throws naming the line.
 */
export function parsePrometheusText(text: string): Map<string, PromFamily> {
  const families = new Map<string, PromFamily>();
  let current: PromFamily | undefined;
  text.split("\n").forEach((line, i) => {
    if (line === "") return;
    const fail = (why: string) => {
      throw new Error(`line ${i + 1}: ${why}: ${line}`);
    };
    if (line.startsWith("# HELP ")) {
      const [, name, help] = /^# HELP (\S+) ?(.*)$/.exec(line) ?? fail("bad HELP");
      current = { name: name!, help: help!, type: "untyped", samples: [] };
      if (families.has(name!)) fail("family declared twice");
      families.set(name!, current);
      return;
    }
    if (line.startsWith("# TYPE ")) {
      const [, name, type] = /^# TYPE (\S+) (counter|gauge|histogram|summary|untyped)$/.exec(line) ?? fail("bad TYPE");
      if (!current || current.name !== name) fail("TYPE without its HELP");
      current!.type = type!;
      return;
    }
    if (line.startsWith("#")) return;
    const m = SAMPLE.exec(line) ?? fail("not a sample");
    const name = m[1]!;
    // Prometheus reads values with Go's ParseFloat: Inf and NaN in any case (prom-client writes "Nan").
    if (!/^([-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?|[+-]?inf|nan)$/i.test(m[4]!)) fail("bad value");
    if (
      !current ||
      !(
        name === current.name ||
        (/^(histogram|summary)$/.test(current.type) && /_(bucket|sum|count)$/.test(name) && name.startsWith(current.name))
      )
    )
      fail("sample outside its family");
    const labels: Record<string, string> = {};
    if (m[3]) {
      LABEL.lastIndex = 0;
      while (LABEL.lastIndex < m[3].length) {
        const start = LABEL.lastIndex;
        const l = LABEL.exec(m[3]) ?? fail(`bad labels at ${start}`);
        labels[l[1]!] = l[2]!.replace(/\\n/g, "\n").replace(/\\"/g, '"').replace(/\\\\/g, "\\");
      }
    }
    const v = m[4]!.toLowerCase();
    const value = v === "+inf" || v === "inf" ? Infinity : v === "-inf" ? -Infinity : v === "nan" ? NaN : Number(m[4]);
    current!.samples.push({ name, labels, value });
  });
  return families;
}

/** The value of the sample of `family` whose labels include `match` (0 when there is none). */
export function sampleValue(families: Map<string, PromFamily>, family: string, match: Record<string, string>): number {
  const f = families.get(family);
  const s = f?.samples.find((x) => Object.entries(match).every(([k, v]) => x.labels[k] === v));
  return s?.value ?? 0;
}

import { colorOf, h, s } from "./dom.js";

const W = 560;
const H = 180;
const PAD = { left: 40, right: 10, top: 10, bottom: 22 };

/**
 * A small SVG line chart: `series` = [{ name, color, dashed, points: [[t, v], ...] }] over the
 * time range [from, to]. Plain SVG: a few hundred points need no chart library.
 */
export function lineChart(label, series, from, to) {
  const max = Math.max(1, ...series.flatMap((x) => x.points.map((p) => p[1])));
  const x = (t) => PAD.left + ((t - from) / Math.max(1, to - from)) * (W - PAD.left - PAD.right);
  const y = (v) => H - PAD.bottom - (v / max) * (H - PAD.top - PAD.bottom);
  const ticks = [0, max / 2, max];
  const svg = s(
    "svg",
    { viewBox: `0 0 ${W} ${H}`, width: "100%", role: "img", "aria-label": label },
    ...ticks.map((v) =>
      s(
        "g",
        {},
        s("line", { x1: PAD.left, x2: W - PAD.right, y1: y(v), y2: y(v), stroke: "#d0d7de" }),
        s("text", { x: PAD.left - 4, y: y(v) + 4, "text-anchor": "end" }, Math.round(v)),
      ),
    ),
    s("text", { x: PAD.left, y: H - 6 }, new Date(from).toISOString().slice(11, 16)),
    s("text", { x: W - PAD.right, y: H - 6, "text-anchor": "end" }, new Date(to).toISOString().slice(11, 16)),
    ...series.map((ser) =>
      s("polyline", {
        fill: "none",
        stroke: ser.color,
        "stroke-width": 2,
        "stroke-dasharray": ser.dashed ? "5 3" : undefined,
        points: ser.points.map(([t, v]) => `${x(t).toFixed(1)},${y(v).toFixed(1)}`).join(" "),
      }),
    ),
  );
  const legend = h(
    "div",
    { class: "legend" },
    series.map((ser) => h("span", {}, h("span", { class: "swatch", style: { background: ser.color } }), ser.name)),
  );
  return h("figure", { style: { margin: 0 } }, svg, legend);
}

/** A horizontal 100 % bar of shares, with the figures as text beside it. */
export function shareBar(label, parts) {
  const total = parts.reduce((a, p) => a + p.value, 0);
  return h(
    "div",
    {},
    h(
      "div",
      { class: "bar", role: "img", "aria-label": `${label}: ${parts.map((p) => `${p.name} ${pct(p.value, total)}`).join(", ")}` },
      parts.map((p, i) =>
        h("span", {
          style: { width: `${total === 0 ? 0 : (p.value / total) * 100}%`, background: p.color ?? colorOf(i) },
          title: `${p.name}: ${pct(p.value, total)}`,
        }),
      ),
    ),
  );
}

export const pct = (v, total) => (total === 0 ? "—" : `${((v / total) * 100).toFixed(1)} %`);

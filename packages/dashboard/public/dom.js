// Builds DOM nodes from data: text always goes through textContent, never innerHTML.

/** h("td", { class: "num" }, "12.3") — attributes (on* keys become listeners), then children. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith("on") && typeof value === "function") el.addEventListener(key.slice(2), value);
    else if (key === "style" && typeof value === "object") Object.assign(el.style, value);
    else el.setAttribute(key, value === true ? "" : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Same-namespace SVG element (charts). */
export function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [key, value] of Object.entries(attrs)) if (value !== undefined && value !== null) el.setAttribute(key, String(value));
  append(el, children);
  return el;
}

export const fmtMs = (v) => (v === null || v === undefined ? "—" : `${v < 10 ? v.toFixed(2) : v.toFixed(1)} ms`);
export const fmtPct = (v) => (v === null || v === undefined ? "—" : `${(v * 100).toFixed(v > 0 && v < 0.1 ? 1 : 0)} %`);
export const fmtNum = (v, digits = 1) =>
  v === null || v === undefined ? "—" : Number(v).toLocaleString("en", { maximumFractionDigits: digits });
export const fmtTime = (ms) => (ms === null || ms === undefined ? "—" : new Date(ms).toISOString().replace("T", " ").slice(0, 19));

/** One fixed color per provider, by position in the providers list (colorblind-safe palette). */
const PALETTE = ["#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442", "#000000"];
export const colorOf = (index) => PALETTE[index % PALETTE.length];

import { fmtNum, h } from "./dom.js";

/**
 * Just after the API started on a big store, /v1/provider-health and /v1/activity answer
 * `status: "building"` (the figures come from the latency matrix's first table, still being read):
 * a status line with the progress, and the view asks again every second until the answer is ready.
 */
export function buildingNotice(id, what) {
  const el = h("p", { class: "building", id, role: "status", hidden: true });
  let again = null;
  return {
    el,
    /** Shows or hides the line for the API's `answer`; while building, calls `refresh` again in a second. */
    show(answer, refresh) {
      clearTimeout(again);
      el.hidden = answer.status !== "building";
      if (el.hidden) return;
      const b = answer.building;
      const pct = b && b.expected > 0 ? Math.round((100 * b.done) / b.expected) : 0;
      el.textContent = `Building ${what} from the store: ${pct} % (${fmtNum(b?.done ?? 0, 0)} of about ${fmtNum(b?.expected ?? 0, 0)} rows); asking again…`;
      again = setTimeout(() => {
        if (el.isConnected) refresh();
      }, 1000);
    },
  };
}

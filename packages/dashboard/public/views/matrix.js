import { api } from "../api.js";
import { fmtMs, fmtNum, fmtPct, h } from "../dom.js";

const PAGE = 50;

/** RTT to a heat color: green under 20 ms, through yellow, red past 200 ms (log scale); loss darkens it. */
export function heat(rttMs, loss) {
  if (rttMs === null) return loss === null ? null : "hsl(0 70% 55%)";
  const t = Math.min(1, Math.max(0, Math.log10(Math.max(rttMs, 1) / 20) / 1));
  const hue = 130 - 130 * t;
  return `hsl(${hue.toFixed(0)} 65% ${(80 - 20 * Math.min(1, loss * 4)).toFixed(0)}%)`;
}

export const matrixView = {
  title: "Latency matrix",
  mount(root) {
    const state = { sort: "demand", offset: 0, chosen: "" };
    const table = h("table", { class: "heat", "aria-describedby": "matrix-help" });
    const summary = h("span", { class: "muted", id: "matrix-summary" });
    const chosenSelect = h("select", {
      id: "matrix-chosen",
      onchange: () => {
        state.chosen = chosenSelect.value;
        state.offset = 0;
        refresh();
      },
    });
    const prev = h(
      "button",
      {
        type: "button",
        onclick: () => {
          state.offset = Math.max(0, state.offset - PAGE);
          refresh();
        },
      },
      "← Previous",
    );
    const next = h(
      "button",
      {
        type: "button",
        onclick: () => {
          state.offset += PAGE;
          refresh();
        },
      },
      "Next →",
    );
    const pageInfo = h("span", { class: "muted" });
    root.append(
      h(
        "section",
        { class: "card" },
        h("h2", {}, "Latency matrix"),
        h(
          "p",
          { id: "matrix-help", class: "muted" },
          "Median return-path RTT and loss of each prefix's path through each provider. The outlined cell (✓) is the provider the prefix is steered to. ",
          "Regret: the chosen path's RTT over the best one. Margin: the best path's lead over the runner-up.",
        ),
        h(
          "div",
          { class: "toolbar" },
          h("label", { for: "matrix-chosen" }, "Steered to"),
          chosenSelect,
          summary,
          h(
            "div",
            { class: "legend", "aria-hidden": "true" },
            "RTT:",
            ...[5, 20, 50, 100, 200].map((v) => h("span", { style: { background: heat(v, 0) } }, `${v} ms`)),
          ),
        ),
        h("div", { style: { overflowX: "auto" } }, table),
        h("div", { class: "pager" }, prev, next, pageInfo),
      ),
    );

    const sortHeader = (key, label) =>
      h(
        "th",
        { class: "num", "aria-sort": state.sort === key ? (key === "margin" ? "ascending" : "descending") : undefined, scope: "col" },
        h(
          "button",
          {
            type: "button",
            onclick: () => {
              state.sort = key;
              state.offset = 0;
              refresh();
            },
            title: `sort by ${label}`,
          },
          label,
        ),
      );

    const building = h("p", { class: "building", id: "matrix-building", role: "status", hidden: true });
    table.before(building);
    let again = null;

    /** Progress of the server's build; while there is no table yet, asks again every second (not only every 5 s). */
    function showBuilding(page) {
      const b = page.building;
      const pct = b && b.expected > 0 ? Math.round((100 * b.done) / b.expected) : 0;
      building.hidden = b === null;
      document.body.dataset.matrix = page.status;
      if (page.status === "building") {
        building.textContent = `Building the matrix from the store: ${pct} % (${fmtNum(b?.done ?? 0, 0)} of about ${fmtNum(b?.expected ?? 0, 0)} rows). The other views work meanwhile.`;
        clearTimeout(again);
        again = setTimeout(() => {
          if (table.isConnected) refresh();
        }, 1000);
      } else if (b !== null) {
        building.textContent = `A newer table is being built (${pct} %); these rows are from ${new Date(page.builtAt).toLocaleTimeString()}.`;
      }
    }

    async function refresh() {
      const page = await api("/v1/matrix", {
        query: { sort: state.sort, offset: state.offset, limit: PAGE, chosen: state.chosen || undefined },
      });
      showBuilding(page);
      if (page.status === "building") {
        table.replaceChildren();
        summary.textContent = "building…";
        pageInfo.textContent = "";
        prev.disabled = true;
        next.disabled = true;
        return;
      }
      if (chosenSelect.options.length !== page.providers.length + 1) {
        chosenSelect.replaceChildren(
          h("option", { value: "" }, "any provider"),
          ...page.providers.map((p) => h("option", { value: p }, p)),
        );
        chosenSelect.value = state.chosen;
      }
      table.replaceChildren(
        h(
          "thead",
          {},
          h(
            "tr",
            {},
            h("th", { scope: "col" }, "Prefix"),
            sortHeader("demand", "Demand (q/s)"),
            ...page.providers.map((p) => h("th", { scope: "col", class: "provider" }, p)),
            h("th", { scope: "col" }, "Chosen"),
            sortHeader("regret", "Regret"),
            sortHeader("margin", "Margin"),
            h("th", { scope: "col" }, "Cause"),
          ),
        ),
        h(
          "tbody",
          {},
          page.items.map((row) =>
            h(
              "tr",
              { "data-source": row.source },
              h("th", { scope: "row" }, row.source),
              h("td", { class: "num" }, fmtNum(row.demand, 2)),
              ...row.cells.map((c, i) => {
                const chosen = page.providers[i] === row.chosen;
                const color = heat(c.medianRttMs, c.loss);
                return h(
                  "td",
                  {
                    class: `cell${chosen ? " chosen" : ""}${color === null ? " none" : ""}`,
                    style: color ? { background: color } : undefined,
                    "data-provider": page.providers[i],
                    "data-rtt": c.medianRttMs ?? "",
                    "data-loss": c.loss ?? "",
                    title: `${row.source} via ${page.providers[i]}: ${fmtMs(c.medianRttMs)}, loss ${fmtPct(c.loss)}, ${c.samples} results${chosen ? " (chosen)" : ""}`,
                  },
                  chosen ? "✓ " : "",
                  c.loss === null ? "not measured" : fmtMs(c.medianRttMs),
                  c.loss === null ? null : h("span", { class: "loss" }, `loss ${fmtPct(c.loss)}`),
                );
              }),
              h("td", {}, row.chosen ?? "default"),
              h("td", { class: "num" }, fmtMs(row.regretMs)),
              h("td", { class: "num" }, fmtMs(row.marginMs)),
              h("td", {}, row.cause ?? "—"),
            ),
          ),
        ),
      );
      summary.textContent = `${fmtNum(page.total, 0)} prefixes`;
      const last = page.offset + page.items.length;
      pageInfo.textContent = page.total === 0 ? "no rows" : `rows ${page.offset + 1}–${last} of ${fmtNum(page.total, 0)}`;
      prev.disabled = page.offset === 0;
      next.disabled = page.nextOffset === null;
    }
    return { refresh };
  },
};

import { api } from "../api.js";
import { buildingNotice } from "../building.js";
import { fmtMs, fmtNum, fmtPct, fmtTime, h } from "../dom.js";

/** Demand against commit and capacity: a bar to the larger of the three, the commit and capacity as marks. */
function loadBar(demand, commit, capacity) {
  const top = Math.max(demand, commit, capacity ?? 0, 1) * 1.1;
  const at = (v) => `${((v / top) * 100).toFixed(1)}%`;
  const over = capacity !== null && demand > capacity;
  return h(
    "div",
    {
      style: { position: "relative", height: "1rem", width: "9rem", background: "#eef1f4", border: "1px solid #d0d7de" },
      role: "img",
      "aria-label": `demand ${fmtNum(demand)} Mbps, commit ${fmtNum(commit)} Mbps, capacity ${capacity === null ? "unlimited" : `${fmtNum(capacity)} Mbps`}`,
    },
    h("div", { style: { width: at(demand), height: "100%", background: over ? "#b42318" : demand > commit ? "#e69f00" : "#0072b2" } }),
    commit > 0
      ? h("div", {
          title: "commit",
          style: { position: "absolute", left: at(commit), top: "-2px", bottom: "-2px", borderLeft: "2px dashed #1b1f24" },
        })
      : null,
    capacity !== null
      ? h("div", {
          title: "capacity",
          style: { position: "absolute", left: at(capacity), top: "-3px", bottom: "-3px", borderLeft: "3px solid #b42318" },
        })
      : null,
  );
}

export const providersView = {
  title: "Providers",
  mount(root, ctx) {
    const table = h("table", { id: "providers" });
    const building = buildingNotice("providers-building", "provider health");
    root.append(
      h(
        "section",
        { class: "card" },
        h("h2", {}, "Providers"),
        h(
          "p",
          { class: "muted" },
          "Health from the worker's path measurements; demand is the steered prefixes' estimated Mbps against the commit (dashed mark) and capacity (red mark). ",
          ctx.scope === "admin"
            ? "Draining moves a provider's prefixes off it at the next evaluation."
            : "Read-only key: drain and undrain need an admin key.",
        ),
        building.el,
        h("div", { style: { overflowX: "auto" } }, table),
      ),
    );

    async function drain(name, drained) {
      const verb = drained ? "Undrain" : "Drain";
      const text = drained
        ? `Undrain ${name}? It may be chosen again at the next evaluation.`
        : `Drain ${name}? It will not be chosen; the prefixes steered to it move at the next evaluation.`;
      if (!(await ctx.confirm(`${verb} ${name}`, text, verb))) return;
      try {
        await api(`/v1/providers/${encodeURIComponent(name)}/${drained ? "undrain" : "drain"}`, { method: "POST" });
        ctx.report(`${name} ${drained ? "undrained" : "drained"}`);
      } catch (e) {
        ctx.report(`${verb} failed: ${e.message}`, true);
      }
      await refresh();
    }

    async function refresh() {
      const [{ providers }, health, activity] = await Promise.all([
        api("/v1/providers"),
        api("/v1/provider-health"),
        api("/v1/activity", { query: { bucketMs: 3_600_000 } }),
      ]);
      building.show(health.status === "building" ? health : activity, refresh);
      const healthOf = new Map(health.providers.map((x) => [x.name, x]));
      const shareOf = new Map(activity.shares.map((x) => [x.provider, x]));
      table.replaceChildren(
        h(
          "thead",
          {},
          h(
            "tr",
            {},
            ...[
              "Provider",
              "State",
              "Paths (down)",
              "Median RTT",
              "Mean loss",
              "Prefixes",
              "Demand vs commit, capacity (Mbps)",
              "Cost model",
              "Measured",
              "",
            ].map((t) => h("th", { scope: "col" }, t)),
          ),
        ),
        h(
          "tbody",
          {},
          providers.map((p) => {
            const hl = healthOf.get(p.name);
            const share = shareOf.get(p.name);
            const state = hl?.state ?? (health.status === "building" ? "building" : "unmeasured");
            const demand = share?.demandMbps ?? 0;
            const admin = ctx.scope === "admin";
            return h(
              "tr",
              { "data-provider": p.name },
              h("th", { scope: "row" }, p.name, p.enabled ? null : h("span", { class: "muted" }, " (disabled)")),
              h(
                "td",
                { class: `state-${state}`, "data-field": "state" },
                state,
                hl?.sending && !hl.sending.ok
                  ? h("div", { class: "muted" }, `cannot send: ${hl.sending.cause ?? ""} ${hl.sending.detail ?? ""}`)
                  : null,
              ),
              h("td", { class: "num" }, `${hl?.paths ?? 0} (${hl?.pathsDown ?? 0})`),
              h("td", { class: "num" }, fmtMs(hl?.medianRttMs ?? null)),
              h("td", { class: "num" }, fmtPct(hl?.meanLoss ?? null)),
              h("td", { class: "num" }, fmtNum(hl?.decisions ?? 0, 0)),
              h(
                "td",
                {},
                loadBar(demand, p.commitMbps, p.capacityMbps),
                h(
                  "div",
                  { class: "muted", "data-field": "demand" },
                  `${fmtNum(demand)} vs ${fmtNum(p.commitMbps)}, ${p.capacityMbps === null ? "no cap" : fmtNum(p.capacityMbps)}`,
                ),
              ),
              h(
                "td",
                { class: "wrap" },
                `${fmtNum(p.pricePerMbps, 2)} per Mbps to ${fmtNum(p.commitMbps)}, then ${fmtNum(p.priceAboveCommit, 2)}; billed at p${p.billingPercentile}`,
              ),
              h("td", {}, hl?.lastMeasuredAt ? fmtTime(hl.lastMeasuredAt).slice(11) : "—"),
              h(
                "td",
                {},
                h(
                  "button",
                  {
                    type: "button",
                    class: p.drained ? undefined : "danger",
                    disabled: !admin,
                    "aria-label": `${p.drained ? "Undrain" : "Drain"} ${p.name}`,
                    title: admin ? undefined : "needs an admin key",
                    onclick: () => drain(p.name, p.drained),
                    hidden: !admin,
                  },
                  p.drained ? "Undrain" : "Drain",
                ),
              ),
            );
          }),
        ),
      );
    }
    return { refresh };
  },
};

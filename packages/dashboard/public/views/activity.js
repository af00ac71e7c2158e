import { api } from "../api.js";
import { buildingNotice } from "../building.js";
import { lineChart, pct, shareBar } from "../chart.js";
import { colorOf, fmtNum, h } from "../dom.js";

const CAUSE_COLORS = ["#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#000000", "#999999"];

export const activityView = {
  title: "Answers over time",
  mount(root) {
    const body = h("div");
    const building = buildingNotice("activity-building", "the shares");
    root.append(
      h(
        "section",
        { class: "card" },
        h("h2", {}, "Answers over time"),
        h(
          "p",
          { class: "muted" },
          "Answers: what the responders (dnsteer serve) answered for steered names with each provider, counted by the responders and stored every minute. ",
          "Below: prefixes and demand steered to each provider now, probes sent and lost per provider, and decisions by cause.",
        ),
        building.el,
        body,
      ),
    );

    async function refresh() {
      const [a, answers] = await Promise.all([api("/v1/activity", { query: { bucketMs: 60_000 } }), api("/v1/answers")]);
      building.show(a, refresh);
      const names = [...new Set([...a.shares.map((x) => x.provider), ...answers.totals.map((x) => x.provider)])];
      const color = (p) => colorOf(Math.max(0, names.indexOf(p)));
      const totalDecisions = a.shares.reduce((n, x) => n + x.decisions, 0);
      const totalDemand = a.shares.reduce((n, x) => n + x.demand, 0);
      const shares = h(
        "table",
        { id: "shares" },
        h(
          "thead",
          {},
          h(
            "tr",
            {},
            h("th", { scope: "col" }, "Provider"),
            h("th", { class: "num", scope: "col" }, "Prefixes steered"),
            h("th", { class: "num", scope: "col" }, "Share"),
            h("th", { class: "num", scope: "col" }, "Demand (q/s)"),
            h("th", { class: "num", scope: "col" }, "Demand share"),
          ),
        ),
        h(
          "tbody",
          {},
          a.shares.map((x) =>
            h(
              "tr",
              { "data-provider": x.provider },
              h("th", { scope: "row" }, h("span", { class: "swatch", style: { background: color(x.provider) } }), x.provider),
              h("td", { class: "num", "data-field": "decisions" }, fmtNum(x.decisions, 0)),
              h("td", { class: "num", "data-field": "decision-share" }, pct(x.decisions, totalDecisions)),
              h("td", { class: "num", "data-field": "demand" }, fmtNum(x.demand, 2)),
              h("td", { class: "num", "data-field": "demand-share" }, pct(x.demand, totalDemand)),
            ),
          ),
        ),
      );

      const providers = [...new Set(a.probes.map((p) => p.provider))];
      const series = providers.flatMap((p) => {
        const rows = a.probes.filter((b) => b.provider === p);
        return [
          { name: `${p} sent`, color: color(p), points: rows.map((b) => [b.at, b.sent]) },
          { name: `${p} lost`, color: color(p), dashed: true, points: rows.map((b) => [b.at, b.lost]) },
        ];
      });
      const causes = [...new Set(a.decisions.map((d) => d.cause ?? "none"))];
      const causeSeries = causes.map((c, i) => ({
        name: c,
        color: CAUSE_COLORS[i % CAUSE_COLORS.length],
        points: a.decisions.filter((d) => (d.cause ?? "none") === c).map((d) => [d.at, d.count]),
      }));
      const causeTotals = causes.map((c) => [c, a.decisions.filter((d) => (d.cause ?? "none") === c).reduce((n, d) => n + d.count, 0)]);
      const probeTotals = providers.map((p) => {
        const rows = a.probes.filter((b) => b.provider === p);
        return [p, rows.reduce((n, b) => n + b.sent, 0), rows.reduce((n, b) => n + b.lost, 0)];
      });

      body.replaceChildren(
        ...answerSection(answers, color),
        h("h3", {}, "Share of prefixes steered"),
        shareBar(
          "share of prefixes",
          a.shares.map((x) => ({ name: x.provider, value: x.decisions, color: color(x.provider) })),
        ),
        h("h3", {}, "Share of demand"),
        shareBar(
          "share of demand",
          a.shares.map((x) => ({ name: x.provider, value: x.demand, color: color(x.provider) })),
        ),
        shares,
        h(
          "div",
          { class: "grid2" },
          h(
            "div",
            {},
            h("h3", {}, `Probes sent (solid) and lost (dashed) per ${a.bucketMs / 1000} s`),
            providers.length === 0
              ? h("p", { class: "muted" }, "No probe results in this window.")
              : lineChart("probes per provider over time", series, a.since, a.until),
            h(
              "table",
              { id: "probe-totals" },
              h(
                "thead",
                {},
                h(
                  "tr",
                  {},
                  h("th", {}, "Provider"),
                  h("th", { class: "num" }, "Sent"),
                  h("th", { class: "num" }, "Lost"),
                  h("th", { class: "num" }, "Loss"),
                ),
              ),
              h(
                "tbody",
                {},
                probeTotals.map(([p, sent, lost]) =>
                  h(
                    "tr",
                    {},
                    h("th", { scope: "row" }, p),
                    h("td", { class: "num" }, fmtNum(sent, 0)),
                    h("td", { class: "num" }, fmtNum(lost, 0)),
                    h("td", { class: "num" }, pct(lost, sent)),
                  ),
                ),
              ),
            ),
          ),
          h(
            "div",
            {},
            h("h3", {}, "Decisions by cause (latest per prefix, by when made)"),
            causes.length === 0
              ? h("p", { class: "muted" }, "No decisions in this window.")
              : lineChart("decisions by cause over time", causeSeries, a.since, a.until),
            h(
              "table",
              { id: "cause-totals" },
              h("thead", {}, h("tr", {}, h("th", {}, "Cause"), h("th", { class: "num" }, "Decisions"))),
              h(
                "tbody",
                {},
                causeTotals.map(([c, n]) => h("tr", {}, h("th", { scope: "row" }, c), h("td", { class: "num" }, fmtNum(n, 0)))),
              ),
            ),
          ),
        ),
        h("p", { class: "muted" }, `Window: last ${Math.round((a.until - a.since) / 60_000)} min.`),
      );
    }
    return { refresh };
  },
};

/**
 * The responders' answers per provider over the last hour (GET /v1/answers): the share of A and
 * AAAA answers, a table of the totals and answers per minute; a note when none are stored yet.
 */
function answerSection(answers, color) {
  const heading = h("h3", {}, "Share of answers (from the responders' counters)");
  const total = answers.totals.reduce((n, x) => n + x.a + x.aaaa, 0);
  if (total === 0) {
    return [
      heading,
      h(
        "p",
        { class: "muted", id: "answers-none" },
        "No answer counts stored for the last hour yet: each responder (dnsteer serve) stores its steered answers per provider every minute.",
      ),
    ];
  }
  const providers = answers.totals.map((x) => x.provider);
  const series = providers.map((p) => ({
    name: p,
    color: color(p),
    points: answers.minutes.filter((m) => m.provider === p).map((m) => [m.minute, m.a + m.aaaa]),
  }));
  return [
    heading,
    shareBar(
      "share of answers",
      answers.totals.map((x) => ({ name: x.provider, value: x.a + x.aaaa, color: color(x.provider) })),
    ),
    h(
      "table",
      { id: "answer-totals" },
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          h("th", { scope: "col" }, "Provider"),
          h("th", { class: "num", scope: "col" }, "A answers"),
          h("th", { class: "num", scope: "col" }, "AAAA answers"),
          h("th", { class: "num", scope: "col" }, "Share"),
        ),
      ),
      h(
        "tbody",
        {},
        answers.totals.map((x) =>
          h(
            "tr",
            { "data-provider": x.provider },
            h("th", { scope: "row" }, h("span", { class: "swatch", style: { background: color(x.provider) } }), x.provider),
            h("td", { class: "num", "data-field": "a" }, fmtNum(x.a, 0)),
            h("td", { class: "num", "data-field": "aaaa" }, fmtNum(x.aaaa, 0)),
            h("td", { class: "num", "data-field": "answer-share" }, pct(x.a + x.aaaa, total)),
          ),
        ),
      ),
    ),
    h("h3", {}, "Answers per minute"),
    lineChart("answers per provider over time", series, answers.since, answers.until),
  ];
}

import { ApiFailure, api } from "../api.js";
import { fmtMs, fmtPct, fmtTime, h } from "../dom.js";

export const explainView = {
  title: "Explain",
  mount(root) {
    const address = h("input", {
      id: "explain-address",
      name: "address",
      required: true,
      placeholder: "198.51.100.7",
      autocomplete: "off",
      spellcheck: "false",
    });
    const ecs = h("input", {
      id: "explain-ecs",
      name: "ecs",
      placeholder: "203.0.113.0/24 (optional)",
      autocomplete: "off",
      spellcheck: "false",
    });
    const out = h("div", { id: "explain-result", "aria-live": "polite" });
    let asked = null;
    const form = h(
      "form",
      {
        class: "toolbar",
        onsubmit: (e) => {
          e.preventDefault();
          asked = { address: address.value.trim(), ecs: ecs.value.trim() || undefined };
          refresh().catch((err) => out.replaceChildren(h("p", { class: "error" }, err.message)));
        },
      },
      h("label", { for: "explain-address" }, "Resolver address"),
      address,
      h("label", { for: "explain-ecs" }, "ECS subnet"),
      ecs,
      h("button", { type: "submit" }, "Explain"),
    );
    root.append(
      h(
        "section",
        { class: "card" },
        h("h2", {}, "Explain"),
        h(
          "p",
          { class: "muted" },
          "The answer the server gives a query from this resolver (with this client subnet) for a steered name, and why the other providers lost.",
        ),
        form,
        out,
      ),
    );

    async function refresh() {
      if (asked === null) return;
      let x;
      try {
        x = await api("/v1/explain", { query: asked });
      } catch (e) {
        if (e instanceof ApiFailure && e.status === 400) {
          out.replaceChildren(h("p", { class: "error", role: "alert" }, e.message));
          return;
        }
        throw e;
      }
      out.replaceChildren(
        h(
          "dl",
          { class: "kv" },
          h("dt", {}, "Answered with"),
          h("dd", { id: "explain-provider" }, x.provider ?? "the zone's own records"),
          h("dt", {}, "Because"),
          h(
            "dd",
            {},
            x.basis === "decision"
              ? `decision for ${x.decision.prefix}/${x.decision.prefixLength} (${x.decision.level}, ${x.decision.cause}) made ${fmtTime(x.decision.decidedAt)}`
              : x.basis === "default"
                ? "no decision covers it: the default provider"
                : "nothing is steered: the zone answers",
          ),
          h("dt", {}, "Decided by"),
          h("dd", {}, x.source, x.scope === null ? "" : ` (ECS scope /${x.scope})`),
          h("dt", {}, "A"),
          h("dd", { id: "explain-a" }, x.answer.a.join(", ") || "—"),
          h("dt", {}, "AAAA"),
          h("dd", {}, x.answer.aaaa.join(", ") || "—"),
        ),
        h("h3", {}, "Verdicts"),
        x.verdicts.length === 0
          ? h("p", { class: "muted" }, "No verdicts (no stored decision).")
          : h(
              "table",
              { id: "explain-verdicts" },
              h("thead", {}, h("tr", {}, ...["Provider", "Verdict", "RTT", "Loss", "Price"].map((t) => h("th", { scope: "col" }, t)))),
              h(
                "tbody",
                {},
                x.verdicts.map((v) =>
                  h(
                    "tr",
                    { "data-provider": v.provider, class: v.provider === x.provider ? "chosen" : undefined },
                    h("th", { scope: "row" }, v.provider === x.provider ? `✓ ${v.provider}` : v.provider),
                    h("td", {}, v.verdict),
                    h("td", { class: "num", "data-rtt": v.rttMs ?? "" }, fmtMs(v.rttMs)),
                    h("td", { class: "num" }, fmtPct(v.loss)),
                    h("td", { class: "num" }, String(v.price)),
                  ),
                ),
              ),
            ),
        h("h3", {}, "Path measurements"),
        x.paths.length === 0
          ? h("p", { class: "muted" }, "No paths measured for this prefix.")
          : h(
              "table",
              { id: "explain-paths" },
              h(
                "thead",
                {},
                h(
                  "tr",
                  {},
                  ...["Provider", "Prefix", "Median", "EWMA", "Loss", "Jitter", "Results"].map((t) => h("th", { scope: "col" }, t)),
                ),
              ),
              h(
                "tbody",
                {},
                x.paths.map((p) =>
                  h(
                    "tr",
                    { "data-provider": p.provider },
                    h("th", { scope: "row" }, p.provider),
                    h("td", {}, p.prefix),
                    h("td", { class: "num" }, fmtMs(p.medianMs)),
                    h("td", { class: "num" }, fmtMs(p.ewmaMs)),
                    h("td", { class: "num" }, fmtPct(p.loss)),
                    h("td", { class: "num" }, fmtMs(p.jitterMs)),
                    h("td", { class: "num" }, String(p.samples)),
                  ),
                ),
              ),
            ),
      );
    }
    return { refresh };
  },
};

import { ApiFailure, api } from "../api.js";
import { fmtNum, fmtTime, h } from "../dom.js";

const where = (p) => `${p.file}:${p.line}: ${p.message} (${p.code})`;

/** The responder's last reload of a zone as GET /v1/zones reports it (`lastReload`; absent from an older API). */
function lastReloadCell(z) {
  const r = z.lastReload;
  if (r === undefined || r === null) return h("td", { class: "muted", "data-field": "last-reload" }, "none yet");
  const at = fmtTime(r.at);
  if (!r.ok) {
    const why = r.error ? `${r.error.file}:${r.error.line}: ${r.error.message}` : "failed";
    return h("td", { class: "wrap error", "data-field": "last-reload", "data-ok": "false" }, `failed ${at}: ${why}`);
  }
  const text = `ok ${at}: serial ${r.serial ?? "—"}, ${fmtNum(r.recordCount, 0)} records`;
  return h(
    "td",
    { class: `wrap ${r.dataChangedSerialKept ? "error" : "state-up"}`, "data-field": "last-reload", "data-ok": "true" },
    r.dataChangedSerialKept ? `${text}; the data changed but the serial did not (secondaries will not transfer it)` : text,
  );
}

export const zonesView = {
  title: "Zones",
  mount(root, ctx) {
    const table = h("table", { id: "zones" });
    const checks = h("div", { id: "zone-checks" });
    const results = new Map(); // origin -> last reload or check result seen from this page
    root.append(
      h(
        "section",
        { class: "card" },
        h("h2", {}, "Zones"),
        h(
          "p",
          { class: "muted" },
          "Served zones and their serials, and the responder's last reload of each (stored by dnsteer serve at every reload). ",
          "Check reads the zone's file as it is on disk now without serving it; Reload (admin) serves it if it parses. A failure names file:line.",
        ),
        h("div", { style: { overflowX: "auto" } }, table),
        checks,
      ),
    );

    async function act(origin, file, reload) {
      try {
        if (reload) {
          const r = await api(`/v1/zones/${encodeURIComponent(origin)}/reload`, { method: "POST" });
          results.set(
            origin,
            r.reloaded
              ? { ok: true, text: `reloaded: serial ${r.previousSerial ?? "—"} → ${r.serial}` }
              : { ok: false, text: `refused, still serving ${r.serial}: ${where(r.problem)}` },
          );
        } else {
          const v = await api("/v1/zones/validate", { method: "POST", body: { file } });
          results.set(
            origin,
            v.valid
              ? { ok: true, text: `file parses: serial ${v.zone.serial}, ${v.zone.recordCount} records` }
              : { ok: false, text: where(v.problem) },
          );
        }
      } catch (e) {
        const p = e instanceof ApiFailure ? e.body?.location : undefined;
        const at = p ? `${p.file}:${p.line}` : "";
        results.set(origin, { ok: false, text: at && !e.message.includes(at) ? `${at}: ${e.message}` : e.message });
      }
      await refresh();
    }

    async function refresh() {
      const [{ zones }, ready] = await Promise.all([api("/v1/zones"), fetch("/ready", { cache: "no-store" }).then((r) => r.json())]);
      const admin = ctx.scope === "admin";
      table.replaceChildren(
        h(
          "thead",
          {},
          h(
            "tr",
            {},
            ...["Zone", "Serial", "File", "RRsets", "Records", "Loaded", "Last reload (responder)", "Last result (this page)", ""].map(
              (t) => h("th", { scope: "col" }, t),
            ),
          ),
        ),
        h(
          "tbody",
          {},
          zones.map((z) => {
            const r = results.get(z.origin);
            return h(
              "tr",
              { "data-origin": z.origin },
              h("th", { scope: "row" }, z.origin),
              h("td", { class: "num", "data-field": "serial" }, String(z.serial)),
              h("td", { class: "wrap" }, z.file),
              h("td", { class: "num" }, fmtNum(z.rrsetCount, 0)),
              h("td", { class: "num" }, fmtNum(z.recordCount, 0)),
              h("td", {}, fmtTime(z.loadedAt)),
              lastReloadCell(z),
              h("td", { class: `wrap ${r ? (r.ok ? "state-up" : "error") : "muted"}`, "data-field": "result" }, r ? r.text : "—"),
              h(
                "td",
                { style: { whiteSpace: "nowrap" } },
                h(
                  "button",
                  { type: "button", onclick: () => act(z.origin, z.file, false), "aria-label": `Check ${z.origin} file` },
                  "Check",
                ),
                " ",
                admin
                  ? h(
                      "button",
                      { type: "button", onclick: () => act(z.origin, z.file, true), "aria-label": `Reload ${z.origin}` },
                      "Reload",
                    )
                  : null,
              ),
            );
          }),
        ),
      );
      checks.replaceChildren(
        h("h3", {}, "Readiness"),
        h(
          "ul",
          {},
          ready.checks.map((c) => h("li", { class: c.ok ? "state-up" : "error" }, `${c.name}: ${c.ok ? "ok" : "failing"} — ${c.message}`)),
        ),
      );
    }
    return { refresh };
  },
};

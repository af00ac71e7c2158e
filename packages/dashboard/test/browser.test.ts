import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Activity, AnswerHistoryPage, ExplanationView, MatrixPage, Provider, ZoneSummary } from "@dnsteer/api-contract";
import { type AnswerCountInput, AnswerCountRepo } from "@dnsteer/storage";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium, loadView, openView, signIn, VIEWS } from "./driver.js";
import { startWorld, type World } from "./world.js";

const OUT = join(import.meta.dirname, "../../../.tmp/dashboard-test");
const SOURCES = 10_000;
const SLOW = 180_000;

let world: World;
let browser: Browser;
let page: Page;
const timings: Record<string, number> = {};

async function apiGet<T>(path: string, token = world.admin): Promise<T> {
  const res = await fetch(`${world.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  expect(res.status, path).toBe(200);
  return (await res.json()) as T;
}

/** A matrix page once the server's first table is built (a store of 10k sources answers "building" for a moment after start). */
async function matrixPage(query: string): Promise<MatrixPage> {
  for (;;) {
    const page = await apiGet<MatrixPage>(`/v1/matrix?${query}`);
    if (page.status === "ready") return page;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const shot = (name: string) => page.screenshot({ path: join(OUT, `${name}.png`), fullPage: false });

beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  world = await startWorld(SOURCES);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
}, SLOW);

afterAll(async () => {
  await browser?.close();
  await world?.close();
  writeFileSync(join(OUT, "timings.json"), `${JSON.stringify({ sources: SOURCES, ms: timings }, null, 2)}\n`);
  console.log(`dashboard page times with ${SOURCES} sources (ms):`, JSON.stringify(timings));
});

describe("the dashboard in chromium, over a real store and API", () => {
  it(
    "asks for the key once and keeps it in the tab's sessionStorage only, never in the URL",
    async () => {
      const started = Date.now();
      timings["sign-in to matrix"] = await signIn(page, world.url, world.admin);
      // The first answer may be "building" (the server reads the store a chunk at a time); rows follow.
      await page.waitForSelector('body[data-matrix="ready"]');
      timings["sign-in to matrix rows"] = Date.now() - started;
      expect(page.url()).not.toContain(world.admin);
      expect(await page.evaluate(() => sessionStorage.getItem("dnsteer.apiKey"))).toBe(world.admin);
      expect(await page.evaluate(() => localStorage.length)).toBe(0);
      expect(await page.evaluate(() => document.cookie)).toBe("");
      const html = await (await fetch(`${world.url}/dashboard/`)).text();
      expect(html).not.toMatch(/dnsteer_[0-9a-z]+_[A-Za-z0-9_-]{16,}/);
      expect(await page.locator("#scope").textContent()).toBe("admin key");
    },
    SLOW,
  );

  it(
    "shows the matrix page the API answers: each cell's median RTT and loss, the chosen provider marked",
    async () => {
      const api = await matrixPage("sort=demand&limit=50&offset=0");
      expect(api.total).toBe(SOURCES);
      const rows = page.locator("table.heat tbody tr");
      await page.waitForSelector('body[data-matrix="ready"]');
      await expect.poll(() => rows.count()).toBe(50);
      for (const [r, row] of api.items.slice(0, 10).entries()) {
        const tr = rows.nth(r);
        expect(await tr.getAttribute("data-source")).toBe(row.source);
        for (const [i, provider] of api.providers.entries()) {
          const cell = tr.locator(`td[data-provider="${provider}"]`);
          expect(await cell.getAttribute("data-rtt")).toBe(String(row.cells[i]!.medianRttMs ?? ""));
          expect(await cell.getAttribute("data-loss")).toBe(String(row.cells[i]!.loss ?? ""));
          expect(await cell.evaluate((el) => el.classList.contains("chosen"))).toBe(provider === row.chosen);
        }
      }
      await shot("matrix");
      // Sorting by regret asks the server for its ranking.
      await page.evaluate(() => {
        document.body.dataset.ready = "";
      });
      await page.getByRole("button", { name: "Regret" }).click();
      const byRegret = await matrixPage("sort=regret&limit=50&offset=0");
      await expect.poll(() => rows.first().getAttribute("data-source")).toBe(byRegret.items[0]!.source);
      await page.getByRole("button", { name: "Next →" }).click();
      const second = await matrixPage("sort=regret&limit=50&offset=50");
      await expect.poll(() => rows.first().getAttribute("data-source")).toBe(second.items[0]!.source);
    },
    SLOW,
  );

  it(
    "shows the shares of prefixes and demand per provider as the API counts them",
    async () => {
      timings.activity = await openView(page, "activity");
      const a = await apiGet<Activity>("/v1/activity?bucketMs=60000");
      for (const s of a.shares) {
        const tr = page.locator(`#shares tr[data-provider="${s.provider}"]`);
        expect(await tr.locator('[data-field="decisions"]').textContent()).toBe(s.decisions.toLocaleString("en"));
      }
      expect(a.shares.reduce((n, s) => n + s.decisions, 0)).toBe(SOURCES);
      // The responders' answer counts, as GET /v1/answers sums them.
      const answers = await apiGet<AnswerHistoryPage>("/v1/answers");
      expect(answers.totals.map((t) => t.provider)).toEqual(["isp-a", "isp-b", "isp-c"]);
      const total = answers.totals.reduce((n, t) => n + t.a + t.aaaa, 0);
      for (const t of answers.totals) {
        const tr = page.locator(`#answer-totals tr[data-provider="${t.provider}"]`);
        expect(await tr.locator('[data-field="a"]').textContent()).toBe(t.a.toLocaleString("en"));
        expect(await tr.locator('[data-field="aaaa"]').textContent()).toBe(t.aaaa.toLocaleString("en"));
        expect(await tr.locator('[data-field="answer-share"]').textContent()).toBe(`${((100 * (t.a + t.aaaa)) / total).toFixed(1)} %`);
      }
      expect(await page.locator("svg[aria-label='answers per provider over time'] polyline").count()).toBe(3);
      expect(a.probes.length).toBeGreaterThan(0);
      expect(await page.locator("svg[aria-label='probes per provider over time'] polyline").count()).toBe(6);
      await shot("activity");
      // No counts stored (a fresh install, or responders older than the counts): a note, no chart.
      const kept = world.store.db.prepare("SELECT * FROM answer_counts").all() as AnswerCountInput[];
      new AnswerCountRepo(world.store.db).deleteBefore(Date.now() + 3_600_000);
      expect((await apiGet<AnswerHistoryPage>("/v1/answers")).totals).toEqual([]);
      await openView(page, "matrix");
      await openView(page, "activity");
      expect(await page.locator("#answers-none").count()).toBe(1);
      expect(await page.locator("#answer-totals").count()).toBe(0);
      new AnswerCountRepo(world.store.db).add(kept);
    },
    SLOW,
  );

  it(
    "explains an address as the API's explain does",
    async () => {
      timings.explain = await openView(page, "explain");
      const address = world.addresses[1234]!;
      const x = await apiGet<ExplanationView>(`/v1/explain?address=${address}`);
      expect(x.basis).toBe("decision");
      await page.getByLabel("Resolver address").fill(address);
      await page.getByRole("button", { name: "Explain" }).click();
      await expect.poll(() => page.locator("#explain-provider").textContent()).toBe(x.provider);
      expect(await page.locator("#explain-a").textContent()).toBe(x.answer.a.join(", "));
      for (const v of x.verdicts) {
        const tr = page.locator(`#explain-verdicts tr[data-provider="${v.provider}"]`);
        expect(await tr.locator("td").first().textContent()).toBe(v.verdict);
        expect(await tr.locator("td[data-rtt]").getAttribute("data-rtt")).toBe(String(v.rttMs ?? ""));
      }
      await shot("explain");
      await page.getByLabel("Resolver address").fill("198.18.1.300");
      await page.getByRole("button", { name: "Explain" }).click();
      await expect.poll(() => page.locator("#explain-result [role=alert]").count()).toBe(1);
    },
    SLOW,
  );

  it(
    "drains a provider from the page after a confirmation, and undrains it",
    async () => {
      timings.providers = await openView(page, "providers");
      await shot("providers");
      const row = page.locator('#providers tr[data-provider="isp-b"]');
      await row.getByRole("button", { name: "Drain isp-b" }).click();
      await page.getByRole("button", { name: "Cancel" }).click();
      expect((await apiGet<Provider>("/v1/providers/isp-b")).drained).toBe(false);

      await row.getByRole("button", { name: "Drain isp-b" }).click();
      expect(await page.locator("#confirm-text").textContent()).toContain("Drain isp-b?");
      await page.locator("#confirm-ok").click();
      await expect.poll(async () => (await apiGet<Provider>("/v1/providers/isp-b")).drained).toBe(true);
      await expect.poll(() => row.locator('[data-field="state"]').textContent()).toContain("drained");
      await shot("providers-drained");

      await row.getByRole("button", { name: "Undrain isp-b" }).click();
      await page.locator("#confirm-ok").click();
      await expect.poll(async () => (await apiGet<Provider>("/v1/providers/isp-b")).drained).toBe(false);
    },
    SLOW,
  );

  it(
    "lists zones with the serials the API serves and checks a zone file",
    async () => {
      timings.zones = await openView(page, "zones");
      const { zones } = await apiGet<{ zones: ZoneSummary[] }>("/v1/zones");
      for (const z of zones)
        expect(await page.locator(`#zones tr[data-origin="${z.origin}"] [data-field="serial"]`).textContent()).toBe(String(z.serial));
      // The responder's last reload (seeded as refused at line 7), as the API reports it.
      const last = zones[0]!.lastReload!;
      expect(last).toMatchObject({ ok: false, error: { file: world.zoneFile, line: 7 } });
      const lastCell = page.locator(`#zones tr[data-origin="${zones[0]!.origin}"] [data-field="last-reload"]`);
      expect(await lastCell.getAttribute("data-ok")).toBe("false");
      expect(await lastCell.textContent()).toContain(`${last.error!.file}:${last.error!.line}: ${last.error!.message}`);
      const origin = zones[0]!.origin;
      await page.getByRole("button", { name: `Check ${origin} file` }).click();
      await expect.poll(() => page.locator('#zones [data-field="result"]').first().textContent()).toContain("file parses");
      // A bad line saved over the file: Reload is refused with its file:line, the old serial keeps serving.
      const lines = readFileSync(world.zoneFile, "utf8").split("\n").length;
      appendFileSync(world.zoneFile, "www2 300 IN A 192.0.2.300\n");
      await page.getByRole("button", { name: `Reload ${origin}` }).click();
      await expect.poll(() => page.locator('#zones [data-field="result"]').first().textContent()).toContain(`${world.zoneFile}:${lines}`);
      expect((await apiGet<{ zones: { serial: number }[] }>("/v1/zones")).zones[0]!.serial).toBe(zones[0]!.serial);
      await shot("zones");
    },
    SLOW,
  );

  it(
    "gives a read-only key a view without write buttons",
    async () => {
      const ctx = await browser.newContext({ viewport: { width: 1366, height: 768 } });
      const reader = await ctx.newPage();
      await signIn(reader, world.url, world.reader);
      expect(await reader.locator("#scope").textContent()).toBe("read-only key");
      await openView(reader, "providers");
      expect(await reader.locator('#providers tr[data-provider="isp-a"] button:visible').count()).toBe(0);
      await openView(reader, "zones");
      expect(await reader.getByRole("button", { name: /^Reload / }).count()).toBe(0);
      await ctx.close();
    },
    SLOW,
  );

  it(
    "refuses a wrong key and asks again",
    async () => {
      const ctx = await browser.newContext();
      const p = await ctx.newPage();
      await p.goto(`${world.url}/dashboard/`);
      await p.getByRole("textbox", { name: "Key", exact: true }).fill("dnsteer_nope_nope");
      await p.getByRole("button", { name: "Sign in" }).click();
      await expect.poll(() => p.locator("#login-error").textContent()).toBe("That key was refused.");
      expect(await p.locator("#login").evaluate((d) => (d as HTMLDialogElement).open)).toBe(true);
      await ctx.close();
    },
    SLOW,
  );

  it(
    "measures full page loads of every view (reported, not asserted)",
    async () => {
      for (const view of VIEWS) {
        await loadView(page, world.url, view); // warm: the server's matrix table and the browser cache
        timings[`load ${view}`] = await loadView(page, world.url, view);
      }
      expect(Object.keys(timings).length).toBeGreaterThan(VIEWS.length);
    },
    SLOW,
  );
});

import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN, freePort, run } from "./run.js";

/**
 * A drain from the dashboard, end to end: `dnsteer up` (real responder, worker and API processes)
 * on loopback with two providers whose probes both leave from 127.0.0.1, in cost mode (a is
 * cheaper, no hold-down), so 127.0.0.1 is steered to a. Debian's chromium opens the dashboard the
 * API serves, signs in with the admin key `up` wrote, and drains a from the providers view
 * through its confirmation dialog: dig from 127.0.0.1 then gets b's address. Undrain from the page
 * and dig gets a's again. Needs ICMP probes (root or CAP_NET_RAW) and /usr/bin/chromium
 * (CHROMIUM_PATH overrides).
 *
 * playwright-core is the dashboard package's own test dependency: it is loaded from there (this
 * app does not depend on the dashboard; the page comes from the running API).
 */
/** The part of playwright-core's API used here (its types resolve only inside the dashboard package). */
interface Locator {
  click(): Promise<void>;
  fill(value: string): Promise<void>;
  textContent(): Promise<string | null>;
  getByRole(role: "button" | "textbox", options: { name: string; exact?: boolean }): Locator;
  evaluate<R>(fn: (el: HTMLElement) => R): Promise<R>;
}
interface Page {
  goto(url: string): Promise<unknown>;
  getByRole(role: "button" | "textbox", options: { name: string; exact?: boolean }): Locator;
  locator(selector: string): Locator;
  waitForSelector(selector: string): Promise<unknown>;
  screenshot(options: { path: string }): Promise<unknown>;
}
interface Browser {
  newPage(options: { viewport: { width: number; height: number } }): Promise<Page>;
  close(): Promise<void>;
}
interface Chromium {
  launch(options: { executablePath: string; headless: boolean; args: string[] }): Promise<Browser>;
}

const requireFromDashboard = createRequire(fileURLToPath(new URL("../../../packages/dashboard/package.json", import.meta.url)));
const example = fileURLToPath(new URL("../../../fixtures/zones/example.test.zone", import.meta.url));
const OUT = fileURLToPath(new URL("../../../.tmp/dashboard-e2e/", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "dnsteer-dash-e2e-"));
const dataDir = join(dir, "data");
const configFile = join(dir, "dnsteer.json");
const A = "198.51.100.1";
const B = "198.51.100.2";
let up: ChildProcess;
let dnsPort = 0;
let apiUrl = "";
let token = "";
let log = "";
let browser: Browser;
let page: Page;

function freeTcpPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

const dig = async () =>
  (await run("dig", ["@127.0.0.1", "-p", String(dnsPort), "www.example.test", "A", "+short", "+time=2", "+tries=1"])).stdout.trim();

async function apiGet<T>(path: string): Promise<T> {
  const res = await fetch(`${apiUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
  return (await res.json()) as T;
}

async function until<T>(what: string, get: () => Promise<T>, ok: (v: T) => boolean, ms = 90_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await get();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`${what}: still ${JSON.stringify(v)}\n${log.slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

interface DecisionRow {
  source: string;
  provider: string;
}
const decisionOf127 = async () =>
  (await apiGet<{ items: DecisionRow[] }>("/v1/decisions?limit=100")).items.find((d) => d.source === "127.0.0.1/32")?.provider ?? null;

/** Drain or undrain from the providers view: the row's button, then the dialog's confirm. */
async function fromPage(verb: "Drain" | "Undrain"): Promise<void> {
  const row = page.locator('#providers tr[data-provider="a"]');
  await row.getByRole("button", { name: `${verb} a` }).click();
  expect(await page.locator("#confirm").evaluate((d) => (d as HTMLDialogElement).open)).toBe(true);
  expect(await page.locator("#confirm-text").textContent()).toContain(`${verb} a?`);
  await page.locator("#confirm-ok").click();
}

beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  dnsPort = await freePort();
  const apiPort = await freeTcpPort();
  apiUrl = `http://127.0.0.1:${apiPort}`;
  writeFileSync(
    configFile,
    JSON.stringify({
      listen: [{ address: "127.0.0.1", port: dnsPort }],
      zones: [{ file: example, origin: "example.test." }],
      dataDir,
      api: { port: apiPort },
      metrics: { listen: null },
      providers: [
        { name: "a", sourceV4: "127.0.0.1", serviceA: [A], pricePerMbps: 1 },
        { name: "b", sourceV4: "127.0.0.1", serviceA: [B], pricePerMbps: 2 },
      ],
      steering: { names: [{ name: "www.example.test." }], defaultProvider: "a", refreshIntervalMs: 100, flow: { flushIntervalMs: 500 } },
      measure: { scope: { allow: ["127.0.0.0/8"], defaultExclusions: false } },
      policy: { evaluateIntervalMs: 1000, mode: "cost", holdDownMs: 0 },
    }),
  );
  up = spawn(BIN, ["up", "--config", configFile], { stdio: ["ignore", "pipe", "pipe"], cwd: dir });
  up.stdout!.on("data", (d) => (log += d));
  up.stderr!.on("data", (d) => (log += d));
  await until(
    "up starting",
    async () => log,
    (l) => l.includes('"msg":"serving"') && l.includes("admin API listening") && l.includes("worker started"),
    // Three processes start tsx and open the store: over a minute on a loaded 2-core box.
    240_000,
  );
  token = readFileSync(join(dataDir, "api.key"), "utf8").trim();
  const { chromium } = (await import(pathToFileURL(requireFromDashboard.resolve("playwright-core")).href)) as { chromium: Chromium };
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    args: ["--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
}, 300_000);

afterAll(async () => {
  await browser?.close();
  if (up && up.exitCode === null) {
    const gone = new Promise((r) => up.once("exit", r));
    up.kill("SIGTERM");
    await gone;
  }
  rmSync(dir, { recursive: true, force: true });
});

describe("a drain from the dashboard moves a real resolver (dnsteer up + chromium + dig)", () => {
  it("drains a after the confirmation: dig gets b's address; undrain: a's again", async () => {
    // Queries make 127.0.0.1 a source; the controller steers it to a (the cheaper).
    await until(
      "127.0.0.1 steered to a",
      async () => {
        await dig();
        return decisionOf127();
      },
      (p) => p === "a",
    );
    expect(await dig()).toBe(A);

    await page.goto(`${apiUrl}/dashboard/`);
    await page.getByRole("textbox", { name: "Key", exact: true }).fill(token);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForSelector('body[data-ready="matrix"]');
    await page.locator('nav a[data-view="providers"]').click();
    await page.waitForSelector('body[data-ready="providers"]');

    // Cancel changes nothing.
    await page.locator('#providers tr[data-provider="a"]').getByRole("button", { name: "Drain a" }).click();
    await page.getByRole("button", { name: "Cancel" }).click();
    expect((await apiGet<{ drained: boolean }>("/v1/providers/a")).drained).toBe(false);

    await fromPage("Drain");
    await until(
      "a drained",
      async () => (await apiGet<{ drained: boolean }>("/v1/providers/a")).drained,
      (d) => d,
    );
    expect(await until("dig answers b", dig, (a) => a === B)).toBe(B);
    await expect
      .poll(() => page.locator('#providers tr[data-provider="a"] [data-field="state"]').textContent(), { timeout: 30_000 })
      .toContain("drained");
    await page.screenshot({ path: join(OUT, "drained.png") });

    await fromPage("Undrain");
    await until(
      "a undrained",
      async () => (await apiGet<{ drained: boolean }>("/v1/providers/a")).drained,
      (d) => !d,
    );
    expect(await until("dig answers a again", dig, (a) => a === A)).toBe(A);
    expect(await decisionOf127()).toBe("a");
    // The audit log names both, done with the page's key.
    const audit = await apiGet<{ items: { action: string; target: string }[] }>("/v1/audit?limit=20");
    const actions = audit.items.filter((e) => e.target === "a").map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(["provider.drain", "provider.undrain"]));
  }, 400_000);
});

import { type Browser, chromium, type Page } from "playwright-core";

/** Debian's chromium, headless, with the background services that phone home switched off. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    args: ["--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
}

export const VIEWS = ["matrix", "activity", "providers", "explain", "zones"] as const;
export type ViewName = (typeof VIEWS)[number];

/** Opens the dashboard, types the key into its dialog, waits for the first view's data. */
export async function signIn(page: Page, baseUrl: string, token: string): Promise<number> {
  const started = Date.now();
  await page.goto(`${baseUrl}/dashboard/`);
  await page.getByRole("textbox", { name: "Key", exact: true }).fill(token);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForSelector('body[data-ready="matrix"]');
  return Date.now() - started;
}

/**
 * Switches to a view through its nav link and waits until its data is on the page: the
 * milliseconds from the click to rendered data (what an operator waits).
 */
export async function openView(page: Page, view: ViewName): Promise<number> {
  await page.evaluate(() => {
    document.body.dataset.ready = "";
  });
  const started = Date.now();
  await page.locator(`nav a[data-view="${view}"]`).click();
  await page.waitForSelector(`body[data-ready="${view}"]`);
  return Date.now() - started;
}

/** A full page load (navigation, scripts, key check, first data) of one view. */
export async function loadView(page: Page, baseUrl: string, view: ViewName): Promise<number> {
  const started = Date.now();
  await page.goto(`${baseUrl}/dashboard/#${view}`);
  await page.waitForSelector(`body[data-ready="${view}"]`);
  return Date.now() - started;
}

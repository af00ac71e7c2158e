// Regenerates docs/screenshots/*.png (pnpm docs:screenshots): every dashboard view at
// 1366x768 over a seeded store (the browser test's world), in Debian chromium.
import { appendFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { launchChromium, openView, signIn, VIEWS } from "./driver.js";
import { startWorld } from "./world.js";

const out = join(import.meta.dirname, "../../../docs/screenshots");
mkdirSync(out, { recursive: true });
const world = await startWorld(Number(process.env.SOURCES ?? 2000));
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  await signIn(page, world.url, world.admin);
  await page.waitForSelector('body[data-matrix="ready"]');
  for (const view of VIEWS) {
    if (view !== "matrix") await openView(page, view);
    if (view === "explain") {
      await page.getByLabel("Resolver address").fill(world.addresses[42]!);
      await page.getByRole("button", { name: "Explain" }).click();
      await page.waitForSelector("#explain-verdicts");
    }
    if (view === "zones") {
      // A typo saved over the zone file: Reload refuses it and names the line; the old zone keeps serving.
      appendFileSync(world.zoneFile, "www2 300 IN A 192.0.2.300\n");
      await page
        .getByRole("button", { name: /^Reload / })
        .first()
        .click();
      await page.waitForFunction(() => document.querySelector('#zones [data-field="result"]')?.textContent !== "—");
    }
    await page.screenshot({ path: join(out, `${view}.png`) });
    console.log(`docs/screenshots/${view}.png`);
  }
} finally {
  await browser.close();
  await world.close();
}

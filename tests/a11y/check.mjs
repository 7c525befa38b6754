// Test-only: open a handout in Debian's chromium (no network), run axe-core over it, and
// report, as JSON on stdout, the violations and every drawing's accessible name and size.
// Usage: node check.mjs FILE.html [CHROMIUM]
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import puppeteer from "puppeteer-core";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const [file, chromium = "/usr/bin/chromium"] = process.argv.slice(2);
const browser = await puppeteer.launch({
  executablePath: chromium,
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run"],
});
try {
  const page = await browser.newPage();
  // Offline: refuse anything but the file itself, so a fetched resource shows as a failure.
  await page.setRequestInterception(true);
  const fetched = [];
  page.on("request", (req) => {
    if (req.url().startsWith("file:") || req.url().startsWith("data:")) req.continue();
    else { fetched.push(req.url()); req.abort(); }
  });
  await page.goto(pathToFileURL(file).href, { waitUntil: "load" });
  await page.evaluate(axeSource);
  const results = await page.evaluate(async () =>
    await window.axe.run(document, { resultTypes: ["violations"] }));
  const drawings = await page.evaluate(() =>
    [...document.querySelectorAll("svg[role=img]")].map((svg) => {
      const ids = (svg.getAttribute("aria-labelledby") || "").split(/\s+/).filter(Boolean);
      const box = svg.getBoundingClientRect();
      return {
        card: svg.closest("article")?.id ?? null,
        labelledby: ids.map((id) => document.getElementById(id)?.textContent ?? null),
        width: box.width, height: box.height,
      };
    }));
  const violations = results.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(" ")),
  }));
  process.stdout.write(JSON.stringify({ violations, drawings, fetched,
                                        axe: results.testEngine.version }));
} finally {
  await browser.close();
}

// SPDX-License-Identifier: GPL-2.0-only
// `ple-parity report`, checked as a reader meets it: the command writes the
// report, headless Chromium (Debian's /usr/bin/chromium, which .ci/run
// installs; Playwright gives it a fresh profile) opens it from disk, and the test looks at what is on screen: the
// summary, a claim row and its counterexample link (followed), the link to
// pick_next_entity (followed) and its side-by-side table with the C and the
// TS text and hit counts, and lines the campaign never reached, in red.
// Screenshots go to test-output/.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "../..");
const shots = join(root, "test-output");
const CHROMIUM = "/usr/bin/chromium";
const MISS_BACKGROUND = "rgb(255, 215, 213)"; // --miss of the report's stylesheet

let out: string;
let browser: Browser;
let page: Page;
let stdout = "";

beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), "ple-parity-report-"));
  const r = spawnSync(
    process.execPath,
    [join(root, "bin/ple-parity.js"), "report", "--out", out, "--runs", "20", "--seed", "11"],
    {
      cwd: root,
      encoding: "utf8",
      timeout: 420_000,
    },
  );
  stdout = r.stdout;
  if (r.status !== 0) throw new Error(`ple-parity report exited ${r.status ?? r.signal}:\n${r.stdout}\n${r.stderr}`);
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium (.ci/run does)`);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  page = await browser.newPage({ viewport: { width: 1500, height: 1000 } });
  mkdirSync(shots, { recursive: true });
}, 480_000);

afterAll(async () => {
  await browser?.close();
  if (out) rmSync(out, { recursive: true, force: true });
});

describe("ple-parity report, read in Chromium", () => {
  it("writes index.html and says where", () => {
    expect(stdout).toMatch(/wrote .*index\.html/);
    expect(existsSync(join(out, "index.html"))).toBe(true);
  });

  it("opens from disk with its summary, coverage table, findings and diffs", async () => {
    await page.goto(pathToFileURL(join(out, "index.html")).href);
    await expect(page.locator("h1").textContent()).resolves.toBe("ple-parity report");
    expect(await page.getByText("cases run (each on C and TS)").isVisible()).toBe(true);
    for (const id of ["coverage", "claims", "findings", "diffs"])
      expect(await page.locator(`h2#${id}`).isVisible()).toBe(true);
    // no script in the page: it is static
    expect(await page.locator("script").count()).toBe(0);
    // the C counts are there (no "missing" box in the coverage section)
    expect(await page.locator("#coverage ~ .missing").count()).toBe(0);
    await page.screenshot({ path: join(shots, "report-index.png") });
  });

  it("shows a claim row with a counterexample link that opens the file", async () => {
    await page.goto(pathToFileURL(join(out, "index.html")).href + "#claims");
    const rows = page.locator("tr.claim-row");
    expect(await rows.count()).toBeGreaterThanOrEqual(8);
    const link = page.locator("tr.claim-row a.cx").first();
    await link.scrollIntoViewIfNeeded();
    expect(await link.isVisible()).toBe(true);
    expect(await link.textContent()).toMatch(/(witness|counterexample): claim-.*\.json/);
    await page.screenshot({ path: join(shots, "report-claims.png") });
    await link.click();
    await page.waitForLoadState();
    const text = await page.locator("body").innerText();
    expect(text).toContain('"format": "ple-parity-counterexample/1"');
    expect(text).toContain('"kind": "claim"');
  });

  it("links pick_next_entity to its side-by-side table: C and TS text, hit counts, red unreached lines", async () => {
    await page.goto(pathToFileURL(join(out, "index.html")).href);
    await page.locator('a[href="code/v5.6/fair.c.html#pick_next_entity"]').first().click();
    await page.waitForLoadState();
    expect(page.url()).toMatch(/code\/v5\.6\/fair\.c\.html#pick_next_entity$/);
    const section = page.locator("section#pick_next_entity");
    expect(await section.isVisible()).toBe(true);
    const table = section.locator("table.sbs");
    expect(await table.locator("thead").innerText()).toMatch(
      /C — c-reference\/v5\.6\/fair\.c:\d+\s+TS — ts-port\/v5\.6\/fair\.ts:\d+/,
    );
    const c = table.locator("td.code.c", { hasText: "pick_next_entity(struct cfs_rq *cfs_rq" });
    const ts = table.locator("td.code.ts", { hasText: "export function pick_next_entity(" });
    expect(await c.isVisible()).toBe(true);
    expect(await ts.isVisible()).toBe(true);
    // the two signatures are on one row, aligned
    expect(
      await table
        .locator("tr", { has: page.locator("td.code.c", { hasText: "pick_next_entity(struct cfs_rq" }) })
        .locator("td.code.ts")
        .innerText(),
    ).toContain("function pick_next_entity(");
    // the campaign reached the function on both sides: hit counts in both gutters
    expect(await table.locator("td.hits.hit").count()).toBeGreaterThan(4);
    const body = await table.locator("tbody").innerText();
    expect(body).toContain("clear_buddies(cfs_rq, se);");
    // highlighted by highlight.js
    expect(await table.locator("td.code.c .hljs-keyword, td.code.c .hljs-type").count()).toBeGreaterThan(0);
    await page.screenshot({ path: join(shots, "report-pick_next_entity.png") });

    // somewhere in fair.c a line the campaign never reached, shown red: its function's section, from the top
    const withMiss = page.locator("section.fn", { has: page.locator("td.code.miss") }).first();
    await page.goto(`${page.url().replace(/#.*$/, "")}#${await withMiss.getAttribute("id")}`);
    const miss = withMiss.locator("td.code.miss").first();
    expect(await miss.isVisible()).toBe(true);
    expect(await miss.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe(MISS_BACKGROUND);
    await page.screenshot({ path: join(shots, "report-uncovered.png") });
  });
});

// Shared by the end-to-end tests and the budget script: serve dist/, start
// Debian's Chromium through playwright-core, and measure the page.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before } from 'node:test';
import { createServer } from '../serve.mjs';

export const siteDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const repoDir = path.resolve(siteDir, '..');
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

// The flags CI and developers run Chromium with: no sandbox (root in a
// container), no GPU, and nothing that reaches the network on its own.
export const CHROMIUM_FLAGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

export const BUDGETS = {
  goWorkerBrotli: 3_000_000,
  topologyWorkerBrotli: 7_000_000,
  firstGoDiagnosticsMs: 1500,
  topologyFirstResultMs: 3000,
  reanalysis300Ms: 150,
};

// chromiumMissing returns why the browser tests cannot run, or null. With
// CI=true a missing browser is an error for the caller to raise.
export function chromiumMissing() {
  if (!fs.existsSync(CHROMIUM)) return `${CHROMIUM} not found: apt-get install -y chromium`;
  if (!fs.existsSync(path.join(siteDir, 'dist', 'index.html'))) return 'site/dist is not built: run node build.mjs in site/';
  return null;
}

export async function startServer() {
  const server = createServer(path.join(siteDir, 'dist'));
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((r) => { server.closeAllConnections(); server.close(r); }) };
}

export async function launch() {
  const { chromium } = await import('playwright-core');
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nines-chromium-'));
  // launchPersistentContext passes --headless and --user-data-dir itself.
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS, viewport: { width: 1280, height: 900 },
  });
  // The page keeps its state in localStorage, which the profile shares
  // between pages: every new page starts without it, as in a fresh
  // profile, and keeps it across its own reloads (sessionStorage is per page).
  await context.addInitScript(() => {
    if (!sessionStorage.getItem('nines-test-page')) {
      sessionStorage.setItem('nines-test-page', '1');
      localStorage.removeItem('nines-state');
    }
  });
  return {
    context,
    close: async () => { await context.close(); fs.rmSync(userDataDir, { recursive: true, force: true }); },
  };
}

// browserSuite, called in a describe, serves dist/ and starts Chromium
// before the suite's tests and stops both after them. open(url) opens a
// page (the site's root by default), records its console errors in
// consoleErrors and waits for its first Go results.
export function browserSuite() {
  const suite = { server: null, browser: null, consoleErrors: [] };
  before(async () => {
    suite.server = await startServer();
    suite.browser = await launch();
  });
  after(async () => {
    if (suite.browser) await suite.browser.close();
    if (suite.server) await suite.server.close();
  });
  suite.open = async (url = suite.server.url) => {
    const page = await suite.browser.context.newPage();
    suite.consoleErrors.push(watchConsole(page));
    await page.goto(url);
    await page.waitForFunction(() => window.__nines && window.__nines.firstGoResultAt !== null, null, { timeout: 30000 });
    return page;
  };
  return suite;
}

// watchConsole records console errors and uncaught exceptions of a page.
export function watchConsole(page) {
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  return errors;
}

export async function goFindings(page) {
  return page.$$eval('#go-problems li.finding', (lis) => lis.map((li) => ({
    posn: li.dataset.posn, analyzer: li.dataset.analyzer, message: li.querySelector('.message').textContent,
  })));
}

// waitGoResults waits until the page has shown more Go results than before.
export async function waitGoResults(page, before, timeout = 15000) {
  await page.waitForFunction((n) => window.__nines && window.__nines.goResults > n, before, { timeout });
}

export async function setDoc(page, section, text) {
  await page.evaluate(([s, t]) => {
    const v = window.__nines.view(s);
    v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: t } });
  }, [section, text]);
}

export async function getDoc(page, section) {
  return page.evaluate((s) => window.__nines.view(s).state.doc.toString(), section);
}

// goFile returns a Go program of about n lines with one http.Get per 50
// lines, for the large-file and re-analysis measurements.
export function goFile(n) {
  const out = ['package main', '', 'import (', '\t"fmt"', '\t"net/http"', ')', ''];
  let i = 0;
  while (out.length < n - 2) {
    out.push(`func step${i}(base string) (int, error) {`);
    if (i % 5 === 0) {
      out.push(`\tresp, err := http.Get(base + "/step${i}")`, '\tif err != nil {', '\t\treturn 0, err', '\t}', '\tdefer resp.Body.Close()', '\treturn resp.StatusCode, nil');
    } else {
      out.push(`\ttotal := 0`, `\tfor j := 0; j < ${i % 7 + 2}; j++ {`, `\t\ttotal += j * ${i}`, '\t}', `\tfmt.Sprint(base, total)`, '\treturn total, nil');
    }
    out.push('}', '');
    i++;
  }
  out.push('func main() {}', '');
  return out.join('\n');
}

export function sizes() {
  const s = JSON.parse(fs.readFileSync(path.join(siteDir, '.cache', 'sizes.json'), 'utf8'));
  const of = (logical) => s.sizes[s.assets[logical]];
  return {
    goWasm: of('go.wasm'), topologyWasm: of('topology.wasm'),
    goWorkerJS: of('go-worker.js'), topologyWorkerJS: of('topology-worker.js'),
    mainJS: of('main.js'), mainCSS: of('main.css'), graphviz: s.assets['viz.js'] ? s.sizes[s.assets['viz.js']] : null,
  };
}

// measure opens the page in a fresh browser profile and takes the timing
// budgets: first Go diagnostics after navigation, the topology tab's first
// result after it opens, and re-analysis of a 300-line file.
export async function measure(context, url) {
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForFunction(() => window.__nines && window.__nines.firstGoResultAt !== null, null, { timeout: 30000 });
  const firstGo = await page.evaluate(() => window.__nines.firstGoResultAt);

  await page.click('#tab-topology');
  await page.waitForFunction(() => window.__nines.firstTopologyResultAt !== null, null, { timeout: 30000 });
  await page.waitForFunction(() => window.__nines.firstTopologyFindingsAt !== null, null, { timeout: 30000 });
  const topo = await page.evaluate(() => window.__nines.firstTopologyResultAt - window.__nines.topologyOpenedAt);
  const topoFindings = await page.evaluate(() => window.__nines.firstTopologyFindingsAt - window.__nines.topologyOpenedAt);

  await page.click('#tab-go');
  const src = goFile(300);
  let n = await page.evaluate(() => window.__nines.goResults);
  await setDoc(page, 'go', src);
  await waitGoResults(page, n);
  const trips = [];
  for (let k = 0; k < 7; k++) {
    n = await page.evaluate(() => window.__nines.goResults);
    await page.evaluate((k) => {
      const v = window.__nines.view('go');
      v.dispatch({ changes: { from: v.state.doc.length, insert: `// edit ${k}\n` } });
    }, k);
    await waitGoResults(page, n);
    trips.push(await page.evaluate(() => window.__nines.lastGo.roundTrip));
  }
  trips.sort((a, b) => a - b);
  await page.close();
  return { firstGoMs: firstGo, topologyFirstMs: topo, topologyFindingsMs: topoFindings, reanalysis300Ms: trips[Math.floor(trips.length / 2)], reanalysisAll: trips };
}

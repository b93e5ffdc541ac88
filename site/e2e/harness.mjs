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

// BYTES are the byte budgets (issue 13), which budgets.mjs and
// e2e/budgets.test.mjs fail above: what a first visit transfers before the
// first Go diagnostics show, and the topology worker's wasm as served
// (brotli). Bytes do not depend on the machine's load.
export const BYTES = {
  firstVisitBeforeGoDiagnostics: 3_500_000,
  topologyWorkerBrotli: 4_000_000,
};

// BUDGETS are what e2e/playground.test.mjs checks: the Go worker's wasm
// (brotli) and, with NINES_TIMING_BUDGETS=1 only, its timings.
export const BUDGETS = {
  goWorkerBrotli: 3_000_000,
  topologyWorkerBrotli: BYTES.topologyWorkerBrotli,
  firstGoDiagnosticsMs: 1500,
  topologyFirstResultMs: 3000,
  reanalysis300Ms: 150,
};

// GOALS are the timing goals, reported by budgets.mjs and never asserted:
// first Go diagnostics after navigation on a first (cold) and a later (warm,
// service worker and caches filled) visit, median of 5, and the topology
// tab's first result after it opens.
export const GOALS = {
  firstGoColdMs: 1000,
  firstGoWarmMs: 500,
  topologyFirstResultMs: 1500,
  reanalysis300Ms: 150,
};

// chromiumMissing returns why the browser tests cannot run, or null. With
// CI=true a missing browser is an error for the caller to raise.
export function chromiumMissing() {
  if (!fs.existsSync(CHROMIUM)) return `${CHROMIUM} not found: apt-get install -y chromium`;
  if (!fs.existsSync(path.join(siteDir, 'dist', 'index.html'))) return 'site/dist is not built: run node build.mjs in site/';
  return null;
}

// startServer serves dist/ (or root) on a free port. It records every response in
// served: the path, when the request arrived (epoch ms) and the bytes
// written to the socket for it, headers included, which is what the
// browser transferred (the files are sent precompressed).
export async function startServer(root = path.join(siteDir, 'dist')) {
  const server = createServer(root);
  const served = [];
  server.prependListener('request', (req, res) => {
    const at = Date.now();
    const start = req.socket.bytesWritten;
    res.on('finish', () => {
      served.push({ path: new URL(req.url, 'http://x').pathname, at, bytes: req.socket.bytesWritten - start, encoding: res.getHeader('content-encoding') || '' });
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return { url: `http://127.0.0.1:${port}/`, served, close: () => new Promise((r) => { server.closeAllConnections(); server.close(r); }) };
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
    goWasm: of('go.wasm'), topologyWasm: of('topology.wasm'), topologyFullWasm: of('topology-full.wasm'),
    goWorkerJS: of('go-worker.js'), topologyWorkerJS: of('topology-worker.js'),
    mainJS: of('main.js'), mainCSS: of('main.css'), graphviz: s.assets['viz.js'] ? s.sizes[s.assets['viz.js']] : null,
    lazy: s.lazy || [], precache: s.precache || [],
  };
}

// firstVisit opens the page in a fresh browser profile (a first visit:
// empty HTTP cache, no service worker), waits for its first Go diagnostics
// and then for its service worker to install (precache) and take control.
// It returns the responses the server sent for the requests that arrived
// before the diagnostics (before, beforeBytes), all those of the visit until
// the service worker took control (visit, visitBytes: what a visit that
// opens no other tab downloads, however the requests interleave), and the
// time of the diagnostics after navigation (firstGoMs). With topology set
// it then opens the Topology tab and adds the time to its first result and
// findings (topologyFirstMs, topologyFindingsMs) and what the tab fetched
// (topologyBytes).
export async function firstVisit(server, { topology = false } = {}) {
  const browser = await launch();
  try {
    const from = server.served.length;
    const page = await browser.context.newPage();
    await page.goto(server.url);
    await page.waitForFunction(() => window.__nines && window.__nines.firstGoResultAt !== null, null, { timeout: 30000 });
    const { firstGoMs, at } = await page.evaluate(() => ({ firstGoMs: window.__nines.firstGoResultAt, at: performance.timeOrigin + window.__nines.firstGoResultAt }));
    await page.evaluate(() => navigator.serviceWorker.ready);
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 60000 });
    const visit = server.served.slice(from);
    const before = visit.filter((r) => r.at <= at);
    const sum = (rs) => rs.reduce((n, r) => n + r.bytes, 0);
    const out = { firstGoMs, before, beforeBytes: sum(before), visit, visitBytes: sum(visit) };
    if (topology) {
      const mark = server.served.length;
      await page.click('#tab-topology');
      await page.waitForFunction(() => window.__nines.firstTopologyResultAt !== null, null, { timeout: 60000 });
      await page.waitForFunction(() => window.__nines.firstTopologyFindingsAt !== null, null, { timeout: 60000 });
      Object.assign(out, await page.evaluate(() => ({
        topologyFirstMs: window.__nines.firstTopologyResultAt - window.__nines.topologyOpenedAt,
        topologyFindingsMs: window.__nines.firstTopologyFindingsAt - window.__nines.topologyOpenedAt,
      })));
      out.topologyBytes = sum(server.served.slice(mark));
    }
    await page.close();
    return out;
  } finally {
    await browser.close();
  }
}

// warmVisits opens the page in one profile, waits until its service worker
// controls it, then opens it n more times (a return visit: caches filled)
// and returns the first Go diagnostics' time of each return visit and the
// bytes they fetched.
export async function warmVisits(server, n) {
  const browser = await launch();
  try {
    const page = await browser.context.newPage();
    await page.goto(server.url);
    await page.waitForFunction(() => window.__nines && window.__nines.firstGoResultAt !== null, null, { timeout: 30000 });
    await page.evaluate(() => navigator.serviceWorker.ready);
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30000 });
    await page.close();
    const times = [];
    const from = server.served.length;
    for (let i = 0; i < n; i++) {
      const p = await browser.context.newPage();
      await p.goto(server.url);
      await p.waitForFunction(() => window.__nines && window.__nines.firstGoResultAt !== null, null, { timeout: 30000 });
      times.push(await p.evaluate(() => window.__nines.firstGoResultAt));
      await p.close();
    }
    return { times, bytes: server.served.slice(from).reduce((k, r) => k + r.bytes, 0) };
  } finally {
    await browser.close();
  }
}

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
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

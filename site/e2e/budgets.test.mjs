// The byte budgets of a first visit (issue 13), which do not depend on the
// machine's load: at most 3.5 MB before the first Go diagnostics and a
// topology worker of at most 4 MB brotli; and offline use of what a visit
// opened. The times are
// node budgets.mjs's to report; no test asserts them.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { BYTES, chromiumMissing, firstVisit, launch, sizes, startServer } from './harness.mjs';

const missing = chromiumMissing();
if (missing && process.env.CI === 'true') throw new Error(missing);

describe('first visit', { skip: missing || false }, () => {
  test('downloads the Go side only, within the byte budget', async () => {
    const s = sizes();
    const server = await startServer();
    try {
      const v = await firstVisit(server, { topology: true });
      const list = (rs) => rs.map((r) => `${r.path} ${r.bytes} B`).join(', ');
      console.log(`first visit: ${v.beforeBytes} B before the first Go diagnostics (${v.firstGoMs.toFixed(0)} ms), ${v.visitBytes} B until the service worker took control: ${list(v.visit)}; Topology tab: ${v.topologyBytes} B`);
      assert.ok(v.visitBytes <= BYTES.firstVisitBeforeGoDiagnostics, `first visit transferred ${v.visitBytes} B: ${list(v.visit)}`);
      assert.ok(v.beforeBytes <= v.visitBytes);
      const lazy = new Set(s.lazy.map((f) => `/${f}`));
      assert.ok(s.lazy.some((f) => /^topology-[0-9a-f]+\.wasm$/.test(f)), `topology.wasm is not among the assets cached on demand: ${s.lazy}`);
      assert.deepEqual(v.visit.filter((r) => lazy.has(r.path)).map((r) => r.path), [], 'fetched before the Topology tab opened');
      // The topology worker the tab opens with (the light one, without
      // OPA) is within its budget; the full one is fetched on demand only.
      assert.ok(s.topologyWasm.br <= BYTES.topologyWorkerBrotli, `topology.wasm is ${s.topologyWasm.br} B brotli, over the budget of ${BYTES.topologyWorkerBrotli} B`);
      assert.ok(s.lazy.some((f) => /^topology-full-[0-9a-f]+\.wasm$/.test(f)), `topology-full.wasm is not among the assets cached on demand: ${s.lazy}`);
      assert.ok(v.topologyBytes < s.topologyWasm.br + s.topologyFullWasm.br, `the Topology tab transferred ${v.topologyBytes} B: it fetched the full worker too`);
      // Opening the tab fetched the topology worker, once.
      assert.ok(v.topologyBytes >= s.topologyWasm.br, `the Topology tab transferred ${v.topologyBytes} B, topology.wasm is ${s.topologyWasm.br} B brotli`);
    } finally {
      await server.close();
    }
  });

  test('the Topology tab works offline once it has been opened', async () => {
    const server = await startServer();
    const browser = await launch();
    try {
      const page = await browser.context.newPage();
      await page.goto(server.url);
      await page.evaluate(() => navigator.serviceWorker.ready);
      await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 60000 });
      await page.click('#tab-topology');
      await page.waitForFunction(() => window.__nines.firstTopologyFindingsAt !== null, null, { timeout: 60000 });
      await page.waitForSelector('#topology-graph svg', { timeout: 60000 });
      const online = await page.$$eval('#topology-problems li.finding', (lis) => lis.map((li) => li.dataset.rule));
      assert.ok(online.length > 0, 'no topology findings online');
      // The copies are stored while the page uses the answers.
      await page.waitForFunction(async () => {
        const c = await caches.open((await caches.keys()).find((k) => k.startsWith('nines-playground-')));
        const urls = (await c.keys()).map((r) => new URL(r.url).pathname);
        return urls.some((u) => /^\/topology-[0-9a-f]+\.wasm$/.test(u)) && urls.some((u) => /^\/topology-worker-/.test(u));
      }, null, { timeout: 60000 });
      await page.close();
      await browser.context.setOffline(true);
      const off = await browser.context.newPage();
      await off.goto(server.url);
      await off.click('#tab-topology');
      await off.waitForFunction(() => window.__nines.firstTopologyFindingsAt !== null, null, { timeout: 60000 });
      await off.waitForSelector('#topology-graph svg', { timeout: 60000 });
      const offline = await off.$$eval('#topology-problems li.finding', (lis) => lis.map((li) => li.dataset.rule));
      assert.deepEqual(offline, online);
      await off.close();
    } finally {
      await browser.context.setOffline(false);
      await browser.close();
      await server.close();
    }
  });
});

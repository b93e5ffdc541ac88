// The topology tab's advice and game day against the command line: for a
// topology file, the advice view lists what `nines topo --advise` prints and
// the "what if … fails" selector shows, for each zone and component, what
// `nines topo --fail` prints.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { browserSuite, chromiumMissing, repoDir, setDoc } from './harness.mjs';
import { encodeState } from '../src/share.js';

const missing = chromiumMissing();
if (missing && process.env.CI === 'true') throw new Error(`browser tests cannot run: ${missing}`);
const skip = missing ? `browser tests skipped outside CI: ${missing}` : false;

let nines;

// cliTopo runs nines topo with args on one file in a directory of its own
// (no .nines.hcl around it) and returns its output as rows of cells: the
// first line, then the table's lines split where the columns are.
function cliTopo(file, args) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nines-whatif-'));
  fs.writeFileSync(path.join(dir, file.name), file.content);
  let out;
  try {
    out = execFileSync(nines, ['topo', ...args, '.'], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    if (err.status !== 1) throw new Error(`nines topo ${args.join(' ')} failed (${err.status}): ${err.stderr}`);
    out = err.stdout;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return out.split('\n').filter(Boolean).map((l) => l.trim().split(/ {2,}/));
}

const shop = (dir) => {
  const name = 'shop.nines.hcl';
  return { name, content: fs.readFileSync(path.join(repoDir, 'testdata', 'topology', dir, name), 'utf8') };
};

const cells = (page, sel) => page.$$eval(`${sel} tr`, (trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent.trim())));

describe('advice and game day', { skip }, () => {
  const suite = browserSuite();
  const { open, consoleErrors } = suite;

  before(() => {
    nines = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'nines-bin-')), 'nines');
    execFileSync('go', ['build', '-o', nines, '.'], { cwd: repoDir, stdio: 'inherit' });
  });

  async function openTopology(file) {
    const frag = await encodeState({ tab: 'topology', go: [], topology: [file], policy: [], config: {} });
    const page = await open(`${suite.server.url}#${frag}`);
    await page.waitForFunction(() => (window.__nines.whatIfResults || 0) > 0, null, { timeout: 60000 });
    return page;
  }

  // gameDay chooses each zone and component in the selector and checks the
  // table against nines topo --fail; it returns the statuses seen.
  async function gameDay(page, file) {
    const targets = await page.$$eval('#topology-fail option', (os) => os.map((o) => o.value).filter(Boolean));
    const statuses = new Set();
    for (const target of targets) {
      await page.selectOption('#topology-fail', target);
      await page.waitForSelector(`#topology-fail-table[data-target="${target}"]`, { timeout: 30000 });
      const caption = await page.textContent('#topology-fail-table caption');
      const rows = await cells(page, '#topology-fail-table');
      const cli = cliTopo(file, ['--fail', target]);
      assert.deepEqual([[`${caption}:`], ...rows], cli.map((r, i) => (i === 1 ? r.map((h) => h.toLowerCase()) : r)), target);
      for (const r of rows.slice(1)) statuses.add(r[1]);
    }
    return { targets, statuses };
  }

  test('naive-shop: the advice and every failure read as on the command line', async () => {
    const file = shop('naive-shop');
    const page = await openTopology(file);
    const advice = await cells(page, '#topology-advice');
    const cli = cliTopo(file, ['--advise']);
    assert.ok(cli.length >= 2, `nines topo --advise gave no advice: ${JSON.stringify(cli)}`);
    // The command line capitals its header.
    const lower = (rows) => rows.map((r, i) => (i === 0 ? r.map((h) => h.toLowerCase()) : r));
    assert.deepEqual(lower(advice), lower(cli));
    const { targets, statuses } = await gameDay(page, file);
    assert.deepEqual([...targets].sort(), ['component:api', 'component:db', 'component:lb', 'component:payments', 'component:web', 'zone:eu-west-1a']);
    assert.ok(statuses.has('stops'), [...statuses].join(','));

    // A file that does not load keeps the choice for when it loads again.
    await page.selectOption('#topology-fail', 'zone:eu-west-1a');
    await page.waitForSelector('#topology-fail-table[data-target="zone:eu-west-1a"]');
    const seen = await page.evaluate(() => window.__nines.whatIfResults);
    await setDoc(page, 'topology', file.content.replace('zone "eu-west-1a" {', 'zone "eu-west-1a" {{'));
    await page.waitForFunction((n) => window.__nines.whatIfResults > n, seen, { timeout: 30000 });
    assert.equal(await page.textContent('#topology-advice caption'), 'No advice: the topology does not load.');
    assert.equal(await page.textContent('#topology-fail-result'), 'No game day: the topology does not load.');
    assert.equal(await page.inputValue('#topology-fail'), 'zone:eu-west-1a');
    await setDoc(page, 'topology', file.content);
    await page.waitForSelector('#topology-fail-table[data-target="zone:eu-west-1a"]', { timeout: 30000 });
    assert.deepEqual(await cells(page, '#topology-advice'), advice);
    await page.close();
  });

  test('reviewed-shop: no advice, and a zone outage degrades the journeys', async () => {
    const file = shop('reviewed-shop');
    const page = await openTopology(file);
    assert.deepEqual(cliTopo(file, ['--advise']), [['every journey meets its slo: no advice']]);
    assert.equal(await page.textContent('#topology-advice caption'), 'Every journey meets its SLO: no advice.');
    const { statuses } = await gameDay(page, file);
    assert.ok(statuses.has('degraded') && statuses.has('stops'), [...statuses].join(','));
    // Choosing nothing again clears the table.
    await page.selectOption('#topology-fail', '');
    await page.waitForSelector('#topology-fail-table', { state: 'detached' });
    await page.close();
  });

  test('no console errors', () => {
    assert.deepEqual(consoleErrors.flat(), []);
  });
});

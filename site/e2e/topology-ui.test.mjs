// The Topology tab as a person uses it: the graph zooms and pans, a click
// on a node or an edge opens its line in the editor and shows its
// availability and findings; the findings are grouped and filtered with
// counts; topology files are added, renamed and removed and the findings
// follow; a position link in the Policy tab opens the tab of its file.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { browserSuite, chromiumMissing, repoDir, setDoc } from './harness.mjs';
import { encodeState } from '../src/share.js';

const missing = chromiumMissing();
if (missing && process.env.CI === 'true') throw new Error(`browser tests cannot run: ${missing}`);
const skip = missing ? `browser tests skipped outside CI: ${missing}` : false;

const SHOP = fs.readFileSync(path.join(repoDir, 'testdata', 'topology', 'naive-shop', 'shop.nines.hcl'), 'utf8');
// lineOf is the 1-based line of the first line of SHOP starting with text.
const lineOf = (text) => SHOP.split('\n').findIndex((l) => l.startsWith(text)) + 1;

const cursorLine = (page, section = 'topology') => page.evaluate((s) => {
  const v = window.__nines.view(s);
  return v.state.doc.lineAt(v.state.selection.main.head).number;
}, section);

const findings = (page, sel = '#topology-problems') => page.$$eval(`${sel} li.finding`, (lis) => lis.map((li) => ({
  posn: li.dataset.posn, rule: li.dataset.rule, severity: li.querySelector('.severity').textContent,
})));

// checks counts the full checks (with the policies) the page has shown.
const checks = (page) => page.evaluate(() => window.__nines.topologyResults);
async function waitCheck(page, before) {
  await page.waitForFunction((n) => window.__nines.topologyResults > n, before, { timeout: 60000 });
}

describe('topology view', { skip }, () => {
  const suite = browserSuite();
  const { consoleErrors } = suite;

  async function openTopology(files = [{ name: 'shop.nines.hcl', content: SHOP }], tab = 'topology') {
    const frag = await encodeState({ tab, go: [], topology: files, policy: [], config: {} });
    const page = await suite.open(`${suite.server.url}#${frag}`);
    await page.waitForFunction(() => window.__nines.topologyResults > 0, null, { timeout: 60000 });
    if (tab === 'topology') await page.waitForSelector('#topology-graph svg g.node[data-kind]');
    return page;
  }

  test('a click on a node or an edge opens its line and shows its availability and findings', async () => {
    const page = await openTopology();
    await page.click('#graph-fit');
    const dbLine = lineOf('database "db"');
    assert.ok(dbLine > 1);
    await page.click('#topology-graph g.node[data-key="db"]');
    assert.equal(await cursorLine(page), dbLine);
    const detail = page.locator('#topology-detail');
    assert.equal(await detail.isVisible(), true);
    assert.equal(await detail.locator('h3').textContent(), 'db database');
    assert.match(await detail.textContent(), /own availability 99\.890%/);
    assert.match(await detail.textContent(), /On checkout \(\d+\.\d+%, \d+% of its downtime\)/);
    // The findings about db, as the findings list has them.
    const all = await findings(page);
    const inDetail = await findings(page, '#topology-detail');
    assert.deepEqual(inDetail.map((f) => f.rule).sort(), all.filter((f) => f.posn === `shop.nines.hcl:${dbLine}:1`).map((f) => f.rule).sort());
    assert.ok(inDetail.some((f) => f.rule === 'spof/single-instance'), JSON.stringify(inDetail));
    assert.equal(await page.getAttribute('#topology-graph g.node[data-key="db"]', 'class'), 'node selected');

    // An edge: the call's block.
    const callLine = SHOP.split('\n').findIndex((l, i) => i > lineOf('service "api"') && l.trim() === 'call "db" {') + 1;
    await page.click('#topology-graph g.edge[data-key="api->db"] text');
    assert.equal(await cursorLine(page), callLine);
    assert.equal(await detail.locator('h3').textContent(), 'api → db');
    assert.ok((await findings(page, '#topology-detail')).every((f) => f.posn === `shop.nines.hcl:${callLine}:3`));

    // From the keyboard: Tab reaches the nodes, Enter chooses one.
    await page.focus('#topology-graph g.node[data-key="web"]');
    await page.keyboard.press('Enter');
    assert.equal(await cursorLine(page), lineOf('service "web"'));
    assert.equal(await detail.locator('h3').textContent(), 'web service');
    await page.close();
  });

  test('the zoom controls, the wheel and the keys change the graph\'s scale', async () => {
    const page = await openTopology();
    const svgWidth = () => page.$eval('#topology-graph svg', (s) => s.getBoundingClientRect().width);
    const natural = await page.$eval('#topology-graph svg', (s) => s.viewBox.baseVal.width);
    const viewWidth = await page.$eval('#topology-graph', (v) => v.clientWidth);
    assert.ok(natural > viewWidth, 'the shop is wider than the view');
    // Too wide to fit at 100%: shown at a readable scale, not shrunk to fit.
    assert.equal(await page.textContent('#graph-zoom'), '75%');
    assert.ok(Math.abs(await svgWidth() - natural * 0.75) < 1);

    await page.click('#graph-zoom-in');
    assert.ok(Math.abs(await svgWidth() - natural * 0.75 * 1.25) < 1);
    assert.equal(await page.textContent('#graph-zoom'), '94%');
    await page.click('#graph-actual');
    assert.ok(Math.abs(await svgWidth() - natural) < 1);
    assert.equal(await page.textContent('#graph-zoom'), '100%');
    await page.click('#graph-fit');
    const fitted = await svgWidth();
    assert.ok(fitted <= viewWidth + 1 && fitted < natural * 0.75, `fit: ${fitted} in ${viewWidth}`);

    // The wheel zooms in (up) and out (down) around the pointer.
    const box = await page.locator('#topology-graph').boundingBox();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.wheel(0, -200);
    await page.waitForFunction((w) => document.querySelector('#topology-graph svg').getBoundingClientRect().width > w + 1, fitted);
    const zoomed = await svgWidth();
    await page.mouse.wheel(0, 100);
    await page.waitForFunction((w) => document.querySelector('#topology-graph svg').getBoundingClientRect().width < w - 1, zoomed);

    // Keys on the focused graph: + and − zoom, 0 is 100%, f fits, arrows move.
    await page.focus('#topology-graph');
    await page.keyboard.press('0');
    assert.equal(await page.textContent('#graph-zoom'), '100%');
    await page.keyboard.press('-');
    assert.equal(await page.textContent('#graph-zoom'), '80%');
    await page.keyboard.press('+');
    assert.equal(await page.textContent('#graph-zoom'), '100%');
    const left = () => page.$eval('#topology-graph svg', (s) => s.getBoundingClientRect().left);
    const before = await left();
    await page.keyboard.press('ArrowRight');
    assert.ok(await left() < before, 'ArrowRight shows more of the right');
    // Dragging moves the graph too, and is not a click on a node.
    const dragFrom = await left();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 - 80, box.y + box.height / 2, { steps: 4 });
    await page.mouse.up();
    assert.ok(Math.abs(await left() - (dragFrom - 80)) < 1, 'a drag moves the graph by as much');
    assert.equal(await page.isVisible('#topology-detail'), false, 'a drag chooses no node');
    await page.keyboard.press('f');
    assert.ok(await svgWidth() <= viewWidth + 1);

    // A graph that fits is shown at 100%.
    const small = await openTopology([{ name: 'one.nines.hcl', content: 'service "solo" {\n  instances = 2\n}\n' }]);
    assert.equal(await small.textContent('#graph-zoom'), '100%');
    assert.equal(await small.getAttribute('#topology-graph', 'data-scale'), '1');
    await small.close();
    await page.close();
  });

  test('findings are grouped by rule or component and filtered by severity and rule, with counts', async () => {
    const page = await openTopology();
    await page.selectOption('#findings-group', '');
    const all = await findings(page);
    assert.ok(all.length > 10, `${all.length} findings`);
    assert.equal(await page.textContent('#findings-count'), `${all.length} findings`);
    const count = (fs, key) => fs.reduce((m, f) => ({ ...m, [f[key]]: (m[f[key]] || 0) + 1 }), {});
    const bySeverity = count(all, 'severity');
    const byRule = count(all, 'rule');
    assert.ok(bySeverity.error > 0 && bySeverity.warning > 0, JSON.stringify(bySeverity));
    // The counts beside each choice.
    assert.equal(await page.textContent('#findings-severity label[data-severity=error]'), `error (${bySeverity.error})`);
    assert.equal(await page.textContent('#findings-severity label[data-severity=warning]'), `warning (${bySeverity.warning})`);
    const options = await page.$$eval('#findings-rule option', (os) => os.map((o) => [o.value, o.textContent]));
    assert.deepEqual(options, [['', `every rule (${all.length})`], ...Object.keys(byRule).sort().map((r) => [r, `${r} (${byRule[r]})`])]);

    // By rule: one group per rule, holding its findings.
    await page.selectOption('#findings-group', 'rule');
    const groups = () => page.$$eval('#topology-problems > li.group', (ls) => ls.map((l) => [l.dataset.group, Number(l.dataset.count), l.querySelectorAll('li.finding').length]));
    assert.deepEqual(await groups(), Object.keys(byRule).sort().map((r) => [r, byRule[r], byRule[r]]));
    const inGroup = await page.$$eval('#topology-problems > li.group[data-group="spof/single-instance"] li.finding', (ls) => ls.map((l) => l.dataset.rule));
    assert.deepEqual(inGroup, Array(byRule['spof/single-instance']).fill('spof/single-instance'));

    // By component: a call's findings go with its caller, a journey's with it.
    await page.selectOption('#findings-group', 'component');
    const byComponent = Object.fromEntries((await groups()).map(([k, n]) => [k, n]));
    assert.ok(byComponent.db >= 2 && byComponent['journey checkout'] >= 1, JSON.stringify(byComponent));
    assert.equal(Object.values(byComponent).reduce((a, b) => a + b, 0), all.length);
    const apiRules = await page.$$eval('#topology-problems > li.group[data-group="api"] li.finding', (ls) => ls.map((l) => l.dataset.posn));
    assert.ok(apiRules.some((p) => p.startsWith(`shop.nines.hcl:${lineOf('service "api"')}:`)) && apiRules.length > 1, JSON.stringify(apiRules));

    // Severity, from the keyboard: Space on the checkbox hides the errors.
    await page.focus('#findings-severity label[data-severity=error] input');
    await page.keyboard.press('Space');
    assert.equal(await page.textContent('#findings-count'), `showing ${bySeverity.warning} of ${all.length} findings`);
    assert.equal((await findings(page)).filter((f) => f.severity === 'error').length, 0);
    assert.equal((await findings(page)).length, bySeverity.warning);
    assert.equal(await page.evaluate(() => document.activeElement.value), 'error', 'the focus stays on the checkbox');
    // A rule as well: the warnings of one rule.
    const warned = Object.keys(byRule).sort().find((r) => all.some((f) => f.rule === r && f.severity === 'warning'));
    const warnedCount = all.filter((f) => f.rule === warned && f.severity === 'warning').length;
    await page.selectOption('#findings-rule', warned);
    assert.equal(await page.textContent('#findings-count'), `showing ${warnedCount} of ${all.length} findings`);
    assert.deepEqual([...new Set((await findings(page)).map((f) => f.rule))], [warned]);
    // The choices survive a new check and a reload.
    await page.reload();
    await page.waitForFunction(() => window.__nines.topologyResults > 0, null, { timeout: 60000 });
    assert.equal(await page.textContent('#findings-count'), `showing ${warnedCount} of ${all.length} findings`);
    assert.equal(await page.inputValue('#findings-group'), 'component');
    await page.check('#findings-severity label[data-severity=error] input');
    await page.selectOption('#findings-rule', '');
    assert.equal(await page.textContent('#findings-count'), `${all.length} findings`);
    await page.close();
  });

  test('topology files are added, renamed and removed, and the findings follow', async () => {
    const page = await openTopology();
    const initial = await findings(page);
    const names = () => page.$$eval('#topology-files [role=tab]', (ts) => ts.map((t) => [t.textContent, t.getAttribute('aria-selected')]));

    // A name that is not a topology file is refused, and says why.
    page.once('dialog', (d) => d.accept('notes.txt'));
    await page.click('#topology-files .file.add');
    assert.deepEqual(await names(), [['shop.nines.hcl', 'true']]);
    assert.match(await page.textContent('#topology-status'), /not a file name for this tab: "notes\.txt"; want a name ending in \.nines\.hcl or \.nines\.json/);

    let n = await checks(page);
    page.once('dialog', (d) => d.accept('extra.nines.hcl'));
    await page.click('#topology-files .file.add');
    assert.deepEqual(await names(), [['shop.nines.hcl', 'false'], ['extra.nines.hcl', 'true']]);
    assert.equal(await page.getAttribute('#topology-files .file.add', 'aria-label'), 'add a topology file');
    await waitCheck(page, n);
    n = await checks(page);
    await setDoc(page, 'topology', 'service "worker" {\n  call "db" {\n  }\n}\n');
    await waitCheck(page, n);
    const added = (await findings(page)).filter((f) => f.posn.startsWith('extra.nines.hcl:'));
    assert.deepEqual(added.map((f) => `${f.posn} ${f.rule}`), ['extra.nines.hcl:2:3 timeout/missing']);
    // The graph has the new component, and its node opens the new file.
    await page.click('#graph-fit');
    await page.click('#topology-files [role=tab]:first-child');
    await page.click('#topology-graph g.node[data-key="worker"]');
    assert.deepEqual(await names(), [['shop.nines.hcl', 'false'], ['extra.nines.hcl', 'true']]);
    assert.equal(await cursorLine(page), 1);

    // Renamed, the file keeps its text and its findings.
    n = await checks(page);
    page.once('dialog', (d) => { assert.equal(d.defaultValue(), 'extra.nines.hcl'); d.accept('jobs/worker.nines.hcl'); });
    await page.click('#topology-files .file.rename');
    assert.deepEqual(await names(), [['shop.nines.hcl', 'false'], ['jobs/worker.nines.hcl', 'true']]);
    assert.equal(await page.getAttribute('#topology-files .file.remove', 'aria-label'), 'remove jobs/worker.nines.hcl');
    await waitCheck(page, n);
    const renamed = await findings(page);
    assert.equal(renamed.length, initial.length + 1);
    assert.deepEqual(renamed.filter((f) => !f.posn.startsWith('shop.nines.hcl:')).map((f) => `${f.posn} ${f.rule}`), ['jobs/worker.nines.hcl:2:3 timeout/missing']);
    // Renaming to a name another file has is refused.
    page.once('dialog', (d) => d.accept('shop.nines.hcl'));
    await page.click('#topology-files .file.rename');
    assert.match(await page.textContent('#topology-status'), /there is already a file named shop\.nines\.hcl/);
    // The files are kept across a reload.
    await page.reload();
    await page.waitForFunction(() => window.__nines.topologyResults > 0, null, { timeout: 60000 });
    assert.deepEqual((await names()).map((x) => x[0]), ['shop.nines.hcl', 'jobs/worker.nines.hcl']);

    // Removed, its findings go with it.
    await page.click('#topology-files [role=tab]:nth-child(2)');
    n = await checks(page);
    await page.click('#topology-files .file.remove');
    assert.deepEqual(await names(), [['shop.nines.hcl', 'true']]);
    assert.equal(await page.$$eval('#topology-files .file.remove', (bs) => bs.length), 0, 'the last file cannot be removed');
    await waitCheck(page, n);
    assert.deepEqual((await findings(page)).map((f) => f.posn).sort(), initial.map((f) => f.posn).sort());
    assert.equal(await page.$$eval('#topology-graph g.node[data-key="worker"]', (gs) => gs.length), 0);
    await page.close();
  });

  test('a position link in the Policy tab opens the tab holding its file and moves the cursor there', async () => {
    const policy = [
      '# METADATA', '# title: every database runs in two zones or more', '# custom:', '#   severity: warning',
      'package nines.custom.database_zones', '', 'import data.nines.lib', '',
      'report contains violation if {', '\tsome name, c in input.components', '\tc.kind == "database"', '\tc.distinct_zones < 2',
      '\tviolation := lib.finding(rego.metadata.chain(), name, sprintf("database %s runs in one zone", [name]), c)', '}', '',
    ].join('\n');
    const frag = await encodeState({ tab: 'policy', go: [], topology: [{ name: 'shop.nines.hcl', content: SHOP }], policy: [{ name: 'custom.rego', content: policy }], config: {} });
    const page = await suite.open(`${suite.server.url}#${frag}`);
    const link = await page.waitForSelector('#policy-problems li.finding[data-rule="custom/database-zones"] a.posn', { timeout: 60000 });
    assert.equal(await link.textContent(), `shop.nines.hcl:${lineOf('database "db"')}:1`);
    await link.click();
    assert.equal(await page.getAttribute('#tab-topology', 'aria-selected'), 'true');
    assert.equal(await page.isVisible('#topology-editor'), true);
    assert.equal(await page.isVisible('#policy-editor'), false);
    assert.equal(await cursorLine(page), lineOf('database "db"'));
    assert.equal(await page.evaluate(() => document.activeElement.closest('#topology-editor') !== null), true, 'the topology editor has the focus');

    // A policy that does not compile: its position opens the policy editor.
    await page.click('#tab-policy');
    const n = await checks(page);
    await setDoc(page, 'policy', 'package nines.custom.x\n\nreport contains x if {\n');
    await waitCheck(page, n);
    const note = await page.waitForSelector('#policy-problems li.note a.posn');
    assert.match(await note.textContent(), /^policy\/custom\.rego:4:\d+$/);
    await page.click('#tab-go');
    await note.evaluate((a) => a.click()); // the link itself, hidden with its tab
    assert.equal(await page.getAttribute('#tab-policy', 'aria-selected'), 'true');
    assert.equal(await page.isVisible('#policy-editor'), true);
    assert.equal(await cursorLine(page, 'policy'), 4);
    await page.close();
  });

  test('the demo policy runs in the light worker; another policy fetches the full one', async () => {
    const page = await openTopology();
    assert.equal(await page.evaluate(() => window.__nines.topologyWorker), 'light');
    const custom = () => page.$$eval('#topology-problems li.finding[data-rule="custom/database-zones"]', (lis) => lis.map((li) => li.textContent));
    assert.ok((await custom()).some((t) => /database db runs in 1 zone/.test(t)), `the demo policy's finding is missing: ${await custom()}`);
    await page.click('#tab-policy');
    const n = await checks(page);
    const changed = await page.evaluate(() => window.__nines.view('policy').state.doc.toString().replace('runs in %d zone', 'runs in %d zone only'));
    await setDoc(page, 'policy', changed);
    await waitCheck(page, n);
    assert.equal(await page.evaluate(() => window.__nines.topologyWorker), 'full');
    await page.click('#tab-topology');
    assert.ok((await custom()).some((t) => /database db runs in 1 zone only/.test(t)), `the edited policy's finding is missing: ${await custom()}`);
    await page.close();
  });

  test('the console shows no errors', () => {
    assert.deepEqual(consoleErrors.flat(), []);
  });
});

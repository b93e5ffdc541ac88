// Accessibility and the page's footer: axe-core finds no violation on any
// tab in either theme, the tab lists follow the WAI-ARIA tabs pattern from
// the keyboard, and the footer names the versions the workers are built
// from.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import {
  browserSuite, chromiumMissing, getDoc, goFindings, repoDir, setDoc, siteDir, waitGoResults,
} from './harness.mjs';

const missing = chromiumMissing();
if (missing && process.env.CI === 'true') throw new Error(`browser tests cannot run: ${missing}`);
const skip = missing ? `browser tests skipped outside CI: ${missing}` : false;

const AXE = createRequire(path.join(siteDir, 'package.json')).resolve('axe-core/axe.min.js');
const SECTIONS = ['go', 'topology', 'policy', 'config'];

// axeViolations runs axe-core's default rules (WCAG 2 A and AA and its best
// practices) on the page as it is and describes each violation.
async function axeViolations(page) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE });
  const { violations } = await page.evaluate(() => window.axe.run(document));
  return violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n${v.nodes.slice(0, 8).map((n) => `    ${n.target.join(' ')}: ${n.failureSummary.replace(/\s+/g, ' ')}`).join('\n')}${v.nodes.length > 8 ? `\n    … and ${v.nodes.length - 8} more` : ''}`);
}

// openSection shows a section and waits until it has its content.
async function openSection(page, section) {
  await page.click(`#tab-${section}`);
  if (section === 'topology' || section === 'policy') {
    await page.waitForFunction(() => window.__nines.firstTopologyFindingsAt !== null, null, { timeout: 60000 });
  }
  if (section === 'topology') {
    // The advice view, and the game day of the first zone or component.
    await page.waitForFunction(() => (window.__nines.whatIfResults || 0) > 0, null, { timeout: 60000 });
    const target = await page.$eval('#topology-fail', (s) => [...s.options].map((o) => o.value).find(Boolean) || '');
    assert.notEqual(target, '', 'no zone or component to fail');
    await page.selectOption('#topology-fail', target);
    await page.waitForSelector(`#topology-fail-table[data-target="${target}"]`, { timeout: 30000 });
    // A second topology file brings the "−" button; a node chosen in the
    // graph, its details; the findings grouped by component, their groups.
    if (!(await page.$('#topology-files .file.remove'))) {
      page.once('dialog', (d) => d.accept('more.nines.hcl'));
      await page.click('#topology-files .file.add');
      await page.waitForSelector('#topology-files .file.remove');
      await page.click('#topology-files [role=tab]:first-child');
    }
    await page.waitForSelector('#topology-graph g.node[data-kind=component]');
    await page.click('#graph-fit');
    await page.click('#topology-graph g.node[data-kind=component]');
    await page.waitForSelector('#topology-detail:not([hidden]) h3');
    await page.selectOption('#findings-group', 'component');
    await page.waitForSelector('#topology-problems li.group');
  }
  if (section === 'go' || section === 'topology') {
    // The output views: the CLI panel open, and the text a copy shows
    // when the clipboard refuses it.
    const toggle = `.output[data-section=${section}] .cli-toggle`;
    if ((await page.getAttribute(toggle, 'aria-expanded')) !== 'true') await page.click(toggle);
    await page.waitForSelector(`#${section}-cli:not([hidden]) code`);
    await page.evaluate(() => { window.__nines.copied = null; });
    await page.click(`.output[data-section=${section}] button[data-format=text]`);
    await page.waitForFunction(() => window.__nines.copied !== null, null, { timeout: 60000 });
    await page.evaluate((id) => { const t = document.getElementById(id); t.value = window.__nines.copied.text; t.hidden = false; }, `${section}-copied`);
  }
  if (section === 'config') await page.waitForSelector('#config-analyzers .analyzer');
}

describe('accessibility', { skip }, () => {
  const { open, consoleErrors } = browserSuite();

  test('axe-core finds no violation on any tab, in the light and the dark theme', async () => {
    const page = await open();
    // A second Go file, added with the "+" button, brings the "−" button.
    page.once('dialog', (d) => d.accept('lib/lib.go'));
    await page.click('#go-files .file.add');
    await page.waitForSelector('#go-files .file.remove');
    await page.click('#go-files [role=tab]:first-child'); // back to main.go, with comments and more lines
    const found = [];
    for (const theme of ['light', 'dark']) {
      while ((await page.getAttribute('#theme', 'title')) !== `theme: ${theme} (click to change)`) await page.click('#theme');
      assert.equal(await page.getAttribute('html', 'data-theme'), theme);
      for (const section of SECTIONS) {
        await openSection(page, section);
        for (const v of await axeViolations(page)) found.push(`${theme} theme, ${section} tab: ${v}`);
      }
    }
    assert.equal(found.length, 0, `axe-core violations:\n${found.join('\n')}`);
    await page.close();
  });

  test('axe-core finds no violation with a notice shown, in a phone-sized window', async () => {
    const page = await open();
    await page.setViewportSize({ width: 375, height: 740 });
    await page.goto(`${page.url()}#example=no-such-example`);
    await page.waitForSelector('#notice:not([hidden])');
    assert.deepEqual(await axeViolations(page), []);
    await page.close();
  });

  test('arrow keys, Home and End move between the section tabs; Tab leaves the list', async () => {
    const page = await open();
    const selected = () => page.$$eval('.sections [role=tab]', (ts) => ts.filter((t) => t.getAttribute('aria-selected') === 'true').map((t) => t.dataset.tab));
    const focused = () => page.evaluate(() => document.activeElement.dataset.tab || document.activeElement.id);
    const shown = () => page.$$eval('[role=tabpanel].panel', (ps) => ps.filter((p) => !p.hidden).map((p) => p.id));
    await page.focus('#tab-go');
    for (const [key, want] of [['ArrowRight', 'topology'], ['ArrowRight', 'policy'], ['ArrowLeft', 'topology'], ['End', 'config'], ['ArrowRight', 'go'], ['ArrowLeft', 'config'], ['Home', 'go']]) {
      await page.keyboard.press(key);
      assert.deepEqual(await selected(), [want], `after ${key}`);
      assert.equal(await focused(), want, `focus after ${key}`);
      assert.deepEqual(await shown(), [`panel-${want}`], `panel after ${key}`);
      // Roving tabindex: only the selected tab is in the Tab order.
      const order = await page.$$eval('.sections [role=tab]', (ts) => ts.map((t) => [t.dataset.tab, t.tabIndex]));
      assert.deepEqual(order, SECTIONS.map((s) => [s, s === want ? 0 : -1]), `tabindex after ${key}`);
    }
    // Each tab names its panel, and each panel its tab.
    const links = await page.$$eval('.sections [role=tab]', (ts) => ts.map((t) => {
      const p = document.getElementById(t.getAttribute('aria-controls'));
      return p && p.getAttribute('role') === 'tabpanel' && p.getAttribute('aria-labelledby') === t.id;
    }));
    assert.deepEqual(links, [true, true, true, true]);
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.closest('.sections')), null, 'Tab stays in the tab list');
    await page.close();
  });

  test('arrow keys move between the file tabs, which open their file', async () => {
    const page = await open();
    page.once('dialog', (d) => d.accept('lib/lib.go'));
    await page.click('#go-files .file.add');
    await page.waitForSelector('#go-files [role=tab]:nth-child(2)');
    const names = await page.$$eval('#go-files [role=tab]', (ts) => ts.map((t) => t.textContent));
    assert.deepEqual(names, ['main.go', 'lib/lib.go']);
    const state = () => page.$$eval('#go-files [role=tab]', (ts) => ts.map((t) => [t.textContent, t.getAttribute('aria-selected'), t.tabIndex, t === document.activeElement]));
    await page.focus('#go-files [role=tab][aria-selected=true]');
    assert.equal(await getDoc(page, 'go'), 'package lib\n');
    await page.keyboard.press('ArrowLeft');
    assert.deepEqual(await state(), [['main.go', 'true', 0, true], ['lib/lib.go', 'false', -1, false]]);
    assert.match(await getDoc(page, 'go'), /^package main$/m);
    await page.keyboard.press('End');
    assert.deepEqual(await state(), [['main.go', 'false', -1, false], ['lib/lib.go', 'true', 0, true]]);
    assert.equal(await getDoc(page, 'go'), 'package lib\n');
    assert.equal(await page.getAttribute('#go-editor', 'aria-labelledby'), await page.getAttribute('#go-files [role=tab][aria-selected=true]', 'id'));
    // The add and remove buttons are beside the tab list, not in it.
    assert.equal(await page.$$eval('#go-files [role=tablist] > :not([role=tab])', (es) => es.length), 0);
    assert.equal(await page.getAttribute('#go-files .file.add', 'aria-label'), 'add a Go file');
    await page.close();
  });

  test('the footer names the nines, Go and OPA versions the workers are built from', async () => {
    const page = await open();
    const go = (...args) => execFileSync('go', args, { cwd: repoDir, encoding: 'utf8' }).trim();
    // nines: what the CLI built from this checkout (with the release
    // version, when the build is given one) says of itself.
    const bin = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'nines-bin-')), 'nines');
    const ldflags = process.env.NINES_VERSION ? [`-ldflags=-X github.com/nines-dev/nines/internal/driver/version.Version=${process.env.NINES_VERSION}`] : [];
    go('build', ...ldflags, '-o', bin, '.');
    const cli = execFileSync(bin, ['version'], { encoding: 'utf8' }).trim();
    fs.rmSync(path.dirname(bin), { recursive: true, force: true });
    assert.match(cli, /^nines \S+$/);
    assert.equal(await page.textContent('#version-nines'), cli);
    assert.equal(await page.textContent('#version-go'), `Go ${go('env', 'GOVERSION').replace(/^go/, '')}`);
    const opa = go('list', '-m', '-f', '{{.Version}}', 'github.com/open-policy-agent/opa');
    assert.match(opa, /^v\d+\.\d+\.\d+/);
    assert.equal(await page.textContent('#version-opa'), `OPA ${opa}`);
    // The commit of the build is one of the repository's (HEAD may have
    // moved on since the build).
    const commit = (await page.textContent('#version-commit')).replace(/[()]/g, '');
    assert.match(commit, /^[0-9a-f]{12}$/);
    execFileSync('git', ['cat-file', '-e', `${commit}^{commit}`], { cwd: repoDir });
    assert.match(await page.textContent('footer'), new RegExp(`Built with ${cli} \\(${commit}\\), Go \\S+ and OPA ${opa.replace(/\./g, '\\.')}\\.`));
    await page.close();
  });

  test('a boolean analyzer flag is a checkbox that turns the flag on and off', async () => {
    const page = await open();
    const src = [
      'package main', '', 'import (', '\t"net/http"', '\t"net/http/httptest"', ')', '',
      'func main() {', '\tts := httptest.NewUnstartedServer(http.NotFoundHandler())',
      '\tts.Config = &http.Server{Handler: http.NotFoundHandler()}', '\tts.Start()', '}', '',
    ].join('\n');
    let n = await page.evaluate(() => window.__nines.goResults);
    await setDoc(page, 'go', src);
    await waitGoResults(page, n);
    const servertimeout = async () => (await goFindings(page)).filter((f) => f.analyzer === 'servertimeout').map((f) => f.posn);
    assert.deepEqual(await servertimeout(), [], 'an httptest server is left alone by default');

    await page.click('#tab-config');
    const row = page.locator('.analyzer', { has: page.locator('a', { hasText: /^servertimeout$/ }) });
    const box = row.locator('label.flag', { hasText: '-httptest' }).locator('input');
    assert.equal(await box.getAttribute('type'), 'checkbox');
    assert.equal(await box.isChecked(), false);
    assert.equal(await row.locator('label.flag', { hasText: '-read-header-timeout' }).locator('input').getAttribute('type'), 'text');

    n = await page.evaluate(() => window.__nines.goResults);
    await box.check();
    await waitGoResults(page, n);
    assert.deepEqual(await servertimeout(), ['main.go:10:15']);
    await page.reload();
    await page.waitForFunction(() => window.__nines && window.__nines.firstGoResultAt !== null, null, { timeout: 30000 });
    await page.waitForSelector('#config-analyzers .analyzer');
    assert.equal(await box.isChecked(), true, 'the flag is kept across a reload');

    n = await page.evaluate(() => window.__nines.goResults);
    await box.uncheck();
    await waitGoResults(page, n);
    assert.deepEqual(await servertimeout(), []);
    assert.deepEqual(await page.evaluate(() => JSON.parse(localStorage.getItem('nines-state')).config.flags.servertimeout), {});
    await page.close();
  });

  test('the console shows no errors', () => {
    assert.deepEqual(consoleErrors.flat(), []);
  });
});

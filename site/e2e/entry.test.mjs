// Entry points and kept work: every way into the page (fresh start, example
// link, share link, saved state) leaves every tab working; a reload keeps
// the edits; broken links say so; a syntax error keeps the other findings.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { browserSuite, chromiumMissing, getDoc, goFindings, siteDir, waitGoResults } from './harness.mjs';
import { encodeState } from '../src/share.js';

const missing = chromiumMissing();
if (missing && process.env.CI === 'true') throw new Error(`browser tests cannot run: ${missing}`);
const skip = missing ? `browser tests skipped outside CI: ${missing}` : false;

const examples = () => {
  const s = JSON.parse(fs.readFileSync(path.join(siteDir, '.cache', 'sizes.json'), 'utf8'));
  return JSON.parse(fs.readFileSync(path.join(siteDir, 'dist', s.assets['examples.json']), 'utf8'));
};

describe('entry points', { skip }, () => {
  const suite = browserSuite();
  const { open, consoleErrors } = suite;

  // everyTabWorks checks that every tab has its files and that typing in
  // the Go editor is analysed.
  async function everyTabWorks(page, what) {
    const welcome = examples().find((e) => e.id === 'welcome');
    const goTabs = await page.$$eval('#go-files .file:not(.add):not(.remove)', (bs) => bs.map((b) => b.textContent));
    assert.ok(goTabs.length >= 1, `${what}: no Go file tab`);
    assert.notEqual(await getDoc(page, 'go'), '', `${what}: empty Go editor`);
    assert.ok((await page.$$eval('#topology-files .file', (bs) => bs.length)) >= 1, `${what}: no topology file tab`);
    assert.notEqual(await getDoc(page, 'topology'), '', `${what}: empty topology editor`);
    assert.notEqual(await getDoc(page, 'policy'), '', `${what}: empty policy editor`);
    assert.doesNotMatch(await page.textContent('#go-status'), /starting/, `${what}: the Go tab is still starting`);
    await page.click('#tab-go');
    const n = await page.evaluate(() => window.__nines.goResults);
    await page.evaluate(() => { const v = window.__nines.view('go'); v.dispatch({ selection: { anchor: v.state.doc.length } }); v.focus(); });
    await page.keyboard.type('// typed\n');
    await waitGoResults(page, n);
    assert.match(await getDoc(page, 'go'), /\/\/ typed\n$/, what);
    assert.ok(welcome, 'no welcome example');
  }

  test('every topology example link leaves every tab working', async () => {
    const topo = examples().filter((e) => e.kind === 'topology');
    assert.ok(topo.length >= 10, `${topo.length} topology examples`);
    for (const ex of topo) {
      const page = await open(`${suite.server.url}#example=${ex.id}`);
      const pageErrors = consoleErrors.at(-1);
      assert.equal(await page.getAttribute('#tab-topology', 'aria-selected'), 'true', ex.id);
      assert.equal(await getDoc(page, 'topology'), ex.files[0].content, ex.id);
      // The Go tab has the welcome example and its findings.
      assert.equal(await page.$eval('#go-files .file.active', (b) => b.textContent), 'main.go', ex.id);
      assert.ok((await goFindings(page)).length >= 3, `${ex.id}: Go findings`);
      await everyTabWorks(page, ex.id);
      assert.deepEqual(pageErrors, [], ex.id);
      await page.close();
    }
  });

  test('a share link lacking a part opens with the defaults for it', async () => {
    const topo = examples().find((e) => e.id === 'spof/single-instance');
    const frag = await encodeState({ tab: 'topology', go: [], topology: topo.files, config: {} });
    const page = await open(`${suite.server.url}#${frag}`);
    assert.equal(await getDoc(page, 'topology'), topo.files[0].content);
    await everyTabWorks(page, 'share link without Go files');
    await page.close();
  });

  test('a reload keeps the edits, also after a share link', async () => {
    const page = await open(suite.server.url);
    // Share, then edit: the address loses the share link, so a reload
    // opens the newer state.
    await page.click('#share');
    await page.waitForFunction(() => location.hash.startsWith('#s1.'));
    const n = await page.evaluate(() => window.__nines.goResults);
    await page.evaluate(() => { const v = window.__nines.view('go'); v.dispatch({ selection: { anchor: 0 } }); v.focus(); });
    await page.keyboard.type('// kept across a reload\n');
    await waitGoResults(page, n);
    assert.equal(await page.evaluate(() => location.hash), '');
    await page.click('#tab-config');
    await page.fill('#cfg-max_retries', '3');
    const doc = await getDoc(page, 'go');
    await page.reload();
    await page.waitForFunction(() => window.__nines && window.__nines.firstGoResultAt !== null, null, { timeout: 30000 });
    assert.equal(await getDoc(page, 'go'), doc);
    assert.equal(await page.inputValue('#cfg-max_retries'), '3');
    assert.equal(await page.getAttribute('#tab-config', 'aria-selected'), 'true');
    await page.close();
  });

  test('choosing an example replaces the share link in the address', async () => {
    const page = await open(suite.server.url);
    await page.click('#share');
    await page.waitForFunction(() => location.hash.startsWith('#s1.'));
    const n = await page.evaluate(() => window.__nines.goResults);
    await page.selectOption('#examples', 'retrybound');
    await waitGoResults(page, n);
    assert.equal(await page.evaluate(() => location.hash), '#example=retrybound');
    await page.reload();
    await page.waitForSelector('#go-problems li.finding[data-analyzer=retrybound]', { timeout: 30000 });
    await page.close();
  });

  test('broken and unknown links say so', async () => {
    for (const [hash, want] of [
      ['#example=no-such-example', /There is no example "no-such-example"/],
      ['#s1.AAAAbroken', /This link could not be opened/],
      ['#s9.AAAA', /This link could not be opened \(this link was made by a newer playground \(format 9\)\)/],
      ['#something-else', /is not a playground link/],
    ]) {
      const page = await open(suite.server.url + hash);
      assert.match(await page.textContent('#notice'), want, hash);
      assert.equal(await page.isVisible('#notice'), true, hash);
      assert.ok((await goFindings(page)).length >= 3, `${hash}: the welcome example`);
      await page.close();
    }
    const ok = await open(suite.server.url);
    assert.equal(await ok.isVisible('#notice'), false);
    await ok.close();
  });

  test('a syntax error keeps the other findings and says where analysis paused', async () => {
    const page = await open(suite.server.url);
    const before = await goFindings(page);
    assert.ok(before.length >= 3, JSON.stringify(before));
    let n = await page.evaluate(() => window.__nines.goResults);
    await page.evaluate(() => { const v = window.__nines.view('go'); v.dispatch({ changes: { from: v.state.doc.length, insert: '\nfunc broken( {\n' } }); });
    await waitGoResults(page, n);
    await page.waitForSelector('#go-problems li.note[data-kind=syntax]');
    const status = await page.textContent('#go-status');
    assert.match(status, /^analysis paused at main\.go:\d+:\d+ \(syntax error\)/, status);
    assert.match(status, new RegExp(`${before.length} findings, ${before.length} from before the syntax error`), status);
    assert.match(status, /\d+ errors?/, status);
    assert.doesNotMatch(status, /\b0 findings/, status);
    assert.deepEqual(await goFindings(page), before);
    assert.equal(await page.$$eval('#go-problems li.finding.stale', (lis) => lis.length), before.length);

    // Fixed: current findings again.
    n = await page.evaluate(() => window.__nines.goResults);
    await page.evaluate(() => { const v = window.__nines.view('go'); const t = v.state.doc.toString(); v.dispatch({ changes: { from: t.indexOf('\nfunc broken( {\n'), to: t.length, insert: '' } }); });
    await waitGoResults(page, n);
    assert.deepEqual(await goFindings(page), before);
    assert.equal(await page.$$eval('#go-problems li.finding.stale', (lis) => lis.length), 0);
    assert.match(await page.textContent('#go-status'), new RegExp(`^${before.length} findings · \\d+ ms`));
    await page.close();
  });

  test('a syntax error in one package leaves the findings of the others current', async () => {
    const welcome = examples().find((e) => e.id === 'welcome');
    const lib = { name: 'lib/lib.go', content: 'package lib\n\nimport "net/http"\n\nvar Client = &http.Client{}\n' };
    const frag = await encodeState({ tab: 'go', go: [...welcome.files, lib] });
    const page = await open(`${suite.server.url}#${frag}`);
    const before = await goFindings(page);
    assert.ok(before.some((f) => f.posn.startsWith('lib/lib.go:')), JSON.stringify(before));
    const n = await page.evaluate(() => window.__nines.goResults);
    await page.click('#go-files .file:has-text("lib/lib.go")');
    await page.evaluate(() => { const v = window.__nines.view('go'); v.dispatch({ changes: { from: v.state.doc.length, insert: 'func (\n' } }); });
    await waitGoResults(page, n);
    await page.waitForSelector('#go-problems li.note[data-kind=syntax]');
    assert.deepEqual((await goFindings(page)).map((f) => f.posn).sort(), before.map((f) => f.posn).sort());
    const stale = await page.$$eval('#go-problems li.finding.stale', (lis) => lis.map((li) => li.dataset.posn));
    assert.ok(stale.length >= 1 && stale.every((p) => p.startsWith('lib/lib.go:')), JSON.stringify(stale));
    assert.match(await page.textContent('#go-status'), /^analysis paused at lib\/lib\.go:\d+:\d+/);
    await page.close();
  });

  test('the console shows no errors', () => {
    assert.deepEqual(consoleErrors.flat(), []);
  });
});

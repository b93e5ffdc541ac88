// The output views against the command line: "Copy as text", "Copy as
// JSON" and "Copy as SARIF" copy, for the welcome Go example and a topology
// rule's example, exactly what nines vet (text, -json, -format sarif) and
// nines topo (text, -format json, -format sarif) print for the same files,
// run here with a nines binary built from this checkout.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { browserSuite, chromiumMissing, repoDir } from './harness.mjs';

const missing = chromiumMissing();
if (missing && process.env.CI === 'true') throw new Error(`browser tests cannot run: ${missing}`);
const skip = missing ? `browser tests skipped outside CI: ${missing}` : false;

const examples = () => {
  const s = JSON.parse(fs.readFileSync(path.join(repoDir, 'site', '.cache', 'sizes.json'), 'utf8'));
  return JSON.parse(fs.readFileSync(path.join(repoDir, 'site', 'dist', s.assets['examples.json']), 'utf8'));
};

// runIn writes files into a fresh directory, runs nines with args there
// and returns its standard output with the directory's path taken out
// (nines vet -json names files by absolute path, the page by its names).
function runIn(nines, files, args, env = {}) {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'nines-output-')));
  for (const f of files) {
    fs.mkdirSync(path.dirname(path.join(dir, f.name)), { recursive: true });
    fs.writeFileSync(path.join(dir, f.name), f.content);
  }
  let out;
  try {
    out = execFileSync(nines, args, { cwd: dir, encoding: 'utf8', env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    if (err.status !== 1) throw new Error(`nines ${args.join(' ')} failed (${err.status}): ${err.stderr}`);
    out = err.stdout;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return out.split(`${dir}${path.sep}`).join('');
}

// goModule is what the "Run this in the CLI" panel asks for: the files in
// module play (with the retry libraries the export data was made from).
function goModule(files) {
  const gen = path.join(repoDir, 'internal', 'playground', 'exportdata', 'gen');
  const genMod = fs.readFileSync(path.join(gen, 'go.mod'), 'utf8');
  return [
    { name: 'go.mod', content: `module play\n\ngo 1.26.0\n\n${genMod.slice(genMod.indexOf('require'))}` },
    { name: 'go.sum', content: fs.readFileSync(path.join(gen, 'go.sum'), 'utf8') },
    ...files,
  ];
}

async function copy(page, section, format) {
  await page.evaluate(() => { window.__nines.copied = null; });
  await page.click(`.output[data-section=${section}] button[data-format=${format}]`);
  await page.waitForFunction(() => window.__nines.copied !== null, null, { timeout: 60000 });
  const status = await page.textContent(`#${section}-output-status`);
  assert.doesNotMatch(status, /could not/, status);
  return page.evaluate(() => window.__nines.copied.text);
}

describe('output views', { skip }, () => {
  const suite = browserSuite();
  let nines;
  let version;

  // The binary must say the version the page's workers say (SARIF names
  // it): both built from this checkout, maybe at different commits.
  async function cli(page) {
    if (nines) return nines;
    const sarif = JSON.parse(await copy(page, 'go', 'sarif'));
    version = sarif.runs[0].tool.driver.version;
    nines = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'nines-bin-')), 'nines');
    execFileSync('go', ['build', `-ldflags=-X github.com/nines-dev/nines/internal/driver/version.Version=${version}`, '-o', nines, '.'], { cwd: repoDir, stdio: 'inherit' });
    return nines;
  }

  test('the welcome Go example copies as nines vet prints it', async () => {
    const page = await suite.open();
    const welcome = examples().find((e) => e.id === 'welcome');
    const bin = await cli(page);
    const files = goModule(welcome.files);
    const env = { GOFLAGS: '-mod=mod' };
    for (const [format, args] of [['text', []], ['json', ['-json']], ['sarif', ['-format', 'sarif']]]) {
      const got = await copy(page, 'go', format);
      const want = runIn(bin, files, ['vet', ...args, './...'], env);
      assert.ok(want.includes('httpclienttimeout'), `nines vet ${args.join(' ')} printed no finding:\n${want}`);
      assert.equal(got, want, `Copy as ${format}`);
    }
    // An analyzer turned off in the Config tab: the copy and the command
    // the CLI panel gives both leave it out.
    await page.click('#tab-config');
    await page.waitForSelector('#cfg-an-httpclienttimeout');
    await page.uncheck('#cfg-an-httpclienttimeout');
    await page.click('#tab-go');
    await page.waitForFunction(() => ![...document.querySelectorAll('#go-problems li.finding')].some((li) => li.dataset.analyzer === 'httpclienttimeout'));
    await page.click('.output[data-section=go] .cli-toggle');
    assert.equal(await page.getAttribute('.output[data-section=go] .cli-toggle', 'aria-expanded'), 'true');
    const commands = (await page.textContent('#go-cli-commands')).split('\n');
    assert.match(commands[0], /make -C nines install/);
    const vet = commands.at(-1);
    assert.equal(vet, 'nines vet -httpclienttimeout=false ./...');
    const got = await copy(page, 'go', 'text');
    assert.equal(got, runIn(bin, files, vet.split(' ').slice(1), env));
    assert.doesNotMatch(got, /httpclienttimeout/);
    await page.close();
  });

  test('a topology example copies as nines topo prints it, with the demo policy', async () => {
    const ex = examples().find((e) => e.id === 'spof/single-instance');
    const page = await suite.open(`${suite.server.url}#example=spof/single-instance`);
    const bin = await cli(page);
    await page.click('#tab-topology');
    await page.click('.output[data-section=topology] .cli-toggle');
    const commands = (await page.textContent('#topology-cli-commands')).split('\n');
    const topo = commands.at(-1);
    assert.equal(topo, 'nines topo -policy policy .');
    // The Policy tab opens with the demo policy (build.mjs hands it to the page).
    const demo = fs.readFileSync(path.join(repoDir, 'internal', 'playground', 'topo', 'demo_policy.rego'), 'utf8');
    const files = [...ex.files, { name: 'policy/custom.rego', content: demo }];
    for (const [format, args] of [['text', []], ['json', ['-format', 'json']], ['sarif', ['-format', 'sarif']]]) {
      const got = await copy(page, 'topology', format);
      const want = runIn(bin, files, [...topo.split(' ').slice(1, -1), ...args, '.']);
      assert.ok(want.includes('spof/single-instance'), `nines topo ${args.join(' ')} printed no finding:\n${want}`);
      assert.equal(got, want, `Copy as ${format}`);
    }
    await page.close();
  });

  test('no console errors', () => {
    assert.deepEqual(suite.consoleErrors.flat(), []);
  });
});

// Builds the playground into dist/: both WebAssembly workers (go build), the
// page and worker scripts (esbuild), the examples, a service worker that
// precaches what the Go tab needs and caches the rest when it is first
// fetched, every asset named by its content hash, and a .br and a .gz
// beside each file.
//
//   node build.mjs [--skip-wasm]   (--skip-wasm reuses .cache/*.wasm)
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { collectExamples } from './examples.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..');
const dist = path.join(here, 'dist');
const cache = path.join(here, '.cache');
const skipWasm = process.argv.includes('--skip-wasm');

function log(...a) { console.log('build:', ...a); }

function hashName(name, data) {
  const h = createHash('sha256').update(data).digest('hex').slice(0, 12);
  const ext = path.extname(name);
  return `${path.basename(name, ext)}-${h}${ext}`;
}

// versions names what the workers are built from, for the page's footer:
// nines as its Go code reports itself (NINES_VERSION, set for a release, is
// linked into the workers as into the CLI; a build from a checkout is
// "devel", with its commit), the Go toolchain that builds the WebAssembly,
// and the OPA module go.mod selects.
const VERSION_VAR = 'github.com/nines-dev/nines/internal/driver/version.Version';
function versions() {
  const run = (cmd, ...args) => execFileSync(cmd, args, { cwd: repo, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  let commit = '';
  try { commit = run('git', 'rev-parse', '--short=12', 'HEAD'); } catch { /* not a checkout */ }
  return {
    nines: process.env.NINES_VERSION || 'devel',
    commit,
    go: run('go', 'env', 'GOVERSION').replace(/^go/, ''),
    opa: run('go', 'list', '-m', '-f', '{{.Version}}', 'github.com/open-policy-agent/opa'),
  };
}

function versionsHTML(v) {
  const esc = (x) => x.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const commit = v.commit ? ` <span id="version-commit">(${esc(v.commit)})</span>` : '';
  return `Built with <span id="version-nines">nines ${esc(v.nines)}</span>${commit}, <span id="version-go">Go ${esc(v.go)}</span> and <span id="version-opa">OPA ${esc(v.opa)}</span>.`;
}

function buildWasm() {
  fs.mkdirSync(cache, { recursive: true });
  const env = { ...process.env, GOOS: 'js', GOARCH: 'wasm', CGO_ENABLED: '0' };
  let ldflags = '-s -w';
  if (process.env.NINES_VERSION) ldflags += ` -X ${VERSION_VAR}=${process.env.NINES_VERSION}`;
  // Two topology workers: the light one (tag ninesplan) links no OPA and
  // evaluates the built-in rules and the demo policy from their plan
  // (topology/policy/plan.json); the full one, OPA and all, is fetched only
  // for a policy other than the demo (see site/README.md, "Budgets").
  for (const [name, pkg, tags] of [['go', './wasm/goworker', []], ['topology', './wasm/topoworker', ['-tags', 'ninesplan']], ['topology-full', './wasm/topoworker', []]]) {
    const out = path.join(cache, `${name}.wasm`);
    if (skipWasm && fs.existsSync(out)) continue;
    const t0 = Date.now();
    execFileSync('go', ['build', '-trimpath', ...tags, `-ldflags=${ldflags}`, '-o', out, pkg], { cwd: repo, env, stdio: 'inherit' });
    log(`${name}.wasm built in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
  const goroot = execFileSync('go', ['env', 'GOROOT'], { encoding: 'utf8' }).trim();
  let wasmExec = path.join(goroot, 'lib', 'wasm', 'wasm_exec.js');
  if (!fs.existsSync(wasmExec)) wasmExec = path.join(goroot, 'misc', 'wasm', 'wasm_exec.js');
  fs.copyFileSync(wasmExec, path.join(cache, 'wasm_exec.js'));
}

// lazyOutputs returns the output files of an esbuild build that its entry
// point (logical name) does not load when it starts: the other entry points
// and the chunks reached only through a dynamic import().
function lazyOutputs(meta, entry) {
  const outputs = Object.entries(meta.outputs).map(([out, info]) => ({ file: path.basename(out), out, info }));
  const start = outputs.find((o) => o.info.entryPoint && path.basename(o.info.entryPoint).replace(/\.js$/, '') === entry);
  if (!start) throw new Error(`no entry point ${entry} in the esbuild metafile`);
  const eager = new Set();
  const visit = (out) => {
    if (eager.has(out)) return;
    eager.add(out);
    for (const imp of meta.outputs[out].imports) if (imp.kind === 'import-statement' && meta.outputs[imp.path]) visit(imp.path);
    if (meta.outputs[out].cssBundle) eager.add(meta.outputs[out].cssBundle);
  };
  visit(start.out);
  return outputs.filter((o) => !eager.has(o.out) && !o.file.endsWith('.map')).map((o) => o.file);
}

async function main() {
  buildWasm();
  fs.rmSync(dist, { recursive: true, force: true });
  fs.mkdirSync(dist, { recursive: true });
  const assets = {}; // logical name -> hashed file name

  for (const name of ['go.wasm', 'topology.wasm', 'topology-full.wasm']) {
    const data = fs.readFileSync(path.join(cache, name));
    assets[name] = hashName(name, data);
    fs.writeFileSync(path.join(dist, assets[name]), data);
  }

  const examples = collectExamples(repo);
  const examplesJSON = JSON.stringify(examples);
  assets['examples.json'] = hashName('examples.json', examplesJSON);
  fs.writeFileSync(path.join(dist, assets['examples.json']), examplesJSON);

  const common = {
    bundle: true, minify: true, sourcemap: false, target: 'es2022', format: 'esm',
    legalComments: 'none', logLevel: 'warning', metafile: true, write: true,
    alias: { 'wasm-exec': path.join(cache, 'wasm_exec.js') },
  };
  const workers = await esbuild.build({
    ...common,
    entryPoints: { 'go-worker': 'src/go-worker.js', 'topology-worker': 'src/topology-worker.js' },
    outdir: dist, entryNames: '[name]-[hash]',
  });
  const page = await esbuild.build({
    ...common,
    entryPoints: { main: 'src/main.js' },
    splitting: true, outdir: dist, entryNames: '[name]-[hash]', chunkNames: 'chunk-[hash]', assetNames: '[name]-[hash]',
    loader: { '.svg': 'file' },
    // The Policy tab's text on a fresh start, the policy the light topology
    // worker has prepared.
    define: { NINES_DEMO_POLICY: JSON.stringify(fs.readFileSync(path.join(repo, 'internal', 'playground', 'topo', 'demo_policy.rego'), 'utf8')) },
  });
  const lazy = new Set([assets['topology.wasm'], assets['topology-full.wasm'], ...lazyOutputs(page.metafile, 'main'), ...lazyOutputs(workers.metafile, 'go-worker')]);
  for (const meta of [workers.metafile, page.metafile]) {
    for (const [out, info] of Object.entries(meta.outputs)) {
      if (!info.entryPoint) continue;
      const logical = path.basename(info.entryPoint).replace(/\.js$/, '');
      const file = path.basename(out);
      assets[`${logical}.js`] = file;
      if (info.cssBundle) assets[`${logical}.css`] = path.basename(info.cssBundle);
    }
  }

  const config = {
    goWorker: assets['go-worker.js'], topologyWorker: assets['topology-worker.js'],
    goWasm: assets['go.wasm'], topologyWasm: assets['topology.wasm'], topologyFullWasm: assets['topology-full.wasm'], examples: assets['examples.json'],
  };
  let html = fs.readFileSync(path.join(here, 'src', 'index.html'), 'utf8');
  html = html
    .replace('%CONFIG%', JSON.stringify(config).replace(/</g, '\\u003c'))
    .replace('%MAIN_JS%', assets['main.js'])
    .replace('%MAIN_CSS%', assets['main.css'])
    .replace('%EXAMPLES%', assets['examples.json'])
    .replace('%VERSIONS%', versionsHTML(versions()));
  fs.writeFileSync(path.join(dist, 'index.html'), html);

  const icon = fs.readFileSync(path.join(here, 'src', 'icon.svg'));
  fs.writeFileSync(path.join(dist, 'icon.svg'), icon);

  // The service worker keeps its fixed name (the page registers it by
  // name); its cache is named after the build so a new build replaces it.
  // It precaches what the Go tab needs; the topology worker, its wasm and
  // the chunks the page imports on demand (Graphviz) are cached when the
  // page first fetches them, so a visit that never opens the Topology or
  // Policy tab does not download them.
  const files = fs.readdirSync(dist).filter((f) => !f.endsWith('.br') && !f.endsWith('.gz')).sort();
  const precache = files.filter((f) => !lazy.has(f));
  const buildHash = createHash('sha256');
  for (const f of files) buildHash.update(f).update(fs.readFileSync(path.join(dist, f)));
  const buildId = buildHash.digest('hex').slice(0, 12);
  let sw = fs.readFileSync(path.join(here, 'src', 'sw.js'), 'utf8');
  sw = sw.replace('%BUILD%', buildId).replace('%PRECACHE%', JSON.stringify(['./', ...precache]));
  fs.writeFileSync(path.join(dist, 'sw.js'), sw);

  // Precompress, in parallel on libuv's thread pool: brotli at its best
  // quality is slow on the 46 MB full topology worker.
  const brotli = promisify(zlib.brotliCompress);
  const gzip = promisify(zlib.gzip);
  const sizes = {};
  await Promise.all(fs.readdirSync(dist).sort().map(async (f) => {
    const data = fs.readFileSync(path.join(dist, f));
    // Reuse the compressed forms of unchanged content (the wasm builds
    // take minutes at brotli's best quality on a busy machine).
    const key = createHash('sha256').update(data).digest('hex');
    const cached = path.join(cache, 'compressed', key);
    if (fs.existsSync(cached + '.br') && fs.existsSync(cached + '.gz')) {
      const br = fs.readFileSync(cached + '.br');
      const gz = fs.readFileSync(cached + '.gz');
      fs.writeFileSync(path.join(dist, f + '.br'), br);
      fs.writeFileSync(path.join(dist, f + '.gz'), gz);
      sizes[f] = { raw: data.length, br: br.length, gz: gz.length };
      return;
    }
    const [br, gz] = await Promise.all([
      brotli(data, {
        params: {
          [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
          [zlib.constants.BROTLI_PARAM_LGWIN]: 24,
          [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length,
        },
      }),
      gzip(data, { level: 9 }),
    ]);
    fs.writeFileSync(path.join(dist, f + '.br'), br);
    fs.writeFileSync(path.join(dist, f + '.gz'), gz);
    if (data.length > 100_000) {
      fs.mkdirSync(path.dirname(cached), { recursive: true });
      fs.writeFileSync(cached + '.br', br);
      fs.writeFileSync(cached + '.gz', gz);
    }
    sizes[f] = { raw: data.length, br: br.length, gz: gz.length };
  }));
  fs.writeFileSync(path.join(here, '.cache', 'sizes.json'), JSON.stringify({ assets, sizes, precache, lazy: [...lazy].sort() }, null, 2));
  log(`dist/ written: ${Object.keys(sizes).length} files, build ${buildId}`);
}

main().catch((err) => { console.error('build:', err); process.exit(1); });

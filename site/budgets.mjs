// Prints the playground's budgets, measured in headless Chromium on
// localhost after a build, and exits 1 when a byte budget is over. CI
// fails on the same byte budgets through e2e/budgets.test.mjs, which make
// test runs; this script adds the times. The bytes are those the server sends, which do not
// depend on the machine; the times are a benchmark, printed against their
// goals and never failed, since on a shared machine they measure the load.
//
//   node budgets.mjs            (after node build.mjs)
//
// Bytes: what a first visit (fresh profile, no tab opened) transfers up to
// its first Go diagnostics and until its service worker has precached and
// taken control (a superset of what is transferred before the diagnostics
// that does not depend on the order the requests run in), and topology.wasm
// as served (brotli). Times: first Go
// diagnostics after navigation, cold (5 first visits) and warm (5 return
// visits, service worker and caches filled), median of 5; the Topology
// tab's first result after it opens (on the 5 first visits); re-analysis of
// a 300-line file.
import {
  BYTES, GOALS, chromiumMissing, firstVisit, launch, measure, median, sizes, startServer, warmVisits,
} from './e2e/harness.mjs';

const mb = (n) => (n >= 1e6 ? `${(n / 1e6).toFixed(2)} MB` : `${(n / 1e3).toFixed(1)} kB`);
const ms = (n) => `${Math.round(n)} ms`;
const RUNS = 5;

export async function budgets() {
  const missing = chromiumMissing();
  if (missing) throw new Error(missing);
  const s = sizes();
  const server = await startServer();
  try {
    const cold = [];
    for (let i = 0; i < RUNS; i++) cold.push(await firstVisit(server, { topology: true }));
    const warm = await warmVisits(server, RUNS);
    const browser = await launch();
    let t;
    try {
      t = await measure(browser.context, server.url);
    } finally {
      await browser.close();
    }
    // The budget holds what the first visit transferred until its service
    // worker took control, which includes everything transferred before
    // the first Go diagnostics whatever the order the requests ran in; the
    // largest of the runs is reported.
    const first = cold.reduce((a, b) => (b.visitBytes > a.visitBytes ? b : a));
    const bytes = [
      ['first visit: transferred up to the first Go diagnostics and the service worker\'s precache', first.visitBytes, BYTES.firstVisitBeforeGoDiagnostics],
      ['topology worker (topology.wasm, the light one the tab opens with, brotli)', s.topologyWasm.br, BYTES.topologyWorkerBrotli],
    ];
    const times = [
      [`first Go diagnostics, cold (median of ${RUNS})`, median(cold.map((c) => c.firstGoMs)), GOALS.firstGoColdMs, cold.map((c) => c.firstGoMs)],
      [`first Go diagnostics, warm (median of ${RUNS})`, median(warm.times), GOALS.firstGoWarmMs, warm.times],
      [`topology tab: first result after opening (median of ${RUNS})`, median(cold.map((c) => c.topologyFirstMs)), GOALS.topologyFirstResultMs, cold.map((c) => c.topologyFirstMs)],
      ['re-analysis of a 300-line file (median of 7)', t.reanalysis300Ms, GOALS.reanalysis300Ms, t.reanalysisAll],
    ];
    const info = [
      ['first visit: requests that arrived before the first Go diagnostics', `${mb(first.beforeBytes)}: ${first.before.map((r) => `${r.path} ${mb(r.bytes)}`).join(', ')}`],
      ['first visit: all until the service worker took control', first.visit.map((r) => `${r.path} ${mb(r.bytes)}`).join(', ')],
      ['topology tab: first findings (rules compiled) after opening', cold.map((c) => ms(c.topologyFindingsMs)).join(', ')],
      ['topology tab: transferred when it first opens', mb(median(cold.map((c) => c.topologyBytes)))],
      [`${RUNS} return visits: transferred`, mb(warm.bytes)],
      ['Go worker (go.wasm, brotli)', mb(s.goWasm.br)], ['go.wasm raw', mb(s.goWasm.raw)], ['topology.wasm raw', mb(s.topologyWasm.raw)],
      ['full topology worker, fetched for a policy other than the demo (topology-full.wasm, brotli)', mb(s.topologyFullWasm.br)], ['topology-full.wasm raw', mb(s.topologyFullWasm.raw)],
      ['page script (brotli)', mb(s.mainJS.br)], ['Graphviz chunk, loaded with the graph (brotli)', mb(s.graphviz ? s.graphviz.br : 0)],
      ['cached when first fetched, not precached', s.lazy.join(', ')],
    ];
    return { bytes, times, info };
  } finally {
    await server.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { bytes, times, info } = await budgets();
  let over = 0;
  for (const [name, value, limit] of bytes) {
    const ok = value <= limit;
    if (!ok) over++;
    console.log(`${ok ? 'ok  ' : 'OVER'} ${name}: ${value} B = ${mb(value)} (budget ${mb(limit)})`);
  }
  for (const [name, value, goal, all] of times) {
    console.log(`${value <= goal ? 'goal' : 'slow'} ${name}: ${ms(value)} (goal ${ms(goal)}; ${all.map(ms).join(', ')})`);
  }
  for (const [name, value] of info) console.log(`     ${name}: ${value}`);
  if (over) console.log(`${over} byte budget(s) over`);
  process.exit(over ? 1 : 0);
}

// Prints the playground's budgets: worker sizes (brotli, from the last
// build) and timings measured in headless Chromium on localhost. Exits 1
// when one is over.
//
//   node budgets.mjs            (after node build.mjs)
import { BUDGETS, chromiumMissing, launch, measure, sizes, startServer } from './e2e/harness.mjs';

const mb = (n) => (n >= 1e6 ? `${(n / 1e6).toFixed(2)} MB` : `${(n / 1e3).toFixed(1)} kB`);
const ms = (n) => `${Math.round(n)} ms`;

export async function budgets() {
  const s = sizes();
  const rows = [
    ['Go worker (go.wasm, brotli)', s.goWasm.br, BUDGETS.goWorkerBrotli, mb],
    ['topology worker (topology.wasm, brotli)', s.topologyWasm.br, BUDGETS.topologyWorkerBrotli, mb],
  ];
  const info = [
    ['Go worker script (brotli)', s.goWorkerJS.br, mb], ['topology worker script (brotli)', s.topologyWorkerJS.br, mb],
    ['page script (brotli)', s.mainJS.br, mb], ['Graphviz chunk, loaded with the graph (brotli)', s.graphviz ? s.graphviz.br : 0, mb],
    ['go.wasm raw', s.goWasm.raw, mb], ['topology.wasm raw', s.topologyWasm.raw, mb],
  ];
  const missing = chromiumMissing();
  if (missing) throw new Error(missing);
  const server = await startServer();
  const browser = await launch();
  try {
    const t = await measure(browser.context, server.url);
    rows.push(
      ['first Go diagnostics after navigation', t.firstGoMs, BUDGETS.firstGoDiagnosticsMs, ms],
      ['topology tab: first result after opening', t.topologyFirstMs, BUDGETS.topologyFirstResultMs, ms],
      ['re-analysis of a 300-line file (median of 7)', t.reanalysis300Ms, BUDGETS.reanalysis300Ms, ms],
    );
    info.push(['topology tab: first findings (rules compiled) after opening', t.topologyFindingsMs, ms]);
    info.push(['re-analysis round trips', t.reanalysisAll.map(ms).join(', '), (x) => x]);
  } finally {
    await browser.close();
    await server.close();
  }
  return { rows, info };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { rows, info } = await budgets();
  let over = 0;
  for (const [name, value, limit, fmt] of rows) {
    const ok = value <= limit;
    if (!ok) over++;
    console.log(`${ok ? 'ok  ' : 'OVER'} ${name}: ${fmt(value)} (budget ${fmt(limit)})`);
  }
  for (const [name, value, fmt] of info) console.log(`     ${name}: ${fmt(value)}`);
  process.exit(over ? 1 : 0);
}

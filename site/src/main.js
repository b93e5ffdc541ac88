import './style.css';
import { EditorView, keymap } from '@codemirror/view';
import { EditorState, Compartment } from '@codemirror/state';
import { basicSetup } from 'codemirror';
import { indentWithTab } from '@codemirror/commands';
import { go } from '@codemirror/lang-go';
import { setDiagnostics, lintGutter } from '@codemirror/lint';
import { darkEditor } from './dark-theme.js';
import { keyboardTabs, selectTab } from './tabs.js';
import { hcl, rego } from './languages.js';
import { WorkerClient } from './worker-client.js';
import { encodeState, decodeState } from './share.js';

const config = JSON.parse(document.getElementById('nines-config').textContent);
const $ = (sel, root = document) => root.querySelector(sel);
const el = (tag, attrs = {}, ...children) => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') e.className = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else if (v !== undefined && v !== null && v !== false) e.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) if (c !== null && c !== undefined) e.append(c);
  return e;
};

// Timings and hooks the end-to-end tests and the budget script read.
const probe = (window.__nines = {
  // Requests each worker ran and dropped, per operation.
  // Tests set debounceMs to send every edit to the worker, or call
  // analyzeGo to send the current text at once.
  debounceMs: null,
  analyzeGo: () => analyzeGo(),
  workerCounts: () => ({ go: goClient ? goClient.counts : {}, topology: topoClient ? topoClient.counts : {} }),
  navigationStart: 0,
  goReadyAt: null, firstGoResultAt: null, goResults: 0, lastGo: null,
  topologyOpenedAt: null, firstTopologyResultAt: null, firstTopologyFindingsAt: null, topologyResults: 0, lastTopology: null,
  errors: [],
  // The editor views, for tests that place the cursor before typing.
  view: (section) => editors[section].view,
});

const DEFAULT_POLICY = `# METADATA
# title: every database runs in two zones or more
# custom:
#   severity: warning
package nines.custom.database_zones

import data.nines.lib

report contains violation if {
	some name, c in input.components
	c.kind == "database"
	c.distinct_zones < 2
	violation := lib.finding(rego.metadata.chain(), name, sprintf("database %s runs in %d zone", [name, c.distinct_zones]), c)
}
`;
const DEFAULT_TOPOLOGY_CONFIG = { max_retries: 5, amplification_limit: 10, timeout_margin: 1.2 };

const state = {
  tab: 'go',
  go: { files: [], active: 0 },
  topology: { files: [], active: 0 },
  policy: { files: [{ name: 'custom.rego', content: DEFAULT_POLICY }], active: 0 },
  config: { topology: { ...DEFAULT_TOPOLOGY_CONFIG }, disabled: [], flags: {} },
};
let examples = [];
let goInfo = null;

// ---- theme ----
const themeCompartments = [];
const media = window.matchMedia('(prefers-color-scheme: dark)');
function themePref() { return localStorage.getItem('nines-theme') || 'auto'; }
function isDark() { const p = themePref(); return p === 'dark' || p === 'auto' && media.matches; }
function applyTheme() {
  const p = themePref();
  document.documentElement.dataset.theme = isDark() ? 'dark' : 'light';
  const btn = $('#theme');
  btn.textContent = { auto: '◐ auto', light: '☀ light', dark: '☾ dark' }[p];
  btn.title = `theme: ${p} (click to change)`;
  for (const { view, compartment } of themeCompartments) {
    view.dispatch({ effects: compartment.reconfigure(isDark() ? darkEditor : []) });
  }
}
media.addEventListener('change', applyTheme);

// ---- editors ----
function makeEditor(kind, parent, language, onChange) {
  const compartment = new Compartment();
  const extensions = [
    basicSetup, keymap.of([indentWithTab]), language, lintGutter(), compartment.of(isDark() ? darkEditor : []),
    EditorView.updateListener.of((u) => { if (u.docChanged) onChange(u.state.doc.toString()); }),
    // tabindex: axe counts an editor that scrolls as reachable only when
    // its content is focusable by tabindex (contenteditable is not enough).
    EditorView.contentAttributes.of({ 'aria-label': `${kind} editor`, tabindex: '0' }),
  ];
  const view = new EditorView({ parent, state: EditorState.create({ doc: '', extensions }) });
  themeCompartments.push({ view, compartment });
  return { view, extensions, states: [], kind };
}

const editors = {};
const pendingDiagnostics = { go: [], topology: [], policy: [] };

function openFile(section, index) {
  const ed = editors[section];
  const files = state[section].files;
  if (ed.states.length !== files.length) {
    ed.states = files.map((f) => EditorState.create({ doc: f.content, extensions: ed.extensions }));
  }
  state[section].active = index;
  ed.suppress = true;
  ed.view.setState(ed.states[index]);
  ed.suppress = false;
  applyTheme();
  renderFileTabs(section);
  showDiagnostics(section);
}

function loadFiles(section, files) {
  state[section].files = files.map((f) => ({ name: f.name, content: f.content }));
  editors[section].states = [];
  openFile(section, 0);
}

function onEdit(section, text) {
  const ed = editors[section];
  if (ed.suppress) return;
  const s = state[section];
  s.files[s.active].content = text;
  ed.states[s.active] = ed.view.state;
  edited();
  schedule(section);
}

// renderFileTabs draws a section's file tabs (a tab list whose panel is
// the editor) and, beside the list, the buttons that add and remove files.
function renderFileTabs(section) {
  const bar = $(`#${section}-files`);
  if (!bar) return;
  const list = $('[role=tablist]', bar);
  const s = state[section];
  const editor = $(`#${section}-editor`);
  list.replaceChildren(...s.files.map((f, i) => el('button', {
    type: 'button', class: 'file', role: 'tab', id: `${section}-file-${i}`, 'aria-controls': editor.id, onclick: () => openFile(section, i),
  }, f.name)));
  selectTab([...list.children], s.active);
  editor.setAttribute('role', 'tabpanel');
  editor.setAttribute('aria-labelledby', `${section}-file-${s.active}`);
  const actions = $('.file-actions', bar);
  actions.replaceChildren();
  if (section === 'go') {
    actions.append(el('button', { type: 'button', class: 'file add', title: 'add a file', 'aria-label': 'add a Go file', onclick: addGoFile }, '+'));
    if (s.files.length > 1) {
      const name = s.files[s.active].name;
      actions.append(el('button', { type: 'button', class: 'file remove', title: `remove ${name}`, 'aria-label': `remove ${name}`, onclick: removeGoFile }, '−'));
    }
  }
}

function addGoFile() {
  const name = prompt('File name (a directory makes a package: lib/lib.go is play/lib)', `file${state.go.files.length + 1}.go`);
  if (!name || !/^[\w./-]+\.go$/.test(name) || state.go.files.some((f) => f.name === name)) return;
  const dir = name.includes('/') ? name.split('/').slice(-2, -1)[0] : 'main';
  state.go.files.push({ name, content: `package ${dir}\n` });
  editors.go.states = [];
  openFile('go', state.go.files.length - 1);
  edited();
  schedule('go');
}

function removeGoFile() {
  if (state.go.files.length < 2) return;
  state.go.files.splice(state.go.active, 1);
  editors.go.states = [];
  openFile('go', 0);
  edited();
  schedule('go');
}

// ---- scheduling ----
const DEBOUNCE_MS = 120;
const timers = {};
function schedule(section, { now = false } = {}) {
  const run = section === 'go' ? analyzeGo : checkTopology;
  clearTimeout(timers[section]);
  timers[section] = setTimeout(run, now ? 0 : probe.debounceMs ?? DEBOUNCE_MS);
}

// ---- Go ----
let goClient = null;
function goRequest() {
  return { files: state.go.files, disabled: state.config.disabled, flags: state.config.flags };
}

async function analyzeGo() {
  const t0 = performance.now();
  setStatus('go', 'analysing…');
  let resp;
  const req = goRequest();
  try {
    await goClient.ready;
    resp = await goClient.call('analyze', req, { dropStale: true });
    if (probe.goReadyAt === null) probe.goReadyAt = performance.now();
  } catch (err) {
    setStatus('go', `error: ${err.message}`, true);
    return;
  }
  if (resp.stale) return;
  const res = resp.result;
  const roundTrip = performance.now() - t0;
  probe.goResults++;
  probe.lastGo = { roundTrip, workerMs: resp.ms, goMillis: res.millis, diagnostics: res.diagnostics.length };
  renderGo(res, req);
  if (probe.firstGoResultAt === null) probe.firstGoResultAt = performance.now();
}

function severityOf(d) { return d.severity || 'warning'; }

// A package with a syntax error is not analysed. Its findings stay those of
// its last analysis without one, marked stale, until it parses again; the
// findings of the packages that parse are current. A package is a directory.
const dirOf = (name) => (name.includes('/') ? name.slice(0, name.lastIndexOf('/')) : '');
let lastGoodGo = new Map(); // package directory -> findings of its last analysis without a syntax error

function renderGo(res, req) {
  const list = $('#go-problems');
  list.replaceChildren();
  const syntax = res.notes.filter((n) => n.kind === 'syntax' && n.file);
  const broken = new Set(syntax.map((n) => dirOf(n.file)));
  const names = new Set(req.files.map((f) => f.name));
  const next = new Map();
  for (const dir of new Set(req.files.map((f) => dirOf(f.name)))) {
    next.set(dir, broken.has(dir)
      ? (lastGoodGo.get(dir) || []).filter((d) => names.has(d.file))
      : res.diagnostics.filter((d) => dirOf(d.file) === dir));
  }
  lastGoodGo = next;
  const current = res.diagnostics.filter((d) => !broken.has(dirOf(d.file)));
  const stale = [...broken].flatMap((dir) => next.get(dir) || []);

  const diags = [];
  for (const d of current) {
    const posn = `${d.file}:${d.line}:${d.column}`;
    const fixBtn = d.fixes && d.fixes.length ? el('button', { class: 'fix', title: d.fixes[0].message, onclick: () => applyFix(d.fixes[0]) }, 'Fix') : null;
    list.append(el('li', { class: 'problem finding', 'data-posn': posn, 'data-analyzer': d.analyzer },
      el('a', { class: 'posn', href: '#', onclick: (e) => { e.preventDefault(); reveal('go', d); } }, posn),
      el('span', { class: 'message' }, d.message),
      el('a', { class: 'rule', href: d.url, target: '_blank', rel: 'noopener' }, d.analyzer),
      fixBtn));
    diags.push({ file: d.file, from: d.from, to: d.to, severity: 'warning', source: d.analyzer, message: d.message,
      actions: d.fixes && d.fixes.length ? [{ name: 'Fix', apply: () => applyFix(d.fixes[0]) }] : [] });
  }
  // Stale findings are listed without a Fix (it was made for older text)
  // and not underlined (their positions may have moved).
  for (const d of stale) {
    const posn = `${d.file}:${d.line}:${d.column}`;
    list.append(el('li', { class: 'problem finding stale', 'data-posn': posn, 'data-analyzer': d.analyzer, title: 'from before the syntax error: not re-analysed' },
      el('a', { class: 'posn', href: '#', onclick: (e) => { e.preventDefault(); reveal('go', d); } }, posn),
      el('span', { class: 'message' }, d.message),
      el('span', { class: 'stale-mark' }, 'stale'),
      el('a', { class: 'rule', href: d.url, target: '_blank', rel: 'noopener' }, d.analyzer)));
  }
  for (const n of res.notes) {
    const posn = n.file ? `${n.file}:${n.line}:${n.column}` : '';
    list.append(el('li', { class: `problem note ${n.severity}`, 'data-posn': posn, 'data-kind': n.kind },
      posn ? el('a', { class: 'posn', href: '#', onclick: (e) => { e.preventDefault(); reveal('go', n); } }, posn) : null,
      el('span', { class: 'message' }, n.message),
      el('span', { class: 'rule' }, n.kind)));
    if (n.file) diags.push({ file: n.file, from: n.from, to: n.to, severity: n.severity, source: n.kind, message: n.message });
  }
  if (!list.children.length) list.append(el('li', { class: 'clean' }, 'No findings.'));
  pendingDiagnostics.go = diags;
  showDiagnostics('go');

  const plural = (k, word) => `${k} ${word}${k === 1 ? '' : 's'}`;
  const errors = res.notes.filter((n) => n.severity === 'error').length;
  const parts = [];
  if (syntax.length) {
    const first = syntax[0];
    parts.push(`analysis paused at ${first.file}:${first.line}:${first.column} (syntax error)`);
  }
  const count = current.length + stale.length;
  parts.push(stale.length ? `${plural(count, 'finding')}, ${stale.length} from before the syntax error` : plural(count, 'finding'));
  if (errors) parts.push(plural(errors, 'error'));
  parts.push(`${res.millis.toFixed(0)} ms in the worker`);
  setStatus('go', parts.join(' · '), syntax.length > 0);
}

function showDiagnostics(section) {
  const ed = editors[section];
  const s = state[section];
  const file = s.files[s.active];
  if (!file) return;
  const len = ed.view.state.doc.length;
  const diags = pendingDiagnostics[section]
    .filter((d) => d.file === file.name)
    .map((d) => ({ ...d, from: Math.min(d.from, len), to: Math.min(Math.max(d.to, d.from), len) }));
  ed.view.dispatch(setDiagnostics(ed.view.state, diags));
}

function reveal(section, d) {
  const s = state[section];
  const i = s.files.findIndex((f) => f.name === d.file);
  if (i < 0) return;
  if (i !== s.active) openFile(section, i);
  const view = editors[section].view;
  const pos = Math.min(d.from, view.state.doc.length);
  view.dispatch({ selection: { anchor: pos }, scrollIntoView: true });
  view.focus();
}

async function applyFix(fix) {
  try {
    const { result } = await goClient.call('fix', { files: state.go.files, fix });
    result.forEach((f, i) => {
      if (state.go.files[i].content === f.content) return;
      state.go.files[i].content = f.content;
      if (i === state.go.active) {
        const view = editors.go.view;
        view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: f.content } });
      } else {
        editors.go.states[i] = EditorState.create({ doc: f.content, extensions: editors.go.extensions });
      }
    });
    edited();
    schedule('go');
  } catch (err) {
    setStatus('go', `could not apply the fix: ${err.message}`, true);
  }
}

// ---- topology ----
let topoClient = null;
function ensureTopology() {
  if (topoClient) return topoClient;
  probe.topologyOpenedAt = performance.now();
  topoClient = new WorkerClient(config.topologyWorker, config.topologyWasm);
  topoClient.ready.then(() => { probe.topologyReadyAt = performance.now(); }, () => {});
  vizInstance(); // fetch and compile Graphviz while the worker starts
  checkTopology();
  return topoClient;
}

let topologyChecked = false; // a full check (with the policies) has answered

async function checkTopology() {
  if (!topoClient) return; // started when the Topology or Policy tab opens
  setStatus('topology', 'checking…');
  const req = { files: state.topology.files, policies: state.policy.files, config: state.config.topology };
  let resp;
  try {
    await topoClient.ready;
    if (!topologyChecked) {
      // The first check compiles every rule, which takes a while: show
      // the journeys and the graph from a pass without policies meanwhile.
      topoClient.call('quick', { ...req, skipPolicies: true }, { dropStale: true }).then(async (quick) => {
        if (quick.stale || topologyChecked) return;
        await renderTopology(quick.result);
        if (probe.firstTopologyResultAt === null) probe.firstTopologyResultAt = performance.now();
      }, () => {});
    }
    resp = await topoClient.call('check', req, { dropStale: true });
    // After the check, so the findings do not wait on it.
    askWhatIf();
  } catch (err) {
    setStatus('topology', `error: ${err.message}`, true);
    return;
  }
  if (resp.stale) return;
  topologyChecked = true;
  probe.topologyResults++;
  probe.lastTopology = { workerMs: resp.ms, goMillis: resp.result.millis, receivedAt: performance.now() };
  await renderTopology(resp.result);
  if (probe.firstTopologyResultAt === null) probe.firstTopologyResultAt = performance.now();
  if (probe.firstTopologyFindingsAt === null) probe.firstTopologyFindingsAt = performance.now();
}

// ---- advice and game day (nines topo --advise and --fail) ----
// The target chosen in the "what if … fails" selector: "" or
// "zone:NAME" / "component:NAME".
let failTarget = '';

async function askWhatIf() {
  if (!topoClient) return;
  const req = { files: state.topology.files, config: state.config.topology, skipPolicies: true, advise: true, fail: failTarget };
  let resp;
  try {
    await topoClient.ready;
    resp = await topoClient.call('whatif', req, { dropStale: true });
  } catch (err) {
    $('#topology-fail-result').replaceChildren(el('p', { class: 'error' }, `error: ${err.message}`));
    return;
  }
  if (resp.stale) return;
  probe.whatIfResults = (probe.whatIfResults || 0) + 1;
  renderWhatIf(resp.result, req.fail);
}

function renderWhatIf(res, asked) {
  renderFailTargets(res.targets);
  const advice = $('#topology-advice');
  advice.replaceChildren();
  if (!res.targets) {
    advice.append(el('caption', {}, 'No advice: the topology does not load.'));
  } else if (!res.advice || !res.advice.length) {
    advice.append(el('caption', {}, 'Every journey meets its SLO: no advice.'));
  } else {
    advice.append(el('thead', {}, el('tr', {},
      ['journey', 'change', 'availability', 'downtime', 'meets SLO'].map((h) => el('th', { scope: 'col' }, h)))));
    advice.append(el('tbody', {}, res.advice.map((a) => el('tr', { class: a.meets_slo ? 'meets' : 'misses' },
      el('th', { scope: 'row' }, a.journey),
      el('td', {}, el('code', {}, a.change)),
      el('td', {}, a.availability_text),
      el('td', {}, a.downtime_text),
      el('td', {}, a.meets_slo ? 'yes' : 'no')))));
  }
  const out = $('#topology-fail-result');
  if (!res.targets) {
    // The choice is kept for when the files load again.
    out.replaceChildren(el('p', { class: 'hint' }, 'No game day: the topology does not load.'));
    return;
  }
  if (!asked || asked !== failTarget) {
    if (!failTarget) out.replaceChildren(el('p', { class: 'hint' }, 'Choose a zone or a component to see which journeys stop, which go on through a fallback and what availability remains.'));
    return;
  }
  const f = res.fail;
  if (!f) { out.replaceChildren(); return; }
  if (f.error) { out.replaceChildren(el('p', { class: 'error' }, f.error)); return; }
  out.replaceChildren(el('table', { id: 'topology-fail-table', 'data-target': f.target },
    el('caption', {}, `with ${f.target} down`),
    el('thead', {}, el('tr', {}, ['journey', 'status', 'before', 'during', 'via'].map((h) => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, f.journeys.map((j) => el('tr', { class: j.status },
      el('th', { scope: 'row' }, j.journey),
      el('td', {}, j.status),
      el('td', {}, j.before_text),
      el('td', {}, j.during_text),
      el('td', {}, j.via))))));
}

// renderFailTargets fills the selector with the topology's zones and
// components, keeping the choice while it still exists.
function renderFailTargets(targets) {
  if (!targets) return; // the topology does not load: keep the choices
  const sel = $('#topology-fail');
  const want = [...targets.zones.map((z) => `zone:${z}`), ...targets.components.map((c) => `component:${c}`)];
  const have = [...sel.querySelectorAll('option')].map((o) => o.value).filter(Boolean);
  if (want.join('\n') === have.join('\n')) return;
  const group = (label, kind, names) => (names.length
    ? el('optgroup', { label }, names.map((n) => el('option', { value: `${kind}:${n}` }, n))) : null);
  sel.replaceChildren(el('option', { value: '' }, 'nothing'),
    group('zones', 'zone', targets.zones), group('components', 'component', targets.components));
  if (want.includes(failTarget)) sel.value = failTarget;
  else if (failTarget) { failTarget = ''; sel.value = ''; askWhatIf(); }
}

function pct(a) {
  if (a >= 1) return '100%';
  const s = (a * 100).toFixed(4).replace(/0+$/, '').replace(/\.$/, '');
  return `${s}%`;
}
function mins(m) {
  if (m >= 1440) return `${(m / 1440).toFixed(1)} d`;
  if (m >= 60) return `${(m / 60).toFixed(1)} h`;
  return `${m.toFixed(1)} min`;
}

function problemItem(section, f) {
  const posn = f.file ? `${f.file}:${f.line}:${f.column}` : '';
  return el('li', { class: `problem finding ${f.severity}`, 'data-posn': posn, 'data-rule': f.rule },
    posn ? el('a', { class: 'posn', href: '#', onclick: (e) => { e.preventDefault(); reveal(section, f); } }, posn) : null,
    el('span', { class: 'severity' }, f.severity),
    el('span', { class: 'message' }, f.message),
    f.url ? el('a', { class: 'rule', href: f.url, target: '_blank', rel: 'noopener' }, f.rule) : el('span', { class: 'rule' }, f.rule));
}

async function renderTopology(res) {
  const list = $('#topology-problems');
  const plist = $('#policy-problems');
  list.replaceChildren();
  plist.replaceChildren();
  const diags = { topology: [], policy: [] };
  for (const f of res.findings) {
    list.append(problemItem('topology', f));
    if (f.rule.startsWith('custom/')) plist.append(problemItem('topology', f));
    diags.topology.push({ file: f.file, from: f.from, to: f.to, severity: f.severity === 'error' ? 'error' : 'warning', source: f.rule, message: f.message });
  }
  for (const n of res.notes) {
    const isPolicy = n.file && n.file.startsWith('policy/');
    const item = el('li', { class: `problem note ${n.severity}`, 'data-kind': n.kind },
      n.file ? el('span', { class: 'posn' }, `${n.file}:${n.line}:${n.column}`) : null,
      el('span', { class: 'message' }, n.message), el('span', { class: 'rule' }, n.kind));
    (isPolicy || n.kind === 'policy' ? plist : list).append(item);
    if (isPolicy) diags.policy.push({ file: n.file.slice('policy/'.length), from: n.from, to: n.to, severity: 'error', source: n.kind, message: n.message });
    else if (n.file) diags.topology.push({ file: n.file, from: n.from, to: n.to, severity: n.severity, source: n.kind, message: n.message });
  }
  if (res.partial) {
    list.append(el('li', { class: 'pending' }, 'evaluating the rules…'));
    plist.append(el('li', { class: 'pending' }, 'evaluating the policies…'));
  }
  if (!list.children.length) list.append(el('li', { class: 'clean' }, 'No findings.'));
  if (!plist.children.length) plist.append(el('li', { class: 'clean' }, 'No findings from custom policies.'));
  pendingDiagnostics.topology = diags.topology;
  pendingDiagnostics.policy = diags.policy;
  showDiagnostics('topology');
  showDiagnostics('policy');

  const table = $('#topology-journeys');
  table.replaceChildren();
  if (res.journeys.length) {
    table.append(el('thead', {}, el('tr', {},
      ['journey', 'availability', 'SLO', 'meets', 'window', 'downtime / window', 'error budget / window', 'top contributors', 'retry amplification']
        .map((h) => el('th', { scope: 'col' }, h)))));
    const body = el('tbody');
    for (const j of res.journeys) {
      body.append(el('tr', { 'data-journey': j.name, class: j.meets_slo ? 'meets' : 'misses' },
        el('th', { scope: 'row' }, j.name),
        el('td', {}, pct(j.availability)),
        el('td', {}, pct(j.slo)),
        el('td', {}, j.meets_slo ? 'yes' : 'no'),
        el('td', {}, j.window),
        el('td', {}, mins(j.downtime_minutes)),
        el('td', {}, mins(j.error_budget_minutes)),
        el('td', {}, (j.contributors || []).map((c) => `${c.component} ${(c.share * 100 || 0).toFixed(0)}%`).join(', ')),
        el('td', {}, j.amplification ? (j.amplification.unlimited ? 'unlimited' : `×${j.amplification.product}`) : '')));
    }
    table.append(body);
  } else {
    table.append(el('caption', {}, 'No journeys: declare a journey block to see its availability.'));
  }

  const graph = $('#topology-graph');
  if (res.dot) {
    try {
      const viz = await vizInstance();
      const svg = viz.renderSVGElement(res.dot);
      svg.setAttribute('role', 'img');
      svg.setAttribute('aria-label', 'dependency graph');
      graph.replaceChildren(svg);
    } catch (err) {
      graph.replaceChildren(el('p', { class: 'error' }, `could not draw the graph: ${err.message || err}`));
    }
  } else {
    graph.replaceChildren();
  }
  const n = res.findings.length;
  if (res.partial) setStatus('topology', 'journeys ready · evaluating the rules…');
  else setStatus('topology', `${n} finding${n === 1 ? '' : 's'} · ${res.millis.toFixed(0)} ms in the worker`);
}

let vizPromise = null;
function vizInstance() {
  vizPromise ??= import('@viz-js/viz').then((m) => m.instance());
  return vizPromise;
}

// ---- config ----
function renderConfig() {
  const topo = $('#config-topology');
  topo.replaceChildren();
  for (const [key, def] of Object.entries(DEFAULT_TOPOLOGY_CONFIG)) {
    const input = el('input', { type: 'number', step: 'any', min: '0', id: `cfg-${key}`, value: state.config.topology[key] ?? def });
    input.addEventListener('input', () => {
      const v = Number(input.value);
      if (input.value !== '' && Number.isFinite(v)) state.config.topology[key] = v;
      else delete state.config.topology[key];
      edited();
      schedule('topology');
    });
    topo.append(el('label', {}, el('span', {}, key), input, el('small', {}, `default ${def}`)));
  }
  const an = $('#config-analyzers');
  an.replaceChildren();
  for (const a of goInfo ? goInfo.analyzers : []) {
    const box = el('input', { type: 'checkbox', id: `cfg-an-${a.name}`, checked: !state.config.disabled.includes(a.name) });
    box.addEventListener('change', () => {
      state.config.disabled = state.config.disabled.filter((n) => n !== a.name);
      if (!box.checked) state.config.disabled.push(a.name);
      edited();
      schedule('go');
    });
    const row = el('div', { class: 'analyzer' },
      el('label', {}, box, el('a', { href: a.url, target: '_blank', rel: 'noopener' }, a.name), el('span', { class: 'summary' }, a.summary)));
    for (const f of a.flags) {
      const value = state.config.flags[a.name]?.[f.name] ?? f.default;
      // A flag whose default is a boolean is a boolean flag (flag.BoolVar
      // prints its default as true or false): a checkbox.
      const bool = f.default === 'true' || f.default === 'false';
      const input = bool
        ? el('input', { type: 'checkbox', checked: value === 'true', title: f.usage })
        : el('input', { type: 'text', value, title: f.usage });
      input.addEventListener(bool ? 'change' : 'input', () => {
        const v = bool ? String(input.checked) : input.value;
        state.config.flags[a.name] ??= {};
        if (v === f.default) delete state.config.flags[a.name][f.name];
        else state.config.flags[a.name][f.name] = v;
        edited();
        schedule('go');
      });
      row.append(el('label', { class: bool ? 'flag bool' : 'flag' }, el('span', {}, `-${f.name}`), input, el('small', {}, f.usage)));
    }
    an.append(row);
  }
}

// ---- tabs ----
const sectionTabs = () => [...document.querySelectorAll('[role=tablist].sections [role=tab]')];

function openTab(tab) {
  state.tab = tab;
  const tabs = sectionTabs();
  selectTab(tabs, tabs.findIndex((b) => b.dataset.tab === tab));
  for (const p of document.querySelectorAll('.panel')) p.hidden = p.id !== `panel-${tab}`;
  if (tab === 'topology' || tab === 'policy') ensureTopology();
  if (editors[tab]) editors[tab].view.requestMeasure();
  save();
}

function setStatus(section, text, error = false) {
  const s = $(`#${section}-status`);
  if (!s) return;
  s.textContent = text;
  s.classList.toggle('error', error);
}

// ---- examples, share links and the saved state ----
//
// Every entry point (a fresh start, the saved state of the last visit, an
// example link, a share link) goes through applyState, which fills what the
// entry point lacks with the defaults, so that every tab has files.

const SAVE_KEY = 'nines-state';

function defaultFiles(section) {
  if (section === 'policy') return [{ name: 'custom.rego', content: DEFAULT_POLICY }];
  const ex = section === 'go'
    ? examples.find((e) => e.id === 'welcome') || examples.find((e) => e.kind === 'go')
    : examples.find((e) => e.kind === 'topology');
  return ex ? ex.files : [{ name: section === 'go' ? 'main.go' : 'main.nines.hcl', content: section === 'go' ? 'package main\n' : '' }];
}

function validFiles(files) {
  if (!Array.isArray(files)) return [];
  return files.filter((f) => f && typeof f.name === 'string' && f.name && typeof f.content === 'string');
}

// applyState loads a state that may lack any part.
function applyState(s) {
  for (const section of ['go', 'topology', 'policy']) {
    const files = validFiles(s[section]);
    loadFiles(section, files.length ? files : defaultFiles(section));
  }
  const c = s.config && typeof s.config === 'object' ? s.config : {};
  state.config = {
    topology: { ...DEFAULT_TOPOLOGY_CONFIG, ...(c.topology && typeof c.topology === 'object' ? c.topology : {}) },
    disabled: Array.isArray(c.disabled) ? c.disabled : [],
    flags: c.flags && typeof c.flags === 'object' ? c.flags : {},
  };
  renderConfig();
  openTab(['go', 'topology', 'policy', 'config'].includes(s.tab) ? s.tab : 'go');
  schedule('go', { now: true });
  schedule('topology');
}

function snapshot() {
  return {
    tab: state.tab,
    go: state.go.files, topology: state.topology.files, policy: state.policy.files,
    config: state.config,
  };
}

// The state is saved locally as it changes, so that a reload keeps it.
let ready = false; // the first state is loaded: saving it is safe
function save() {
  if (!ready) return;
  try { localStorage.setItem(SAVE_KEY, JSON.stringify(snapshot())); } catch { /* storage full or disabled */ }
}

function saved() {
  try { return JSON.parse(localStorage.getItem(SAVE_KEY) || 'null'); } catch { return null; }
}

// edited follows an edit by the user: the address no longer describes the
// state, so it loses its link (a reload then opens the saved state).
function edited() {
  if (location.hash) history.replaceState(null, '', location.pathname + location.search);
  save();
}

function notice(text) {
  const n = $('#notice');
  n.textContent = text || '';
  n.hidden = !text;
}

function exampleState(base, id) {
  const ex = examples.find((e) => e.id === id);
  if (!ex) return null;
  return { ...base, tab: ex.kind, [ex.kind]: ex.files };
}

// chooseExample is the examples menu: the address becomes the example's link.
function chooseExample(id) {
  const s = exampleState(snapshot(), id);
  if (!s) return;
  notice('');
  applyState(s);
  $('#examples').value = id;
  history.replaceState(null, '', `#example=${encodeURIComponent(id)}`);
  save();
}

async function share() {
  const frag = await encodeState(snapshot());
  history.replaceState(null, '', `#${frag}`);
  const link = location.href;
  const out = $('#share-link');
  out.value = link;
  out.hidden = false;
  out.select();
  try { await navigator.clipboard.writeText(link); setStatus('share', 'link copied'); } catch { setStatus('share', 'link ready'); }
}

// fromAddress returns the state the address asks for on top of base, or
// null when the address asks for none; a link it cannot open is a notice.
async function fromAddress(base) {
  const frag = decodeURIComponent(location.hash.slice(1));
  if (!frag) return null;
  if (frag.startsWith('example=')) {
    const id = frag.slice('example='.length);
    const s = exampleState(base, id);
    if (!s) notice(`There is no example "${id}" in this playground; showing ${base === null ? 'the welcome example' : 'your last state'} instead.`);
    else notice('');
    if (s) $('#examples').value = id;
    return s;
  }
  try {
    const s = await decodeState(frag);
    if (s) { notice(''); return s; }
    notice(`The address (#${frag.slice(0, 40)}${frag.length > 40 ? '…' : ''}) is not a playground link; showing ${base === null ? 'the welcome example' : 'your last state'} instead.`);
  } catch (err) {
    notice(`This link could not be opened (${err.message}); showing ${base === null ? 'the welcome example' : 'your last state'} instead.`);
  }
  return null;
}

// ---- start ----
async function main() {
  const examplesPromise = fetch(config.examples).then((r) => r.json());
  $('#theme').addEventListener('click', () => {
    const next = { auto: 'light', light: 'dark', dark: 'auto' }[themePref()];
    localStorage.setItem('nines-theme', next);
    applyTheme();
  });
  applyTheme();
  for (const b of sectionTabs()) b.addEventListener('click', () => openTab(b.dataset.tab));
  keyboardTabs($('[role=tablist].sections'), (i) => openTab(sectionTabs()[i].dataset.tab));
  for (const section of ['go', 'topology']) {
    keyboardTabs($(`#${section}-files [role=tablist]`), (i) => openFile(section, i));
  }
  $('#share').addEventListener('click', share);
  $('#topology-fail').addEventListener('change', (e) => { failTarget = e.target.value; askWhatIf(); });

  goClient = new WorkerClient(config.goWorker, config.goWasm, window.__ninesGoWorker);
  editors.go = makeEditor('Go', $('#go-editor'), go(), (t) => onEdit('go', t));
  editors.topology = makeEditor('topology', $('#topology-editor'), hcl, (t) => onEdit('topology', t));
  editors.policy = makeEditor('policy', $('#policy-editor'), rego, (t) => onEdit('policy', t));

  examples = await examplesPromise;
  const select = $('#examples');
  for (const [kind, label] of [['go', 'Go analyzers'], ['topology', 'Topology rules']]) {
    const group = el('optgroup', { label });
    for (const ex of examples.filter((e) => e.kind === kind)) group.append(el('option', { value: ex.id }, ex.title));
    select.append(group);
  }
  select.addEventListener('change', () => chooseExample(select.value));

  const last = saved();
  const linked = await fromAddress(last);
  applyState(linked || last || { go: defaultFiles('go') });
  if (!linked && !last) select.value = examples.some((e) => e.id === 'welcome') ? 'welcome' : '';
  ready = true;
  save();
  window.addEventListener('hashchange', async () => {
    const s = await fromAddress(snapshot());
    if (s) { applyState(s); save(); }
  });

  goClient.ready.then(async () => {
    probe.goWorkerReadyAt = performance.now();
    goInfo = (await goClient.call('info', {})).result;
    renderConfig();
  }, (err) => setStatus('go', `the Go worker failed to start: ${err.message}`, true));

  if ('serviceWorker' in navigator && location.protocol !== 'file:') {
    navigator.serviceWorker.register('sw.js').catch((err) => console.warn('offline mode unavailable:', err.message));
  }
}

window.addEventListener('error', (e) => probe.errors.push(String(e.message)));
main().catch((err) => { probe.errors.push(String(err)); console.error(err); });

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
  // The topology result shown.
  topology: () => topologyResult,
});

// The Policy tab's text on a fresh start: build.mjs defines it from
// internal/playground/topo/demo_policy.rego, the policy the light topology
// worker evaluates prepared ahead of time.
/* global NINES_DEMO_POLICY */
const DEFAULT_POLICY = NINES_DEMO_POLICY;
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
// the editor) and, beside the list, the buttons that add, rename and
// remove files.
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
  const kind = FILE_KINDS[section];
  const name = s.files[s.active].name;
  actions.replaceChildren(...[
    el('button', { type: 'button', class: 'file add', title: 'add a file', 'aria-label': `add a ${kind.label} file`, onclick: () => addFile(section) }, '+'),
    el('button', { type: 'button', class: 'file rename', title: `rename ${name}`, 'aria-label': `rename ${name}`, onclick: () => renameFile(section) }, '✎'),
    s.files.length > 1 ? el('button', { type: 'button', class: 'file remove', title: `remove ${name}`, 'aria-label': `remove ${name}`, onclick: () => removeFile(section) }, '−') : null,
  ].filter(Boolean));
}

// What a file of each section with file tabs may be called, and what a new
// one holds.
const FILE_KINDS = {
  go: {
    label: 'Go',
    ask: 'File name (a directory makes a package: lib/lib.go is play/lib)',
    suggest: (n) => `file${n}.go`,
    valid: /^[\w./-]+\.go$/,
    accepted: 'a name ending in .go (letters, digits, _ . / -)',
    content: (name) => `package ${name.includes('/') ? name.split('/').slice(-2, -1)[0] : 'main'}\n`,
  },
  topology: {
    label: 'topology',
    ask: 'File name (ending in .nines.hcl, or .nines.json for HCL\'s JSON syntax)',
    suggest: (n) => `file${n}.nines.hcl`,
    valid: /^[\w./-]+\.nines\.(hcl|json)$/,
    accepted: 'a name ending in .nines.hcl or .nines.json (letters, digits, _ . / -)',
    content: (name) => (name.endsWith('.json') ? '{}\n' : '# components, calls and journeys here are checked with the other files\n'),
  },
};

// askFileName asks for a file name of a section and says in the section's
// status why a name is refused; null when there is none to use.
function askFileName(section, suggestion, except = -1) {
  const kind = FILE_KINDS[section];
  const name = prompt(kind.ask, suggestion);
  if (name === null || name === '' || name === state[section].files[except]?.name) return null;
  if (!kind.valid.test(name)) {
    setStatus(section, `not a file name for this tab: "${name}"; want ${kind.accepted}`, true);
    return null;
  }
  if (state[section].files.some((f, i) => i !== except && f.name === name)) {
    setStatus(section, `there is already a file named ${name}`, true);
    return null;
  }
  return name;
}

function filesChanged(section, active) {
  openFile(section, active);
  edited();
  schedule(section);
}

function addFile(section) {
  const s = state[section];
  const name = askFileName(section, FILE_KINDS[section].suggest(s.files.length + 1));
  if (!name) return;
  const content = FILE_KINDS[section].content(name);
  s.files.push({ name, content });
  editors[section].states.push(EditorState.create({ doc: content, extensions: editors[section].extensions }));
  filesChanged(section, s.files.length - 1);
}

// renameFile renames the open file; its text, undo history and findings
// stay (the next check reports them under the new name).
function renameFile(section) {
  const s = state[section];
  const name = askFileName(section, s.files[s.active].name, s.active);
  if (!name) return;
  s.files[s.active].name = name;
  filesChanged(section, s.active);
}

function removeFile(section) {
  const s = state[section];
  if (s.files.length < 2) return;
  const i = s.active;
  s.files.splice(i, 1);
  editors[section].states.splice(i, 1);
  filesChanged(section, Math.min(i, s.files.length - 1));
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
  lastGo = { res, req };
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

// reveal moves the cursor of a section's editor to d (a file and a range),
// showing the section first: a link in one tab may point into another.
// Without focus (a graph click), the range is selected so it shows.
function reveal(section, d, { focus = true } = {}) {
  const s = state[section];
  const i = s.files.findIndex((f) => f.name === d.file);
  if (i < 0) return;
  if (state.tab !== section) openTab(section);
  if (i !== s.active) openFile(section, i);
  const view = editors[section].view;
  const len = view.state.doc.length;
  const from = Math.min(d.from, len);
  const to = Math.min(Math.max(d.to ?? from, from), len);
  view.dispatch({ selection: focus ? { anchor: from } : { anchor: from, head: to }, scrollIntoView: true });
  if (focus) view.focus();
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
// Two topology workers run the same checks: the light one (topology.wasm,
// no OPA) evaluates the built-in rules and the demo policy prepared at
// build time; the full one (topology-full.wasm, OPA's compiler and
// evaluator) is fetched the first time the Policy tab holds anything else,
// and then serves every check of the visit.
let topoClient = null;
let topoFull = false; // topoClient is the full worker

// policyIsDemo reports whether the light worker can evaluate the Policy
// tab: no policy, or the demo policy unchanged.
function policyIsDemo() {
  const files = state.policy.files;
  return files.length === 0 || files.length === 1 && files[0].name === 'custom.rego' && files[0].content === DEFAULT_POLICY;
}

function startTopologyWorker(full) {
  topoFull = full;
  probe.topologyWorker = full ? 'full' : 'light';
  topoClient = new WorkerClient(config.topologyWorker, full ? config.topologyFullWasm : config.topologyWasm);
  topoClient.ready.then(() => { probe.topologyReadyAt = performance.now(); }, () => {});
}

function ensureTopology() {
  if (topoClient) return topoClient;
  probe.topologyOpenedAt = performance.now();
  startTopologyWorker(!policyIsDemo());
  vizInstance(); // fetch and compile Graphviz while the worker starts
  checkTopology();
  return topoClient;
}

// useFullTopologyIfNeeded replaces the light worker with the full one when
// the policies need OPA's compiler.
function useFullTopologyIfNeeded() {
  if (!topoClient || topoFull || policyIsDemo()) return;
  topoClient.worker.terminate();
  topologyChecked = false;
  startTopologyWorker(true);
}

let topologyChecked = false; // a full check (with the policies) has answered

async function checkTopology() {
  if (!topoClient) return; // started when the Topology or Policy tab opens
  useFullTopologyIfNeeded();
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

// noteItem lists a note (a file that does not load, a policy that does not
// compile); a position in a policy opens the Policy tab's editor.
function noteItem(n) {
  const posn = n.file ? `${n.file}:${n.line}:${n.column}` : '';
  const inPolicy = n.file && n.file.startsWith('policy/');
  const open = (e) => {
    e.preventDefault();
    if (inPolicy) reveal('policy', { ...n, file: n.file.slice('policy/'.length) });
    else reveal('topology', n);
  };
  return el('li', { class: `problem note ${n.severity}`, 'data-kind': n.kind, 'data-posn': posn },
    posn ? el('a', { class: 'posn', href: '#', onclick: open }, posn) : null,
    el('span', { class: 'message' }, n.message), el('span', { class: 'rule' }, n.kind));
}

const plural = (k, word) => `${k} ${word}${k === 1 ? '' : 's'}`;

async function renderTopology(res) {
  topologyResult = res;
  const plist = $('#policy-problems');
  plist.replaceChildren();
  const diags = { topology: [], policy: [] };
  const listNotes = [];
  for (const f of res.findings) {
    if (f.rule.startsWith('custom/')) plist.append(problemItem('topology', f));
    diags.topology.push({ file: f.file, from: f.from, to: f.to, severity: f.severity === 'error' ? 'error' : 'warning', source: f.rule, message: f.message });
  }
  for (const n of res.notes) {
    const isPolicy = n.file && n.file.startsWith('policy/');
    if (isPolicy || n.kind === 'policy') plist.append(noteItem(n));
    else listNotes.push(n);
    if (isPolicy) diags.policy.push({ file: n.file.slice('policy/'.length), from: n.from, to: n.to, severity: 'error', source: n.kind, message: n.message });
    else if (n.file) diags.topology.push({ file: n.file, from: n.from, to: n.to, severity: n.severity, source: n.kind, message: n.message });
  }
  renderFindings(res, listNotes);
  if (res.partial) plist.append(el('li', { class: 'pending' }, 'evaluating the policies…'));
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

  await renderGraph(res);
  const n = res.findings.length;
  if (res.partial) setStatus('topology', 'journeys ready · evaluating the rules…');
  else setStatus('topology', `${plural(n, 'finding')} · ${res.millis.toFixed(0)} ms in the worker`);
}

// ---- topology findings: grouped, filtered by severity and rule ----
// The choices are kept in localStorage, apart from the shared state.
const VIEW_KEY = 'nines-topology-view';
const findingsView = (() => {
  let v = {};
  try { v = JSON.parse(localStorage.getItem(VIEW_KEY) || '{}') || {}; } catch { /* a damaged entry: the defaults */ }
  return {
    group: ['rule', 'component', ''].includes(v.group) ? v.group : 'rule',
    hidden: new Set(Array.isArray(v.hidden) ? v.hidden : []), // severities not shown
    rule: typeof v.rule === 'string' ? v.rule : '',
    collapsed: new Set(), // groups closed by the user, as "group:key"
  };
})();
function saveFindingsView() {
  try {
    localStorage.setItem(VIEW_KEY, JSON.stringify({ group: findingsView.group, hidden: [...findingsView.hidden], rule: findingsView.rule }));
  } catch { /* storage full or disabled */ }
}
let topologyResult = null; // the result shown
let topologyNotes = [];

const SEVERITIES = ['error', 'warning', 'info'];
const severityRank = (s) => (SEVERITIES.includes(s) ? SEVERITIES.indexOf(s) : SEVERITIES.length);

// subjectComponent is the component a finding is about: a call's
// ("from->to") belongs to its caller; a journey's is the journey.
function subjectComponent(res, f) {
  const subject = f.subject || '';
  const arrow = subject.indexOf('->');
  if (arrow > 0) return subject.slice(0, arrow);
  if (res.journeys.some((j) => j.name === subject) && !res.components.some((c) => c.name === subject)) return `journey ${subject}`;
  return subject || '(no subject)';
}

function countBy(items, key) {
  const m = new Map();
  for (const it of items) m.set(key(it), (m.get(key(it)) || 0) + 1);
  return m;
}

function renderFindings(res = topologyResult, notes = topologyNotes) {
  if (!res) return;
  topologyNotes = notes;
  const all = res.findings;
  const v = findingsView;

  // Severity checkboxes: one per severity, kept across renders so that
  // the focus stays on the one in use.
  const box = $('#findings-severity');
  const bySeverity = countBy(all, (f) => f.severity);
  const severities = [...new Set([...SEVERITIES.slice(0, 2), ...bySeverity.keys(), ...v.hidden])].sort((a, b) => severityRank(a) - severityRank(b) || a.localeCompare(b));
  for (const sev of severities) {
    let label = box.querySelector(`label[data-severity="${CSS.escape(sev)}"]`);
    if (!label) {
      const input = el('input', { type: 'checkbox', value: sev });
      input.addEventListener('change', () => {
        if (input.checked) v.hidden.delete(sev); else v.hidden.add(sev);
        saveFindingsView();
        renderFindings();
      });
      label = el('label', { 'data-severity': sev, class: `severity-choice ${sev}` }, input, el('span', {}));
      box.append(label);
    }
    label.querySelector('input').checked = !v.hidden.has(sev);
    label.querySelector('span').textContent = `${sev} (${bySeverity.get(sev) || 0})`;
  }

  // The rule filter: every rule with findings, and the one chosen.
  const select = $('#findings-rule');
  const byRule = countBy(all, (f) => f.rule);
  const rules = [...new Set([...byRule.keys(), ...(v.rule ? [v.rule] : [])])].sort();
  const options = [['', `every rule (${all.length})`], ...rules.map((r) => [r, `${r} (${byRule.get(r) || 0})`])];
  const have = [...select.options].map((o) => o.value);
  if (have.join('\n') !== options.map((o) => o[0]).join('\n')) {
    select.replaceChildren(...options.map(([value]) => el('option', { value })));
  }
  options.forEach(([, text], i) => { select.options[i].textContent = text; });
  select.value = v.rule;
  $('#findings-group').value = v.group;

  const shown = all.filter((f) => !v.hidden.has(f.severity) && (!v.rule || f.rule === v.rule));
  const list = $('#topology-problems');
  list.replaceChildren(...notes.map(noteItem));
  const sorted = (fs) => [...fs].sort((a, b) => severityRank(a.severity) - severityRank(b.severity));
  if (!v.group) {
    list.append(...shown.map((f) => problemItem('topology', f)));
  } else {
    const keyOf = v.group === 'rule' ? (f) => f.rule : (f) => subjectComponent(res, f);
    const groups = new Map();
    for (const f of shown) {
      const k = keyOf(f);
      if (!groups.has(k)) groups.set(k, []);
      groups.get(k).push(f);
    }
    for (const k of [...groups.keys()].sort()) {
      const fs = sorted(groups.get(k));
      const id = `${v.group}:${k}`;
      const worst = fs[0].severity;
      const details = el('details', { open: !v.collapsed.has(id) },
        el('summary', {}, el('span', { class: 'group-name' }, k), ' ', el('span', { class: `count ${worst}` }, plural(fs.length, 'finding'))),
        el('ul', { class: 'problems', 'aria-label': `findings of ${k}` }, fs.map((f) => problemItem('topology', f))));
      details.addEventListener('toggle', () => {
        if (details.open) v.collapsed.delete(id); else v.collapsed.add(id);
      });
      list.append(el('li', { class: 'group', 'data-group': k, 'data-count': String(fs.length) }, details));
    }
  }
  if (res.partial) list.append(el('li', { class: 'pending' }, 'evaluating the rules…'));
  else if (!all.length && !notes.length) list.append(el('li', { class: 'clean' }, 'No findings.'));
  else if (!shown.length && all.length) list.append(el('li', { class: 'clean' }, 'No finding matches the filter.'));
  $('#findings-count').textContent = res.partial ? ''
    : shown.length === all.length ? plural(all.length, 'finding') : `showing ${shown.length} of ${plural(all.length, 'finding')}`;
}

// ---- the dependency graph: zoom, pan, and a click opens the line ----
// The SVG is drawn at one pixel per point (Graphviz's 14 pt labels are 14
// px at 100%) inside a canvas moved and scaled by a CSS transform.
const graph = { scale: 1, x: 0, y: 0, w: 0, h: 0, touched: false, selected: '', drag: null, dragged: false, vw: 0 };
const MIN_SCALE = 0.1;
const MAX_SCALE = 4;
const READABLE_SCALE = 0.75; // the smallest default scale: labels of 10.5 px
const clamp = (x, lo, hi) => Math.min(Math.max(x, lo), hi);

function graphViewport() { return $('#topology-graph'); }

// clampPan keeps the graph in view: centred when it is smaller than the
// view, otherwise with no empty margin beyond its edges.
function clampPan() {
  const vp = graphViewport();
  const vw = vp.clientWidth;
  const vh = vp.clientHeight;
  const w = graph.w * graph.scale;
  const h = graph.h * graph.scale;
  graph.x = w <= vw ? (vw - w) / 2 : clamp(graph.x, vw - w, 0);
  graph.y = h <= vh ? (vh - h) / 2 : clamp(graph.y, vh - h, 0);
}

function applyGraphTransform() {
  const vp = graphViewport();
  clampPan();
  $('.graph-canvas', vp).style.transform = `translate(${graph.x}px, ${graph.y}px) scale(${graph.scale})`;
  vp.dataset.scale = String(graph.scale);
  $('#graph-zoom').textContent = `${Math.round(graph.scale * 100)}%`;
}

// zoomTo sets the scale, keeping the view's point (cx, cy) (its centre
// by default) over the same place of the graph.
function zoomTo(scale, cx, cy) {
  const vp = graphViewport();
  cx ??= vp.clientWidth / 2;
  cy ??= vp.clientHeight / 2;
  const s = clamp(scale, MIN_SCALE, MAX_SCALE);
  graph.x = cx - ((cx - graph.x) * s) / graph.scale;
  graph.y = cy - ((cy - graph.y) * s) / graph.scale;
  graph.scale = s;
  graph.touched = true;
  applyGraphTransform();
}

function fitGraph() {
  const vp = graphViewport();
  if (!graph.w || !vp.clientWidth) return;
  graph.scale = clamp(Math.min(vp.clientWidth / graph.w, vp.clientHeight / graph.h, 2), MIN_SCALE, MAX_SCALE);
  graph.touched = true;
  applyGraphTransform();
}

function actualSize() { zoomTo(1); }

// defaultGraphView shows the graph at 100% when it fits the view and
// otherwise as small as fits, but no smaller than READABLE_SCALE, from its
// left (where the journeys enter); the view is as tall as that needs.
function defaultGraphView() {
  const vp = graphViewport();
  const vw = vp.clientWidth;
  if (!graph.w || !vw) return; // hidden: the ResizeObserver comes back
  const maxH = Math.max(160, window.innerHeight * 0.6);
  const s = clamp(Math.min(1, vw / graph.w, maxH / graph.h), Math.min(1, READABLE_SCALE), 1);
  vp.style.height = `${Math.round(clamp(graph.h * s + 2, 120, maxH))}px`;
  graph.scale = s;
  graph.x = 0;
  graph.y = 0;
  applyGraphTransform();
}

// graphTarget returns what a node or an edge of the graph stands for.
function graphTarget(res, kind, key) {
  if (kind === 'component') {
    const c = res.components.find((x) => x.name === key);
    return c && { kind, key, place: c, component: c };
  }
  if (kind === 'journey') {
    const j = res.journeys.find((x) => x.name === key);
    return j && { kind, key, place: { file: j.file, line: j.line, column: j.column, from: j.from ?? rangeStart(j) }, journey: j };
  }
  if (kind === 'call') {
    const arrow = key.indexOf('->');
    const from = key.slice(0, arrow);
    const to = key.slice(arrow + 2);
    const c = res.calls.find((x) => x.caller === from && x.callee === to) || res.calls.find((x) => x.caller === from && x.fallback === to);
    return c && { kind, key, place: c, call: c };
  }
  return null;
}

// rangeStart finds the offset of a line and column in the topology files
// (journeys carry a line and column only).
function rangeStart(p) {
  const f = state.topology.files.find((x) => x.name === p.file);
  if (!f) return 0;
  const lines = f.content.split('\n');
  let off = 0;
  for (let i = 0; i < p.line - 1 && i < lines.length; i++) off += lines[i].length + 1;
  return off + Math.max(0, p.column - 1);
}

// decorateGraph marks the SVG's nodes and edges with what they stand for
// and makes the nodes reachable by Tab.
function decorateGraph(svg, res) {
  const findingsOf = (subject) => res.findings.filter((f) => f.subject === subject).length;
  for (const g of svg.querySelectorAll('g.node')) {
    const name = g.querySelector('title')?.textContent || '';
    let kind = '';
    let key = name;
    if (res.components.some((c) => c.name === name)) kind = 'component';
    else if (name.startsWith('journey ') && res.journeys.some((j) => j.name === name.slice(8))) { kind = 'journey'; key = name.slice(8); }
    if (!kind) continue;
    g.dataset.kind = kind;
    g.dataset.key = key;
    g.setAttribute('tabindex', '0');
    g.setAttribute('role', 'button');
    // The name starts with the node's visible text, as one reads it.
    const shown = [...g.querySelectorAll('text')].map((t) => t.textContent).join(' ');
    g.setAttribute('aria-label', `${kind === 'journey' ? 'journey ' : ''}${shown}, ${plural(findingsOf(key), 'finding')}`);
  }
  for (const g of svg.querySelectorAll('g.edge')) {
    const title = g.querySelector('title')?.textContent || '';
    const arrow = title.indexOf('->');
    if (arrow < 0) continue;
    const from = title.slice(0, arrow);
    if (from.startsWith('journey ')) { g.dataset.kind = 'journey'; g.dataset.key = from.slice(8); } else { g.dataset.kind = 'call'; g.dataset.key = title; }
    // A wider, invisible copy of the edge's line is easier to hit.
    const path = g.querySelector('path');
    if (path) {
      const hit = path.cloneNode();
      hit.setAttribute('class', 'hit');
      hit.setAttribute('stroke', 'transparent');
      hit.setAttribute('stroke-width', '10');
      hit.setAttribute('fill', 'none');
      path.after(hit);
    }
  }
}

async function renderGraph(res) {
  const vp = graphViewport();
  const canvas = $('.graph-canvas', vp);
  if (!res.dot) {
    canvas.replaceChildren();
    graph.w = graph.h = 0;
    renderDetail(res);
    return;
  }
  let svg;
  try {
    const viz = await vizInstance();
    svg = viz.renderSVGElement(res.dot);
  } catch (err) {
    canvas.replaceChildren(el('p', { class: 'error' }, `could not draw the graph: ${err.message || err}`));
    return;
  }
  if (res !== topologyResult) return; // a newer result is being drawn
  const vb = svg.viewBox.baseVal;
  const w = vb && vb.width ? vb.width : parseFloat(svg.getAttribute('width'));
  const h = vb && vb.height ? vb.height : parseFloat(svg.getAttribute('height'));
  svg.setAttribute('width', String(w));
  svg.setAttribute('height', String(h));
  svg.setAttribute('role', 'group');
  svg.setAttribute('aria-label', 'dependency graph: single points of failure are filled red');
  decorateGraph(svg, res);
  canvas.replaceChildren(svg);
  const resized = w !== graph.w || h !== graph.h;
  graph.w = w;
  graph.h = h;
  if (!graph.touched && (resized || !graph.vw)) defaultGraphView();
  else applyGraphTransform();
  markSelected();
  renderDetail(res);
}

function markSelected() {
  for (const g of graphViewport().querySelectorAll('g[data-kind]')) {
    g.classList.toggle('selected', graph.selected === `${g.dataset.kind}:${g.dataset.key}`);
  }
}

// chooseGraphItem opens the line of a node or an edge in the Topology
// editor and shows what is known of it beside the graph.
function chooseGraphItem(g) {
  const res = topologyResult;
  if (!res) return;
  const t = graphTarget(res, g.dataset.kind, g.dataset.key);
  if (!t) return;
  graph.selected = `${t.kind}:${t.key}`;
  markSelected();
  renderDetail(res);
  reveal('topology', t.place, { focus: false });
}

// renderDetail shows the chosen component, call or journey: where it is
// declared, its availability and its findings.
function renderDetail(res) {
  const box = $('#topology-detail');
  const sep = graph.selected.indexOf(':');
  const t = graph.selected && graphTarget(res, graph.selected.slice(0, sep), graph.selected.slice(sep + 1));
  if (!t) { box.hidden = true; box.replaceChildren(); return; }
  const link = (p) => el('a', { class: 'posn', href: '#', onclick: (e) => { e.preventDefault(); reveal('topology', p); } }, `${p.file}:${p.line}:${p.column}`);
  const close = el('button', { type: 'button', class: 'close', 'aria-label': 'close the details', title: 'close', onclick: () => { graph.selected = ''; markSelected(); renderDetail(res); } }, '×');
  const parts = [];
  let findings;
  if (t.kind === 'component') {
    const c = t.component;
    parts.push(el('h3', {}, c.name, ' ', el('span', { class: 'kind' }, c.kind)), close,
      el('p', {}, `${plural(c.instances, 'instance')}${c.zones.length ? ` in ${c.zones.join(', ')}` : ''} · own availability ${c.availability_text} (without what it calls) · `, link(c)));
    const journeys = res.journeys.filter((j) => (j.components || []).includes(c.name));
    if (journeys.length) {
      parts.push(el('p', {}, 'On ', ...journeys.flatMap((j, i) => {
        const share = (j.contributors || []).find((x) => x.component === c.name);
        return [i ? '; ' : '', el('strong', {}, j.name), ` (${pct(j.availability)}${share ? `, ${(share.share * 100).toFixed(0)}% of its downtime` : ''})`];
      }), '.'));
    }
    const calls = res.calls.filter((x) => x.caller === c.name);
    if (calls.length) parts.push(el('p', {}, 'Calls ', ...calls.flatMap((x, i) => [i ? ', ' : '', el('a', { href: '#', onclick: (e) => { e.preventDefault(); reveal('topology', x); } }, x.callee)]), '.'));
    findings = res.findings.filter((f) => f.subject === c.name || (f.subject || '').startsWith(`${c.name}->`));
  } else if (t.kind === 'call') {
    const x = t.call;
    parts.push(el('h3', {}, `${x.caller} → ${x.callee}`), close,
      el('p', {}, `${x.required ? 'required' : 'optional'} call${x.fallback ? `, falls back to ${x.fallback}` : ''} · `, link(x)));
    findings = res.findings.filter((f) => f.subject === `${x.caller}->${x.callee}`);
  } else {
    const j = t.journey;
    parts.push(el('h3', {}, `journey ${j.name}`), close,
      el('p', {}, `availability ${pct(j.availability)}, SLO ${pct(j.slo)}: ${j.meets_slo ? 'met' : 'missed'} · enters at ${j.entry} · `, link(t.place)));
    findings = res.findings.filter((f) => f.subject === j.name);
  }
  parts.push(res.partial ? el('p', { class: 'hint' }, 'evaluating the rules…')
    : findings.length ? el('ul', { class: 'problems', 'aria-label': `findings of ${t.key.replace('->', ' → ')}` }, findings.map((f) => problemItem('topology', f)))
      : el('p', { class: 'hint' }, 'No findings.'));
  box.replaceChildren(...parts);
  box.hidden = false;
}

function setupGraph() {
  const vp = graphViewport();
  $('#graph-zoom-in').addEventListener('click', () => zoomTo(graph.scale * 1.25));
  $('#graph-zoom-out').addEventListener('click', () => zoomTo(graph.scale / 1.25));
  $('#graph-fit').addEventListener('click', fitGraph);
  $('#graph-actual').addEventListener('click', actualSize);
  vp.addEventListener('wheel', (e) => {
    if (!graph.w) return;
    e.preventDefault();
    const r = vp.getBoundingClientRect();
    const step = e.deltaMode === 1 ? e.deltaY * 16 : e.deltaY;
    zoomTo(graph.scale * Math.exp(-step * 0.002), e.clientX - r.left, e.clientY - r.top);
  }, { passive: false });
  // Dragging moves the graph; a press that does not move is a click.
  vp.addEventListener('pointerdown', (e) => {
    if (e.button !== 0) return;
    graph.drag = { id: e.pointerId, sx: e.clientX, sy: e.clientY, x: graph.x, y: graph.y, moved: false };
  });
  vp.addEventListener('pointermove', (e) => {
    const d = graph.drag;
    if (!d || d.id !== e.pointerId) return;
    const dx = e.clientX - d.sx;
    const dy = e.clientY - d.sy;
    if (!d.moved && Math.hypot(dx, dy) < 4) return;
    if (!d.moved) { d.moved = true; vp.setPointerCapture(e.pointerId); vp.classList.add('dragging'); }
    graph.x = d.x + dx;
    graph.y = d.y + dy;
    graph.touched = true;
    applyGraphTransform();
  });
  const endDrag = (e) => {
    if (!graph.drag || graph.drag.id !== e.pointerId) return;
    graph.dragged = graph.drag.moved;
    graph.drag = null;
    vp.classList.remove('dragging');
  };
  vp.addEventListener('pointerup', endDrag);
  vp.addEventListener('pointercancel', endDrag);
  vp.addEventListener('click', (e) => {
    if (graph.dragged) { graph.dragged = false; return; }
    const g = e.target.closest('g[data-kind]');
    if (g) chooseGraphItem(g);
  });
  const PAN = 60;
  const keys = {
    '+': () => zoomTo(graph.scale * 1.25), '=': () => zoomTo(graph.scale * 1.25),
    '-': () => zoomTo(graph.scale / 1.25), '_': () => zoomTo(graph.scale / 1.25),
    0: actualSize, f: fitGraph, F: fitGraph,
    ArrowLeft: () => pan(PAN, 0), ArrowRight: () => pan(-PAN, 0), ArrowUp: () => pan(0, PAN), ArrowDown: () => pan(0, -PAN),
  };
  const pan = (dx, dy) => { graph.x += dx; graph.y += dy; graph.touched = true; applyGraphTransform(); };
  vp.addEventListener('keydown', (e) => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const g = e.target.closest && e.target.closest('g[data-kind]');
    if (g && (e.key === 'Enter' || e.key === ' ')) { e.preventDefault(); chooseGraphItem(g); return; }
    const act = keys[e.key];
    if (!act || !graph.w) return;
    e.preventDefault();
    act();
  });
  // Focus moved to a node out of view scrolls the view: turn that into
  // a move of the graph, which the transform alone places.
  vp.addEventListener('scroll', () => {
    if (!vp.scrollLeft && !vp.scrollTop) return;
    graph.x -= vp.scrollLeft;
    graph.y -= vp.scrollTop;
    vp.scrollLeft = 0;
    vp.scrollTop = 0;
    applyGraphTransform();
  });
  new ResizeObserver(() => {
    const vw = vp.clientWidth;
    if (vw === graph.vw) return;
    const first = !graph.vw;
    graph.vw = vw;
    if (!graph.touched || first) defaultGraphView();
    else applyGraphTransform();
  }).observe(vp);

  $('#findings-group').addEventListener('change', (e) => { findingsView.group = e.target.value; saveFindingsView(); renderFindings(); });
  $('#findings-rule').addEventListener('change', (e) => { findingsView.rule = e.target.value; saveFindingsView(); renderFindings(); });
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

// ---- output views: the findings as the command line prints them ----
//
// The topology worker prints them (internal/playground/output, through the
// CLI's internal/report), for the Go tab too: linked into the Go worker,
// the report code would weigh on the first visit (site/README.md).
let lastGo = null; // {res, req} of the Go tab's last analysis
const FORMAT_NAMES = { text: 'text', json: 'JSON', sarif: 'SARIF' };
const INSTALL = 'git clone https://github.com/nines-dev/nines && make -C nines install';

async function outputs(section) {
  ensureTopology();
  if (section === 'go') {
    if (!lastGo) throw new Error('the Go tab has not been analysed yet');
    await topoClient.ready;
    const docs = new Map((goInfo ? goInfo.analyzers : []).map((a) => [a.name, a]));
    const analyzers = (lastGo.res.analyzers || []).map((name) => ({ name, doc: docs.get(name)?.doc || '', url: docs.get(name)?.url || '' }));
    return (await topoClient.call('goOutput', { files: lastGo.req.files, diagnostics: lastGo.res.diagnostics, suppressed: lastGo.res.suppressed || [], analyzers })).result;
  }
  useFullTopologyIfNeeded();
  await topoClient.ready;
  const req = { files: state.topology.files, policies: state.policy.files, config: state.config.topology };
  return (await topoClient.call('output', req)).result;
}

async function copyOutput(section, format) {
  const status = $(`#${section}-output-status`);
  const area = $(`#${section}-copied`);
  status.textContent = `printing the findings as ${FORMAT_NAMES[format]}…`;
  let text;
  try {
    text = (await outputs(section))[format];
  } catch (err) {
    status.textContent = `could not print the findings: ${err.message}`;
    return;
  }
  probe.copied = { section, format, text };
  try {
    await navigator.clipboard.writeText(text);
    area.hidden = true;
    status.textContent = `copied as ${FORMAT_NAMES[format]} (${text.length} characters)`;
  } catch {
    area.value = text;
    area.hidden = false;
    area.select();
    status.textContent = `no clipboard access: the ${FORMAT_NAMES[format]} output is selected below`;
  }
}

// shellWord quotes a word for a POSIX shell when it needs it.
const shellWord = (w) => (/^[\w@%+=:,./-]+$/.test(w) ? w : `'${w.replace(/'/g, "'\\''")}'`);

// cliCommands returns the commands that reproduce a tab's findings with
// the CLI, with the options set in the Config tab, and what to run them on.
function cliCommands(section) {
  if (section === 'go') {
    const flags = [];
    for (const name of [...state.config.disabled].sort()) flags.push(`-${name}=false`);
    for (const [a, fl] of Object.entries(state.config.flags).sort()) {
      for (const [f, v] of Object.entries(fl).sort()) flags.push(shellWord(`-${a}.${f}=${v}`));
    }
    const names = state.go.files.map((f) => f.name).join(', ');
    return {
      help: `Install nines (no release yet: from a clone), save the Go tab's files (${names}) in an empty directory, make it module play and run nines vet there; add -json or -format sarif for the other formats.`,
      commands: [INSTALL, 'go mod init play && go mod tidy', ['nines vet', ...flags, './...'].join(' ')],
    };
  }
  const args = [];
  if (state.policy.files.length) args.push('-policy policy');
  for (const [k, v] of Object.entries(state.config.topology).sort()) {
    if (DEFAULT_TOPOLOGY_CONFIG[k] !== v) args.push('-set', shellWord(`${k}=${v}`));
  }
  const names = state.topology.files.map((f) => f.name).join(', ');
  const policies = state.policy.files.length ? ` and the Policy tab's (${state.policy.files.map((f) => f.name).join(', ')}) in its folder policy` : '';
  return {
    help: `Install nines (no release yet: from a clone), save the Topology tab's files (${names}) in an empty directory${policies}, and run nines topo there; add -format json or -format sarif for the other formats.`,
    commands: [INSTALL, ['nines topo', ...args, '.'].join(' ')],
  };
}

function renderCli(section) {
  const { help, commands } = cliCommands(section);
  $(`#${section}-cli-help`).textContent = help;
  $(`#${section}-cli-commands`).textContent = commands.join('\n');
}

function setupOutputs() {
  for (const group of document.querySelectorAll('.output')) {
    const section = group.dataset.section;
    for (const b of group.querySelectorAll('[data-format]')) b.addEventListener('click', () => copyOutput(section, b.dataset.format));
    const toggle = $('.cli-toggle', group);
    const panel = $(`#${section}-cli`);
    toggle.addEventListener('click', () => {
      const open = panel.hidden;
      if (open) renderCli(section);
      panel.hidden = !open;
      toggle.setAttribute('aria-expanded', String(open));
    });
    $('.cli-copy', panel).addEventListener('click', async () => {
      renderCli(section);
      const text = $(`#${section}-cli-commands`).textContent;
      probe.copied = { section, format: 'cli', text };
      const status = $(`#${section}-output-status`);
      try { await navigator.clipboard.writeText(text); status.textContent = 'commands copied'; } catch { status.textContent = 'no clipboard access: select the commands above'; }
    });
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
  setupGraph();
  setupOutputs();

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

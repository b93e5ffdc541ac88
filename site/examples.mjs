// Collects the playground's examples from the repository: the welcome example
// (internal/playground/testdata/welcome.go), one Go example per analyzer
// (analyzers/<name>/testdata/example.go, or a directory testdata/example/
// for an example of several files), one topology example
// per rule (rules/<category>/<rule>/example_bad.nines.hcl) and the topology
// scenarios of testdata/topology.
import fs from 'node:fs';
import path from 'node:path';

function walk(dir) {
  if (!fs.existsSync(dir)) return [];
  const out = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...walk(p));
    else out.push(p);
  }
  return out.sort();
}

function titleOf(content, fallback) {
  const m = /^\s*(?:\/\/|#)\s*Example:\s*(.+)$/m.exec(content);
  return m ? m[1].trim() : fallback;
}

export function collectExamples(repo) {
  const examples = [];
  const goExample = (name, p) => {
    let files;
    if (fs.existsSync(p + '.go')) {
      files = [{ name: 'main.go', content: fs.readFileSync(p + '.go', 'utf8') }];
    } else if (fs.existsSync(p)) {
      files = walk(p).filter((f) => f.endsWith('.go')).map((f) => ({ name: path.relative(p, f).split(path.sep).join('/'), content: fs.readFileSync(f, 'utf8') }));
    } else return;
    const main = files.find((f) => f.name === 'main.go') || files[0];
    examples.push({ id: name, kind: 'go', rule: name === 'welcome' ? '' : name, title: titleOf(main.content, name), files });
  };
  goExample('welcome', path.join(repo, 'internal', 'playground', 'testdata', 'welcome'));
  const analyzersDir = path.join(repo, 'analyzers');
  for (const e of fs.readdirSync(analyzersDir, { withFileTypes: true })) {
    if (e.isDirectory()) goExample(e.name, path.join(analyzersDir, e.name, 'testdata', 'example'));
  }

  const rulesDir = path.join(repo, 'rules');
  for (const f of walk(rulesDir)) {
    if (path.basename(f) !== 'example_bad.nines.hcl') continue;
    const content = fs.readFileSync(f, 'utf8');
    if (!content.trim()) continue; // the rule's author has not written it yet
    const rel = path.relative(rulesDir, path.dirname(f)).split(path.sep).join('/');
    examples.push({ id: rel, kind: 'topology', rule: rel, title: titleOf(content, rel), files: [{ name: `${path.basename(rel)}.nines.hcl`, content }] });
  }

  const scenarios = path.join(repo, 'testdata', 'topology');
  for (const e of fs.existsSync(scenarios) ? fs.readdirSync(scenarios, { withFileTypes: true }) : []) {
    if (!e.isDirectory() || e.name === 'invalid' || e.name === 'golden') continue;
    const dir = path.join(scenarios, e.name);
    const files = walk(dir).filter((f) => /\.nines\.(hcl|json)$/.test(f))
      .map((f) => ({ name: path.relative(dir, f).split(path.sep).join('/'), content: fs.readFileSync(f, 'utf8') }));
    if (files.length === 0) continue;
    examples.push({ id: `scenario/${e.name}`, kind: 'topology', rule: '', title: `scenario: ${e.name}`, files });
  }

  examples.sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'go' ? -1 : 1) || (a.id === 'welcome' ? -1 : b.id === 'welcome' ? 1 : a.id.localeCompare(b.id)));
  return examples;
}
